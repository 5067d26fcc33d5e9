import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { RegistryClient } from '@sigil/oci';
import type { DistActionRun } from '@sigil/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pushFileIndex } from '../../packages/sbom/test/support/file-image.js';
import { alpineFiles } from '../../packages/sbom/test/support/image-files.js';
import { syftBinary } from '../../packages/sbom/test/support/syft-binary.js';
import { cleanupRuns, requireBundle, runBundle } from './bundle.js';
import { errorAnnotations, stackTraceLines } from './captured-output.js';
import { pinned, startE2eRegistry, type E2eRegistry } from './e2e-registry.js';
import { createKeyMaterial, type KeyMaterial } from './key-material.js';

/**
 * A release as a workflow runs it, every step a committed dist/ bundle: sign-image, attest-sbom (syft
 * scanning each platform of a multi-arch image), attest-provenance (from the run's variables), then
 * verify-gate requiring `signature, sbom, provenance` on every platform with the source pinned.
 */
let registry: E2eRegistry;
let client: RegistryClient;
let work: string;
let key: KeyMaterial;

const RELEASE_RUN: Record<string, string> = {
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_REPOSITORY: 'acme/backend',
  GITHUB_REPOSITORY_ID: '4242',
  GITHUB_REPOSITORY_OWNER_ID: '42',
  GITHUB_EVENT_NAME: 'release',
  GITHUB_REF: 'refs/tags/v2.0.0',
  GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
  GITHUB_WORKFLOW_REF: 'acme/backend/.github/workflows/release.yml@refs/tags/v2.0.0',
  GITHUB_RUN_ID: '987654321',
  GITHUB_RUN_ATTEMPT: '1',
  RUNNER_ENVIRONMENT: 'github-hosted',
};

beforeAll(async () => {
  for (const action of ['sign-image', 'attest-sbom', 'attest-provenance', 'verify-gate'] as const) {
    requireBundle(action);
  }
  work = mkdtempSync(join(tmpdir(), 'sigil-e2e-release-'));
  [registry, key] = await Promise.all([startE2eRegistry(), createKeyMaterial(work)]);
  client = new RegistryClient({ timeoutMs: 60_000 });
});

afterAll(async () => {
  await cleanupRuns();
  client?.close();
  await registry?.stop();
  if (work !== undefined) rmSync(work, { recursive: true, force: true });
});

function succeeded(run: DistActionRun): void {
  expect({ exitCode: run.exitCode, errors: errorAnnotations(run), stackTrace: stackTraceLines(run) }).toEqual(
    {
      exitCode: 0,
      errors: [],
      stackTrace: [],
    },
  );
}

const signing = () => ({ key: key.keyPath, 'key-password': key.password });

function gate(images: string, extra: Record<string, string> = {}) {
  return runBundle('verify-gate', {
    inputs: {
      images,
      'public-keys': key.publicKeyPath,
      require: 'signature, sbom, provenance',
      platforms: 'all',
      'provenance-source': 'github.com/acme/backend',
      'provenance-builder': 'https://github.com/acme/backend/.github/workflows/release.yml',
      ...extra,
    },
  });
}

function failed(run: DistActionRun): { check: string; reason: string; digest: string }[] {
  return JSON.parse(run.outputs.failed ?? 'null');
}

describe('a release: sign, attest SBOM and provenance, gate (all dist bundles)', () => {
  it('passes the gate requiring signature, sbom and provenance on every platform; each missing step fails its own check', async () => {
    const repo = registry.uniqueRepo('release');
    const index = await pushFileIndex(client, repo, [
      { platform: { os: 'linux', architecture: 'amd64' }, files: alpineFiles('x86_64') },
      { platform: { os: 'linux', architecture: 'arm64' }, files: alpineFiles('aarch64') },
    ]);
    const image = pinned(repo, index.digest);
    const [amd64, arm64] = index.images;

    succeeded(await runBundle('sign-image', { inputs: { images: image, recursive: 'true', ...signing() } }));
    // Signed only: both attestation requirements fail, on the index and on each platform.
    const signedOnly = await gate(image);
    expect(signedOnly.exitCode).toBe(1);
    expect(new Set(failed(signedOnly).map((f) => f.check))).toEqual(new Set(['sbom', 'provenance']));

    const sbom = await runBundle('attest-sbom', {
      inputs: { images: image, ...signing() },
      env: { PATH: `${dirname(syftBinary())}:/usr/bin:/bin` },
    });
    succeeded(sbom);
    expect(JSON.parse(sbom.outputs.attestations ?? '[]').map((a: { digest: string }) => a.digest)).toEqual([
      amd64?.digest,
      arm64?.digest,
    ]);
    const withoutProvenance = await gate(image);
    expect(new Set(failed(withoutProvenance).map((f) => f.check))).toEqual(new Set(['provenance']));

    succeeded(
      await runBundle('attest-provenance', {
        inputs: { images: image, recursive: 'true', ...signing() },
        env: RELEASE_RUN,
      }),
    );
    const passed = await gate(image);
    succeeded(passed);
    expect([passed.outputs.verified, failed(passed)]).toEqual(['true', []]);

    // The same attestations do not satisfy a gate pinned to another repository.
    const otherSource = await gate(image, { 'provenance-source': 'github.com/acme/frontend' });
    expect(otherSource.exitCode).toBe(1);
    expect(failed(otherSource).map((f) => [f.check, f.reason])).toContainEqual([
      'provenance',
      'PROVENANCE_SOURCE_MISMATCH',
    ]);
  });
});
