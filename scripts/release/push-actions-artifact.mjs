// Pushes the released actions (every committed actions/** and dist/** file) as one OCI artifact, a layer per
// file titled with its path (`org.opencontainers.image.title`), so that the release can be signed and attested
// with sigil like any image. Deterministic: the same commit gives the same manifest digest.
// Usage: node scripts/release/push-actions-artifact.mjs --repository REGISTRY/REPO --tag vX.Y.Z
//   Credentials: REGISTRY_USERNAME (default GITHUB_ACTOR) and REGISTRY_PASSWORD. Prints `image=REGISTRY/REPO@sha256:…`.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { RegistryClient, parseReference } from '../../packages/oci/lib/index.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const ARTIFACT_TYPE = 'application/vnd.sigil.actions.v1';
const LAYER_TYPE = 'application/octet-stream';
const EMPTY_CONFIG = {
  mediaType: 'application/vnd.oci.empty.v1+json',
  bytes: new TextEncoder().encode('{}'),
};

/** The committed files of the actions and their bundles, in path order. */
export function releasedFiles(base = root) {
  return execFileSync('git', ['ls-files', '-z', '--', 'actions', 'dist'], { cwd: base, encoding: 'utf8' })
    .split('\0')
    .filter((file) => file !== '' && !file.includes('/test/') && !file.includes('/src/'))
    .sort();
}

export async function pushActionsArtifact({ repository, tag, client, base = root, created }) {
  const reference = parseReference(`${repository}:${tag}`);
  const repo = { registry: reference.registry, repository: reference.repository };
  const layers = [];
  for (const file of releasedFiles(base)) {
    const bytes = readFileSync(path.join(base, file));
    const { digest, size } = await client.putBlob(repo, bytes);
    layers.push({
      mediaType: LAYER_TYPE,
      digest,
      size,
      annotations: { 'org.opencontainers.image.title': file },
    });
  }
  const config = await client.putBlob(repo, EMPTY_CONFIG.bytes);
  const manifest = {
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    artifactType: ARTIFACT_TYPE,
    config: { mediaType: EMPTY_CONFIG.mediaType, digest: config.digest, size: config.size },
    layers,
    annotations: {
      'org.opencontainers.image.version': tag,
      ...(created === undefined ? {} : { 'org.opencontainers.image.created': created }),
    },
  };
  const bytes = new TextEncoder().encode(JSON.stringify(manifest));
  const digest = await client.putManifest(repo, tag, bytes, manifest.mediaType);
  return { image: `${repo.registry}/${repo.repository}@${digest}`, digest, files: layers.length };
}

async function main(argv) {
  const options = {};
  for (let index = 0; index < argv.length; index++) {
    const flag = argv[index];
    if (flag === '--repository' || flag === '--tag') options[flag.slice(2)] = argv[++index];
    else throw new Error(`unknown argument ${flag}`);
  }
  if (!options.repository || !/^v\d+\.\d+\.\d+$/.test(options.tag ?? ''))
    throw new Error('usage: push-actions-artifact.mjs --repository REGISTRY/REPO --tag vX.Y.Z');
  const password = process.env.REGISTRY_PASSWORD ?? '';
  const username = process.env.REGISTRY_USERNAME ?? process.env.GITHUB_ACTOR ?? '';
  const credentials = async () =>
    password === '' ? undefined : { kind: 'basic', username, password, source: 'REGISTRY_PASSWORD' };
  const client = new RegistryClient({ credentials, timeoutMs: 300_000 });
  try {
    const pushed = await pushActionsArtifact({ ...options, client, created: process.env.SOURCE_DATE });
    process.stdout.write(`image=${pushed.image}\n`);
    process.stderr.write(`pushed ${pushed.files} files as ${pushed.image}\n`);
  } finally {
    client.close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main(process.argv.slice(2));
