import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SigilError } from '@sigil/core';
import { MEDIA_TYPES, RegistryClient, type RepositoryRef } from '@sigil/oci';
import { pushTestImage, startRegistry, type StartedRegistry } from '@sigil/testing';
import { generateKeyPairSync, verify } from 'node:crypto';
import {
  attestImage,
  attestationTag,
  parseDsseEnvelope,
  verifyImageAttestations,
  type AttestationPolicy,
} from '../src/index.js';
import { DSSE_ENVELOPE_MEDIA_TYPE, dsseEnvelopeBytes } from '../src/dsse.js';
import { IN_TOTO_PAYLOAD_TYPE } from '../src/in-toto-statement.js';
import { appendAttestation } from '../src/attestation-store.js';
import { inTotoStatement, preAuthEncoding } from './support/whole-buffers.js';
import { SigningKey } from '@sigil/keys';

let server: StartedRegistry;
let client: RegistryClient;

beforeAll(async () => {
  server = await startRegistry();
  client = new RegistryClient({ timeoutMs: 60_000 });
});

afterAll(async () => {
  client.close();
  await server.stop();
});

const SPDX = 'https://spdx.dev/Document';
const SLSA = 'https://slsa.dev/provenance/v1';
const repo = (name: string): RepositoryRef => ({ registry: server.host, repository: name });
const newKey = (): SigningKey =>
  new SigningKey(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey);
const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const text = (data: Uint8Array): string => Buffer.from(data).toString('utf8');
const spdx = (name: string) => bytes(JSON.stringify({ spdxVersion: 'SPDX-2.3', name, packages: [] }));
const slsa = bytes(
  '{"buildDefinition":{"buildType":"https://example/b"},"runDetails":{"builder":{"id":"b"}}}',
);

interface LayerJson {
  mediaType: string;
  size: number;
  digest: string;
  annotations: Record<string, string>;
}
interface ManifestJson {
  schemaVersion: number;
  mediaType: string;
  config: { mediaType: string; size: number; digest: string };
  layers: LayerJson[];
}

async function attManifest(r: RepositoryRef, digest: string): Promise<ManifestJson> {
  const response = await client.getManifest(r, attestationTag(digest));
  if (response === undefined) throw new Error('no .att manifest');
  expect(response.mediaType).toBe(MEDIA_TYPES.ociManifest);
  return JSON.parse(text(response.bytes)) as ManifestJson;
}

async function putAttManifest(r: RepositoryRef, digest: string, manifest: ManifestJson): Promise<void> {
  await client.putManifest(
    r,
    attestationTag(digest),
    bytes(JSON.stringify(manifest)),
    MEDIA_TYPES.ociManifest,
  );
}

/** Replaces the blob of layer `index` with `edit(envelope)`, as someone with write access to the repository could. */
async function editEnvelope(
  r: RepositoryRef,
  digest: string,
  index: number,
  edit: (json: Record<string, unknown>) => void,
) {
  const manifest = await attManifest(r, digest);
  const layer = manifest.layers[index] as LayerJson;
  const json = JSON.parse(text(await client.getBlob(r, layer.digest))) as Record<string, unknown>;
  edit(json);
  const pushed = await client.putBlob(r, bytes(JSON.stringify(json)));
  manifest.layers[index] = { ...layer, ...pushed };
  await putAttManifest(r, digest, manifest);
}

async function image(name: string) {
  const r = repo(name);
  const pushed = await pushTestImage(client, r);
  return {
    r,
    digest: pushed.digest,
    target: { image: `${server.host}/${name}@${pushed.digest}`, repo: r, digest: pushed.digest },
  };
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof SigilError) return error.code;
    throw error;
  }
  return 'no error';
}

const signer = newKey();
const policy = (predicateType: string, extra: Partial<AttestationPolicy> = {}): AttestationPolicy => ({
  trustedKeys: [signer.publicKey],
  predicateType,
  ...extra,
});

