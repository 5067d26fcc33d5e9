import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { attestImage } from '@sigil/attestations';
import { attestImageBundle, signImageBundles } from '@sigil/bundles';
import { SigningKey } from '@sigil/keys';
import { RegistryClient, parseReference } from '@sigil/oci';
import { signImage } from '@sigil/signatures';
import {
  startReferrersRegistry,
  startRegistry,
  type StartedReferrersRegistry,
  type StartedRegistry,
} from '@sigil/testing';
import { startMockSigstore, type DsseBundleJson, type MockSigstore } from '@sigil/testing/sigstore';
import { LoadedTrustedRoot } from '@sigil/transparency';
import { generateKeyPairSync } from 'node:crypto';
import { runGate, type GateCheck, type GateResult } from '../src/index.js';
import type { TransparencyPolicy } from '../src/gate-policy.js';
import { bytes, spdxDocument } from './support/predicates.js';
import { writtenBundles, type Image, type WrittenBundle } from './support/written-bundles.js';

/**
 * `trusted-root` and `require-tlog` on key-based Sigstore bundles: sigil writes a bundle, a private Sigstore
 * (`@sigstore/mock`: a Rekor v1 log and an RFC 3161 TSA) logs and timestamps it, and the gate reads it back
 * from the registry. The bundle's log entry and timestamp are unsigned material beside the signature, so each
 * way of getting them wrong is tried on a bundle a trusted key did sign.
 */
const SPDX = 'https://spdx.dev/Document';
const key = new SigningKey(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey);
const stranger = new SigningKey(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey);

let distribution: StartedRegistry;
let referrersApi: StartedReferrersRegistry;
let client: RegistryClient;
let sigstore: MockSigstore;
let otherSigstore: MockSigstore;
let root: LoadedTrustedRoot;

beforeAll(async () => {
  [distribution, referrersApi, sigstore, otherSigstore] = await Promise.all([
    startRegistry(),
    startReferrersRegistry(),
    startMockSigstore(),
    startMockSigstore(),
  ]);
  client = new RegistryClient({ timeoutMs: 60_000, referrersIndexUpdate: { settleMs: 300, staleMs: 100 } });
  root = LoadedTrustedRoot.load(sigstore.trustedRoot);
});

afterAll(async () => {
  client?.close();
  await Promise.all([distribution?.stop(), referrersApi?.stop()]);
});

const { image, twin, readWritten, attach } = writtenBundles(() => client);

type Bundle = WrittenBundle['bundle'] & DsseBundleJson & { verificationMaterial: Record<string, unknown> };

async function sigilSignature(target: Image, signer = key): Promise<WrittenBundle> {
  const [signed] = await signImageBundles(client, { image: target.ref, ...target }, signer);
  return readWritten(target.repo, signed!.ref);
}

/** The bundle with `tlogEntries` and RFC 3161 timestamps in its verification material. */
function withMaterial(
  bundle: WrittenBundle['bundle'],
  tlogEntries: unknown[],
  timestamps: string[] = [],
): Bundle {
  const material = bundle['verificationMaterial'] as Record<string, unknown>;
  return {
    ...bundle,
    verificationMaterial: {
      ...material,
      tlogEntries,
      ...(timestamps.length === 0
        ? {}
        : {
            timestampVerificationData: {
              rfc3161Timestamps: timestamps.map((signedTimestamp) => ({ signedTimestamp })),
            },
          }),
    },
  } as unknown as Bundle;
}

/**
 * An image whose only bundle is `written`, changed by `change`: the image is pushed again (same digest) to a
 * sibling repository and only the changed bundle is listed there.
 */
async function onlyBundle(
  target: Image,
  written: WrittenBundle,
  change: (bundle: Bundle) => Promise<unknown> | unknown,
): Promise<Image> {
  const copy = await twin(target);
  await attach(copy, written.manifest, await change(written.bundle as Bundle));
  return copy;
}

/** A bundle logged in the private Sigstore, and timestamped by its TSA. */
async function logged(bundle: Bundle, by = sigstore, signer = key): Promise<Bundle> {
  return withMaterial(
    bundle,
    [await by.logDsse(bundle, signer.publicKey.pem)],
    [await by.timestampDsse(bundle)],
  );
}

function gate(
  target: Image,
  transparency?: TransparencyPolicy,
  requirements: Requirements = [{ kind: 'signature' }],
): Promise<GateResult> {
  return runGate(client, [{ image: target.ref, reference: parseReference(target.ref) }], {
    signature: { trustedKeys: [key.publicKey] },
    requirements,
    platforms: 'index',
    mode: 'enforce',
    ...(transparency === undefined ? {} : { transparency }),
  });
}

function check(result: GateResult, name = 'signature'): GateCheck {
  const found = result.images[0]?.checks.find((candidate) => candidate.check === name);
  if (found === undefined) throw new Error(`no ${name} check`);
  if (!found.passed) expect(result.verified).toBe(false);
  return found;
}

type Requirements = Parameters<typeof runGate>[2]['requirements'];
type Bundles = NonNullable<Extract<GateCheck, { check: 'signature' }>['bundles']>;
function bundlesOf(found: GateCheck): Bundles {
  return ('bundles' in found ? found.bundles : undefined) ?? [];
}

