import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createCredentialSource, RegistryClient } from '@sigil/oci';
import type { DistActionRun } from '@sigil/testing';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pushFileImage, pushFileIndex } from '../../packages/sbom/test/support/file-image.js';
import { alpineFiles } from '../../packages/sbom/test/support/image-files.js';
import { syftBinary } from '../../packages/sbom/test/support/syft-binary.js';
import { runCosign, type CosignMajor } from '../support/cosign-cli.js';
import { cleanupRuns, requireBundle, runBundle } from './bundle.js';
import { capturedTexts, errorAnnotations, findSecrets, stackTraceLines } from './captured-output.js';
import { pinned, startE2eRegistry, type E2eRegistry } from './e2e-registry.js';
import { createKeyMaterial, type KeyMaterial } from './key-material.js';

/**
 * attest-sbom as a workflow runs it: the committed dist/ bundle with syft on PATH (as after a
 * download-syft step), against a real registry; what it writes is checked by the real cosign CLIs.
 */
let registry: E2eRegistry;
let client: RegistryClient;
let work: string;
let key: KeyMaterial;
const fixtures = new URL('../../packages/sbom/test/fixtures/', import.meta.url).pathname;
const SYSTEM_PATH = '/usr/local/bin:/usr/bin:/bin';
const WITH_SYFT = `${dirname(syftBinary())}:${SYSTEM_PATH}`;

beforeAll(async () => {
  requireBundle('attest-sbom');
  work = mkdtempSync(join(tmpdir(), 'sigil-e2e-sbom-'));
  [registry, key] = await Promise.all([startE2eRegistry(), createKeyMaterial(work)]);
  client = new RegistryClient({ timeoutMs: 60_000 });
});

afterAll(async () => {
  await cleanupRuns();
  client?.close();
  await registry?.stop();
  if (work !== undefined) rmSync(work, { recursive: true, force: true });
});

function attest(inputs: Record<string, string>, options: { path?: string; cwd?: string } = {}) {
  return runBundle('attest-sbom', {
    inputs: { key: 'env://COSIGN_KEY', ...inputs },
    env: { COSIGN_KEY: key.privateKeyPem, COSIGN_PASSWORD: key.password, PATH: options.path ?? WITH_SYFT },
    ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
  });
}

function succeeded(run: DistActionRun): void {
  expect({ exitCode: run.exitCode, errors: errorAnnotations(run), stackTrace: stackTraceLines(run) }).toEqual(
    {
      exitCode: 0,
      errors: [],
      stackTrace: [],
    },
  );
}

interface AttestationOutput {
  image: string;
  digest: string;
  platform?: string;
  predicateType: string;
  ref: string;
  sbomPath: string;
  sbomDigest: string;
}

function verifyAttestation(major: CosignMajor, image: string, type: string) {
  return runCosign(major, [
    'verify-attestation',
    '--key',
    key.publicKeyPath,
    '--type',
    type,
    '--insecure-ignore-tlog',
    '--allow-http-registry',
    image,
  ]);
}

/** The predicates of the statements `cosign verify-attestation` printed (one DSSE envelope per line). */
function predicates(stdout: string): unknown[] {
  return stdout
    .split('\n')
    .filter((line) => line.trim().startsWith('{'))
    .map((line) =>
      JSON.parse(Buffer.from((JSON.parse(line) as { payload: string }).payload, 'base64').toString('utf8')),
    )
    .map((statement: { predicate: unknown }) => statement.predicate);
}

