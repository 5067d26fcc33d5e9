import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { attestImageBundle, signImageBundles } from '@sigil/bundles';
import { SigningKey } from '@sigil/keys';
import { MEDIA_TYPES, RegistryClient, parseReference, sha256Digest, type Descriptor } from '@sigil/oci';
import {
  pushTestImage,
  pushTestIndex,
  startReferrersRegistry,
  startRegistry,
  type StartedReferrersRegistry,
  type StartedRegistry,
} from '@sigil/testing';
import { generateKeyPairSync } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { blobPath, startTamperingProxy, withBody } from '../../../test/e2e/tampering-proxy.js';
import { referrersTag } from '../../oci/src/referrers.js';
import { runGate, type GateCheck, type GateResult } from '../src/index.js';
import { bytes, spdxDocument } from './support/predicates.js';
import { writtenBundles, type Image, type WrittenBundle } from './support/written-bundles.js';

/**
 * Bundles that sigil wrote (packages/bundles), then tampered with through the registry client the way an
 * attacker with push access (or a broken tool) would, read by the gate on Docker Distribution (the fallback
 * index) and go-containerregistry (the referrers API). Each tampering is never a pass, and says what it is.
 * The tamperings that cosign-written bundles already pin (test/interop/cosign-v3-bundles.interop.test.ts: a
 * key hint naming a trusted key, a referrer about another image, a statement about another digest, an
 * edited signature payload, attestations as the only "signature", a revoked key, keyless) are not repeated.
 */
const BUNDLE_V03 = 'application/vnd.dev.sigstore.bundle.v0.3+json';
const BUNDLE_V09 = 'application/vnd.dev.sigstore.bundle.v0.9+json';
const SPDX = 'https://spdx.dev/Document';
const key = new SigningKey(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey);
const encoder = new TextEncoder();
const decoder = new TextDecoder();

let distribution: StartedRegistry;
let referrersApi: StartedReferrersRegistry;
let client: RegistryClient;

beforeAll(async () => {
  [distribution, referrersApi] = await Promise.all([startRegistry(), startReferrersRegistry()]);
  client = new RegistryClient({ timeoutMs: 60_000, referrersIndexUpdate: { settleMs: 300, staleMs: 100 } });
});

afterAll(async () => {
  client.close();
  await Promise.all([distribution?.stop(), referrersApi?.stop()]);
});

type GatePolicy = Parameters<typeof runGate>[2];
type Requirements = GatePolicy['requirements'];

const { image, twin, readWritten, attach } = writtenBundles(() => client);

async function sigilSignature(target: Image): Promise<WrittenBundle> {
  const [signed] = await signImageBundles(client, { image: target.ref, ...target }, key);
  return readWritten(target.repo, signed!.ref);
}

async function sigilSbom(target: Image): Promise<WrittenBundle> {
  const attested = await attestImageBundle(client, { image: target.ref, ...target }, key, {
    predicateType: SPDX,
    predicate: bytes(spdxDocument('tampering')),
  });
  return readWritten(target.repo, attested.ref);
}

/** Appends `entries` to the fallback index of `subject` as a tool other than sigil would (Distribution). */
async function appendToFallbackIndex(target: Image, entries: readonly Descriptor[]): Promise<void> {
  const tag = referrersTag(target.digest);
  const current = await client.getManifest(target.repo, tag);
  const index =
    current === undefined
      ? { schemaVersion: 2, mediaType: MEDIA_TYPES.ociIndex, manifests: [] as unknown[] }
      : (JSON.parse(decoder.decode(current.bytes)) as { manifests: unknown[] });
  index.manifests.push(...entries);
  await client.putManifest(target.repo, tag, encoder.encode(JSON.stringify(index)), MEDIA_TYPES.ociIndex);
}

function gate(target: Image, requirements: Requirements, registry = client): Promise<GateResult> {
  return runGate(registry, [{ image: target.ref, reference: parseReference(target.ref) }], {
    signature: { trustedKeys: [key.publicKey] },
    requirements,
    platforms: 'index',
    mode: 'enforce',
  });
}

