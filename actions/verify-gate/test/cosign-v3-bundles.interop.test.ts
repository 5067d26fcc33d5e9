import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { SigilError } from '@sigil/core';
import { parsePublicKey } from '@sigil/keys';
import { RegistryClient, parseImageList } from '@sigil/oci';
import {
  actionRunHarness,
  pushTestImage,
  startReferrersRegistry,
  startRegistry,
  type StartedReferrersRegistry,
  type StartedRegistry,
} from '@sigil/testing';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { writeReport } from '../../../packages/toolkit/src/outputs.js';
import { runCosign } from '../../../test/support/cosign-cli.js';
import type { VerifyGateInputs } from '../src/inputs.js';
import { run } from '../src/run.js';

/**
 * verify-gate's `run()` (what the action runs) over images that the real cosign v3.1.3 signed and attested
 * with its default flags — Sigstore bundles as OCI 1.1 referrers, key-based, no transparency log — in Docker
 * Distribution (fallback index) and go-containerregistry's registry (referrers API): `signature, sbom,
 * provenance` pass, the report says where the evidence came from, and an image only attested fails
 * `signature` with SIGNATURE_ONLY_ATTESTATIONS.
 */
const PASSWORD = 'verify-gate-bundles';
const fixtures = new URL('../../../test/fixtures/attestation/', import.meta.url).pathname;
const work = mkdtempSync(path.join(tmpdir(), 'verify-gate-bundles-'));
const runHarness = actionRunHarness({ writeReport, scratch: work });
let distribution: StartedRegistry;
let referrers: StartedReferrersRegistry;
let client: RegistryClient;
let signingConfig: string;

async function cosign(args: string[]): Promise<void> {
  const result = await runCosign('v3', args, { env: { COSIGN_PASSWORD: PASSWORD }, home: work });
  expect({ code: result.code, stderr: result.stderr }).toMatchObject({ code: 0 });
}

beforeAll(async () => {
  [distribution, referrers] = await Promise.all([startRegistry(), startReferrersRegistry()]);
  client = new RegistryClient({ timeoutMs: 60_000 });
  signingConfig = path.join(work, 'signing-config.json');
  await cosign(['signing-config', 'create', '--out', signingConfig]);
  await cosign(['generate-key-pair', '--output-key-prefix', path.join(work, 'cosign')]);
}, 120_000);

afterAll(async () => {
  client.close();
  await Promise.all([distribution?.stop(), referrers?.stop()]);
});

async function cosignImage(host: string, name: string, steps: ('sign' | 'spdxjson' | 'slsaprovenance1')[]) {
  const repo = { registry: host, repository: name };
  const { digest } = await pushTestImage(client, repo);
  const ref = `${host}/${name}@${digest}`;
  const common = ['--key', path.join(work, 'cosign.key'), '--signing-config', signingConfig];
  for (const step of steps) {
    const flags = ['--allow-http-registry', '--yes'];
    if (step === 'sign') await cosign(['sign', ...common, ...flags, ref]);
    else {
      const predicate = path.join(
        fixtures,
        step === 'spdxjson' ? 'spdx-2.3.json' : 'slsa-provenance-v1.json',
      );
      await cosign(['attest', ...common, '--type', step, '--predicate', predicate, ...flags, ref]);
    }
  }
  return { ref, digest };
}

function inputsFor(images: string[]): VerifyGateInputs {
  const key = parsePublicKey(readFileSync(path.join(work, 'cosign.pub'), 'utf8'));
  return {
    images: parseImageList(images, 'images'),
    publicKeys: { keys: [key], sources: [{ id: key.id, source: 'file:cosign.pub' }] },
    revokedKeys: { keys: [], sources: [] },
    annotations: {},
    transparency: { requireTlog: false },
    requirements: [{ kind: 'signature' }, { kind: 'sbom' }, { kind: 'provenance' }],
    provenance: {},
    platforms: 'index',
    mode: 'enforce',
    engine: 'native',
    registry: { credentials: undefined, insecureRegistries: [], concurrency: 4, timeoutSeconds: 120 },
    showSummary: true,
  };
}

describe('verify-gate over cosign v3 default bundles', () => {
  it('passes signature, sbom and provenance in both registries and reports the source', async () => {
    const inDistribution = await cosignImage(distribution.host, 'gate-bundles/app', [
      'sign',
      'spdxjson',
      'slsaprovenance1',
    ]);
    const inReferrers = await cosignImage(referrers.host, 'gate-bundles/app', [
      'sign',
      'spdxjson',
      'slsaprovenance1',
    ]);
    const h = runHarness();
    await run(inputsFor([inDistribution.ref, inReferrers.ref]), h.dependencies);
    expect(h.outputs['verified']).toBe('true');
    expect(h.outputs['failed']).toEqual([]);
    const report = JSON.parse(readFileSync(h.outputs['report-path'] as string, 'utf8')) as {
      images: { image: string; checks: { check: string; passed: boolean; source?: string }[] }[];
    };
    expect(
      report.images.map(({ checks }) => checks.map(({ check, passed, source }) => [check, passed, source])),
    ).toEqual([
      [
        ['signature', true, 'referrers-tag'],
        ['sbom', true, 'referrers-tag'],
        ['provenance', true, 'referrers-tag'],
      ],
      [
        ['signature', true, 'referrers-api'],
        ['sbom', true, 'referrers-api'],
        ['provenance', true, 'referrers-api'],
      ],
    ]);
    const summary = h.summaries.join('\n');
    expect(summary).toContain('| Check | Result | Evidence from | Details |');
    expect(summary).toContain('| signature | ✅ pass | bundle (referrers tag) |');
    expect(summary).toContain('| provenance | ✅ pass | bundle (referrers API) |');
  }, 120_000);

  it('fails an image that is only attested: SIGNATURE_ONLY_ATTESTATIONS', async () => {
    const attested = await cosignImage(referrers.host, 'gate-bundles/attested', [
      'spdxjson',
      'slsaprovenance1',
    ]);
    const h = runHarness();
    const error = await run(inputsFor([attested.ref]), h.dependencies).catch((e: unknown) => e);
    expect((error as SigilError).code).toBe('VERIFICATION_FAILED');
    expect(h.outputs['failed']).toEqual([
      {
        image: attested.ref,
        digest: attested.digest,
        check: 'signature',
        reason: 'SIGNATURE_ONLY_ATTESTATIONS',
      },
    ]);
  }, 120_000);
});
