import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { attestImageBundle, signImageBundles } from '@sigil/bundles';
import { SigningKey } from '@sigil/keys';
import { NodeHttpTransport, RegistryClient, parseReference, type RepositoryRef } from '@sigil/oci';
import { signImage } from '@sigil/signatures';
import { pushTestImage, startRegistry, type StartedRegistry } from '@sigil/testing';
import { generateKeyPairSync } from 'node:crypto';
import { runGate, type GateResult } from '../src/index.js';
import { bytes, spdxDocument } from './support/predicates.js';

/**
 * The order in which the gate reads evidence: cosign's legacy tags first, until the first images of a
 * registry showed none and passed on Sigstore bundles; then bundles first, and the tags only when the bundles
 * do not pass. Counted at the transport: which requests each run sent.
 */
const key = new SigningKey(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey);
let registry: StartedRegistry;
let writer: RegistryClient;

beforeAll(async () => {
  registry = await startRegistry();
  writer = new RegistryClient({ timeoutMs: 60_000, referrersIndexUpdate: { settleMs: 300, staleMs: 100 } });
});

afterAll(async () => {
  writer?.close();
  await registry?.stop();
});

interface Image {
  readonly repo: RepositoryRef;
  readonly digest: string;
  readonly ref: string;
}

async function image(repository: string): Promise<Image> {
  const repo = { registry: registry.host, repository };
  const { digest } = await pushTestImage(writer, repo);
  return { repo, digest, ref: `${repo.registry}/${repository}@${digest}` };
}

async function bundled(repository: string): Promise<Image> {
  const target = await image(repository);
  await signImageBundles(writer, { image: target.ref, ...target }, key);
  await attestImageBundle(writer, { image: target.ref, ...target }, key, {
    predicateType: 'https://spdx.dev/Document',
    predicate: bytes(spdxDocument(repository)),
  });
  return target;
}

/** Runs the gate one image at a time, counting the legacy tag reads (`…/manifests/sha256-<hex>.sig|.att`). */
async function gate(images: readonly Image[]): Promise<{ result: GateResult; legacyReads: string[] }> {
  const transport = new NodeHttpTransport({ concurrency: 8 });
  const legacyReads: string[] = [];
  const client = new RegistryClient({
    timeoutMs: 60_000,
    http: (request) => {
      const tag = /\/manifests\/sha256-([0-9a-f]{64})\.(sig|att)$/.exec(request.url.pathname);
      if (tag !== null) legacyReads.push(`${tag[1]?.slice(0, 8)}.${tag[2]}`);
      return transport.send(request);
    },
  });
  try {
    const result = await runGate(
      client,
      images.map((target) => ({ image: target.ref, reference: parseReference(target.ref) })),
      {
        signature: { trustedKeys: [key.publicKey] },
        requirements: [{ kind: 'signature' }, { kind: 'sbom' }],
        platforms: 'index',
        mode: 'enforce',
        concurrency: 1,
      },
    );
    return { result, legacyReads };
  } finally {
    client.close();
    transport.close();
  }
}

const short = (target: Image) => target.digest.slice('sha256:'.length, 'sha256:'.length + 8);

describe('evidence order', () => {
  it('bundle-only images: the first three read the legacy tags, the rest do not; every image passes on bundles', async () => {
    const images = await Promise.all([0, 1, 2, 3, 4, 5].map((n) => bundled(`order/bundles-${n}`)));
    const { result, legacyReads } = await gate(images);
    expect(result.verified).toBe(true);
    expect(legacyReads.sort()).toEqual(
      images
        .slice(0, 3)
        .flatMap((target) => [`${short(target)}.att`, `${short(target)}.sig`])
        .sort(),
    );
    for (const verdict of result.images) {
      for (const check of verdict.checks.filter(({ check: name }) => name !== 'tag')) {
        expect(check).toMatchObject({ passed: true, source: 'referrers-tag' });
      }
    }
  });

  it('once bundles come first, an image they do not pass is still judged on its legacy tags', async () => {
    const images = await Promise.all([0, 1, 2].map((n) => bundled(`order/learn-${n}`)));
    const legacyOnly = await image('order/legacy-only');
    await signImage(writer, { image: legacyOnly.ref, ...legacyOnly }, key);
    const { result, legacyReads } = await gate([...images, legacyOnly]);
    // The legacy image passes its signature from the .sig tag and fails sbom (it has none): the tags were read.
    expect(result.images[3]?.checks.map(({ check, passed, reason }) => [check, passed, reason])).toEqual([
      ['signature', true, undefined],
      ['sbom', false, 'NO_ATTESTATIONS'],
    ]);
    expect(legacyReads).toContain(`${short(legacyOnly)}.sig`);
    expect(legacyReads).toContain(`${short(legacyOnly)}.att`);
  });

  it('a registry that shows legacy evidence keeps the legacy tags first for the rest of the run', async () => {
    const legacy = await bundled('order/mixed-0');
    await signImage(writer, { image: legacy.ref, ...legacy }, key);
    const images = [legacy, ...(await Promise.all([1, 2, 3, 4, 5].map((n) => bundled(`order/mixed-${n}`))))];
    const { result, legacyReads } = await gate(images);
    expect(result.verified).toBe(true);
    expect(new Set(legacyReads.filter((read) => read.endsWith('.sig')))).toEqual(
      new Set(images.map((target) => `${short(target)}.sig`)),
    );
  });
});