function checksOf(result: GateResult): GateCheck[] {
  expect(result.images).toHaveLength(1);
  return [...(result.images[0]?.checks ?? [])];
}

/** `[check, passed, reason]` of each check; the gate never verified the image when one failed. */
function outcomes(result: GateResult): [string, boolean, string | undefined][] {
  const checks = checksOf(result).map((check): [string, boolean, string | undefined] => [
    check.check,
    check.passed,
    check.reason,
  ]);
  if (checks.some(([, passed]) => !passed)) expect(result.verified).toBe(false);
  return checks;
}

/** The statement inside a bundle's DSSE payload, edited, the signature left as it was. */
function withEditedStatement(
  bundle: WrittenBundle['bundle'],
  edit: (statement: {
    subject: { digest: { sha256: string } }[];
    predicate: Record<string, unknown>;
  }) => void,
): WrittenBundle['bundle'] {
  const statement = JSON.parse(Buffer.from(bundle.dsseEnvelope.payload, 'base64').toString('utf8'));
  edit(statement);
  return {
    ...bundle,
    dsseEnvelope: {
      ...bundle.dsseEnvelope,
      payload: Buffer.from(JSON.stringify(statement)).toString('base64'),
    },
  };
}

const registries = [
  ['Docker Distribution (fallback index)', () => distribution.host, 'referrers-tag'],
  ['go-containerregistry (referrers API)', () => referrersApi.host, 'referrers-api'],
] as const;

describe('a listed referrer that is not a bundle does not count and does not break the check', () => {
  it('fallback index entries labelled as bundles that point at an image, an index and another artifact (Distribution)', async () => {
    const repo = { registry: distribution.host, repository: 'tamper/not-a-bundle' };
    const target = await image(repo);
    const ordinary = await pushTestImage(client, repo);
    const index = await pushTestIndex(client, repo);
    // A referrer of the image in every respect but its one layer, which is some other artifact.
    const config = await client.putBlob(repo, encoder.encode('{}'));
    const layer = await client.putBlob(repo, encoder.encode('{"not":"a bundle"}'));
    const other = await attach(
      target,
      {
        schemaVersion: 2,
        mediaType: MEDIA_TYPES.ociManifest,
        artifactType: BUNDLE_V03,
        config: { mediaType: MEDIA_TYPES.ociEmpty, ...config },
        layers: [{ mediaType: 'application/vnd.example.other+json', ...layer }],
        subject: { mediaType: MEDIA_TYPES.ociManifest, size: 1, digest: target.digest },
      },
      undefined,
      BUNDLE_V03,
    );
    await appendToFallbackIndex(target, [
      {
        mediaType: MEDIA_TYPES.ociManifest,
        digest: ordinary.digest,
        size: ordinary.manifest.byteLength,
        artifactType: BUNDLE_V03,
      },
      {
        mediaType: MEDIA_TYPES.ociIndex,
        digest: index.digest,
        size: index.index.byteLength,
        artifactType: BUNDLE_V03,
      },
    ]);
    const listed = await client.listReferrers(repo, target.digest);
    expect(listed.descriptors.map(({ digest }) => digest)).toEqual([other, ordinary.digest, index.digest]);

    const unsigned = await gate(target, [{ kind: 'signature' }, { kind: 'sbom' }]);
    expect(outcomes(unsigned)).toEqual([
      ['signature', false, 'NO_SIGNATURES'],
      ['sbom', false, 'NO_ATTESTATIONS'],
    ]);
    expect(checksOf(unsigned).map((check) => check.bundles)).toEqual([undefined, undefined]);

    // Beside them, sigil's signature is found and is the only bundle judged.
    const signature = await sigilSignature(target);
    const signed = await gate(target, [{ kind: 'signature' }]);
    expect(outcomes(signed)).toEqual([['signature', true, undefined]]);
    expect(checksOf(signed)[0]).toMatchObject({ source: 'referrers-tag' });
    expect(checksOf(signed)[0]?.bundles?.map(({ manifest, verified }) => [manifest, verified])).toEqual([
      [signature.referrer, true],
    ]);
  });

  it('a referrer whose layer is another artifact, with an empty config the listing cannot tell apart (ggcr)', async () => {
    const repo = { registry: referrersApi.host, repository: 'tamper/not-a-bundle' };
    const target = await image(repo);
    const config = await client.putBlob(repo, encoder.encode('{}'));
    const layer = await client.putBlob(repo, encoder.encode('{"not":"a bundle"}'));
    const other = await attach(target, {
      schemaVersion: 2,
      mediaType: MEDIA_TYPES.ociManifest,
      artifactType: BUNDLE_V03,
      config: { mediaType: MEDIA_TYPES.ociEmpty, ...config },
      layers: [{ mediaType: 'application/vnd.example.other+json', ...layer }],
      subject: { mediaType: MEDIA_TYPES.ociManifest, size: 1, digest: target.digest },
    });
    const listed = await client.listReferrers(repo, target.digest, { artifactTypes: [BUNDLE_V03] });
    expect(listed.descriptors.map(({ digest, artifactType }) => [digest, artifactType])).toEqual([
      [other, MEDIA_TYPES.ociEmpty],
    ]);
    expect(outcomes(await gate(target, [{ kind: 'signature' }]))).toEqual([
      ['signature', false, 'NO_SIGNATURES'],
    ]);
    await sigilSignature(target);
    expect(outcomes(await gate(target, [{ kind: 'signature' }]))).toEqual([['signature', true, undefined]]);
  });
});

