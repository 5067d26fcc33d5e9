import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { MEDIA_TYPES, RegistryClient, sha256Digest, type RepositoryRef } from '@sigil/oci';
import {
  findFreePort,
  pushTestImage,
  pushTestIndex,
  startRegistry,
  type StartedRegistry,
} from '@sigil/testing';
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { SigningKey } from '@sigil/keys';
import { signatureTag, verifyImageSignatures, type SignaturePolicy } from '../src/index.js';
import { appendSignature } from '../src/signature-store.js';
import { signImage } from '../src/sign.js';
import { simpleSigningPayload } from '../src/payload.js';

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

const repo = (name: string): RepositoryRef => ({ registry: server.host, repository: name });
const identity = (r: RepositoryRef): string => `${r.registry}/${r.repository}`;

interface TestKey {
  readonly privateKey: KeyObject;
  readonly signing: SigningKey;
}
function newKey(): TestKey {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return { privateKey, signing: new SigningKey(privateKey) };
}
const trusting = (...keys: TestKey[]): SignaturePolicy => ({
  trustedKeys: keys.map((k) => k.signing.publicKey),
});

async function signedImage(name: string, key: TestKey) {
  const r = repo(name);
  const image = await pushTestImage(client, r);
  const target = { image: `${identity(r)}@${image.digest}`, repo: r, digest: image.digest };
  await signImage(client, target, key.signing);
  return { r, image, target };
}

/** Appends a layer with exactly these payload bytes and this signature, bypassing the signer. */
async function appendRaw(
  r: RepositoryRef,
  digest: string,
  payload: Uint8Array,
  signature: Buffer,
): Promise<void> {
  await appendSignature(client, r, digest, {
    payload,
    signature: signature.toString('base64'),
    verifiesWithSignerKey: () => false,
  });
}

