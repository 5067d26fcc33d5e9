import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SigilError } from '@sigil/core';
import { MEDIA_TYPES, RegistryClient } from '@sigil/oci';
import { startLoopbackServer, type LoopbackServer } from './loopback-server.js';

/**
 * A loopback registry that serves `/v2/<repository>/manifests/v1` with the content type and body the
 * test names: what a misconfigured or tampered registry can do, since the header is not covered by the
 * digest.
 */
const served = new Map<string, { contentType: string; body: object | string }>();
let server: LoopbackServer;

beforeAll(async () => {
  server = await startLoopbackServer((req, res) => {
    const answer = served.get(/^\/v2\/(.+)\/manifests\/v1$/.exec(req.url ?? '')?.[1] ?? '');
    if (answer === undefined) {
      res.writeHead(404).end();
      return;
    }
    const body = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
    // HEAD gets the headers alone, as from a registry (or a portal) that sends no Docker-Content-Digest.
    res.writeHead(200, { 'content-type': answer.contentType }).end(req.method === 'HEAD' ? undefined : body);
  });
});

afterAll(() => server.stop());

const client = new RegistryClient({ retry: { maxAttempts: 1 } });
afterAll(() => client.close());

const descriptor = { mediaType: MEDIA_TYPES.ociManifest, digest: `sha256:${'ab'.repeat(32)}`, size: 2 };
const index = { schemaVersion: 2, mediaType: MEDIA_TYPES.ociIndex, manifests: [descriptor] };
const { mediaType: _declared, ...indexWithoutMediaType } = index;
const image = {
  schemaVersion: 2,
  mediaType: MEDIA_TYPES.ociManifest,
  config: { ...descriptor, mediaType: MEDIA_TYPES.ociConfig },
  layers: [descriptor],
};

async function getManifest(repository: string, contentType: string, body: object | string) {
  served.set(repository, { contentType, body });
  return client.getManifest({ registry: server.host, repository }, 'v1');
}

describe('the served media type must agree with the manifest bytes (CVE-2021-41190)', () => {
  it('reads an index served as an index, and an image served as an image', async () => {
    expect((await getManifest('ok/index', MEDIA_TYPES.ociIndex, index))?.mediaType).toBe(
      MEDIA_TYPES.ociIndex,
    );
    expect((await getManifest('ok/image', MEDIA_TYPES.ociManifest, image))?.mediaType).toBe(
      MEDIA_TYPES.ociManifest,
    );
    expect((await getManifest('ok/generic', 'application/json', index))?.mediaType).toBe(
      MEDIA_TYPES.ociIndex,
    );
  });

  it.each([
    ['an index served as an image manifest', 'bad/declared', MEDIA_TYPES.ociManifest, index],
    [
      'an index without mediaType served as an image manifest',
      'bad/undeclared',
      MEDIA_TYPES.ociManifest,
      indexWithoutMediaType,
    ],
    [
      'a Docker manifest list served as a Docker image manifest',
      'bad/docker',
      MEDIA_TYPES.dockerManifest,
      { ...indexWithoutMediaType, mediaType: MEDIA_TYPES.dockerManifestList },
    ],
    [
      'an index that also carries layers',
      'bad/both',
      MEDIA_TYPES.ociIndex,
      { ...index, layers: [descriptor] },
    ],
  ])('refuses %s with MANIFEST_INVALID', async (_what, repository, contentType, body) => {
    let error: unknown;
    try {
      await getManifest(repository, contentType, body);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SigilError);
    expect((error as SigilError).code).toBe('MANIFEST_INVALID');
    expect((error as SigilError).message).toContain(
      `get manifest ${repository}:v1: the manifest is ambiguous`,
    );
  });
});

describe('an answer that is no manifest is refused, never read as one', () => {
  const page = '<!doctype html><html><body><h1>Sign in to continue</h1></body></html>';

  async function refusal(call: () => Promise<unknown>): Promise<SigilError> {
    const error = await call().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SigilError);
    return error as SigilError;
  }

  it('an HTML page answered with 200: MANIFEST_INVALID naming its type, from getManifest and resolveDigest', async () => {
    served.set('portal/app', { contentType: 'text/html; charset=utf-8', body: page });
    const repo = { registry: server.host, repository: 'portal/app' };
    for (const call of [() => client.getManifest(repo, 'v1'), () => client.resolveDigest(repo, 'v1')]) {
      const error = await refusal(call);
      expect(error.code).toBe('MANIFEST_INVALID');
      expect(error.message).toContain('the registry answered with "text/html", not a manifest');
      expect(error.hint).toMatch(/not at a web page, login portal or proxy/);
    }
  });

  it.each([
    ['HTML served as application/json', 'application/json', page],
    ['an empty body served as an OCI manifest', MEDIA_TYPES.ociManifest, ''],
    ['a JSON array', 'application/json', '[1,2]'],
  ])('%s: MANIFEST_INVALID, not JSON', async (_what, contentType, body) => {
    served.set('portal/not-json', { contentType, body });
    const error = await refusal(() => getManifest('portal/not-json', contentType, body));
    expect(error.code).toBe('MANIFEST_INVALID');
    expect(error.message).toContain("the registry's answer is not a JSON manifest");
  });

  it('a JSON document of a media type sigil did not ask for: MANIFEST_INVALID', async () => {
    const error = await refusal(() =>
      getManifest('portal/other', 'application/json', {
        schemaVersion: 1,
        mediaType: 'application/vnd.docker.distribution.manifest.v1+prettyjws',
      }),
    );
    expect(error.code).toBe('MANIFEST_INVALID');
    expect(error.message).toMatch(
      /media type "application\/vnd\.docker\.distribution\.manifest\.v1\+prettyjws" is none sigil reads/,
    );
  });
});
