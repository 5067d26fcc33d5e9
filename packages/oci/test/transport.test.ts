import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SigilError } from '@sigil/core';
import { NodeHttpTransport } from '@sigil/oci';
import { startLoopbackServer, type LoopbackServer } from './loopback-server.js';

let server: LoopbackServer;
let base: string;
let inFlight = 0;
let maxInFlight = 0;
const sockets = new Set<unknown>();
const timers = new Set<NodeJS.Timeout>();

beforeAll(async () => {
  server = await startLoopbackServer((req, res) => {
    sockets.add(req.socket);
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    const url = new URL(req.url ?? '/', 'http://x');
    const delay = Number(url.searchParams.get('delay') ?? '20');
    const timer = setTimeout(() => {
      timers.delete(timer);
      inFlight--;
      if (url.pathname === '/big') {
        res.end(Buffer.alloc(2048, 1));
        return;
      }
      if (url.pathname === '/large') {
        // Written in pieces, so the client reads it in several chunks.
        for (let i = 0; i < 64; i++) res.write(Buffer.alloc(4096, i));
        res.end();
        return;
      }
      res.setHeader('www-authenticate', 'Basic realm="a"');
      res.appendHeader('www-authenticate', 'Bearer realm="b"');
      res.end(`${req.method} ${url.pathname}`);
    }, delay);
    timers.add(timer);
  });
  base = `http://${server.host}`;
});

afterAll(async () => {
  for (const timer of timers) clearTimeout(timer);
  await server.stop();
});

describe('NodeHttpTransport', () => {
  it('keeps at most `concurrency` requests in flight and reuses their connections', async () => {
    const transport = new NodeHttpTransport({ concurrency: 3 });
    maxInFlight = 0;
    sockets.clear();
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) => transport.send({ method: 'GET', url: new URL(`/n${i}`, base) })),
    );
    transport.close();
    expect(responses.map((r) => Buffer.from(r.body).toString())).toEqual(
      Array.from({ length: 20 }, (_, i) => `GET /n${i}`),
    );
    expect(maxInFlight).toBe(3);
    expect(sockets.size).toBe(3);
  });

  it('keeps every value of a repeated header', async () => {
    const transport = new NodeHttpTransport();
    const response = await transport.send({ method: 'GET', url: new URL('/h', base) });
    transport.close();
    expect(response.headers['www-authenticate']).toEqual(['Basic realm="a"', 'Bearer realm="b"']);
  });

  it('refuses to buffer a body over maxBodyBytes', async () => {
    const transport = new NodeHttpTransport();
    const error = await transport
      .send({ method: 'GET', url: new URL('/big', base), maxBodyBytes: 1024 })
      .catch((e) => e);
    transport.close();
    expect(error).toBeInstanceOf(SigilError);
    expect((error as SigilError).code).toBe('REGISTRY_PROTOCOL');
  });

  it('gives each body memory of its own, whether it came in one chunk or many', async () => {
    const transport = new NodeHttpTransport();
    const small = await transport.send({ method: 'GET', url: new URL('/h', base) });
    const large = await transport.send({ method: 'GET', url: new URL('/large', base) });
    transport.close();
    expect(Buffer.from(small.body).toString()).toBe('GET /h');
    // Not a view into Node's shared 8 KiB pool, which a small body would keep alive.
    expect(small.body.buffer.byteLength).toBe(small.body.byteLength);
    expect(large.body.byteLength).toBe(64 * 4096);
    expect(large.body.buffer.byteLength).toBe(large.body.byteLength);
    expect([0, 4095, 4096, 64 * 4096 - 1].map((i) => large.body[i])).toEqual([0, 0, 1, 63]);
  });

  it('ends a request with over two seconds left at the whole second below its deadline, never after', async () => {
    const transport = new NodeHttpTransport();
    const started = Date.now();
    const error = await transport
      .send({ method: 'GET', url: new URL('/slow?delay=5000', base), timeoutMs: 2_700 })
      .catch((e: unknown) => e);
    const elapsed = Date.now() - started;
    transport.close();
    expect(error).toMatchObject({ code: 'SIGIL_DEADLINE' });
    expect(elapsed).toBeGreaterThanOrEqual(1_990);
    expect(elapsed).toBeLessThan(2_600);
  });

  it('gives up at the deadline with SIGIL_DEADLINE, noting that a connection was made', async () => {
    const transport = new NodeHttpTransport();
    const started = Date.now();
    const error = await transport
      .send({ method: 'GET', url: new URL('/slow?delay=2000', base), timeoutMs: 100 })
      .catch((e: unknown) => e);
    transport.close();
    expect(Date.now() - started).toBeLessThan(1500);
    expect(error).toMatchObject({ code: 'SIGIL_DEADLINE', connected: true });
  });
});
