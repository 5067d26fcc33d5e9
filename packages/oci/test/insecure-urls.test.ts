import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { RegistryClient } from '@sigil/oci';
import { startLoopbackServer, type LoopbackServer } from './loopback-server.js';
import { failure } from './sigil-failure.js';

/** A loopback registry that sends clients to plain-HTTP URLs on other hosts. */
let server: LoopbackServer;
let requests: string[] = [];

beforeAll(async () => {
  server = await startLoopbackServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    if (req.url?.startsWith('/v2/redirect/blobs/')) {
      res.writeHead(307, { location: `http://storage.example.invalid/blob` });
    } else if (req.url?.startsWith('/v2/realm/')) {
      res.writeHead(401, {
        'www-authenticate': 'Bearer realm="http://auth.example.invalid/token",service="x"',
      });
    } else if (req.url?.startsWith('/v2/upload/blobs/uploads/')) {
      res.writeHead(202, { location: 'http://upload.example.invalid/session' });
    } else {
      res.writeHead(404);
    }
    res.end();
  });
});

afterAll(() => server.stop());

const digest = `sha256:${'ab'.repeat(32)}`;

describe('plain HTTP never leaves loopback', () => {
  const client = new RegistryClient({ retry: { maxAttempts: 1 } });
  afterAll(() => client.close());

  it.each([
    [
      'a blob redirect',
      () => client.getBlob({ registry: server.host, repository: 'redirect' }, digest),
      'storage.example.invalid',
    ],
    [
      'a token realm',
      () => client.getManifest({ registry: server.host, repository: 'realm' }, 'v1'),
      'auth.example.invalid',
    ],
    [
      'an upload location',
      () => client.putBlob({ registry: server.host, repository: 'upload' }, Buffer.from('x')),
      'upload.example.invalid',
    ],
  ])('refuses %s on a plain-HTTP non-loopback host', async (_what, operation, target) => {
    requests = [];
    const error = await failure(operation());
    expect(error.code).toBe('REGISTRY_INSECURE');
    expect(error.message).toContain(`http://${target}`);
    expect(requests.length).toBeGreaterThan(0);
  });
});