describe.each(registries)('tampered sigil bundles on %s', (_name, host, source) => {
  it('a bundle whose own media type is an unknown version (v0.9) never passes: BUNDLE_INVALID', async () => {
    const repo = { registry: host(), repository: 'tamper/unknown-version' };
    const target = await image(repo);
    const source = await twin(target);
    const [signature, sbom] = [await sigilSignature(source), await sigilSbom(source)];
    expect(outcomes(await gate(source, [{ kind: 'signature' }, { kind: 'sbom' }]))).toEqual([
      ['signature', true, undefined],
      ['sbom', true, undefined],
    ]);
    // The same signed bundles, each relabelled v0.9 and otherwise untouched (the mediaType is not signed:
    // the signature over the statement still holds); the referrer manifests still say v0.3.
    for (const written of [signature, sbom])
      await attach(target, written.manifest, { ...written.bundle, mediaType: BUNDLE_V09 });
    const result = await gate(target, [{ kind: 'signature' }, { kind: 'sbom' }]);
    expect(outcomes(result)).toEqual([
      ['signature', false, 'BUNDLE_INVALID'],
      ['sbom', false, 'BUNDLE_INVALID'],
    ]);
    for (const check of checksOf(result)) {
      expect(check.message).toContain(BUNDLE_V09);
      expect(check.bundles?.map(({ verified, problem }) => [verified, problem])).toEqual([
        [false, 'BUNDLE_INVALID'],
        [false, 'BUNDLE_INVALID'],
      ]);
    }
  });

  it('a referrer listed as an unknown bundle version (v0.9) never passes: BUNDLE_INVALID', async () => {
    const repo = { registry: host(), repository: 'tamper/unknown-artifact-type' };
    const target = await image(repo);
    const signature = await sigilSignature(await twin(target));
    // sigil's valid v0.3 bundle about this very digest, in a referrer whose labels say v0.9.
    await attach(
      target,
      {
        ...signature.manifest,
        artifactType: BUNDLE_V09,
        config: { ...signature.manifest.config, artifactType: BUNDLE_V09 },
        layers: [{ ...signature.manifest.layers[0]!, mediaType: BUNDLE_V09 }],
      },
      signature.bundle,
      BUNDLE_V09,
    );
    const listed = await client.listReferrers(repo, target.digest);
    expect(listed).toMatchObject({ source, descriptors: [{ mediaType: MEDIA_TYPES.ociManifest }] });
    const result = await gate(target, [{ kind: 'signature' }]);
    expect(outcomes(result)).toEqual([['signature', false, 'BUNDLE_INVALID']]);
    expect(checksOf(result)[0]?.message).toContain(BUNDLE_V09);
  });

  it('an edited attestation payload: ATTESTATION_UNTRUSTED, never a pass', async () => {
    const repo = { registry: host(), repository: 'tamper/edited-sbom' };
    const original = await image(repo);
    const sbom = await sigilSbom(original);
    const target = await image(repo);
    const edited = withEditedStatement(sbom.bundle, (statement) => {
      statement.subject[0]!.digest.sha256 = target.digest.slice('sha256:'.length);
      statement.predicate['name'] = 'edited after signing';
    });
    await attach(
      target,
      { ...sbom.manifest, subject: { ...sbom.manifest.subject, digest: target.digest } },
      edited,
    );
    const result = await gate(target, [{ kind: 'sbom' }]);
    expect(outcomes(result)).toEqual([['sbom', false, 'ATTESTATION_UNTRUSTED']]);
    expect(checksOf(result)[0]?.bundles).toMatchObject([{ verified: false, problem: 'BUNDLE_UNTRUSTED' }]);
  });
});

