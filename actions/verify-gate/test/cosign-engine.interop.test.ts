import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { NativeSigningEngine } from '@sigil/signer';
import { SigningKey } from '@sigil/keys';
import { attestationTag } from '@sigil/attestations';
import { parseImageList, type ImageTarget } from '@sigil/oci';
import { signatureTag } from '@sigil/signatures';
import { signImage } from '../../../packages/signatures/src/sign.js';
import type { SigilError } from '@sigil/core';
import { MEDIA_TYPES, RegistryClient, type RepositoryRef } from '@sigil/oci';
import {
  actionRunHarness,
  pushTestImage,
  pushTestIndex,
  startRegistry,
  type StartedRegistry,
} from '@sigil/testing';
import { signingEngineFactory } from '../../../packages/toolkit/src/signing-engine-factory.js';
import { writeReport } from '../../../packages/toolkit/src/outputs.js';
import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { cosignBinary } from '../../../test/support/cosign-cli.js';
import type { VerifyGateInputs } from '../src/inputs.js';
import { run } from '../src/run.js';

/**
 * verify-gate with `engine: cosign` against the real cosign v3 CLI and a real registry: images signed and
 * attested natively pass, unsigned and wrong-key images fail with cosign's mapped reasons, and `failed`,
 * `verified` and the report come out as the native engine's for the same images.
 */
const SPDX = 'https://spdx.dev/Document';
const SLSA_V1 = 'https://slsa.dev/provenance/v1';
const fixture = (name: string): Uint8Array =>
  readFileSync(new URL(`../../../test/fixtures/attestation/${name}`, import.meta.url));

let server: StartedRegistry;
let client: RegistryClient;
const scratch = mkdtempSync(path.join(tmpdir(), 'gate-cosign-engine-'));
const bin = path.join(scratch, 'bin');
const binV2 = path.join(scratch, 'bin-v2');
const trusted = newKey();
const other = newKey();
const rotatedOut = newKey();
const runHarness = actionRunHarness({ writeReport, scratch });

function newKey(): SigningKey {
  return new SigningKey(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey);
}

beforeAll(async () => {
  server = await startRegistry();
  client = new RegistryClient({ timeoutMs: 60_000 });
  mkdirSync(bin);
  // Found the way the action finds it: `cosign` on the runner's PATH.
  symlinkSync(cosignBinary('v3'), path.join(bin, 'cosign'));
  mkdirSync(binV2);
  symlinkSync(cosignBinary('v2'), path.join(binV2, 'cosign'));
}, 60_000);

afterAll(async () => {
  client.close();
  await server.stop();
});

const repo = (name: string): RepositoryRef => ({ registry: server.host, repository: name });

/** Pushes an image; `by` signs it and attests an SPDX SBOM and SLSA v1 provenance to it (natively). */
async function image(name: string, by?: SigningKey): Promise<ImageTarget & { ref: string }> {
  const { digest } = await pushTestImage(client, repo(name), { tag: 'v1' });
  const target = { image: `${server.host}/${name}:v1`, repo: repo(name), digest, tag: 'v1' };
  if (by !== undefined) {
    await signImage(client, target, by);
    const engine = new NativeSigningEngine(client, by);
    await engine.attestImage(target, { predicateType: SPDX, predicate: fixture('spdx-2.3.json') });
    await engine.attestImage(target, {
      predicateType: SLSA_V1,
      predicate: fixture('slsa-provenance-v1.json'),
    });
  }
  return { ...target, ref: target.image };
}

function inputsFor(images: string[], overrides: Partial<VerifyGateInputs> = {}): VerifyGateInputs {
  const keys = [rotatedOut, trusted];
  return {
    images: parseImageList(images, 'images'),
    publicKeys: {
      keys: keys.map((key) => key.publicKey),
      sources: keys.map((key, i) => ({ id: key.publicKey.id, source: `file:key-${i}.pub` })),
    },
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
    ...overrides,
  };
}

async function gate(inputs: VerifyGateInputs, cosignPath = bin) {
  // cosign is found the way the action finds it: on the runner's PATH.
  const h = runHarness({
    environment: { path: cosignPath, helperEnvironment: {} },
    signingEngine: (runner) => signingEngineFactory(runner),
  });
  const { outputs, summaries, lines } = h;
  const error = await run(inputs, h.dependencies).then(
    () => undefined,
    (e: unknown) => e,
  );
  const report = JSON.parse(readFileSync(outputs['report-path'] as string, 'utf8')) as {
    images: { image: string; passed: boolean; reasons: string[]; checks: Record<string, unknown>[] }[];
  };
  return { error, outputs, report, summary: summaries.join('\n'), lines };
}

