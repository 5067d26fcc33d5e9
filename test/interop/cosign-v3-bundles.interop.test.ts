import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { runGate, type GateCheck, type GateResult } from '@sigil/gate';

type GatePolicy = Parameters<typeof runGate>[2];
import { parsePublicKey, type PublicKey } from '@sigil/keys';
import { MEDIA_TYPES, RegistryClient, parseReference, sha256Digest, type RepositoryRef } from '@sigil/oci';
import { referrersTag } from '../../packages/oci/src/referrers.js';
import {
  vectorText,
  pushTestImage,
  pushTestIndex,
  startReferrersRegistry,
  startRegistry,
  type StartedReferrersRegistry,
  type StartedRegistry,
} from '@sigil/testing';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCosign } from '../support/cosign-cli.js';

/**
 * cosign v3.1.3 with its default flags (Sigstore bundles as OCI 1.1 referrers; key-based, with a signing
 * config that has no services, so nothing goes to Rekor) signs and attests images in Docker Distribution
 * (no referrers API: cosign writes the fallback index `sha256-<hex>`) and in go-containerregistry's registry
 * (referrers API); the gate passes `signature, sbom, provenance` from those bundles alone, and each
 * tampering fails with its own reason.
 */
const SIGN = 'https://sigstore.dev/cosign/sign/v1';
const SPDX = 'https://spdx.dev/Document';
const SLSA_V1 = 'https://slsa.dev/provenance/v1';
const fixtures = new URL('../fixtures/attestation/', import.meta.url).pathname;
const repoRoot = new URL('../../', import.meta.url).pathname;
const PASSWORD = 'interop-bundles';

type Kind = 'distribution' | 'referrers';
let distribution: StartedRegistry;
let referrers: StartedReferrersRegistry;
let client: RegistryClient;
let work: string;
let signingConfig: string;
let trusted: { key: string; pub: PublicKey };
let stranger: { key: string; pub: PublicKey };

async function keyPair(prefix: string): Promise<{ key: string; pub: PublicKey }> {
  const made = await runCosign('v3', ['generate-key-pair', '--output-key-prefix', join(work, prefix)], {
    env: { COSIGN_PASSWORD: PASSWORD },
    home: work,
  });
  expect({ code: made.code, stderr: made.stderr }).toMatchObject({ code: 0 });
  return {
    key: join(work, `${prefix}.key`),
    pub: parsePublicKey(readFileSync(join(work, `${prefix}.pub`), 'utf8')),
  };
}

beforeAll(async () => {
  [distribution, referrers] = await Promise.all([startRegistry(), startReferrersRegistry()]);
  client = new RegistryClient({ timeoutMs: 60_000 });
  work = mkdtempSync(join(tmpdir(), 'sigil-bundles-interop-'));
  signingConfig = join(work, 'signing-config.json');
  const created = await runCosign('v3', ['signing-config', 'create', '--out', signingConfig], { home: work });
  expect({ code: created.code, stderr: created.stderr }).toMatchObject({ code: 0 });
  [trusted, stranger] = [await keyPair('trusted'), await keyPair('stranger')];
}, 120_000);

afterAll(async () => {
  client.close();
  await Promise.all([distribution?.stop(), referrers?.stop()]);
});

const hostOf = (kind: Kind): string => (kind === 'distribution' ? distribution.host : referrers.host);

async function pushedImage(
  kind: Kind,
  name: string,
): Promise<{ repo: RepositoryRef; digest: string; ref: string }> {
  const repo = { registry: hostOf(kind), repository: name };
  const { digest } = await pushTestImage(client, repo);
  return { repo, digest, ref: `${repo.registry}/${name}@${digest}` };
}

/** cosign v3 with its defaults: no --new-bundle-format, no --tlog-upload; only the service-less signing config. */
async function cosign(args: string[]): Promise<void> {
  const run = await runCosign(
    'v3',
    [...args, '--signing-config', signingConfig, '--allow-http-registry', '--yes'],
    {
      env: { COSIGN_PASSWORD: PASSWORD },
      home: work,
    },
  );
  expect({ code: run.code, stderr: run.stderr }).toMatchObject({ code: 0 });
}