describe('attestImage stores cosign legacy attestations', () => {
  it('writes one DSSE layer under sha256-<hex>.att in cosign layout, with a v0.1 statement of the image', async () => {
    const { r, digest, target } = await image('att/layout');
    const attested = await attestImage(client, target, signer, {
      predicateType: SPDX,
      predicate: spdx('app'),
    });
    const hex = digest.slice('sha256:'.length);
    expect(attested).toEqual({
      image: target.image,
      digest,
      predicateType: SPDX,
      format: 'legacy',
      ref: `${server.host}/att/layout:sha256-${hex}.att`,
      deduplicated: false,
      replaced: 0,
    });

    const manifest = await attManifest(r, digest);
    expect(Object.keys(manifest)).toEqual(['schemaVersion', 'mediaType', 'config', 'layers']);
    expect(manifest.config.mediaType).toBe(MEDIA_TYPES.ociConfig);
    const layer = manifest.layers[0] as LayerJson;
    expect(manifest.layers).toHaveLength(1);
    expect(Object.keys(layer)).toEqual(['mediaType', 'size', 'digest', 'annotations']);
    expect(layer.mediaType).toBe(DSSE_ENVELOPE_MEDIA_TYPE);
    expect(layer.annotations).toEqual({ 'dev.cosignproject.cosign/signature': '', predicateType: SPDX });

    const blob = await client.getBlob(r, layer.digest);
    expect(text(blob)).toMatch(
      /^\{"payloadType":"application\/vnd.in-toto\+json","payload":"[^"]+","signatures":\[\{"keyid":"","sig":"[^"]+"\}\]\}$/,
    );
    const parsed = parseDsseEnvelope(blob);
    if (!parsed.ok) throw new Error(parsed.message);
    expect(text(parsed.envelope.payload)).toBe(
      `{"_type":"https://in-toto.io/Statement/v0.1","predicateType":"${SPDX}",` +
        `"subject":[{"name":"${server.host}/att/layout","digest":{"sha256":"${hex}"}}],"predicate":${text(spdx('app'))}}`,
    );
    const sig = Buffer.from(parsed.envelope.signatures[0]?.sig ?? '', 'base64');
    expect(
      verify(
        'sha256',
        preAuthEncoding(IN_TOTO_PAYLOAD_TYPE, parsed.envelope.payload),
        signer.publicKey.keyObject,
        sig,
      ),
    ).toBe(true);

    const config = text(await client.getBlob(r, manifest.config.digest));
    expect(config).toBe(
      `{"architecture":"","created":"0001-01-01T00:00:00Z","history":[{"created":"0001-01-01T00:00:00Z"}],` +
        `"os":"","rootfs":{"type":"layers","diff_ids":["${layer.digest}"]},"config":{}}`,
    );

    const verdict = await verifyImageAttestations(client, target, policy(SPDX));
    expect(verdict).toMatchObject({
      verified: true,
      attestationRef: attested.ref,
      acceptedKeyIds: [signer.publicKey.id],
      statement: { predicateType: SPDX, predicate: { name: 'app' } },
    });
  });

  it('appends a second predicate type; each verifies on its own, the other is not fetched', async () => {
    const { r, digest, target } = await image('att/two-types');
    await attestImage(client, target, signer, { predicateType: SPDX, predicate: spdx('app') });
    await attestImage(client, target, signer, { predicateType: SLSA, predicate: slsa });
    const manifest = await attManifest(r, digest);
    expect(manifest.layers.map((layer) => layer.annotations['predicateType'])).toEqual([SPDX, SLSA]);
    const config = JSON.parse(text(await client.getBlob(r, manifest.config.digest))) as {
      rootfs: { diff_ids: string[] };
    };
    expect(config.rootfs.diff_ids).toEqual(manifest.layers.map((layer) => layer.digest));

    const sbom = await verifyImageAttestations(client, target, policy(SPDX));
    const provenance = await verifyImageAttestations(client, target, policy(SLSA));
    expect([sbom.verified, provenance.verified]).toEqual([true, true]);
    expect(provenance.statement).toMatchObject({
      predicateType: SLSA,
      predicate: { runDetails: { builder: { id: 'b' } } },
    });
    expect(sbom.layers.map((layer) => [layer.checked, layer.verified])).toEqual([
      [true, true],
      [false, false],
    ]);
  });

  it('replace removes the layers of the same predicate type only, then appends', async () => {
    const { r, digest, target } = await image('att/replace');
    await attestImage(client, target, signer, { predicateType: SPDX, predicate: spdx('v1') });
    await attestImage(client, target, signer, { predicateType: SLSA, predicate: slsa });
    await attestImage(client, target, newKey(), { predicateType: SPDX, predicate: spdx('v1-other-key') });
    const replaced = await attestImage(
      client,
      target,
      signer,
      { predicateType: SPDX, predicate: spdx('v2') },
      { replace: true },
    );
    expect(replaced).toMatchObject({ deduplicated: false, replaced: 2 });
    const manifest = await attManifest(r, digest);
    expect(manifest.layers.map((layer) => layer.annotations['predicateType'])).toEqual([SLSA, SPDX]);
    const verdict = await verifyImageAttestations(client, target, policy(SPDX));
    expect(verdict).toMatchObject({ verified: true, statement: { predicate: { name: 'v2' } } });
    expect((await verifyImageAttestations(client, target, policy(SLSA))).verified).toBe(true);
  });

  it('de-duplicates: the same statement by the same key is not stored twice, with or without replace', async () => {
    const { r, digest, target } = await image('att/dedup');
    const first = await attestImage(client, target, signer, { predicateType: SPDX, predicate: spdx('same') });
    const before = await client.resolveDigest(r, attestationTag(digest));
    const again = await attestImage(client, target, signer, { predicateType: SPDX, predicate: spdx('same') });
    const replacing = await attestImage(
      client,
      target,
      signer,
      { predicateType: SPDX, predicate: spdx('same') },
      { replace: true },
    );
    expect([first.deduplicated, again.deduplicated, replacing.deduplicated]).toEqual([false, true, true]);
    expect(await client.resolveDigest(r, attestationTag(digest))).toBe(before);

    const otherKey = await attestImage(client, target, newKey(), {
      predicateType: SPDX,
      predicate: spdx('same'),
    });
    const otherPredicate = await attestImage(client, target, signer, {
      predicateType: SPDX,
      predicate: spdx('changed'),
    });
    expect([otherKey.deduplicated, otherPredicate.deduplicated]).toEqual([false, false]);
    expect((await attManifest(r, digest)).layers).toHaveLength(3);
  });

  it('serialises concurrent attestations of one image: every one is kept', async () => {
    const { r, digest, target } = await image('att/concurrent');
    const types = Array.from({ length: 6 }, (_, i) => `https://example.com/predicate/${i}`);
    await Promise.all(
      types.map((predicateType) =>
        attestImage(client, target, signer, { predicateType, predicate: bytes('{}') }),
      ),
    );
    const labels = (await attManifest(r, digest)).layers.map((layer) => layer.annotations['predicateType']);
    expect([...labels].sort()).toEqual([...types].sort());
  });

  it('round-trips a predicate larger than the base64 chunk (several MiB)', async () => {
    const { target } = await image('att/large');
    const packages = Array.from({ length: 60_000 }, (_, i) => ({
      name: `pkg-${i}`,
      versionInfo: `1.${i}.0`,
      SPDXID: `SPDXRef-${i}`,
    }));
    const predicate = bytes(JSON.stringify({ spdxVersion: 'SPDX-2.3', name: 'large', packages }));
    expect(predicate.length).toBeGreaterThan(3 * 1024 * 1024);
    await attestImage(client, target, signer, { predicateType: SPDX, predicate });
    const verdict = await verifyImageAttestations(client, target, policy(SPDX));
    expect(verdict.verified).toBe(true);
    expect((verdict.statement as { predicate: { packages: unknown[] } }).predicate.packages).toHaveLength(
      60_000,
    );
  });

  it('refuses an image that does not exist, and a 1001st attestation (cosign’s layer limit) unless replacing', async () => {
    const { r, digest, target } = await image('att/limit');
    const missing = { ...target, digest: `sha256:${'0'.repeat(64)}` };
    expect(
      await codeOf(attestImage(client, missing, signer, { predicateType: SPDX, predicate: spdx('x') })),
    ).toBe('MANIFEST_NOT_FOUND');

    await attestImage(client, target, signer, { predicateType: SPDX, predicate: spdx('x') });
    const manifest = await attManifest(r, digest);
    const layer = manifest.layers[0] as LayerJson;
    manifest.layers = Array.from({ length: 1000 }, () => layer);
    await putAttManifest(r, digest, manifest);
    expect(await codeOf(attestImage(client, target, signer, { predicateType: SLSA, predicate: slsa }))).toBe(
      'SIGNATURE_LIMIT',
    );
    const replaced = await attestImage(
      client,
      target,
      signer,
      { predicateType: SPDX, predicate: spdx('y') },
      { replace: true },
    );
    expect(replaced).toMatchObject({ replaced: 1000 });
    expect((await attManifest(r, digest)).layers).toHaveLength(1);
  });
});

