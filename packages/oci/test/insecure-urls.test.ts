import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SigilError } from '@sigil/errors';
import { RegistryClient } from '@sigil/oci';
import { createServer, type Server } from 'node:http';

/** A loopback registry that sends clients to plain-HTTP URLs on other hosts. */
let server: Server;
let host: string;
let requests: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
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
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  host = `127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

async function failure(promise: Promise<unknown>): Promise<SigilError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof SigilError) return error;
    throw error;
  }
  throw new Error('expected a SigilError');
}

const digest = `sha256:${'ab'.repeat(32)}`;

describe('plain HTTP never leaves loopback', () => {
  const client = new RegistryClient({ retry: { maxAttempts: 1 } });
  afterAll(() => client.close());

  it.each([
    [
      'a blob redirect',
      () => client.getBlob({ registry: host, repository: 'redirect' }, digest),
      'storage.example.invalid',
    ],
    [
      'a token realm',
      () => client.getManifest({ registry: host, repository: 'realm' }, 'v1'),
      'auth.example.invalid',
    ],
    [
      'an upload location',
      () => client.putBlob({ registry: host, repository: 'upload' }, Buffer.from('x')),
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
