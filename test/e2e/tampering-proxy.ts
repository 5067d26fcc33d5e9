import { createHash } from 'node:crypto';
import { Agent, createServer, request, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';

/**
 * A loopback reverse proxy in front of a registry that a test can make lie: answer instead of the
 * registry, change what the registry did before it answers, or rewrite its answer. The gate under test is
 * pointed at the proxy's host, so it sees exactly the registry the test stages, whatever the Distribution
 * behind it would say. Unlike `startFaultProxy` (random, status-only faults), every lie here is deliberate
 * and aimed at one request.
 */
interface ProxiedRequest {
  readonly method: string;
  /** Path and query, e.g. `/v2/e2e/app-1a2b/manifests/sha256-….sig`. */
  readonly url: string;
}

export interface ProxiedAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[]>>;
  readonly body: Buffer;
}

interface Tampering {
  /** Runs before the request is forwarded; an answer returned here is sent instead (the registry is not asked). */
  before?(request: ProxiedRequest): Promise<ProxiedAnswer | undefined> | ProxiedAnswer | undefined;
  /** Runs on the registry's answer; what it returns is sent. */
  after?(request: ProxiedRequest, answer: ProxiedAnswer): Promise<ProxiedAnswer> | ProxiedAnswer;
}

export interface TamperingProxy {
  /** `127.0.0.1:<port>`: the registry part of the image references the gate is given. */
  readonly host: string;
  /** Every request so far, in order of arrival. */
  readonly requests: readonly ProxiedRequest[];
  /** Replaces the tampering from now on (`{}`: forward everything untouched). */
  tamper(tampering: Tampering): void;
  stop(): Promise<void>;
}

export async function startTamperingProxy(upstream: string): Promise<TamperingProxy> {
  let tampering: Tampering = {};
  const requests: ProxiedRequest[] = [];
  const agent = new Agent({ keepAlive: true });
  const sockets = new Set<Socket>();

  const server = createServer((req, res) => {
    const proxied: ProxiedRequest = { method: req.method ?? 'GET', url: req.url ?? '/' };
    requests.push(proxied);
    const current = tampering;
    readAll(req)
      .then(async (body) => {
        const instead = await current.before?.(proxied);
        const forwarded = instead ?? (await forward(agent, upstream, req, body));
        const answer =
          instead === undefined && current.after !== undefined
            ? await current.after(proxied, forwarded)
            : forwarded;
        if (res.destroyed) return;
        res.writeHead(answer.status, { ...answer.headers });
        res.end(proxied.method === 'HEAD' ? undefined : answer.body);
      })
      .catch(() => req.socket.destroy());
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    host: `127.0.0.1:${port}`,
    requests,
    tamper: (next) => {
      tampering = next;
    },
    stop: async () => {
      for (const socket of sockets) socket.destroy();
      agent.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** `sha256:<hex>` of bytes. */
function sha256Of(bytes: Uint8Array): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

/**
 * The answer with another body, its length and `Docker-Content-Digest` made consistent with the new bytes,
 * as a registry whose storage was edited would serve it: only a client that hashes what it asked for by
 * digest can tell.
 */
export function withBody(answer: ProxiedAnswer, body: Uint8Array): ProxiedAnswer {
  const bytes = Buffer.from(body);
  const headers: Record<string, string | string[]> = { ...answer.headers };
  headers['content-length'] = String(bytes.byteLength);
  if (headers['docker-content-digest'] !== undefined) headers['docker-content-digest'] = sha256Of(bytes);
  return { status: answer.status, headers, body: bytes };
}

/** A Distribution-style error answer (`{"errors":[…]}`), as a failing registry sends it. */
export function errorAnswer(status: number, code = 'UNKNOWN'): ProxiedAnswer {
  const body = Buffer.from(JSON.stringify({ errors: [{ code, message: 'injected by the e2e proxy' }] }));
  return {
    status,
    headers: { 'content-type': 'application/json', 'content-length': String(body.byteLength) },
    body,
  };
}

/** `/v2/<repository>/manifests/<reference>` */
export function manifestPath(repository: string, reference: string): string {
  return `/v2/${repository}/manifests/${reference}`;
}

/** `/v2/<repository>/blobs/<digest>` */
export function blobPath(repository: string, digest: string): string {
  return `/v2/${repository}/blobs/${digest}`;
}

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'proxy-connection',
  'upgrade',
  'te',
  'trailer',
]);

/** Forwards with the client's Host header, so the registry's Location headers point back at the proxy. */
function forward(agent: Agent, upstream: string, req: IncomingMessage, body: Buffer): Promise<ProxiedAnswer> {
  const headers = withoutHopByHop(req.headers);
  headers['content-length'] = String(body.byteLength);
  return new Promise((resolve, reject) => {
    const out = request(
      `http://${upstream}${req.url ?? '/'}`,
      { method: req.method, headers, agent },
      (res) => {
        readAll(res).then((answerBody) => {
          const answerHeaders = withoutHopByHop(res.headers);
          if (req.method !== 'HEAD') answerHeaders['content-length'] = String(answerBody.byteLength);
          resolve({ status: res.statusCode ?? 502, headers: answerHeaders, body: answerBody });
        }, reject);
      },
    );
    out.on('error', reject);
    out.end(body);
  });
}

function withoutHopByHop(headers: IncomingHttpHeaders): Record<string, string | string[]> {
  const kept: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !HOP_BY_HOP.has(name)) kept[name] = value;
  }
  return kept;
}

function readAll(stream: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}