const sign = (ref: string, key = trusted.key) => cosign(['sign', '--key', key, ref]);
const attest = (ref: string, type: 'spdxjson' | 'slsaprovenance1', key = trusted.key) =>
  cosign([
    'attest',
    '--key',
    key,
    '--type',
    type,
    '--predicate',
    join(fixtures, type === 'spdxjson' ? 'spdx-2.3.json' : 'slsa-provenance-v1.json'),
    ref,
  ]);

function gate(ref: string, policy: Partial<GatePolicy> = {}): Promise<GateResult> {
  return runGate(client, [{ image: ref, reference: parseReference(ref) }], {
    signature: { trustedKeys: [trusted.pub] },
    requirements: [{ kind: 'signature' }, { kind: 'sbom' }, { kind: 'provenance' }],
    platforms: 'index',
    mode: 'enforce',
    ...policy,
  });
}

function checksOf(result: GateResult): Record<string, Pick<GateCheck, 'passed' | 'reason' | 'source'>> {
  const checks = result.images[0]?.checks ?? [];
  return Object.fromEntries(
    checks.map((check) => [
      check.check,
      {
        passed: check.passed,
        reason: check.reason,
        ...(check.source === undefined ? {} : { source: check.source }),
      },
    ]),
  );
}

interface Referrer {
  readonly digest: string;
  readonly manifest: Record<string, unknown> & {
    layers: { digest: string; size: number }[];
    subject: { digest: string };
  };
  readonly bundle: Record<string, unknown> & { dsseEnvelope: { payload: string } };
}

/** The bundle referrers cosign wrote for `digest`, read the way the registry lists them. */
async function bundleReferrers(repo: RepositoryRef, digest: string): Promise<Referrer[]> {
  const listed = await client.listReferrers(repo, digest);
  return Promise.all(
    listed.descriptors.map(async ({ digest: manifestDigest }) => {
      const manifest = JSON.parse(
        Buffer.from((await client.getManifest(repo, manifestDigest))?.bytes ?? []).toString('utf8'),
      ) as Referrer['manifest'];
      const layer = manifest.layers[0];
      const bundle = JSON.parse(
        Buffer.from(await client.getBlob(repo, layer?.digest ?? '')).toString('utf8'),
      );
      return { digest: manifestDigest, manifest, bundle };
    }),
  );
}

function predicateTypeOf(referrer: Referrer): string {
  return JSON.parse(Buffer.from(referrer.bundle.dsseEnvelope.payload, 'base64').toString('utf8'))
    .predicateType;
}

/**
 * Lists a referrer manifest for `subject` as cosign would: the registry's API lists what names it as its
 * subject; on Distribution the fallback index is read, extended and written back.
 */
async function attach(
  kind: Kind,
  repo: RepositoryRef,
  subject: string,
  manifest: unknown,
  bundle?: unknown,
): Promise<void> {
  const layers = (manifest as Referrer['manifest']).layers;
  let written = manifest as Referrer['manifest'];
  if (bundle !== undefined) {
    const pushed = await client.putBlob(repo, Buffer.from(JSON.stringify(bundle)));
    written = { ...written, layers: [{ ...layers[0], ...pushed }] };
  }
  const bytes = Buffer.from(JSON.stringify(written));
  const digest = await client.putManifest(repo, sha256Digest(bytes), bytes, MEDIA_TYPES.ociManifest);
  if (kind === 'referrers') return;
  const tag = referrersTag(subject);
  const current = await client.getManifest(repo, tag);
  const index =
    current === undefined
      ? { schemaVersion: 2, mediaType: MEDIA_TYPES.ociIndex, manifests: [] as unknown[] }
      : JSON.parse(Buffer.from(current.bytes).toString('utf8'));
  index.manifests.push({
    mediaType: MEDIA_TYPES.ociManifest,
    size: bytes.byteLength,
    digest,
    artifactType: 'application/vnd.dev.sigstore.bundle.v0.3+json',
  });
  const indexBytes = Buffer.from(JSON.stringify(index));
  await client.putManifest(repo, tag, indexBytes, MEDIA_TYPES.ociIndex);
}