/** What a user compares between two runs: every check of every image, without the engine's evidence. */
function judged(report: Awaited<ReturnType<typeof gate>>['report']) {
  return report.images.map((verdict) => ({
    image: verdict.image,
    passed: verdict.passed,
    reasons: verdict.reasons,
    checks: verdict.checks.map((check) => [
      check['check'],
      check['passed'],
      check['reason'],
      check['digest'],
    ]),
  }));
}

describe('verify-gate with engine: cosign (real cosign v3)', () => {
  it('passes natively signed and attested images (by the second key: rotation), fails unsigned and wrong-key ones with the native reasons', async () => {
    const good = await image('cosign-gate/good', trusted);
    const unsigned = await image('cosign-gate/unsigned');
    const wrongKey = await image('cosign-gate/wrong-key', other);
    const images = [good.ref, unsigned.ref, wrongKey.ref];

    const cosign = await gate(inputsFor(images, { engine: 'cosign' }));
    expect((cosign.error as SigilError).code).toBe('VERIFICATION_FAILED');
    expect(cosign.outputs['verified']).toBe('false');
    const failed = (image: string, digest: string, reasons: [string, string, string]) =>
      (['signature', 'sbom', 'provenance'] as const).map((check, i) => ({
        image,
        digest,
        check,
        reason: reasons[i],
      }));
    expect(cosign.outputs['failed']).toEqual([
      ...failed(unsigned.ref, unsigned.digest, ['NO_SIGNATURES', 'NO_ATTESTATIONS', 'NO_ATTESTATIONS']),
      ...failed(wrongKey.ref, wrongKey.digest, [
        'SIGNATURE_UNTRUSTED',
        'ATTESTATION_UNTRUSTED',
        'ATTESTATION_UNTRUSTED',
      ]),
    ]);
    const [passed] = cosign.report.images;
    expect(passed).toMatchObject({ image: good.ref, passed: true, reasons: [] });
    expect(passed?.checks.map((check) => [check['check'], check['passed']])).toEqual([
      ['signature', true],
      ['sbom', true],
      ['provenance', true],
      ['tag', true],
    ]);
    // The key that verified is the second one: the first (rotated out) did not vouch.
    expect(passed?.checks[0]?.['acceptedKeyIds']).toEqual([trusted.publicKey.id]);
    expect(passed?.checks[1]).toMatchObject({ predicateType: SPDX, attestationLayers: [] });
    expect(passed?.checks[0]?.['layers']).toEqual([]);
    expect(cosign.summary).toContain(wrongKey.ref);
    expect(cosign.lines.some((line) => line.includes('engine: cosign'))).toBe(true);

    // The native engine, on the same images and keys, judges the same: same `failed`, same verdicts.
    const native = await gate(inputsFor(images));
    expect((native.error as SigilError).code).toBe('VERIFICATION_FAILED');
    expect(native.outputs['failed']).toEqual(cosign.outputs['failed']);
    expect(judged(native.report)).toEqual(judged(cosign.report));
  }, 240_000);

  it('with platforms: all checks every platform manifest through cosign, as the native gate does', async () => {
    const recursive = await pushTestIndex(client, repo('cosign-gate/index-all'), { tag: 'v1' });
    const allRef = `${server.host}/cosign-gate/index-all:v1`;
    await signImage(
      client,
      { image: allRef, repo: repo('cosign-gate/index-all'), digest: recursive.digest },
      trusted,
      { recursive: true },
    );
    const indexOnly = await pushTestIndex(client, repo('cosign-gate/index-only'), { tag: 'v1' });
    const onlyRef = `${server.host}/cosign-gate/index-only:v1`;
    await signImage(
      client,
      { image: onlyRef, repo: repo('cosign-gate/index-only'), digest: indexOnly.digest },
      trusted,
    );
    const inputs = (engine: 'native' | 'cosign') =>
      inputsFor([allRef, onlyRef], { engine, requirements: [{ kind: 'signature' }], platforms: 'all' });

    const cosign = await gate(inputs('cosign'));
    expect(cosign.outputs['failed']).toEqual(
      indexOnly.images.map((platformImage) => ({
        image: onlyRef,
        digest: platformImage.digest,
        check: 'signature',
        reason: 'PLATFORM_UNSIGNED',
      })),
    );
    expect(cosign.report.images[0]).toMatchObject({ image: allRef, passed: true });
    expect(cosign.report.images[0]?.checks.filter((check) => check['check'] === 'signature')).toHaveLength(3);

    const native = await gate(inputs('native'));
    expect(judged(native.report)).toEqual(judged(cosign.report));
  }, 240_000);

  it('checks annotations through cosign verify -a: a signature without them fails ANNOTATION_MISMATCH', async () => {
    const good = await image('cosign-gate/annotated', trusted);
    const cosign = await gate(
      inputsFor([good.ref], {
        engine: 'cosign',
        annotations: { env: 'prod' },
        requirements: [{ kind: 'signature' }],
      }),
    );
    expect(cosign.outputs['failed']).toEqual([
      { image: good.ref, digest: good.digest, check: 'signature', reason: 'ANNOTATION_MISMATCH' },
    ]);
  }, 120_000);
  it('judges the predicate cosign printed as the native gate does: an SBOM that is no SPDX document fails PREDICATE_INVALID', async () => {
    const { digest } = await pushTestImage(client, repo('cosign-gate/bad-sbom'));
    const target = {
      image: `${server.host}/cosign-gate/bad-sbom@${digest}`,
      repo: repo('cosign-gate/bad-sbom'),
      digest,
    };
    await new NativeSigningEngine(client, trusted).attestImage(target, {
      predicateType: SPDX,
      predicate: Buffer.from('{"name":"not an SPDX document"}'),
    });
    const inputs = (engine: 'native' | 'cosign') =>
      inputsFor([target.image], { engine, requirements: [{ kind: 'sbom' }] });
    const cosign = await gate(inputs('cosign'));
    expect(cosign.outputs['failed']).toEqual([
      { image: target.image, digest, check: 'sbom', reason: 'PREDICATE_INVALID' },
    ]);
    const native = await gate(inputs('native'));
    expect(native.outputs['failed']).toEqual(cosign.outputs['failed']);
  }, 120_000);
});

