import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { MEDIA_TYPES, RegistryClient, sha256Digest, type RepositoryRef } from '@sigil/oci';
import {
  pushTestImage,
  startReferrersRegistry,
  startRegistry,
  type PushedImage,
  type StartedReferrersRegistry,
} from '@sigil/testing';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';

// The referrers API (OCI Distribution 1.1) against go-containerregistry's pkg/registry, and its
// absence on Docker Distribution 2.8, the case where clients fall back to the referrers tag schema.
// @sigil/oci's client pushes; raw HTTP does what it does not do yet (the referrers endpoint, headers).

const BUNDLE = 'application/vnd.dev.sigstore.bundle.v0.3+json';
const SPDX = 'application/spdx+json';
const EMPTY_JSON = new TextEncoder().encode('{}');

interface IndexJson {
  schemaVersion: number;
  mediaType: string;
  manifests: {
    mediaType: string;
    digest: string;
    size: number;
    artifactType?: string;
    annotations?: Record<string, string>;
  }[];
}

interface Referrer {
  readonly digest: string;
  readonly manifest: Uint8Array;
}

let client: RegistryClient;

beforeAll(() => {
  client = new RegistryClient({ timeoutMs: 60_000 });
});

afterAll(() => client.close());

/**
 * An OCI 1.1 artifact manifest about `subject`: by default as cosign v3 stores a Sigstore bundle (the
 * empty config and `artifactType`); with `configMediaType`, the older convention of naming the
 * artifact's type in `config.mediaType` and no `artifactType`.
 */
async function pushReferrer(
  repo: RepositoryRef,
  subject: PushedImage,
  options: { artifactType?: string; configMediaType?: string },
): Promise<Referrer> {
  const config = await client.putBlob(repo, EMPTY_JSON);
  const layer = await client.putBlob(repo, new TextEncoder().encode(JSON.stringify({ n: Math.random() })));
  const manifest = new TextEncoder().encode(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: MEDIA_TYPES.ociManifest,
      ...(options.artifactType === undefined ? {} : { artifactType: options.artifactType }),
      config: { mediaType: options.configMediaType ?? MEDIA_TYPES.ociEmpty, ...config },
      layers: [{ mediaType: options.artifactType ?? options.configMediaType, ...layer }],
      subject: {
        mediaType: MEDIA_TYPES.ociManifest,
        digest: subject.digest,
        size: subject.manifest.byteLength,
      },
      annotations: { 'org.opencontainers.image.created': '2026-01-01T00:00:00Z' },
    }),
  );
  const digest = await client.putManifest(repo, sha256Digest(manifest), manifest, MEDIA_TYPES.ociManifest);
  return { digest, manifest };
}

/** The same PUT again, raw, for the headers the client does not return (OCI-Subject). */
async function putAgain(
  registry: { url: string },
  repo: RepositoryRef,
  referrer: Referrer,
): Promise<Response> {
  const response = await fetch(`${registry.url}/v2/${repo.repository}/manifests/${referrer.digest}`, {
    method: 'PUT',
    headers: { 'content-type': MEDIA_TYPES.ociManifest },
    body: referrer.manifest,
  });
  await response.arrayBuffer();
  return response;
}

async function getReferrers(
  registry: { url: string },
  repo: RepositoryRef,
  digest: string,
  artifactType?: string,
): Promise<{ status: number; headers: Headers; body: string }> {
  const query = artifactType === undefined ? '' : `?artifactType=${encodeURIComponent(artifactType)}`;
  const response = await fetch(`${registry.url}/v2/${repo.repository}/referrers/${digest}${query}`, {
    headers: { accept: MEDIA_TYPES.ociIndex },
  });
  return { status: response.status, headers: response.headers, body: await response.text() };
}

const descriptor = (referrer: Referrer, artifactType: string) => ({
  mediaType: MEDIA_TYPES.ociManifest,
  digest: referrer.digest,
  size: referrer.manifest.byteLength,
  artifactType,
});
const sorted = (index: IndexJson) => [...index.manifests].sort((a, b) => a.digest.localeCompare(b.digest));