describe('a bundle blob whose bytes do not match the digest its referrer names', () => {
  it('Distribution serving an edited blob from its storage: CONTENT_DIGEST_MISMATCH, never a pass', async () => {
    const repo = { registry: distribution.host, repository: 'tamper/blob-edited' };
    const target = await image(repo);
    const signature = await sigilSignature(target);
    expect(outcomes(await gate(target, [{ kind: 'signature' }]))).toEqual([['signature', true, undefined]]);
    // The bytes on disk, edited in place (same length): Distribution serves them under the old digest.
    const hex = signature.manifest.layers[0]!.digest.slice('sha256:'.length);
    const data = join(
      distribution.storageDir,
      'docker/registry/v2/blobs/sha256',
      hex.slice(0, 2),
      hex,
      'data',
    );
    const stored = await readFile(data);
    await writeFile(data, Buffer.from(stored.toString('utf8').replace('"sig":"M', '"sig":"N')));
    expect(sha256Digest(await readFile(data))).not.toBe(signature.manifest.layers[0]!.digest);
    const result = await gate(target, [{ kind: 'signature' }]);
    expect(outcomes(result)).toEqual([['signature', false, 'CONTENT_DIGEST_MISMATCH']]);
    expect(checksOf(result)[0]?.message).toContain('could not be read');
  });

  it('ggcr behind a proxy that serves other bytes for the blob: CONTENT_DIGEST_MISMATCH, never a pass', async () => {
    const proxy = await startTamperingProxy(referrersApi.host);
    const through = new RegistryClient({ timeoutMs: 30_000 });
    try {
      const repo = { registry: proxy.host, repository: 'tamper/blob-swapped' };
      const target = await image(repo);
      const signature = await sigilSignature(target);
      expect(outcomes(await gate(target, [{ kind: 'signature' }], through))).toEqual([
        ['signature', true, undefined],
      ]);
      const layer = signature.manifest.layers[0]!;
      proxy.tamper({
        after: (request, answer) =>
          request.method === 'GET' && request.url === blobPath(repo.repository, layer.digest)
            ? withBody(answer, encoder.encode(JSON.stringify({ ...signature.bundle, swapped: true })))
            : answer,
      });
      const result = await gate(target, [{ kind: 'signature' }], through);
      expect(outcomes(result)).toEqual([['signature', false, 'CONTENT_DIGEST_MISMATCH']]);
      expect(
        proxy.requests.filter((request) => request.url === blobPath(repo.repository, layer.digest)).length,
      ).toBeGreaterThanOrEqual(2);
    } finally {
      through.close();
      await proxy.stop();
    }
  });
});
