import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SigilError } from '@sigil/core';
import { MEDIA_TYPES, RegistryClient, sha256Digest, type Registry, type RepositoryRef } from '@sigil/oci';
import { pushTestImage, pushTestIndex, startRegistry, type StartedRegistry } from '@sigil/testing';
import { generateKeyPairSync, verify } from 'node:crypto';
import { SigningKey } from '@sigil/keys';
import { signImages, signatureTag } from '../src/index.js';
import { appendSignature, readSignatures } from '../src/signature-store.js';
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
const newKey = (): SigningKey =>
  new SigningKey(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey);
const text = (bytes: Uint8Array): string => Buffer.from(bytes).toString('utf8');

interface LayerJson {
  mediaType: string;
  size: number;
  digest: string;
  annotations: Record<string, string>;
}
interface ManifestJson {
  mediaType: string;
  config: { mediaType: string; digest: string };
  layers: LayerJson[];
}

async function sigManifest(r: RepositoryRef, digest: string): Promise<ManifestJson> {
  const response = await client.getManifest(r, signatureTag(digest));
  if (response === undefined) throw new Error('no .sig manifest');
  expect(response.mediaType).toBe(MEDIA_TYPES.ociManifest);
  return JSON.parse(text(response.bytes));
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

describe('signImage writes cosign legacy signatures', () => {
  it('stores one layer in cosign layout under sha256-<hex>.sig, signed over the exact payload', async () => {
    const r = repo('store/layout');
    const image = await pushTestImage(client, r, { tag: 'v1' });
    const key = newKey();
    const [signed] = await signImage(
      client,
      { image: `${server.host}/store/layout:v1`, repo: r, digest: image.digest },
      key,
    );

    const hex = image.digest.slice('sha256:'.length);
    expect(signed).toEqual({
      image: `${server.host}/store/layout:v1`,
      digest: image.digest,
      format: 'legacy',
      ref: `${server.host}/store/layout:sha256-${hex}.sig`,
      deduplicated: false,
    });
    const manifest = await sigManifest(r, image.digest);
    expect(Object.keys(manifest)).toEqual(['schemaVersion', 'mediaType', 'config', 'layers']);
    expect(manifest.mediaType).toBe(MEDIA_TYPES.ociManifest);
    expect(manifest.config.mediaType).toBe(MEDIA_TYPES.ociConfig);
    expect(manifest.layers).toHaveLength(1);
    const layer = manifest.layers[0] as LayerJson;
    expect(Object.keys(layer)).toEqual(['mediaType', 'size', 'digest', 'annotations']);
    expect(layer.mediaType).toBe('application/vnd.dev.cosign.simplesigning.v1+json');
    expect(Object.keys(layer.annotations)).toEqual(['dev.cosignproject.cosign/signature']);

    const payload = await client.getBlob(r, layer.digest);
    expect(text(payload)).toBe(text(simpleSigningPayload(`${server.host}/store/layout`, image.digest)));
    const signature = Buffer.from(layer.annotations['dev.cosignproject.cosign/signature'] ?? '', 'base64');
    expect(verify('sha256', payload, key.publicKey.keyObject, signature)).toBe(true);

    const config = await client.getBlob(r, manifest.config.digest);
    expect(text(config)).toBe(
      `{"architecture":"","created":"0001-01-01T00:00:00Z","history":[{"created":"0001-01-01T00:00:00Z"}],` +
        `"os":"","rootfs":{"type":"layers","diff_ids":["${layer.digest}"]},"config":{}}`,
    );
  });

  it('writes annotations into the payload optional, keys sorted', async () => {
    const r = repo('store/annotations');
    const image = await pushTestImage(client, r);
    await signImage(client, { image: 'x', repo: r, digest: image.digest }, newKey(), {
      annotations: { team: 'payments', build: '42' },
    });
    const stored = await readSignatures(client, r, image.digest);
    const payload = stored?.layers[0]?.payload;
    expect(payload?.ok && text(payload.bytes)).toContain('"optional":{"build":"42","team":"payments"}');
  });

  it('de-duplicates like cosign: same key twice → one layer; another key → a second layer', async () => {
    const r = repo('store/dedup');
    const image = await pushTestImage(client, r);
    const target = { image: 'img', repo: r, digest: image.digest };
    const first = newKey();
    const second = newKey();

    const [a] = await signImage(client, target, first);
    const before = await client.resolveDigest(r, signatureTag(image.digest));
    const [b] = await signImage(client, target, first);
    expect([a?.deduplicated, b?.deduplicated]).toEqual([false, true]);
    expect(await client.resolveDigest(r, signatureTag(image.digest))).toBe(before);
    expect((await sigManifest(r, image.digest)).layers).toHaveLength(1);

    const [c] = await signImage(client, target, second);
    expect(c?.deduplicated).toBe(false);
    const manifest = await sigManifest(r, image.digest);
    expect(manifest.layers).toHaveLength(2);
    const config = JSON.parse(text(await client.getBlob(r, manifest.config.digest)));
    expect(config.rootfs.diff_ids).toEqual(manifest.layers.map((layer: { digest: string }) => layer.digest));
    expect(config.history).toHaveLength(2);
  });

  it('a different annotation set is a new layer even with the same key', async () => {
    const r = repo('store/dedup-annotations');
    const image = await pushTestImage(client, r);
    const key = newKey();
    const target = { image: 'img', repo: r, digest: image.digest };
    await signImage(client, target, key);
    const [again] = await signImage(client, target, key, { annotations: { env: 'prod' } });
    expect(again?.deduplicated).toBe(false);
    expect((await sigManifest(r, image.digest)).layers).toHaveLength(2);
  });

  it('keeps existing layers byte for byte (foreign annotations included) when appending', async () => {
    const r = repo('store/preserve');
    const image = await pushTestImage(client, r);
    const payload = simpleSigningPayload(`${server.host}/store/preserve`, image.digest);
    const foreign = {
      mediaType: 'application/vnd.dev.cosign.simplesigning.v1+json',
      size: payload.length,
      digest: sha256Digest(payload),
      annotations: { 'dev.cosignproject.cosign/signature': 'AAAA', 'dev.sigstore.cosign/bundle': '{"x":1}' },
    };
    await client.putBlob(r, payload);
    const config = await client.putBlob(r, new TextEncoder().encode('{}'));
    const existing = {
      schemaVersion: 2,
      mediaType: MEDIA_TYPES.ociManifest,
      config: { mediaType: MEDIA_TYPES.ociConfig, ...config },
      layers: [foreign],
    };
    await client.putManifest(
      r,
      signatureTag(image.digest),
      Buffer.from(JSON.stringify(existing)),
      MEDIA_TYPES.ociManifest,
    );

    await signImage(client, { image: 'img', repo: r, digest: image.digest }, newKey());
    const manifest = await sigManifest(r, image.digest);
    expect(manifest.layers).toHaveLength(2);
    expect(JSON.stringify(manifest.layers[0])).toBe(JSON.stringify(foreign));
  });

  it('recursive: signs the index, then each platform manifest under its own tag naming that manifest', async () => {
    const r = repo('store/multiarch');
    const index = await pushTestIndex(client, r, { tag: 'v1' });
    const signed = await signImage(
      client,
      { image: `${server.host}/store/multiarch:v1`, repo: r, digest: index.digest },
      newKey(),
      { recursive: true },
    );
    expect(signed.map((entry) => entry.digest)).toEqual([index.digest, ...index.images.map((i) => i.digest)]);
    expect(signed[1]?.image).toBe(`${server.host}/store/multiarch@${index.images[0]?.digest}`);
    for (const entry of signed) {
      const stored = await readSignatures(client, r, entry.digest);
      const payload = stored?.layers[0]?.payload;
      expect(payload?.ok && JSON.parse(text(payload.bytes)).critical.image['docker-manifest-digest']).toBe(
        entry.digest,
      );
    }
  });

  it('without recursive, signs only the index', async () => {
    const r = repo('store/index-only');
    const index = await pushTestIndex(client, r);
    const signed = await signImage(client, { image: 'i', repo: r, digest: index.digest }, newKey());
    expect(signed.map((entry) => entry.digest)).toEqual([index.digest]);
    expect(await readSignatures(client, r, index.images[0]?.digest ?? '')).toBeUndefined();
  });

  it('refuses to sign a digest the registry does not have (MANIFEST_NOT_FOUND)', async () => {
    const r = repo('store/missing');
    const digest = sha256Digest(Buffer.from('nothing'));
    expect(await codeOf(signImage(client, { image: 'x', repo: r, digest }, newKey()))).toBe(
      'MANIFEST_NOT_FOUND',
    );
  });

  it('asks whether the image exists only for a bare digest, not for one just resolved from a tag', async () => {
    const r = repo('store/existence');
    const image = await pushTestImage(client, r, { tag: 'v1' });
    const asked: string[] = [];
    const counting: Registry = {
      resolveDigest: (repository, reference) => {
        asked.push(reference);
        return client.resolveDigest(repository, reference);
      },
      getManifest: (repository, reference) => client.getManifest(repository, reference),
      putManifest: (repository, reference, bytes, mediaType) =>
        client.putManifest(repository, reference, bytes, mediaType),
      getBlob: (repository, digest) => client.getBlob(repository, digest),
      putBlob: (repository, bytes, options) => client.putBlob(repository, bytes, options),
      hasBlob: (repository, digest) => client.hasBlob(repository, digest),
    };
    await signImage(
      counting,
      { image: `${r.registry}/${r.repository}:v1`, repo: r, digest: image.digest, tag: 'v1' },
      newKey(),
    );
    expect(asked).toEqual([]);
    await signImage(counting, { image: 'by digest', repo: r, digest: image.digest }, newKey());
    expect(asked).toEqual([image.digest]);
  });

  it('refuses to grow beyond 1000 layers (SIGNATURE_LIMIT) and leaves the tag unchanged', async () => {
    const r = repo('store/limit');
    const image = await pushTestImage(client, r);
    const payload = simpleSigningPayload(`${server.host}/store/limit`, image.digest);
    const layer = {
      mediaType: 'application/vnd.dev.cosign.simplesigning.v1+json',
      size: payload.length,
      digest: sha256Digest(payload),
      annotations: { 'dev.cosignproject.cosign/signature': 'AAAA' },
    };
    await client.putBlob(r, payload);
    const config = await client.putBlob(r, new TextEncoder().encode('{}'));
    const full = {
      schemaVersion: 2,
      mediaType: MEDIA_TYPES.ociManifest,
      config: { mediaType: MEDIA_TYPES.ociConfig, ...config },
      layers: Array.from({ length: 1000 }, () => layer),
    };
    const before = await client.putManifest(
      r,
      signatureTag(image.digest),
      Buffer.from(JSON.stringify(full)),
      MEDIA_TYPES.ociManifest,
    );
    expect(await codeOf(signImage(client, { image: 'x', repo: r, digest: image.digest }, newKey()))).toBe(
      'SIGNATURE_LIMIT',
    );
    expect(await client.resolveDigest(r, signatureTag(image.digest))).toBe(before);
  });

  it('concurrent signing of one digest in one process loses no layer and never duplicates one', async () => {
    const r = repo('store/concurrent');
    const image = await pushTestImage(client, r);
    const target = { image: 'img', repo: r, digest: image.digest };
    const keys = [newKey(), newKey(), newKey()];
    const sameKey = newKey();
    await Promise.all([
      ...keys.map((key) => signImage(client, target, key)),
      ...Array.from({ length: 4 }, () => signImage(client, target, sameKey)),
    ]);
    expect((await sigManifest(r, image.digest)).layers).toHaveLength(4);
  });

  it('after a lost manifest response, signing again finds the written layer (idempotent retry)', async () => {
    const r = repo('store/lost-response');
    const image = await pushTestImage(client, r);
    let lose = true;
    const lossy: Registry = {
      resolveDigest: (...args) => client.resolveDigest(...args),
      getManifest: (...args) => client.getManifest(...args),
      getBlob: (...args) => client.getBlob(...args),
      putBlob: (...args) => client.putBlob(...args),
      hasBlob: (...args) => client.hasBlob(...args),
      putManifest: async (...args) => {
        const digest = await client.putManifest(...args);
        if (lose) {
          lose = false;
          throw new SigilError('REGISTRY_UNREACHABLE', 'connection reset after the request was sent');
        }
        return digest;
      },
    };
    const key = newKey();
    const target = { image: 'img', repo: r, digest: image.digest };
    expect(await codeOf(signImage(lossy, target, key))).toBe('REGISTRY_UNREACHABLE');
    const [retry] = await signImage(lossy, target, key);
    expect(retry?.deduplicated).toBe(true);
    expect((await sigManifest(r, image.digest)).layers).toHaveLength(1);
  });

  it('uploads every blob before the manifest, so a failed upload leaves the tag as it was', async () => {
    const r = repo('store/order');
    const image = await pushTestImage(client, r);
    const calls: string[] = [];
    let failConfig = true;
    const recording: Registry = {
      resolveDigest: (...args) => client.resolveDigest(...args),
      getManifest: (...args) => client.getManifest(...args),
      getBlob: (...args) => client.getBlob(...args),
      hasBlob: (...args) => client.hasBlob(...args),
      putBlob: async (target, bytes, options) => {
        const isConfig = text(bytes).startsWith('{"architecture"');
        calls.push(isConfig ? 'config' : 'payload');
        if (isConfig && failConfig) {
          failConfig = false;
          throw new SigilError('REGISTRY_UNREACHABLE', 'upload failed');
        }
        return client.putBlob(target, bytes, options);
      },
      putManifest: async (...args) => {
        calls.push('manifest');
        return client.putManifest(...args);
      },
    };
    const target = { image: 'img', repo: r, digest: image.digest };
    expect(await codeOf(signImage(recording, target, newKey()))).toBe('REGISTRY_UNREACHABLE');
    expect(await readSignatures(client, r, image.digest)).toBeUndefined();
    await signImage(recording, target, newKey());
    expect(calls).toEqual(['payload', 'config', 'payload', 'config', 'manifest']);
  });
});

describe('readSignatures', () => {
  it('answers undefined when the image has no .sig tag', async () => {
    const r = repo('read/none');
    const image = await pushTestImage(client, r);
    expect(await readSignatures(client, r, image.digest)).toBeUndefined();
  });

  it('returns each layer with its digest-checked payload and annotations', async () => {
    const r = repo('read/layers');
    const image = await pushTestImage(client, r);
    const key = newKey();
    await signImage(client, { image: 'img', repo: r, digest: image.digest }, key);
    const stored = await readSignatures(client, r, image.digest);
    expect(stored?.ref).toBe(`${server.host}/read/layers:${signatureTag(image.digest)}`);
    expect(stored?.layers).toHaveLength(1);
    const layer = stored?.layers[0];
    expect(layer?.signature).toBe(layer?.annotations['dev.cosignproject.cosign/signature']);
    expect(layer?.payload.ok).toBe(true);
  });

  it.each([
    ['a Docker schema 2 manifest', MEDIA_TYPES.dockerManifest],
    ['an image index', MEDIA_TYPES.ociIndex],
  ])('refuses %s stored under the .sig tag (MANIFEST_INVALID)', async (_what, mediaType) => {
    const r = repo('read/foreign');
    const image = await pushTestImage(client, r);
    const config = await client.putBlob(r, new TextEncoder().encode('{}'));
    const body =
      mediaType === MEDIA_TYPES.ociIndex
        ? { schemaVersion: 2, mediaType, manifests: [] }
        : {
            schemaVersion: 2,
            mediaType,
            config: { mediaType: MEDIA_TYPES.dockerConfig, ...config },
            layers: [],
          };
    await client.putManifest(r, signatureTag(image.digest), Buffer.from(JSON.stringify(body)), mediaType);
    expect(await codeOf(readSignatures(client, r, image.digest))).toBe('MANIFEST_INVALID');
    expect(
      await codeOf(
        appendSignature(client, r, image.digest, {
          payload: new Uint8Array([1]),
          signature: 'AAAA',
          verifiesWithSignerKey: () => false,
        }),
      ),
    ).toBe('MANIFEST_INVALID');
  });
});

describe('signImages', () => {
  it('signs each digest once, keeps input order, and reports a failing image without stopping the others', async () => {
    const r = repo('many/images');
    const images = await Promise.all([0, 1, 2].map(() => pushTestImage(client, r)));
    const target = (digest: string, image = digest) => ({ image, repo: r, digest, tag: undefined });
    const missing = sha256Digest(Buffer.from('missing'));
    const outcomes = await signImages(
      client,
      [
        target(images[2]?.digest ?? ''),
        target(missing),
        target(images[0]?.digest ?? ''),
        target(images[2]?.digest ?? '', 'same digest again'),
        target(images[1]?.digest ?? ''),
      ],
      newKey(),
      { concurrency: 2 },
    );
    expect(outcomes.map((o) => [o.target.digest, o.ok])).toEqual([
      [images[2]?.digest, true],
      [missing, false],
      [images[0]?.digest, true],
      [images[1]?.digest, true],
    ]);
    const failed = outcomes[1];
    expect(failed?.ok === false && failed.error.code).toBe('MANIFEST_NOT_FOUND');
  });
});