describe('verifyImageAttestations refuses what it must, each with its reason', () => {
  it('NO_ATTESTATIONS, IMAGE_NOT_FOUND and ATTESTATION_MISSING', async () => {
    const { target } = await image('verify-att/none');
    expect(await verifyImageAttestations(client, target, policy(SPDX))).toMatchObject({
      verified: false,
      reason: 'NO_ATTESTATIONS',
    });
    const missing = { ...target, digest: `sha256:${'1'.repeat(64)}` };
    expect(await verifyImageAttestations(client, missing, policy(SPDX))).toMatchObject({
      reason: 'IMAGE_NOT_FOUND',
    });
    await attestImage(client, target, signer, { predicateType: SLSA, predicate: slsa });
    const verdict = await verifyImageAttestations(client, target, policy(SPDX));
    expect(verdict).toMatchObject({ verified: false, reason: 'ATTESTATION_MISSING' });
    expect(verdict.message).toContain(`found: ${SLSA}`);
  });

  it('SUBJECT_MISMATCH: the attestation of another image copied into this one’s .att', async () => {
    const a = await image('verify-att/subject');
    const b = await image('verify-att/subject');
    await attestImage(client, a.target, signer, { predicateType: SPDX, predicate: spdx('a') });
    await putAttManifest(b.r, b.digest, await attManifest(a.r, a.digest));
    const verdict = await verifyImageAttestations(client, b.target, policy(SPDX));
    expect(verdict).toMatchObject({ verified: false, reason: 'SUBJECT_MISMATCH' });
    expect(verdict.message).toContain(a.digest.slice('sha256:'.length));
  });

  it('PREDICATE_TYPE_MISMATCH when the annotation is relabelled but not the statement, for either requirement', async () => {
    const { r, digest, target } = await image('verify-att/relabel-annotation');
    await attestImage(client, target, signer, { predicateType: SPDX, predicate: spdx('a') });
    const manifest = await attManifest(r, digest);
    (manifest.layers[0] as LayerJson).annotations['predicateType'] = SLSA;
    await putAttManifest(r, digest, manifest);
    const asSbom = await verifyImageAttestations(client, target, policy(SPDX));
    const asProvenance = await verifyImageAttestations(client, target, policy(SLSA));
    expect([asSbom.reason, asProvenance.reason]).toEqual([
      'PREDICATE_TYPE_MISMATCH',
      'PREDICATE_TYPE_MISMATCH',
    ]);
    expect(asSbom.layers[0]).toMatchObject({
      predicateType: SLSA,
      statementPredicateType: SPDX,
      checked: true,
    });
  });

  it('PREDICATE_TYPE_MISMATCH when the statement says another type than the label (signed by the trusted key)', async () => {
    const { r, digest, target } = await image('verify-att/relabel-statement');
    const statement = inTotoStatement({
      predicateType: SLSA,
      subjects: [{ name: `${server.host}/verify-att/relabel-statement`, digest }],
      predicate: slsa,
    });
    const envelope = dsseEnvelopeBytes(
      IN_TOTO_PAYLOAD_TYPE,
      [statement],
      [signer.sign(preAuthEncoding(IN_TOTO_PAYLOAD_TYPE, statement))],
    );
    await appendAttestation(client, r, digest, {
      predicateType: SPDX,
      statementLength: statement.length,
      sign: () => Promise.resolve({ envelope }),
      isEquivalent: () => false,
    });
    for (const required of [SPDX, SLSA]) {
      expect(await verifyImageAttestations(client, target, policy(required))).toMatchObject({
        verified: false,
        reason: 'PREDICATE_TYPE_MISMATCH',
      });
    }
  });

  it('ATTESTATION_UNTRUSTED when the DSSE payload is edited or its payload type changed', async () => {
    const edited = await image('verify-att/payload-edited');
    await attestImage(client, edited.target, signer, { predicateType: SPDX, predicate: spdx('a') });
    await editEnvelope(edited.r, edited.digest, 0, (json) => {
      const statement = Buffer.from(String(json['payload']), 'base64').toString('utf8');
      json['payload'] = Buffer.from(statement.replace('"name":"a"', '"name":"b"')).toString('base64');
    });
    expect(await verifyImageAttestations(client, edited.target, policy(SPDX))).toMatchObject({
      verified: false,
      reason: 'ATTESTATION_UNTRUSTED',
    });

    const retyped = await image('verify-att/payload-type');
    await attestImage(client, retyped.target, signer, { predicateType: SPDX, predicate: spdx('a') });
    await editEnvelope(retyped.r, retyped.digest, 0, (json) => (json['payloadType'] = 'application/json'));
    const verdict = await verifyImageAttestations(client, retyped.target, policy(SPDX));
    expect(verdict).toMatchObject({ verified: false, reason: 'ATTESTATION_UNTRUSTED' });
    expect(verdict.message).toContain('payload type is "application/json"');
  });

  it('ATTESTATION_UNTRUSTED for an attestation by an untrusted key; KEY_REVOKED for a revoked one, reported even beside a good one', async () => {
    const { target } = await image('verify-att/keys');
    const revoked = newKey();
    await attestImage(client, target, newKey(), { predicateType: SPDX, predicate: spdx('stranger') });
    expect(await verifyImageAttestations(client, target, policy(SPDX))).toMatchObject({
      reason: 'ATTESTATION_UNTRUSTED',
    });

    await attestImage(client, target, revoked, { predicateType: SPDX, predicate: spdx('revoked') });
    const withRevoked = policy(SPDX, {
      trustedKeys: [signer.publicKey, revoked.publicKey],
      revokedKeys: [revoked.publicKey],
    });
    expect(await verifyImageAttestations(client, target, withRevoked)).toMatchObject({
      verified: false,
      reason: 'KEY_REVOKED',
      revokedSignatures: [{ layer: 1, keyId: revoked.publicKey.id }],
    });

    await attestImage(client, target, signer, { predicateType: SPDX, predicate: spdx('good') });
    expect(await verifyImageAttestations(client, target, withRevoked)).toMatchObject({
      verified: true,
      acceptedKeyIds: [signer.publicKey.id],
      revokedSignatures: [{ layer: 1, keyId: revoked.publicKey.id }],
      statement: { predicate: { name: 'good' } },
    });
  });

  it('PREDICATE_INVALID when validatePredicate refuses, PAYLOAD_DIGEST_MISMATCH when the stored size lies', async () => {
    const { r, digest, target } = await image('verify-att/predicate');
    await attestImage(client, target, signer, {
      predicateType: SPDX,
      predicate: bytes('{"spdxVersion":"SPDX-1.0"}'),
    });
    const validatePredicate = (predicate: unknown) =>
      (predicate as { spdxVersion?: string }).spdxVersion === 'SPDX-2.3'
        ? { ok: true as const }
        : { ok: false as const, message: 'not SPDX 2.3' };
    const verdict = await verifyImageAttestations(client, target, policy(SPDX, { validatePredicate }));
    expect(verdict).toMatchObject({ verified: false, reason: 'PREDICATE_INVALID' });
    expect(verdict.message).toContain('not SPDX 2.3');

    const manifest = await attManifest(r, digest);
    (manifest.layers[0] as LayerJson).size -= 1;
    await putAttManifest(r, digest, manifest);
    expect(await verifyImageAttestations(client, target, policy(SPDX))).toMatchObject({
      reason: 'PAYLOAD_DIGEST_MISMATCH',
    });
  });

  it('reports the most significant layer: a replayed attestation outranks an untrusted one', async () => {
    const a = await image('verify-att/rank');
    const b = await image('verify-att/rank');
    await attestImage(client, b.target, newKey(), { predicateType: SPDX, predicate: spdx('stranger') });
    await attestImage(client, a.target, signer, { predicateType: SPDX, predicate: spdx('a') });
    const own = await attManifest(b.r, b.digest);
    own.layers.push(...(await attManifest(a.r, a.digest)).layers);
    await putAttManifest(b.r, b.digest, own);
    const verdict = await verifyImageAttestations(client, b.target, policy(SPDX));
    expect(verdict).toMatchObject({ verified: false, reason: 'SUBJECT_MISMATCH' });
    expect(verdict.layers.map((layer) => layer.reason)).toEqual([
      'ATTESTATION_UNTRUSTED',
      'SUBJECT_MISMATCH',
    ]);
  });

  it('fails with the registry’s error code when the .att tag holds something else', async () => {
    const { r, digest, target } = await image('verify-att/not-oci');
    await client.putManifest(
      r,
      attestationTag(digest),
      bytes(JSON.stringify({ schemaVersion: 2, mediaType: MEDIA_TYPES.ociIndex, manifests: [] })),
      MEDIA_TYPES.ociIndex,
    );
    expect(await verifyImageAttestations(client, target, policy(SPDX))).toMatchObject({
      verified: false,
      reason: 'MANIFEST_INVALID',
    });
  });
});