describe.each<Kind>(['distribution', 'referrers'])('cosign v3 default bundles in %s', (kind) => {
  const source = kind === 'distribution' ? 'referrers-tag' : 'referrers-api';

  it('passes signature, sbom and provenance from the bundles alone', async () => {
    const image = await pushedImage(kind, 'bundles/app');
    await sign(image.ref);
    await attest(image.ref, 'spdxjson');
    await attest(image.ref, 'slsaprovenance1');
    const found = await bundleReferrers(image.repo, image.digest);
    expect(found.map(predicateTypeOf).sort()).toEqual([SIGN, SLSA_V1, SPDX].sort());
    const result = await gate(image.ref);
    expect(checksOf(result)).toEqual({
      signature: { passed: true, reason: undefined, source },
      sbom: { passed: true, reason: undefined, source },
      provenance: { passed: true, reason: undefined, source },
    });
    expect(result.verified).toBe(true);
  });

  it('an SBOM attestation is not a signature: SIGNATURE_ONLY_ATTESTATIONS', async () => {
    const image = await pushedImage(kind, 'bundles/attested-only');
    await attest(image.ref, 'spdxjson');
    const result = await gate(image.ref, { requirements: [{ kind: 'signature' }, { kind: 'sbom' }] });
    expect(checksOf(result)).toEqual({
      signature: { passed: false, reason: 'SIGNATURE_ONLY_ATTESTATIONS' },
      sbom: { passed: true, reason: undefined, source },
    });
  });

  it('a bundle whose statement names another digest: CLAIM_DIGEST_MISMATCH', async () => {
    const other = await pushedImage(kind, 'bundles/replay');
    await sign(other.ref);
    const [signature] = await bundleReferrers(other.repo, other.digest);
    const image = await pushedImage(kind, 'bundles/replay');
    await attach(kind, image.repo, image.digest, {
      ...signature?.manifest,
      subject: { ...signature?.manifest.subject, digest: image.digest },
    });
    const result = await gate(image.ref, { requirements: [{ kind: 'signature' }] });
    expect(checksOf(result)).toEqual({ signature: { passed: false, reason: 'CLAIM_DIGEST_MISMATCH' } });
  });

  it('an edited DSSE payload: SIGNATURE_UNTRUSTED', async () => {
    const image = await pushedImage(kind, 'bundles/edited');
    await sign(image.ref);
    const [signature] = await bundleReferrers(image.repo, image.digest);
    const statement = JSON.parse(
      Buffer.from(signature?.bundle.dsseEnvelope.payload ?? '', 'base64').toString('utf8'),
    );
    statement.predicate = { edited: true };
    const edited = {
      ...signature?.bundle,
      dsseEnvelope: {
        ...signature?.bundle.dsseEnvelope,
        payload: Buffer.from(JSON.stringify(statement)).toString('base64'),
      },
    };
    // Only the edited bundle is listed: a fresh image, the edited referrer attached to it.
    const target = await pushedImage(kind, 'bundles/edited');
    statement.subject[0].digest.sha256 = target.digest.slice('sha256:'.length);
    edited.dsseEnvelope.payload = Buffer.from(JSON.stringify(statement)).toString('base64');
    await attach(
      kind,
      target.repo,
      target.digest,
      { ...signature?.manifest, subject: { ...signature?.manifest.subject, digest: target.digest } },
      edited,
    );
    const result = await gate(target.ref, { requirements: [{ kind: 'signature' }] });
    expect(checksOf(result)).toEqual({ signature: { passed: false, reason: 'SIGNATURE_UNTRUSTED' } });
  });

  it('a bundle by an untrusted key whose hint names a trusted key: SIGNATURE_UNTRUSTED', async () => {
    const image = await pushedImage(kind, 'bundles/stranger');
    await sign(image.ref, stranger.key);
    const [signature] = await bundleReferrers(image.repo, image.digest);
    const spki = trusted.pub.keyObject.export({ type: 'spki', format: 'der' });
    const hint = createHash('sha256').update(spki).digest('base64');
    const target = await pushedImage(kind, 'bundles/stranger-hint');
    await sign(target.ref, stranger.key);
    const [own] = await bundleReferrers(target.repo, target.digest);
    await attach(kind, target.repo, target.digest, own?.manifest, {
      ...own?.bundle,
      verificationMaterial: { publicKey: { hint } },
    });
    expect(signature).toBeDefined();
    const result = await gate(target.ref, { requirements: [{ kind: 'signature' }] });
    expect(checksOf(result)).toEqual({ signature: { passed: false, reason: 'SIGNATURE_UNTRUSTED' } });
  });

  it('a bundle by a revoked key: KEY_REVOKED', async () => {
    const image = await pushedImage(kind, 'bundles/revoked');
    await sign(image.ref);
    const result = await gate(image.ref, {
      requirements: [{ kind: 'signature' }],
      signature: { trustedKeys: [stranger.pub], revokedKeys: [trusted.pub] },
    });
    expect(checksOf(result)).toEqual({ signature: { passed: false, reason: 'KEY_REVOKED' } });
  });
});