const verify = (requireTlog: boolean): TransparencyPolicy => ({ trustedRoot: root, requireTlog });

describe.each([
  ['Docker Distribution (fallback index)', () => distribution.host],
  ['go-containerregistry (referrers API)', () => referrersApi.host],
])('a logged and timestamped bundle on %s', (_name, host) => {
  it('passes require-tlog against the trusted root, and the report gives the verified entry', async () => {
    const target = await image({ registry: host(), repository: 'tlog/logged' });
    const written = await sigilSignature(target);
    const copy = await onlyBundle(target, written, (bundle) => logged(bundle));

    const required = check(await gate(copy, verify(true)));
    expect([required.passed, required.reason]).toEqual([true, undefined]);
    const [outcome] = bundlesOf(required);
    expect(outcome?.message).toContain(
      '1 transparency-log entry and 1 timestamp verified against trusted-root',
    );
    expect(outcome?.transparency).toMatchObject({
      tlogEntries: 1,
      rfc3161Timestamps: 1,
      checked: 'verified',
    });
    const entry = outcome?.transparency?.entries?.[0];
    expect(entry?.logIndex).toMatch(/^\d+$/);
    expect(Math.abs(Date.parse(entry?.integratedTime ?? '') - Date.now())).toBeLessThan(10 * 60_000);

    // Without a trusted root the same bundle passes on its key, and says its log was not checked.
    const unchecked = check(await gate(copy));
    expect(unchecked.passed).toBe(true);
    expect(bundlesOf(unchecked)[0]?.transparency).toEqual({
      tlogEntries: 1,
      rfc3161Timestamps: 1,
      checked: 'unchecked',
    });
    expect(bundlesOf(unchecked)[0]?.message).toContain('not checked (no trusted-root)');
  });
});

describe('require-tlog', () => {
  it('refuses a bundle without a log entry (TLOG_MISSING); a trusted root alone does not require one', async () => {
    const target = await image({ registry: distribution.host, repository: 'tlog/unlogged' });
    await sigilSignature(target);
    const required = check(await gate(target, verify(true)));
    expect([required.passed, required.reason]).toEqual([false, 'TLOG_MISSING']);
    expect(required.message).toContain('require-tlog is on and the bundle carries no transparency-log entry');
    const optional = check(await gate(target, verify(false)));
    expect([optional.passed, bundlesOf(optional)[0]?.transparency]).toEqual([true, undefined]);
  });

  it('a timestamp without a log entry is not a log entry', async () => {
    const target = await image({ registry: distribution.host, repository: 'tlog/timestamp-only' });
    const written = await sigilSignature(target);
    const copy = await onlyBundle(target, written, async (bundle) =>
      withMaterial(bundle, [], [await sigstore.timestampDsse(bundle)]),
    );
    expect(check(await gate(copy, verify(true))).reason).toBe('TLOG_MISSING');
    const optional = check(await gate(copy, verify(false)));
    expect(optional.passed).toBe(true);
    expect(bundlesOf(optional)[0]?.transparency).toMatchObject({
      tlogEntries: 0,
      rfc3161Timestamps: 1,
      checked: 'verified',
    });
  });

  it('without a trusted root the library fails closed rather than pass an unverifiable entry', async () => {
    const target = await image({ registry: distribution.host, repository: 'tlog/no-root' });
    const written = await sigilSignature(target);
    const copy = await onlyBundle(target, written, (bundle) => logged(bundle));
    const found = check(await gate(copy, { requireTlog: true }));
    expect([found.passed, found.reason]).toEqual([false, 'TLOG_INVALID']);
    expect(found.message).toContain('no trusted root was given');
  });

  it('a .sig signature alone does not meet it: the Rekor bundles of .sig layers are not verified yet', async () => {
    const target = await image({ registry: distribution.host, repository: 'tlog/legacy' });
    await signImage(client, { image: target.ref, ...target }, key);
    const plain = check(await gate(target, verify(false)));
    expect([plain.passed, plain.source]).toEqual([true, 'sig-tag']);
    const required = check(await gate(target, verify(true)));
    expect([required.passed, required.reason]).toEqual([false, 'TLOG_MISSING']);
    expect(required.message).toContain("nor were the .sig layers' Rekor bundles checked");

    // With the root's logs in the signature policy, the layer itself must carry a verified Rekor bundle.
    const checked = check(
      await runGate(client, [{ image: target.ref, reference: parseReference(target.ref) }], {
        signature: {
          trustedKeys: [key.publicKey],
          transparency: { rekorKeys: root.rekorKeys(), require: true },
        },
        requirements: [{ kind: 'signature' }],
        platforms: 'index',
        mode: 'enforce',
        transparency: verify(true),
      }),
    );
    expect([checked.passed, checked.reason]).toEqual([false, 'TLOG_MISSING']);
    expect(checked.message).toContain('the layer carries no Rekor bundle');

    // A logged bundle beside the .sig meets it.
    const written = await sigilSignature(target);
    await attach(target, written.manifest, await logged(written.bundle as Bundle));
    const both = check(await gate(target, verify(true)));
    expect([both.passed, both.source]).toEqual([true, 'referrers-tag']);
  });

  it('an SBOM attestation bundle: logged passes, unlogged is TLOG_MISSING, a legacy .att alone is TLOG_MISSING', async () => {
    const target = await image({ registry: referrersApi.host, repository: 'tlog/sbom' });
    const attested = await attestImageBundle(client, { image: target.ref, ...target }, key, {
      predicateType: SPDX,
      predicate: bytes(spdxDocument('tlog')),
    });
    const written = await readWritten(target.repo, attested.ref);
    const sbom = [{ kind: 'sbom' as const }];
    expect(check(await gate(target, verify(true), sbom), 'sbom').reason).toBe('TLOG_MISSING');
    const copy = await onlyBundle(target, written, (bundle) => logged(bundle));
    const found = check(await gate(copy, verify(true), sbom), 'sbom');
    expect([found.passed, found.source]).toEqual([true, 'referrers-api']);

    const legacy = await image({ registry: referrersApi.host, repository: 'tlog/sbom-legacy' });
    await attestImage(client, { image: legacy.ref, ...legacy }, key, {
      predicateType: SPDX,
      predicate: bytes(spdxDocument('tlog')),
    });
    expect(check(await gate(legacy, verify(false), sbom), 'sbom')).toMatchObject({
      passed: true,
      source: 'att-tag',
    });
    const required = check(await gate(legacy, verify(true), sbom), 'sbom');
    expect([required.passed, required.reason]).toEqual([false, 'TLOG_MISSING']);
    expect(required.message).toContain('no attestation of the type with a verified transparency-log entry');
  });
});