describe('startReferrersRegistry', () => {
  it('serves /v2/ anonymously on a loopback port until stopped', async () => {
    const registry = await startReferrersRegistry();
    expect(registry.host).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(registry.url).toBe(`http://${registry.host}`);
    expect((await fetch(`${registry.url}/v2/`)).status).toBe(200);
    await registry.stop();
    await expect(fetch(`${registry.url}/v2/`)).rejects.toMatchObject({ cause: { code: 'ECONNREFUSED' } });
    await registry.stop(); // stopping twice is harmless
  });

  it('runs several side by side, each with its own content', async () => {
    const [a, b] = await Promise.all([startReferrersRegistry(), startReferrersRegistry()]);
    try {
      expect(a.host).not.toBe(b.host);
      const image = await pushTestImage(client, { registry: a.host, repository: 'only/in-a' });
      expect(await client.resolveDigest({ registry: a.host, repository: 'only/in-a' }, image.digest)).toBe(
        image.digest,
      );
      expect(
        await client.resolveDigest({ registry: b.host, repository: 'only/in-a' }, image.digest),
      ).toBeUndefined();
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });
});

describe('startReferrersRegistry without a usable binary', () => {
  const toolsDir = (): string => process.env.SIGIL_TOOLS_DIR ?? join(homedir(), '.cache', 'sigil-tools');
  const versions = JSON.parse(
    readFileSync(new URL('../../../tools/versions.json', import.meta.url), 'utf8'),
  ) as {
    'go-containerregistry': string;
  };
  const dirName = `referrers-registry-${versions['go-containerregistry']}`;

  async function withToolsDir(prepare: (dir: string) => void, run: () => Promise<void>): Promise<void> {
    const saved = process.env.SIGIL_TOOLS_DIR;
    const tools = mkdtempSync(join(tmpdir(), 'sigil-tools-'));
    try {
      prepare(join(tools, dirName));
      process.env.SIGIL_TOOLS_DIR = tools;
      await run();
    } finally {
      if (saved === undefined) delete process.env.SIGIL_TOOLS_DIR;
      else process.env.SIGIL_TOOLS_DIR = saved;
      rmSync(tools, { recursive: true, force: true });
    }
  }

  it('names ./scripts/bootstrap.sh when the binary is missing', async () => {
    await withToolsDir(
      () => undefined,
      () =>
        expect(startReferrersRegistry()).rejects.toThrow(
          /the referrers registry is not at .*\/referrers-registry: run \.\/scripts\/bootstrap\.sh first/,
        ),
    );
  });

  it('refuses a binary built from other sources (bootstrap rebuilds it)', async () => {
    await withToolsDir(
      (dir) => {
        mkdirSync(dir);
        writeFileSync(join(dir, 'referrers-registry'), '#!/bin/sh\n', { mode: 0o755 });
        writeFileSync(join(dir, 'source.sha256'), '0123456789abcdef\n');
      },
      () =>
        expect(startReferrersRegistry()).rejects.toThrow(
          /built from other sources .*run \.\/scripts\/bootstrap\.sh/,
        ),
    );
  });

  it('reports the program’s own error when it exits before listening', async () => {
    const realStamp = readFileSync(join(toolsDir(), dirName, 'source.sha256'), 'utf8');
    await withToolsDir(
      (dir) => {
        mkdirSync(dir);
        writeFileSync(join(dir, 'referrers-registry'), '#!/bin/sh\necho "cannot listen: $*" >&2\nexit 3\n', {
          mode: 0o755,
        });
        writeFileSync(join(dir, 'source.sha256'), realStamp);
      },
      () =>
        expect(startReferrersRegistry()).rejects.toThrow(
          /failed to start: it exited \(code 3\) before listening\ncannot listen: --listen 127\.0\.0\.1:0$/,
        ),
    );
  });
});

describe('the referrers API of go-containerregistry’s registry', () => {
  let registry: StartedReferrersRegistry;
  let repo: RepositoryRef;
  let image: PushedImage;
  let bundle: Referrer;
  let sbom: Referrer;

  beforeAll(async () => {
    registry = await startReferrersRegistry();
    repo = { registry: registry.host, repository: 'sigil/referrers' };
    image = await pushTestImage(client, repo, { tag: 'v1' });
    bundle = await pushReferrer(repo, image, { artifactType: BUNDLE });
    sbom = await pushReferrer(repo, image, { configMediaType: SPDX });
  });

  afterAll(async () => {
    await registry?.stop();
  });

  it('lists the manifests whose subject is the digest, as an OCI index', async () => {
    const { status, headers, body } = await getReferrers(registry, repo, image.digest);
    expect(status).toBe(200);
    expect(headers.get('content-type')).toBe(MEDIA_TYPES.ociIndex);
    const index = JSON.parse(body) as IndexJson;
    expect(index).toMatchObject({ schemaVersion: 2, mediaType: MEDIA_TYPES.ociIndex });
    // Two departures from the spec here. go-containerregistry (v0.21 and v0.22) takes artifactType from
    // config.mediaType only, where the spec puts the manifest's artifactType first: a bundle stored as
    // cosign v3 stores it (empty config) is listed as the empty type, not as a bundle. And v0.21 leaves
    // out the manifests' annotations (v0.22 copies them).
    expect(sorted(index)).toEqual(
      [descriptor(bundle, MEDIA_TYPES.ociEmpty), descriptor(sbom, SPDX)].sort((a, b) =>
        a.digest.localeCompare(b.digest),
      ),
    );
  });

  it('ignores ?artifactType= (no OCI-Filters-Applied): clients filter themselves', async () => {
    const all = await getReferrers(registry, repo, image.digest);
    for (const filter of [BUNDLE, SPDX, 'application/vnd.example.none']) {
      const filtered = await getReferrers(registry, repo, image.digest, filter);
      expect(filtered.status).toBe(200);
      expect(filtered.headers.get('oci-filters-applied')).toBeNull();
      expect(sorted(JSON.parse(filtered.body) as IndexJson)).toEqual(
        sorted(JSON.parse(all.body) as IndexJson),
      );
    }
  });

  it('answers an empty index for a digest nothing refers to, and 404 NAME_UNKNOWN for an unknown repository', async () => {
    const other = await pushTestImage(client, repo);
    const none = await getReferrers(registry, repo, other.digest);
    expect(none.status).toBe(200);
    expect(JSON.parse(none.body)).toEqual({
      schemaVersion: 2,
      mediaType: MEDIA_TYPES.ociIndex,
      manifests: [],
    });
    const unknown = await getReferrers(registry, { ...repo, repository: 'sigil/nothing-here' }, image.digest);
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.body)).toMatchObject({ errors: [{ code: 'NAME_UNKNOWN' }] });
    expect((await getReferrers(registry, repo, 'sha256:not-a-digest')).status).toBe(400);
  });

  it('does not set OCI-Subject on a manifest PUT with a subject: a client cannot learn support from it', async () => {
    const response = await putAgain(registry, repo, bundle);
    expect(response.status).toBe(201);
    expect(response.headers.get('docker-content-digest')).toBe(bundle.digest);
    expect(response.headers.get('oci-subject')).toBeNull();
  });

  it('serves the referrer manifests by digest, byte for byte', async () => {
    for (const referrer of [bundle, sbom]) {
      const served = await client.getManifest(repo, referrer.digest);
      expect(served?.mediaType).toBe(MEDIA_TYPES.ociManifest);
      expect(Buffer.from(served?.bytes ?? []).equals(Buffer.from(referrer.manifest))).toBe(true);
    }
  });
});