describe('verifyImageSignatures', () => {
  it('passes an image signed by a trusted key, naming the key that verified', async () => {
    const key = newKey();
    const { target } = await signedImage('verify/good', key);
    const verdict = await verifyImageSignatures(client, target, trusting(key));
    expect(verdict.verified).toBe(true);
    expect(verdict.reason).toBeUndefined();
    expect(verdict.acceptedKeyIds).toEqual([key.signing.publicKey.id]);
    expect(verdict.layers).toEqual([expect.objectContaining({ index: 0, verified: true })]);
  });

  it('accepts any of several trusted keys (rotation)', async () => {
    const old = newKey();
    const current = newKey();
    const { target } = await signedImage('verify/rotation', current);
    const verdict = await verifyImageSignatures(client, target, trusting(old, current));
    expect(verdict.acceptedKeyIds).toEqual([current.signing.publicKey.id]);
  });

  it('fails with SIGNATURE_UNTRUSTED when signed by another key', async () => {
    const { target } = await signedImage('verify/wrong-key', newKey());
    const verdict = await verifyImageSignatures(client, target, trusting(newKey()));
    expect([verdict.verified, verdict.reason]).toEqual([false, 'SIGNATURE_UNTRUSTED']);
  });

  it('fails with KEY_REVOKED when the only signature is by a revoked key, even one also trusted', async () => {
    const key = newKey();
    const { target } = await signedImage('verify/revoked', key);
    const verdict = await verifyImageSignatures(client, target, {
      ...trusting(key),
      revokedKeys: [key.signing.publicKey],
    });
    expect([verdict.verified, verdict.reason]).toEqual([false, 'KEY_REVOKED']);
    expect(verdict.revokedSignatures).toEqual([{ layer: 0, keyId: key.signing.publicKey.id }]);
  });

  it('passes by another key but still reports the revoked-key signature', async () => {
    const revoked = newKey();
    const good = newKey();
    const { target } = await signedImage('verify/revoked-and-good', revoked);
    await signImage(client, target, good.signing);
    const verdict = await verifyImageSignatures(client, target, {
      ...trusting(revoked, good),
      revokedKeys: [revoked.signing.publicKey],
    });
    expect(verdict.verified).toBe(true);
    expect(verdict.acceptedKeyIds).toEqual([good.signing.publicKey.id]);
    expect(verdict.revokedSignatures).toEqual([{ layer: 0, keyId: revoked.signing.publicKey.id }]);
  });

  it('fails with CLAIM_DIGEST_MISMATCH for a trusted signature over another image digest', async () => {
    const key = newKey();
    const r = repo('verify/claim');
    const image = await pushTestImage(client, r);
    const other = await pushTestImage(client, r);
    const payload = simpleSigningPayload(identity(r), other.digest);
    await appendRaw(r, image.digest, payload, sign('sha256', payload, key.privateKey));
    const verdict = await verifyImageSignatures(
      client,
      { image: 'img', repo: r, digest: image.digest },
      trusting(key),
    );
    expect([verdict.verified, verdict.reason]).toEqual([false, 'CLAIM_DIGEST_MISMATCH']);
  });

  it('fails with PAYLOAD_DIGEST_MISMATCH when the payload was edited in the registry storage', async () => {
    const key = newKey();
    const { r, image, target } = await signedImage('verify/storage-edit', key);
    const sig = await client.getManifest(r, signatureTag(image.digest));
    const layerDigest: string = JSON.parse(Buffer.from(sig?.bytes ?? []).toString()).layers[0].digest;
    const hex = layerDigest.slice('sha256:'.length);
    const file = path.join(
      server.storageDir,
      'docker/registry/v2/blobs/sha256',
      hex.slice(0, 2),
      hex,
      'data',
    );
    const original = (await readFile(file)).toString();
    const other = await pushTestImage(client, r);
    const edited = original.replace(image.digest, other.digest);
    expect(edited).not.toBe(original);
    await writeFile(file, edited);

    const verdict = await verifyImageSignatures(client, target, trusting(key));
    expect([verdict.verified, verdict.reason]).toEqual([false, 'PAYLOAD_DIGEST_MISMATCH']);
  });

  it('fails with SIGNATURE_UNTRUSTED when an edited payload is pushed with the old signature', async () => {
    const key = newKey();
    const r = repo('verify/re-pushed');
    const image = await pushTestImage(client, r);
    const payload = simpleSigningPayload(identity(r), image.digest);
    const signature = sign('sha256', payload, key.privateKey);
    const edited = simpleSigningPayload(identity(r), image.digest, { approved: 'true' });
    await appendRaw(r, image.digest, edited, signature);
    const verdict = await verifyImageSignatures(
      client,
      { image: 'img', repo: r, digest: image.digest },
      trusting(key),
    );
    expect([verdict.verified, verdict.reason]).toEqual([false, 'SIGNATURE_UNTRUSTED']);
  });

  it('fails with SIGNATURE_ENCODING for an IEEE P1363 signature', async () => {
    const key = newKey();
    const r = repo('verify/p1363');
    const image = await pushTestImage(client, r);
    const payload = simpleSigningPayload(identity(r), image.digest);
    await appendRaw(
      r,
      image.digest,
      payload,
      sign('sha256', payload, { key: key.privateKey, dsaEncoding: 'ieee-p1363' }),
    );
    const verdict = await verifyImageSignatures(
      client,
      { image: 'img', repo: r, digest: image.digest },
      trusting(key),
    );
    expect([verdict.verified, verdict.reason]).toEqual([false, 'SIGNATURE_ENCODING']);
  });

  it('fails with IDENTITY_MISMATCH for a signature layer copied from another repository', async () => {
    const key = newKey();
    const { r: source, image } = await signedImage('verify/identity-source', key);
    const copy = repo('verify/identity-copy');
    for (const blob of [image.config, image.layer]) {
      await client.putBlob(copy, await client.getBlob(source, blob.digest));
    }
    await client.putManifest(copy, image.digest, image.manifest, MEDIA_TYPES.ociManifest);
    const sig = await client.getManifest(source, signatureTag(image.digest));
    const sigManifest = JSON.parse(Buffer.from(sig?.bytes ?? []).toString());
    for (const blob of [sigManifest.config, ...sigManifest.layers]) {
      await client.putBlob(copy, await client.getBlob(source, blob.digest));
    }
    await client.putManifest(
      copy,
      signatureTag(image.digest),
      sig?.bytes ?? new Uint8Array(),
      MEDIA_TYPES.ociManifest,
    );

    const verdict = await verifyImageSignatures(
      client,
      { image: 'copy', repo: copy, digest: image.digest },
      trusting(key),
    );
    expect([verdict.verified, verdict.reason]).toEqual([false, 'IDENTITY_MISMATCH']);
  });

  it('requires the given annotations in the signed payload (ANNOTATION_MISMATCH otherwise)', async () => {
    const key = newKey();
    const r = repo('verify/annotations');
    const image = await pushTestImage(client, r);
    const target = { image: 'img', repo: r, digest: image.digest };
    await signImage(client, target, key.signing, { annotations: { env: 'staging' } });
    const staging = await verifyImageSignatures(client, target, {
      ...trusting(key),
      annotations: { env: 'staging' },
    });
    const prod = await verifyImageSignatures(client, target, {
      ...trusting(key),
      annotations: { env: 'prod' },
    });
    expect(staging.verified).toBe(true);
    expect([prod.verified, prod.reason]).toEqual([false, 'ANNOTATION_MISMATCH']);
  });

  it('passes when a bad layer is followed by a good one, reporting both', async () => {
    const key = newKey();
    const r = repo('verify/bad-then-good');
    const image = await pushTestImage(client, r);
    const target = { image: 'img', repo: r, digest: image.digest };
    const payload = simpleSigningPayload(identity(r), image.digest);
    await appendRaw(r, image.digest, payload, sign('sha256', payload, newKey().privateKey));
    await signImage(client, target, key.signing);
    const verdict = await verifyImageSignatures(client, target, trusting(key));
    expect(verdict.verified).toBe(true);
    expect(verdict.layers.map((layer) => [layer.verified, layer.reason])).toEqual([
      [false, 'SIGNATURE_UNTRUSTED'],
      [true, undefined],
    ]);
  });

  it('fails with NO_SIGNATURES for an unsigned image, IMAGE_NOT_FOUND for a missing one', async () => {
    const r = repo('verify/unsigned');
    const image = await pushTestImage(client, r);
    const unsigned = await verifyImageSignatures(
      client,
      { image: 'img', repo: r, digest: image.digest },
      trusting(newKey()),
    );
    const missing = await verifyImageSignatures(
      client,
      { image: 'gone', repo: r, digest: sha256Digest(Buffer.from('gone')) },
      trusting(newKey()),
    );
    expect(unsigned.reason).toBe('NO_SIGNATURES');
    expect(missing.reason).toBe('IMAGE_NOT_FOUND');
  });

  it('checks only the index of a multi-platform image: children need their own signatures', async () => {
    const key = newKey();
    const r = repo('verify/index');
    const index = await pushTestIndex(client, r);
    await signImage(client, { image: 'idx', repo: r, digest: index.digest }, key.signing);
    const child = index.images[0]?.digest ?? '';
    expect(
      (await verifyImageSignatures(client, { image: 'idx', repo: r, digest: index.digest }, trusting(key)))
        .verified,
    ).toBe(true);
    expect(
      (await verifyImageSignatures(client, { image: 'child', repo: r, digest: child }, trusting(key))).reason,
    ).toBe('NO_SIGNATURES');
  });

  it('fails with REGISTRY_UNREACHABLE, not a pass, when the registry cannot be reached', async () => {
    const port = await findFreePort();
    const down = new RegistryClient({ timeoutMs: 10_000, retry: { maxAttempts: 2, baseDelayMs: 10 } });
    try {
      const verdict = await verifyImageSignatures(
        down,
        {
          image: 'img',
          repo: { registry: `127.0.0.1:${port}`, repository: 'verify/down' },
          digest: sha256Digest(Buffer.from('x')),
        },
        trusting(newKey()),
      );
      expect([verdict.verified, verdict.reason]).toEqual([false, 'REGISTRY_UNREACHABLE']);
    } finally {
      down.close();
    }
  });
});
