import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/** What a mirror serves at a path: bytes, or a file read from disk at each request. */
type MirrorContent = Uint8Array | string | { readonly file: string };

/**
 * A fault served instead of (or in the middle of) the file, once per request, in order:
 * - `{ status }`: that status (with `Retry-After` if given), no body
 * - `reset`: the connection is dropped before any answer
 * - `overstated-length`: the whole file under a Content-Length 1000 bytes larger, then the connection drops
 * - `cut-short`: the right Content-Length, half the file, then the connection drops
 * - `stall`: the right Content-Length, half the file, then silence (the connection stays open)
 * - `no-length`: the whole file, chunked, without Content-Length (not a fault: a way of serving)
 */
type MirrorFault =
  | { readonly status: number; readonly retryAfter?: string }
  | 'reset'
  | 'overstated-length'
  | 'cut-short'
  | 'stall'
  | 'no-length';

interface MirrorRequest {
  readonly method: string;
  readonly path: string;
}

export interface StartedReleaseMirror {
  /** `http://127.0.0.1:<port>`: give it as `download-url`. */
  readonly url: string;
  /** The same server as `http://localhost:<port>` (another host name, for cross-host redirects). */
  readonly otherHostUrl: string;
  /** Serves `content` at `path` (e.g. `/v2.6.5/cosign-linux-amd64`) from now on. */
  put(path: string, content: MirrorContent): void;
  /** The next requests of `path` get these faults, one each, before it is served normally again. */
  fault(path: string, ...faults: MirrorFault[]): void;
  /** `path` answers `status` (default 302) with `Location: location`. */
  redirect(path: string, location: string, status?: number): void;
  /** Every request received, in order. */
  readonly requests: readonly MirrorRequest[];
  stop(): Promise<void>;
}

/**
 * A loopback HTTP server laid out like a GitHub release download tree (`/<version>/<asset>`), for
 * tests of tool installs: files from memory or disk, scripted faults, redirects, and a request log.
 * Anything not put answers 404.
 */
export async function startReleaseMirror(): Promise<StartedReleaseMirror> {
  const contents = new Map<string, MirrorContent>();
  const faults = new Map<string, MirrorFault[]>();
  const redirects = new Map<string, { location: string; status: number }>();
  const requests: MirrorRequest[] = [];
  const sockets = new Set<Socket>();

  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://mirror').pathname;
    requests.push({ method: request.method ?? 'GET', path });
    handle(path, request, response).catch((error: unknown) => {
      response.destroy(error instanceof Error ? error : new Error(String(error)));
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });

  async function handle(path: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
    const redirect = redirects.get(path);
    if (redirect !== undefined) {
      response.writeHead(redirect.status, { location: redirect.location, 'content-length': '0' }).end();
      return;
    }
    const content = contents.get(path);
    const fault = faults.get(path)?.shift();
    if (fault === 'reset') {
      request.socket.destroy();
      return;
    }
    if (typeof fault === 'object') {
      const headers: Record<string, string> = { 'content-length': '0' };
      if (fault.retryAfter !== undefined) headers['retry-after'] = fault.retryAfter;
      response.writeHead(fault.status, headers).end();
      return;
    }
    if (content === undefined) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('Not Found');
      return;
    }
    if (fault === undefined) {
      await serve(content, response);
      return;
    }
    const bytes = await bytesOf(content);
    if (fault === 'no-length') {
      response.writeHead(200, { 'content-type': 'application/octet-stream' }).end(bytes);
      return;
    }
    const declared = fault === 'overstated-length' ? bytes.byteLength + 1000 : bytes.byteLength;
    const sent = fault === 'overstated-length' ? bytes : bytes.subarray(0, Math.floor(bytes.byteLength / 2));
    response.writeHead(200, {
      'content-type': 'application/octet-stream',
      'content-length': String(declared),
    });
    response.write(sent, () => {
      if (fault !== 'stall') response.socket?.destroy();
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;

  return {
    url: `http://127.0.0.1:${port}`,
    otherHostUrl: `http://localhost:${port}`,
    put: (path, content) => {
      contents.set(path, content);
    },
    fault: (path, ...added) => {
      faults.set(path, [...(faults.get(path) ?? []), ...added]);
    },
    redirect: (path, location, status = 302) => {
      redirects.set(path, { location, status });
    },
    requests,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

async function serve(content: MirrorContent, response: ServerResponse): Promise<void> {
  if (typeof content === 'object' && 'file' in content) {
    const { size } = await stat(content.file);
    response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(size) });
    createReadStream(content.file).pipe(response);
    return;
  }
  const bytes = typeof content === 'string' ? Buffer.from(content) : content;
  response
    .writeHead(200, {
      'content-type': 'application/octet-stream',
      'content-length': String(bytes.byteLength),
    })
    .end(bytes);
}

async function bytesOf(content: MirrorContent): Promise<Uint8Array> {
  if (typeof content === 'string') return Buffer.from(content);
  if (content instanceof Uint8Array) return content;
  return readFile(content.file);
}