describe('a log entry or timestamp that does not verify fails the bundle a trusted key signed', () => {
  it('an entry of a log the trusted root does not list (TLOG_INVALID); without a root it is set aside', async () => {
    const target = await image({ registry: distribution.host, repository: 'tlog/other-log' });
    const written = await sigilSignature(target);
    const copy = await onlyBundle(target, written, async (bundle) =>
      withMaterial(bundle, [await otherSigstore.logDsse(bundle, key.publicKey.pem)]),
    );
    const found = check(await gate(copy, verify(false)));
    expect([found.passed, found.reason]).toEqual([false, 'TLOG_INVALID']);
    expect(found.message).toContain('does not verify against trusted-root');
    expect(bundlesOf(found)[0]).toMatchObject({ problem: 'TLOG_INVALID', keyId: key.publicKey.id });
    expect(check(await gate(copy)).passed).toBe(true);
  });

  it("another signature's entry (TLOG_INVALID)", async () => {
    const target = await image({ registry: distribution.host, repository: 'tlog/other-entry' });
    const written = await sigilSignature(target);
    const elsewhere = await image({ registry: distribution.host, repository: 'tlog/other-entry-source' });
    const other = await sigilSignature(elsewhere);
    const copy = await onlyBundle(target, written, async (bundle) =>
      withMaterial(bundle, [await sigstore.logDsse(other.bundle as Bundle, key.publicKey.pem)]),
    );
    const found = check(await gate(copy, verify(false)));
    expect([found.passed, found.reason]).toEqual([false, 'TLOG_INVALID']);
    expect(found.message).toMatch(/signature mismatch|hash mismatch/);
  });

  it('an entry whose integrated time was edited: its promise no longer verifies (TLOG_INVALID)', async () => {
    const target = await image({ registry: distribution.host, repository: 'tlog/edited-time' });
    const written = await sigilSignature(target);
    const copy = await onlyBundle(target, written, async (bundle) => {
      const entry = await sigstore.logDsse(bundle, key.publicKey.pem);
      return withMaterial(bundle, [
        { ...entry, integratedTime: String(Number(entry['integratedTime']) - 86_400) },
      ]);
    });
    expect(check(await gate(copy, verify(true))).reason).toBe('TLOG_INVALID');
  });

  it('a timestamp by an authority the trusted root does not list (TIMESTAMP_INVALID)', async () => {
    const target = await image({ registry: distribution.host, repository: 'tlog/other-tsa' });
    const written = await sigilSignature(target);
    const copy = await onlyBundle(target, written, async (bundle) =>
      withMaterial(
        bundle,
        [await sigstore.logDsse(bundle, key.publicKey.pem)],
        [await otherSigstore.timestampDsse(bundle)],
      ),
    );
    const found = check(await gate(copy, verify(true)));
    expect([found.passed, found.reason]).toEqual([false, 'TIMESTAMP_INVALID']);
  });

  it('a valid log entry does not make an untrusted key trusted (SIGNATURE_UNTRUSTED)', async () => {
    const target = await image({ registry: distribution.host, repository: 'tlog/stranger' });
    const written = await sigilSignature(target, stranger);
    const copy = await onlyBundle(target, written, (bundle) => logged(bundle, sigstore, stranger));
    const found = check(await gate(copy, verify(true)));
    expect([found.passed, found.reason]).toEqual([false, 'SIGNATURE_UNTRUSTED']);
  });
});
