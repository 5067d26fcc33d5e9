import { afterEach, describe, expect, it } from '@jest/globals';
import { MEDIA_TYPES, RegistryClient } from '@sigil/oci';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { startLoopbackServer, type LoopbackServer } from './loopback-server.js';

/**
 * The referrers API as registries other than the two real ones in the integration tests answer it: `Link`
 * pagination (followed, bounded), "no such endpoint" answers other than 404 (remembered per registry), and a
 * listing that is no OCI index.
 */
const digest = `sha256:${'1'.repeat(64)}`;
const entry = (n: number) => ({
  mediaType: MEDIA_TYPES.ociManifest,
  digest: `sha256:${n.toString(16).padStart(64, '0')}`,
  size: 100 + n,
  artifactType: 'application/vnd.dev.sigstore.bundle.v0.3+json',
});
const index = (manifests: unknown[]) =>
  JSON.stringify({ schemaVersion: 2, mediaType: MEDIA_TYPES.ociIndex, manifests });

let server: LoopbackServer | undefined;
let client: RegistryClient | undefined;
const seen: string[] = [];

afterEach(async () => {
  client?.close();
  await server?.stop();
  seen.length = 0;
});

async function serve(handler: (request: IncomingMessage, response: ServerResponse) => void): Promise<string> {
  server = await startLoopbackServer((request, response) => {
    seen.push(`${request.method} ${request.url}`);
    if (request.url === '/v2/') {
      response.writeHead(200).end('{}');
      return;
    }
    handler(request, response);
  });
  client = new RegistryClient({ timeoutMs: 10_000, retry: { maxAttempts: 1 } });
  return server.host;
}

describe('listReferrers', () => {
  it('follows Link pages of the referrers API', async () => {
    const host = await serve((request, response) => {
      const page = new URL(request.url ?? '/', 'http://x').searchParams.get('page');
      response.writeHead(200, {
        'content-type': MEDIA_TYPES.ociIndex,
        ...(page === null ? { link: `</v2/app/referrers/${digest}?page=2>; rel="next"` } : {}),
      });
      response.end(index(page === null ? [entry(1)] : [entry(2)]));
    });
    const listed = await client?.listReferrers({ registry: host, repository: 'app' }, digest);
    expect(listed).toEqual({ source: 'referrers-api', descriptors: [entry(1), entry(2)] });
  });

  it('refuses endless pagination', async () => {
    const host = await serve((_request, response) => {
      response.writeHead(200, {
        'content-type': MEDIA_TYPES.ociIndex,
        link: `</v2/app/referrers/${digest}?again=1>; rel="next"`,
      });
      response.end(index([]));
    });
    await expect(client?.listReferrers({ registry: host, repository: 'app' }, digest)).rejects.toMatchObject({
      code: 'REGISTRY_PROTOCOL',
    });
  });

  it('remembers a registry that answers the API with 405, and reads the fallback tag', async () => {
    const host = await serve((request, response) => {
      if (request.url?.includes('/referrers/')) {
        response.writeHead(405).end();
        return;
      }
      response
        .writeHead(404, { 'content-type': 'application/json' })
        .end('{"errors":[{"code":"MANIFEST_UNKNOWN"}]}');
    });
    const repo = { registry: host, repository: 'app' };
    expect(await client?.listReferrers(repo, digest)).toEqual({ source: 'referrers-tag', descriptors: [] });
    expect(await client?.listReferrers(repo, digest)).toEqual({ source: 'referrers-tag', descriptors: [] });
    expect(seen.filter((line) => line.includes('/referrers/'))).toHaveLength(1);
    expect(seen.filter((line) => line.includes(`/manifests/sha256-${'1'.repeat(64)}`))).toHaveLength(2);
  });

  it("treats a redirect away from the API (GHCR's 303) as no API, without following it", async () => {
    const host = await serve((request, response) => {
      if (request.url?.includes('/referrers/')) {
        response.writeHead(303, { location: 'https://github.com/-/v2/packages/nowhere' }).end();
        return;
      }
      response.writeHead(200, { 'content-type': MEDIA_TYPES.ociIndex }).end(index([entry(3)]));
    });
    const repo = { registry: host, repository: 'app' };
    expect(await client?.listReferrers(repo, digest)).toEqual({
      source: 'referrers-tag',
      descriptors: [entry(3)],
    });
    expect(await client?.listReferrers(repo, digest)).toEqual({
      source: 'referrers-tag',
      descriptors: [entry(3)],
    });
    expect(seen.filter((line) => line.includes('/referrers/'))).toHaveLength(1);
    expect(seen.some((line) => line.includes('github.com'))).toBe(false);
  });

  it('refuses a referrers answer that is not an OCI index', async () => {
    const host = await serve((_request, response) => {
      response.writeHead(200, { 'content-type': MEDIA_TYPES.ociIndex });
      response.end(JSON.stringify({ schemaVersion: 2, mediaType: MEDIA_TYPES.ociManifest, manifests: [] }));
    });
    await expect(client?.listReferrers({ registry: host, repository: 'app' }, digest)).rejects.toMatchObject({
      code: 'MANIFEST_INVALID',
    });
  });
});