/** Copies a manifest and the blobs it names from one repository to another, under `tag` (or its digest). */
async function copyManifest(
  from: RepositoryRef,
  to: RepositoryRef,
  reference: string,
  tag: string,
): Promise<void> {
  const manifest = await client.getManifest(from, reference);
  if (manifest === undefined) throw new Error(`no manifest ${reference} in ${from.repository}`);
  const parsed = JSON.parse(Buffer.from(manifest.bytes).toString('utf8')) as {
    config: { digest: string };
    layers: { digest: string }[];
  };
  for (const blob of [parsed.config, ...parsed.layers]) {
    await client.putBlob(to, await client.getBlob(from, blob.digest));
  }
  await client.putManifest(to, tag, manifest.bytes, MEDIA_TYPES.ociManifest);
}

describe.each(['v3', 'v2'] as const)(
  'engine: cosign holds cosign %s to the claims the native gate checks',
  (major) => {
    const cosignPath = () => (major === 'v3' ? bin : binV2);

    it('a signature copied with its image into another repository fails IDENTITY_MISMATCH, as natively', async () => {
      const source = await image(`copied-${major}/source`, trusted);
      const copy = repo(`copied-${major}/copy`);
      await copyManifest(source.repo, copy, source.digest, 'v1');
      await copyManifest(source.repo, copy, signatureTag(source.digest), signatureTag(source.digest));
      const copied = `${server.host}/copied-${major}/copy:v1`;
      const inputs = (engine: 'native' | 'cosign') =>
        inputsFor([copied, source.ref], { engine, requirements: [{ kind: 'signature' }] });

      const cosign = await gate(inputs('cosign'), cosignPath());
      expect((cosign.error as SigilError).code).toBe('VERIFICATION_FAILED');
      expect(cosign.outputs['verified']).toBe('false');
      expect(cosign.outputs['failed']).toEqual([
        { image: copied, digest: source.digest, check: 'signature', reason: 'IDENTITY_MISMATCH' },
      ]);
      // The original, in the repository its signature names, still passes through cosign.
      expect(cosign.report.images[1]).toMatchObject({ image: source.ref, passed: true });
      const native = await gate(inputs('native'));
      expect(native.outputs['failed']).toEqual(cosign.outputs['failed']);
    }, 240_000);

    it("an attestation of another image stored under this image's .att tag fails SUBJECT_MISMATCH, as natively", async () => {
      const attested = await image(`replayed-${major}/attested`, trusted);
      const victim = await image(`replayed-${major}/victim`);
      await copyManifest(
        attested.repo,
        victim.repo,
        attestationTag(attested.digest),
        attestationTag(victim.digest),
      );
      const inputs = (engine: 'native' | 'cosign') =>
        inputsFor([victim.ref], { engine, requirements: [{ kind: 'sbom' }] });

      const cosign = await gate(inputs('cosign'), cosignPath());
      expect(cosign.outputs['verified']).toBe('false');
      expect(cosign.outputs['failed']).toEqual([
        { image: victim.ref, digest: victim.digest, check: 'sbom', reason: 'SUBJECT_MISMATCH' },
      ]);
      const native = await gate(inputs('native'));
      expect(native.outputs['failed']).toEqual(cosign.outputs['failed']);
    }, 240_000);
  },
);