describe('attest-sbom (dist)', () => {
  it('scans each platform of an index with syft and attests its SPDX SBOM there; cosign v3 and v2 verify --type spdxjson', async () => {
    const repo = registry.uniqueRepo('sbom-index');
    const index = await pushFileIndex(client, repo, [
      { platform: { os: 'linux', architecture: 'amd64' }, files: alpineFiles('x86_64') },
      { platform: { os: 'linux', architecture: 'arm64' }, files: alpineFiles('aarch64') },
    ]);
    const run = await attest({ images: pinned(repo, index.digest) });
    succeeded(run);

    const attestations = JSON.parse(run.outputs.attestations ?? 'null') as AttestationOutput[];
    expect(attestations.map((a) => [a.digest, a.platform, a.predicateType])).toEqual([
      [index.images[0]?.digest, 'linux/amd64', 'https://spdx.dev/Document'],
      [index.images[1]?.digest, 'linux/arm64', 'https://spdx.dev/Document'],
    ]);
    const folder = run.outputs['sbom-path'] ?? '';
    expect(folder.startsWith(run.runnerTemp)).toBe(true);
    expect(readdirSync(folder)).toHaveLength(2);
    expect(run.outputs['sbom-digest']?.split('\n')).toEqual(attestations.map((a) => a.sbomDigest));

    for (const [attestation, arch] of [
      [attestations[0], 'x86_64'],
      [attestations[1], 'aarch64'],
    ] as const) {
      for (const major of ['v3', 'v2'] as const) {
        const verified = await verifyAttestation(major, pinned(repo, attestation?.digest ?? ''), 'spdxjson');
        expect({ major, code: verified.code }).toEqual({ major, code: 0 });
        const [predicate] = predicates(verified.stdout);
        expect(predicate).toEqual(JSON.parse(readFileSync(attestation?.sbomPath ?? '', 'utf8')));
        expect(JSON.stringify(predicate)).toContain(`arch=${arch}`);
      }
    }
    // No single platform's SBOM was put on the index: cosign finds no attestation there at all.
    for (const major of ['v3', 'v2'] as const) {
      const onIndex = await verifyAttestation(major, pinned(repo, index.digest), 'spdxjson');
      expect({ major, code: onIndex.code, stderr: onIndex.stderr }).toEqual({
        major,
        code: 1,
        stderr: expect.stringMatching(/^Error: no matching attestations: $/m),
      });
    }
    expect(run.summary).toContain('is a multi-platform index: each of its 2 platforms got its own SBOM');
    expect(run.summary).toContain('SPDX 2.3');
  });

  it('attests a given CycloneDX file from the workspace; cosign verifies it as cyclonedx, not as spdxjson', async () => {
    const repo = registry.uniqueRepo('sbom-given');
    const image = await registry.pushImage(repo);
    const workspace = mkdtempSync(join(work, 'workspace-'));
    copyFileSync(join(fixtures, 'cyclonedx-1.5.json'), join(workspace, 'bom.json'));
    const run = await attest(
      { images: pinned(repo, image.digest), sbom: 'bom.json' },
      { path: SYSTEM_PATH.replace('/usr/local/bin:', ''), cwd: workspace },
    );
    succeeded(run);
    expect(run.outputs['sbom-path']).toBe(join(workspace, 'bom.json'));
    const verified = await verifyAttestation('v3', pinned(repo, image.digest), 'cyclonedx');
    expect(verified.code).toBe(0);
    expect(predicates(verified.stdout)).toEqual([
      JSON.parse(readFileSync(join(workspace, 'bom.json'), 'utf8')),
    ]);
    for (const major of ['v3', 'v2'] as const) {
      const asSpdx = await verifyAttestation(major, pinned(repo, image.digest), 'spdxjson');
      expect({ major, code: asSpdx.code, stderr: asSpdx.stderr }).toEqual({
        major,
        code: 1,
        stderr: expect.stringMatching(
          /^Error: none of the attestations matched the predicate type: spdxjson, found: https:\/\/cyclonedx\.org\/bom$/m,
        ),
      });
    }
  });

  it('passes registry credentials to syft without printing them or the key anywhere, even with debug logging', async () => {
    const authRegistry = await startE2eRegistry('htpasswd');
    try {
      const { username, password } = authRegistry.started.credentials ?? { username: '', password: '' };
      const authClient = new RegistryClient({
        credentials: createCredentialSource({ explicit: { username, password } }),
        timeoutMs: 60_000,
      });
      const repo = authRegistry.uniqueRepo('sbom-auth');
      const image = await pushFileImage(authClient, repo, alpineFiles('x86_64'));
      authClient.close();
      const run = await runBundle('attest-sbom', {
        inputs: {
          images: pinned(repo, image.digest),
          key: 'env://COSIGN_KEY',
          'registry-username': username,
          'registry-password': password,
        },
        env: {
          COSIGN_KEY: key.privateKeyPem,
          COSIGN_PASSWORD: key.password,
          PATH: WITH_SYFT,
          RUNNER_DEBUG: '1',
        },
      });
      succeeded(run);
      expect(run.stdout).toContain('::debug::');
      expect(JSON.parse(run.outputs.attestations ?? '[]')).toHaveLength(1);
      const basic = Buffer.from(`${username}:${password}`).toString('base64');
      expect(
        findSecrets(capturedTexts(run), {
          'registry password': [password, basic],
          'signing key': [...key.secrets],
        }),
      ).toEqual([]);
    } finally {
      await authRegistry.stop();
    }
  });

  it('without syft on PATH, fails before writing anything and says how to get syft or give `sbom`', async () => {
    const repo = registry.uniqueRepo('sbom-no-syft');
    const image = await pushFileImage(client, repo, alpineFiles('x86_64'));
    const run = await attest({ images: pinned(repo, image.digest) }, { path: '/nonexistent' });
    expect(run.exitCode).toBe(1);
    const errors = errorAnnotations(run);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^\[INPUT_INVALID\] .*needs syft, which is not on PATH/);
    expect(errors[0]).toContain('`sbom`');
    expect(errors[0]).toContain('https://github.com/anchore/syft#installation');
    expect(await registry.tags(repo)).toEqual([]);
  });

  it('refuses an SBOM over max-sbom-bytes, naming the input and the limit, before writing anything', async () => {
    const repo = registry.uniqueRepo('sbom-too-big');
    const image = await registry.pushImage(repo);
    const workspace = mkdtempSync(join(work, 'workspace-'));
    copyFileSync(join(fixtures, 'spdx-2.3.json'), join(workspace, 'sbom.json'));
    const run = await attest(
      { images: pinned(repo, image.digest), sbom: 'sbom.json', 'max-sbom-bytes': '1KB' },
      { cwd: workspace },
    );
    expect(run.exitCode).toBe(1);
    const errors = errorAnnotations(run);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^\[INPUT_INVALID\] /);
    expect(errors[0]).toContain('max-sbom-bytes');
    expect(stackTraceLines(run)).toEqual([]);
    expect(await registry.tags(repo)).toEqual([]);
  });
});
