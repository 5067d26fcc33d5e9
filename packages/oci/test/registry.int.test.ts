import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SigilError } from '@sigil/core';
import { MEDIA_TYPES, RegistryClient, sha256Digest, type RepositoryRef } from '@sigil/oci';
import { pushTestImage, pushTestIndex, startRegistry, type StartedRegistry } from '@sigil/testing';
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

let registry: StartedRegistry;
let client: RegistryClient;

beforeAll(async () => {
  registry = await startRegistry();
  client = new RegistryClient({ timeoutMs: 60_000 });
});

afterAll(async () => {
  client.close();
  await registry.stop();
});

function repo(name: string): RepositoryRef {
  return { registry: registry.host, repository: name };
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

describe('RegistryClient against Docker Distribution (anonymous)', () => {
  it('uploads a blob, reports it present, and reads back the same bytes', async () => {
    const r = repo('demo/blobs');
    const bytes = randomBytes(4096);
    const digest = sha256Digest(bytes);
    expect(await client.hasBlob(r, digest)).toBe(false);
    expect(await client.putBlob(r, bytes)).toEqual({ digest, size: 4096 });
    expect(await client.hasBlob(r, digest)).toBe(true);
    expect(Buffer.from(await client.getBlob(r, digest)).equals(bytes)).toBe(true);
    // a second upload of the same content is a no-op that still answers the digest
    expect(await client.putBlob(r, bytes)).toEqual({ digest, size: 4096 });
  });

  it('says BLOB_NOT_FOUND for a blob that is not there', async () => {
    expect(await codeOf(client.getBlob(repo('demo/blobs'), sha256Digest(randomBytes(8))))).toBe(
      'BLOB_NOT_FOUND',
    );
  });

  it('pushes an image and an index, reads them back byte for byte and resolves tags', async () => {
    const r = repo('demo/backend');
    const image = await pushTestImage(client, r, { tag: 'v1' });
    expect(await client.resolveDigest(r, 'v1')).toBe(image.digest);
    const byTag = await client.getManifest(r, 'v1');
    expect(byTag?.digest).toBe(image.digest);
    expect(byTag?.mediaType).toBe(MEDIA_TYPES.ociManifest);
    expect(Buffer.from(byTag?.bytes ?? []).equals(image.manifest)).toBe(true);
    const config = await client.getBlob(r, image.config.digest);
    expect(JSON.parse(Buffer.from(config).toString()).architecture).toBe('amd64');

    const index = await pushTestIndex(client, r, { tag: 'multi' });
    const fetched = await client.getManifest(r, index.digest);
    expect(fetched?.mediaType).toBe(MEDIA_TYPES.ociIndex);
    expect(Buffer.from(fetched?.bytes ?? []).equals(index.index)).toBe(true);
    expect(await client.resolveDigest(r, 'multi')).toBe(index.digest);
    expect(await client.resolveDigest(r, index.digest)).toBe(index.digest);
    expect((await client.listTags(r)).sort()).toEqual(['multi', 'v1']);
    await client.putManifest(r, 'v2', image.manifest, MEDIA_TYPES.ociManifest);
    // one tag per page: all three only arrive by following the Link headers
    expect((await client.listTags(r, { pageSize: 1 })).sort()).toEqual(['multi', 'v1', 'v2']);
  });

  it('keeps Docker media types as served', async () => {
    const r = repo('demo/docker');
    const config = await client.putBlob(r, Buffer.from('{"architecture":"amd64","os":"linux"}'));
    const manifest = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: MEDIA_TYPES.dockerManifest,
        config: { mediaType: MEDIA_TYPES.dockerConfig, ...config },
        layers: [],
      }),
    );
    const digest = await client.putManifest(r, 'docker', manifest, MEDIA_TYPES.dockerManifest);
    const fetched = await client.getManifest(r, 'docker');
    expect(fetched).toEqual({
      bytes: new Uint8Array(manifest),
      digest,
      mediaType: MEDIA_TYPES.dockerManifest,
    });
  });

  it('answers undefined for a missing tag, digest or repository', async () => {
    const r = repo('demo/backend');
    const missing = sha256Digest(randomBytes(8));
    expect(await client.resolveDigest(r, 'nope')).toBeUndefined();
    expect(await client.getManifest(r, 'nope')).toBeUndefined();
    expect(await client.getManifest(r, missing)).toBeUndefined();
    expect(await client.resolveDigest(repo('demo/never-pushed'), 'latest')).toBeUndefined();
    expect(await client.listTags(repo('demo/never-pushed'))).toEqual([]);
  });

  it('mounts a blob from another repository instead of uploading it', async () => {
    const source = repo('demo/mount-source');
    const target = repo('demo/mount-target');
    const bytes = randomBytes(1024);
    const { digest } = await client.putBlob(source, bytes);
    expect(await client.hasBlob(target, digest)).toBe(false);
    await client.putBlob(target, bytes, { mountFrom: source });
    expect(await client.hasBlob(target, digest)).toBe(true);
  });

  it('refuses to push a manifest under a digest that is not its own', async () => {
    const bytes = Buffer.from('{"schemaVersion":2}');
    const other = sha256Digest(Buffer.from('other'));
    expect(await codeOf(client.putManifest(repo('demo/x'), other, bytes, MEDIA_TYPES.ociManifest))).toBe(
      'CONTENT_DIGEST_MISMATCH',
    );
  });

  it('reports a manifest that refers to missing blobs as MANIFEST_INVALID', async () => {
    const absent = { mediaType: MEDIA_TYPES.ociConfig, digest: sha256Digest(randomBytes(8)), size: 8 };
    const manifest = Buffer.from(
      JSON.stringify({ schemaVersion: 2, mediaType: MEDIA_TYPES.ociManifest, config: absent, layers: [] }),
    );
    expect(
      await codeOf(client.putManifest(repo('demo/x'), 'broken', manifest, MEDIA_TYPES.ociManifest)),
    ).toBe('MANIFEST_INVALID');
  });

  it('deletes a manifest by digest', async () => {
    const r = repo('demo/deletable');
    const image = await pushTestImage(client, r, { tag: 'gone' });
    expect(await client.deleteManifest(r, image.digest)).toBe(true);
    expect(await client.getManifest(r, image.digest)).toBeUndefined();
    expect(await client.deleteManifest(r, image.digest)).toBe(false);
  });

  it('detects content the registry altered on disk (CONTENT_DIGEST_MISMATCH)', async () => {
    const r = repo('demo/tampered');
    const image = await pushTestImage(client, r, { tag: 'v1' });
    const stored = (digest: string) =>
      join(
        registry.storageDir,
        'docker/registry/v2/blobs/sha256',
        digest.slice(7, 9),
        digest.slice(7),
        'data',
      );
    await writeFile(stored(image.layer.digest), randomBytes(image.layer.size));
    expect(await codeOf(client.getBlob(r, image.layer.digest))).toBe('CONTENT_DIGEST_MISMATCH');
    const altered = Buffer.from(image.manifest.toString().replace('"schemaVersion":2', '"schemaVersion":2 '));
    await writeFile(stored(image.digest), altered);
    expect(await codeOf(client.getManifest(r, image.digest))).toBe('CONTENT_DIGEST_MISMATCH');
    expect(await codeOf(client.getManifest(r, 'v1'))).toBe('CONTENT_DIGEST_MISMATCH');
  });
});