describe.each<Kind>(['distribution', 'referrers'])('reads in %s', (kind) => {
  it('lists the referrers once per image for all requirements', async () => {
    const image = await pushedImage(kind, 'bundles/counted');
    await sign(image.ref);
    await attest(image.ref, 'spdxjson');
    await attest(image.ref, 'slsaprovenance1');
    const lines: string[] = [];
    const counting = new RegistryClient({ timeoutMs: 60_000, logger: { debug: (line) => lines.push(line) } });
    try {
      const policy = {
        signature: { trustedKeys: [trusted.pub] },
        requirements: [{ kind: 'signature' }, { kind: 'sbom' }, { kind: 'provenance' }] as const,
        platforms: 'index' as const,
        mode: 'enforce' as const,
      };
      const first = await runGate(
        counting,
        [{ image: image.ref, reference: parseReference(image.ref) }],
        policy,
      );
      expect(first.verified).toBe(true);
      const listings = lines.filter(
        (line) => line.includes('/referrers/') || line.includes(`/manifests/${referrersTag(image.digest)} `),
      );
      // Distribution: the API's 404, then the fallback tag; the API: one page.
      expect(listings).toHaveLength(kind === 'distribution' ? 2 : 1);
      lines.length = 0;
      const again = await runGate(
        counting,
        [{ image: image.ref, reference: parseReference(image.ref) }],
        policy,
      );
      expect(again.verified).toBe(true);
      // The registry without the API is remembered: straight to the fallback tag.
      expect(lines.filter((line) => line.includes('/referrers/'))).toHaveLength(
        kind === 'distribution' ? 0 : 1,
      );
    } finally {
      counting.close();
    }
  });

  it('an SBOM attestation whose statement names another digest: SUBJECT_MISMATCH', async () => {
    const other = await pushedImage(kind, 'bundles/sbom-replay');
    await attest(other.ref, 'spdxjson');
    const [sbom] = await bundleReferrers(other.repo, other.digest);
    const image = await pushedImage(kind, 'bundles/sbom-replay');
    await sign(image.ref);
    await attach(kind, image.repo, image.digest, {
      ...sbom?.manifest,
      subject: { ...sbom?.manifest.subject, digest: image.digest },
    });
    const result = await gate(image.ref, { requirements: [{ kind: 'signature' }, { kind: 'sbom' }] });
    expect(checksOf(result)).toEqual({
      signature: {
        passed: true,
        reason: undefined,
        source: kind === 'distribution' ? 'referrers-tag' : 'referrers-api',
      },
      sbom: { passed: false, reason: 'SUBJECT_MISMATCH' },
    });
  });

  it('a keyless bundle is reported, not passed, when the gate names no keyless signer: KEYLESS_NOT_CONFIGURED', async () => {
    const image = await pushedImage(kind, 'bundles/keyless');
    const bundle = JSON.parse(vectorText('cosign/oci-attestation.sigstore.json'));
    const empty = await client.putBlob(image.repo, Buffer.from('{}'));
    const manifest = {
      schemaVersion: 2,
      mediaType: MEDIA_TYPES.ociManifest,
      artifactType: 'application/vnd.dev.sigstore.bundle.v0.3+json',
      config: { mediaType: MEDIA_TYPES.ociEmpty, ...empty },
      layers: [{ mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json', digest: '', size: 0 }],
      subject: { mediaType: MEDIA_TYPES.ociManifest, digest: image.digest, size: 1 },
    };
    await attach(kind, image.repo, image.digest, manifest, bundle);
    const result = await gate(image.ref, { requirements: [{ kind: 'signature' }] });
    expect(checksOf(result)).toEqual({ signature: { passed: false, reason: 'KEYLESS_NOT_CONFIGURED' } });
  });
});

describe('predicate types and provenance policy (referrers API)', () => {
  const attestFile = (ref: string, type: string, file: string) =>
    cosign(['attest', '--key', trusted.key, '--type', type, '--predicate', file, ref]);

  it('sbom is met by a versioned SPDX type and by CycloneDX', async () => {
    const spdx = await pushedImage('referrers', 'bundles/spdx-versioned');
    await sign(spdx.ref);
    await attestFile(spdx.ref, 'https://spdx.dev/Document/v2.3', join(fixtures, 'spdx-2.3.json'));
    const cyclonedx = await pushedImage('referrers', 'bundles/cyclonedx');
    await sign(cyclonedx.ref);
    await attestFile(
      cyclonedx.ref,
      'cyclonedx',
      join(repoRoot, 'packages/sbom/test/fixtures/cyclonedx-1.5.json'),
    );
    for (const [image, predicateType] of [
      [spdx, 'https://spdx.dev/Document/v2.3'],
      [cyclonedx, 'https://cyclonedx.org/bom'],
    ] as const) {
      const result = await gate(image.ref, { requirements: [{ kind: 'signature' }, { kind: 'sbom' }] });
      expect(result.images[0]?.checks).toMatchObject([
        { check: 'signature', passed: true, source: 'referrers-api' },
        { check: 'sbom', passed: true, source: 'referrers-api', predicateType },
      ]);
    }
  });

  it('an SPDX predicate under the CycloneDX type is PREDICATE_INVALID', async () => {
    const image = await pushedImage('referrers', 'bundles/mislabelled');
    await attestFile(image.ref, 'cyclonedx', join(fixtures, 'spdx-2.3.json'));
    const result = await gate(image.ref, { requirements: [{ kind: 'sbom' }] });
    expect(checksOf(result)).toEqual({ sbom: { passed: false, reason: 'PREDICATE_INVALID' } });
  });

  it('provenance-source applies to bundle provenance: PROVENANCE_SOURCE_MISMATCH', async () => {
    const image = await pushedImage('referrers', 'bundles/provenance-source');
    await attest(image.ref, 'slsaprovenance1');
    const passing = await gate(image.ref, {
      requirements: [{ kind: 'provenance' }],
      provenance: { source: 'https://github.com/acme/app' },
    });
    expect(passing.images[0]?.checks).toMatchObject([
      { check: 'provenance', passed: true, provenance: { source: 'https://github.com/acme/app' } },
    ]);
    const failing = await gate(image.ref, {
      requirements: [{ kind: 'provenance' }],
      provenance: { source: 'https://github.com/acme/other' },
    });
    expect(checksOf(failing)).toEqual({
      provenance: { passed: false, reason: 'PROVENANCE_SOURCE_MISMATCH' },
    });
  });
});

describe('bundles with transparency-log entries (referrers API)', () => {
  it('are judged by their key, the log entries set aside unchecked as for .sig', async () => {
    const source = await pushedImage('referrers', 'bundles/logged');
    await sign(source.ref);
    const [signature] = await bundleReferrers(source.repo, source.digest);
    const vector = JSON.parse(vectorText('cosign/oci-attestation.sigstore.json'));
    const statement = JSON.parse(
      Buffer.from(signature?.bundle.dsseEnvelope.payload ?? '', 'base64').toString('utf8'),
    );
    expect(statement.subject[0].digest.sha256).toBe(source.digest.slice('sha256:'.length));
    // The same signed bundle with a (foreign) Rekor entry and a timestamp added, listed beside the original.
    await attach('referrers', source.repo, source.digest, signature?.manifest, {
      ...signature?.bundle,
      verificationMaterial: {
        ...(signature?.bundle['verificationMaterial'] as object),
        tlogEntries: vector.verificationMaterial.tlogEntries,
        timestampVerificationData: { rfc3161Timestamps: [] },
      },
    });
    const result = await gate(source.ref, { requirements: [{ kind: 'signature' }] });
    expect(checksOf(result)).toEqual({
      signature: { passed: true, reason: undefined, source: 'referrers-api' },
    });
    const bundles = result.images[0]?.checks[0]?.bundles ?? [];
    expect(bundles.some((bundle) => bundle.verified && bundle.message.includes('were not checked'))).toBe(
      true,
    );
  });
});

describe.each<Kind>(['distribution', 'referrers'])('a multi-platform index in %s', (kind) => {
  it('cosign sign --recursive and an SBOM per platform meet platforms: all', async () => {
    const repo = { registry: hostOf(kind), repository: 'bundles/index' };
    const index = await pushTestIndex(client, repo, {
      platforms: [
        { os: 'linux', architecture: 'amd64' },
        { os: 'linux', architecture: 'arm64' },
      ],
    });
    const ref = `${repo.registry}/${repo.repository}@${index.digest}`;
    await cosign(['sign', '--key', trusted.key, '--recursive', ref]);
    for (const image of index.images)
      await attest(`${repo.registry}/${repo.repository}@${image.digest}`, 'spdxjson');
    const result = await gate(ref, {
      requirements: [{ kind: 'signature' }, { kind: 'sbom' }],
      platforms: 'all',
    });
    expect(
      result.images[0]?.checks.map(({ check, passed, platform, reason }) => [
        check,
        platform,
        passed,
        reason,
      ]),
    ).toEqual([
      ['signature', undefined, true, undefined],
      ['signature', 'linux/amd64', true, undefined],
      ['sbom', 'linux/amd64', true, undefined],
      ['signature', 'linux/arm64', true, undefined],
      ['sbom', 'linux/arm64', true, undefined],
    ]);
  });
});

describe('annotations (referrers API)', () => {
  it('cosign sign -a puts them in the signed statement; the gate requires them there', async () => {
    const image = await pushedImage('referrers', 'bundles/annotated');
    await cosign(['sign', '--key', trusted.key, '-a', 'env=prod', image.ref]);
    const required = (env: string) =>
      gate(image.ref, {
        requirements: [{ kind: 'signature' }],
        signature: { trustedKeys: [trusted.pub], annotations: { env } },
      });
    expect(checksOf(await required('prod'))).toEqual({
      signature: { passed: true, reason: undefined, source: 'referrers-api' },
    });
    expect(checksOf(await required('dev'))).toEqual({
      signature: { passed: false, reason: 'ANNOTATION_MISMATCH' },
    });
  });
});

describe('the referrers tag schema (Distribution)', () => {
  it('a referrer whose subject is another image: REFERRER_SUBJECT_MISMATCH', async () => {
    const other = await pushedImage('distribution', 'bundles/foreign');
    await sign(other.ref);
    const [signature] = await bundleReferrers(other.repo, other.digest);
    const image = await pushedImage('distribution', 'bundles/foreign');
    await attach('distribution', image.repo, image.digest, signature?.manifest);
    const result = await gate(image.ref, { requirements: [{ kind: 'signature' }] });
    expect(checksOf(result)).toEqual({ signature: { passed: false, reason: 'REFERRER_SUBJECT_MISMATCH' } });
  });
});
