import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { MEDIA_TYPES, RegistryClient, sha256Digest, type Descriptor, type RepositoryRef } from '@sigil/oci';
import { referrersTag } from '../src/referrers.js';
import {
  pushTestImage,
  startReferrersRegistry,
  startRegistry,
  type StartedReferrersRegistry,
  type StartedRegistry,
} from '@sigil/testing';

/**
 * Reading referrers (OCI 1.1) from both kinds of registry: go-containerregistry's, which has the referrers
 * API (and reports `config.mediaType` as each entry's artifactType), and Docker Distribution, which has none
 * (404), so the referrers tag schema's fallback index `sha256-<hex>` is read, and the 404 is remembered.
 */
const BUNDLE = 'application/vnd.dev.sigstore.bundle.v0.3+json';
const OTHER = 'application/vnd.example.other+json';

let distribution: StartedRegistry;
let referrers: StartedReferrersRegistry;
const requests: string[] = [];
let client: RegistryClient;

beforeAll(async () => {
  [distribution, referrers] = await Promise.all([startRegistry(), startReferrersRegistry()]);
  client = new RegistryClient({ timeoutMs: 60_000, logger: { debug: (line) => requests.push(line) } });
});

afterAll(async () => {
  client.close();
  await Promise.all([distribution.stop(), referrers.stop()]);
});

/** Pushes a referrer manifest (empty config, one layer of `artifactType`) whose subject is `subject`. */
async function pushReferrer(repo: RepositoryRef, subject: string, artifactType: string): Promise<Descriptor> {
  const empty = await client.putBlob(repo, Buffer.from('{}'));
  const layer = await client.putBlob(
    repo,
    Buffer.from(`{"artifact":"${artifactType}","n":${Math.random()}}`),
  );
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: MEDIA_TYPES.ociManifest,
      artifactType,
      config: { mediaType: MEDIA_TYPES.ociEmpty, ...empty },
      layers: [{ mediaType: artifactType, ...layer }],
      subject: { mediaType: MEDIA_TYPES.ociManifest, digest: subject, size: 1 },
    }),
  );
  const digest = await client.putManifest(repo, sha256Digest(manifest), manifest, MEDIA_TYPES.ociManifest);
  return { mediaType: MEDIA_TYPES.ociManifest, digest, size: manifest.byteLength, artifactType };
}

async function putFallbackIndex(
  repo: RepositoryRef,
  subject: string,
  manifests: Descriptor[],
): Promise<void> {
  const index = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: MEDIA_TYPES.ociIndex, manifests }));
  await client.putManifest(repo, referrersTag(subject), index, MEDIA_TYPES.ociIndex);
}

describe('a registry with the referrers API', () => {
  it('lists referrers from the API; the artifactType filter keeps entries whose listing cannot tell', async () => {
    const repo = { registry: referrers.host, repository: 'refs/api' };
    const { digest } = await pushTestImage(client, repo);
    expect(await client.listReferrers(repo, digest)).toEqual({ source: 'referrers-api', descriptors: [] });
    const bundle = await pushReferrer(repo, digest, BUNDLE);
    const listed = await client.listReferrers(repo, digest, { artifactTypes: [BUNDLE] });
    expect(listed.source).toBe('referrers-api');
    // ggcr reports config.mediaType (the empty config) as the artifactType: kept, for the reader to check.
    expect(listed.descriptors).toEqual([
      {
        mediaType: MEDIA_TYPES.ociManifest,
        digest: bundle.digest,
        size: bundle.size,
        artifactType: MEDIA_TYPES.ociEmpty,
      },
    ]);
  });

  it('an unknown repository (404 NAME_UNKNOWN) has no referrers and does not turn the API off', async () => {
    const repo = { registry: referrers.host, repository: 'refs/never-pushed' };
    const digest = `sha256:${'a'.repeat(64)}`;
    expect(await client.listReferrers(repo, digest)).toEqual({ source: 'referrers-tag', descriptors: [] });
    const known = { registry: referrers.host, repository: 'refs/api' };
    const { digest: image } = await pushTestImage(client, known);
    expect((await client.listReferrers(known, image)).source).toBe('referrers-api');
  });
});

describe('Docker Distribution (no referrers API)', () => {
  it('reads the fallback index, filters by artifactType, and asks the API only once per registry', async () => {
    const repo = { registry: distribution.host, repository: 'refs/fallback' };
    const { digest } = await pushTestImage(client, repo);
    const bundle = await pushReferrer(repo, digest, BUNDLE);
    const other = await pushReferrer(repo, digest, OTHER);
    await putFallbackIndex(repo, digest, [bundle, other]);
    requests.length = 0;
    const first = await client.listReferrers(repo, digest, { artifactTypes: [BUNDLE] });
    expect(first).toEqual({ source: 'referrers-tag', descriptors: [bundle] });
    expect(requests.filter((line) => line.includes('/referrers/'))).toHaveLength(1);
    const { digest: second } = await pushTestImage(client, repo);
    requests.length = 0;
    expect(await client.listReferrers(repo, second)).toEqual({ source: 'referrers-tag', descriptors: [] });
    expect(requests).toHaveLength(1);
    expect(requests[0]).toContain(`/manifests/${referrersTag(second)}`);
  });

  it('refuses a fallback tag that is not an OCI index', async () => {
    const repo = { registry: distribution.host, repository: 'refs/not-an-index' };
    const { digest, manifest } = await pushTestImage(client, repo);
    await client.putManifest(repo, referrersTag(digest), manifest, MEDIA_TYPES.ociManifest);
    await expect(client.listReferrers(repo, digest)).rejects.toMatchObject({ code: 'MANIFEST_INVALID' });
  });
});