describe('Docker Distribution 2.8: no referrers API, the fallback case', () => {
  it('stores the referrer but answers 404 on the referrers endpoint; the referrers tag schema works', async () => {
    const registry = await startRegistry();
    try {
      const repo = { registry: registry.host, repository: 'sigil/referrers' };
      const image = await pushTestImage(client, repo, { tag: 'v1' });
      const bundle = await pushReferrer(repo, image, { artifactType: BUNDLE });
      const again = await putAgain(registry, repo, bundle);
      expect(again.status).toBe(201);
      expect(again.headers.get('oci-subject')).toBeNull();

      expect((await getReferrers(registry, repo, image.digest)).status).toBe(404);
      expect((await getReferrers(registry, repo, image.digest, BUNDLE)).status).toBe(404);

      // The fallback: the client keeps the list itself, an index tagged sha256-<hex of the subject>.
      const fallbackTag = image.digest.replace(':', '-');
      const list = new TextEncoder().encode(
        JSON.stringify({
          schemaVersion: 2,
          mediaType: MEDIA_TYPES.ociIndex,
          manifests: [descriptor(bundle, BUNDLE)],
        }),
      );
      await client.putManifest(repo, fallbackTag, list, MEDIA_TYPES.ociIndex);
      const served = await client.getManifest(repo, fallbackTag);
      expect(served?.mediaType).toBe(MEDIA_TYPES.ociIndex);
      expect(JSON.parse(Buffer.from(served?.bytes ?? []).toString('utf8'))).toMatchObject({
        manifests: [descriptor(bundle, BUNDLE)],
      });
      expect(
        Buffer.from((await client.getManifest(repo, bundle.digest))?.bytes ?? []).equals(
          Buffer.from(bundle.manifest),
        ),
      ).toBe(true);
    } finally {
      await registry.stop();
    }
  });
});
