import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { attestImage } from '@sigil/attestations';
import { loadPrivateKey, type SigningKey } from '@sigil/keys';
import { type ImageTarget } from '@sigil/oci';
import { RegistryClient, type RepositoryRef } from '@sigil/oci';
import { buildProvenance, SLSA_PROVENANCE_V1 } from '@sigil/provenance';
import { SPDX_PREDICATE_TYPE } from '@sigil/sbom';
import type { DistActionRun } from '@sigil/testing';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanupRuns, requireBundle, runBundle } from './bundle.js';
import { errorAnnotations, stackTraceLines } from './captured-output.js';
import { pinned, startE2eRegistry, type E2eRegistry } from './e2e-registry.js';
import { createKeyMaterial, type KeyMaterial } from './key-material.js';

/**
 * verify-gate's `require` as a workflow runs it: the committed dist/verify-gate bundle against a real
 * registry holding images signed by dist/sign-image and attested (SPDX SBOM, SLSA v1 provenance) with
 * sigil's attestation library, as the attest actions store them.
 */
let registry: E2eRegistry;
let client: RegistryClient;
let work: string;
let material: KeyMaterial;
let signer: SigningKey;

beforeAll(async () => {
  requireBundle('sign-image');
  requireBundle('verify-gate');
  work = mkdtempSync(join(tmpdir(), 'sigil-e2e-attest-'));
  [registry, material] = await Promise.all([startE2eRegistry(), createKeyMaterial(work)]);
  client = new RegistryClient({ timeoutMs: 60_000 });
  signer = await loadPrivateKey(material.privateKeyPem, material.password);
});

afterAll(async () => {
  await cleanupRuns();
  client?.close();
  await registry?.stop();
  if (work !== undefined) rmSync(work, { recursive: true, force: true });
});

const encoder = new TextEncoder();
const SPDX = {
  spdxVersion: 'SPDX-2.3',
  dataLicense: 'CC0-1.0',
  SPDXID: 'SPDXRef-DOCUMENT',
  name: 'backend',
  documentNamespace: 'https://anchore.com/syft/image/backend-1',
  creationInfo: { created: '2026-01-02T03:04:05Z', creators: ['Tool: syft-1.57.0'] },
  packages: [{ SPDXID: 'SPDXRef-Package-openssl', name: 'openssl', versionInfo: '3.0.15' }],
};

function provenanceOf(repository: string) {
  return buildProvenance({
    serverUrl: 'https://github.com',
    repository,
    repositoryId: '1',
    repositoryOwnerId: '2',
    eventName: 'push',
    ref: 'refs/heads/main',
    sha: 'c'.repeat(40),
    workflowRef: `${repository}/.github/workflows/release.yml@refs/heads/main`,
    runId: '99',
    runAttempt: '1',
    runnerEnvironment: 'github-hosted',
  });
}

/** A signed image (dist/sign-image), attested as listed. */
async function image(attestations: { sbom?: boolean; provenanceOf?: string }): Promise<string> {
  const repo: RepositoryRef = registry.uniqueRepo('gate-attest');
  const { digest } = await registry.pushImage(repo);
  const reference = pinned(repo, digest);
  const signed = await runBundle('sign-image', {
    inputs: { images: reference, key: material.keyPath, 'key-password': material.password },
  });
  expect(signed.exitCode).toBe(0);
  const target: ImageTarget = { image: reference, repo, digest, tag: undefined };
  if (attestations.sbom === true) {
    await attestImage(client, target, signer, {
      predicateType: SPDX_PREDICATE_TYPE,
      predicate: encoder.encode(JSON.stringify(SPDX)),
    });
  }
  if (attestations.provenanceOf !== undefined) {
    const predicate = encoder.encode(JSON.stringify(provenanceOf(attestations.provenanceOf)));
    await attestImage(client, target, signer, { predicateType: SLSA_PROVENANCE_V1, predicate });
  }
  return reference;
}

function gate(images: string, extra: Record<string, string> = {}) {
  return runBundle('verify-gate', { inputs: { images, 'public-keys': material.publicKeyPath, ...extra } });
}

function failed(run: DistActionRun): { image: string; digest: string; check: string; reason: string }[] {
  return JSON.parse(run.outputs.failed ?? 'null');
}

describe('verify-gate require (dist bundle)', () => {
  it('passes `signature, sbom, provenance` with the source and builder pinned; report and summary say what was checked', async () => {
    const reference = await image({ sbom: true, provenanceOf: 'acme/backend' });
    const run = await gate(reference, {
      require: 'signature, sbom, provenance',
      'provenance-source': 'github.com/acme/backend',
      'provenance-builder': 'https://github.com/acme/backend/.github/workflows/release.yml',
    });
    expect([run.exitCode, errorAnnotations(run), stackTraceLines(run)]).toEqual([0, [], []]);
    expect(run.outputs.verified).toBe('true');
    expect(failed(run)).toEqual([]);
    const report = JSON.parse(readFileSync(run.outputs['report-path'] ?? '', 'utf8'));
    expect(report.inputs).toMatchObject({
      require: ['signature', 'sbom', 'provenance'],
      provenanceSource: 'https://github.com/acme/backend',
    });
    expect(
      report.images[0].checks.map((c: { check: string; passed: boolean }) => [c.check, c.passed]),
    ).toEqual([
      ['signature', true],
      ['sbom', true],
      ['provenance', true],
    ]);
    expect(run.summary).toContain('Required of every image: `signature`, `sbom`, `provenance`');
    expect(run.summary).toContain('source https://github.com/acme/backend');
  });

  it('by default requires an SBOM: a signed-only image fails, and the error says how to fix it', async () => {
    const reference = await image({});
    const run = await gate(reference);
    expect(run.exitCode).toBe(1);
    expect(stackTraceLines(run)).toEqual([]);
    expect(failed(run)).toEqual([
      { image: reference, digest: reference.split('@')[1], check: 'sbom', reason: 'NO_ATTESTATIONS' },
    ]);
    const errors = errorAnnotations(run);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^\[VERIFICATION_FAILED\] /);
    expect(errors[0]).toContain('attest-sbom');
    expect(errors[0]).toContain('`require: signature`');
    expect(run.summary).toContain('`NO_ATTESTATIONS`');
    const signatureOnly = await gate(reference, { require: 'signature' });
    expect(signatureOnly.exitCode).toBe(0);
  });

  it('fails provenance that names another repository with PROVENANCE_SOURCE_MISMATCH, and each missing requirement on its own', async () => {
    const forked = await image({ sbom: true, provenanceOf: 'mallory/backend' });
    const bare = await image({});
    const run = await gate(`${forked}\n${bare}`, {
      require: 'signature\nsbom\nprovenance',
      'provenance-source': 'https://github.com/acme/backend',
    });
    expect(run.exitCode).toBe(1);
    expect(failed(run).map((f) => [f.image, f.check, f.reason])).toEqual([
      [forked, 'provenance', 'PROVENANCE_SOURCE_MISMATCH'],
      [bare, 'sbom', 'NO_ATTESTATIONS'],
      [bare, 'provenance', 'NO_ATTESTATIONS'],
    ]);
    expect(run.summary).toContain('`PROVENANCE_SOURCE_MISMATCH`');
    expect(errorAnnotations(run)[0]).toContain('https://github.com/mallory/backend');
  });
});
