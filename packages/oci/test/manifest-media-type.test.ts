import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SigilError } from '@sigil/core';
import { MEDIA_TYPES, RegistryClient, sha256Digest } from '@sigil/oci';
import { vectorBytes, vectorText } from '@sigil/testing';
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

describe('Docker schema 1 manifests are refused (their digest is not the hash of the bytes served)', () => {
  const schema1 = vectorText('containers-image/v2s1-invalid-signatures.manifest.json');
  const schema1Type = 'application/vnd.docker.distribution.manifest.v1+prettyjws';

  it.each([
    ['the golden schema 1 manifest served as signed schema 1', 'schema1/typed', schema1Type, schema1],
    ['the golden schema 1 manifest served as plain JSON', 'schema1/generic', 'application/json', schema1],
    [
      'a schema 1 manifest without signatures served as JSON',
      'schema1/unsigned',
      'application/json',
      '{"schemaVersion":1,"name":"a/b","tag":"t","fsLayers":[],"history":[]}',
    ],
    [
      'a manifest typed as signed schema 1',
      'schema1/declared',
      'application/json',
      `{"schemaVersion":2,"mediaType":"${schema1Type}"}`,
    ],
    ['JSON without schemaVersion or media type', 'schema1/empty', 'application/json', '{}'],
    ['JSON null', 'schema1/null', 'application/json', 'null'],
  ])('%s: MANIFEST_INVALID', async (_what, repository, contentType, body) => {
    const error = await getManifest(repository, contentType, body).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SigilError);
    expect((error as SigilError).code).toBe('MANIFEST_INVALID');
  });

  it('dir-img-cosign-manifest-digest-error (containers/image) is that schema 1 manifest', () => {
    expect(vectorBytes('containers-image/dir-img-cosign-manifest-digest-error/manifest.json')).toEqual(
      vectorBytes('containers-image/v2s1-invalid-signatures.manifest.json'),
    );
  });

  it('a schema 2 manifest is read, and its digest is the sha256 of the exact bytes', async () => {
    const bytes = vectorBytes('containers-image/dir-img-cosign-valid/manifest.json');
    const text = new TextDecoder().decode(bytes);
    expect(sha256Digest(bytes)).toBe(
      'sha256:634a8f35b5f16dcf4aaa0822adc0b1964bb786fca12f6831de8ddc45e5986a00',
    );
    const manifest = await getManifest('schema2/golden', MEDIA_TYPES.dockerManifest, text);
    expect(manifest?.mediaType).toBe(MEDIA_TYPES.dockerManifest);
    expect(manifest?.digest).toBe(sha256Digest(bytes));
  });
});
