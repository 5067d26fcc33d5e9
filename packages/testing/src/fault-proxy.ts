import {
  Agent,
  createServer,
  request,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { Socket } from 'node:net';
import { seededRandom } from './seeded-random.js';

/**
 * - `status503`: answers 503 without forwarding
 * - `status429`: answers 429 with Retry-After without forwarding
 * - `resetBefore`: drops the connection before forwarding
 * - `resetAfter`: forwards, lets the registry act, then drops the connection (the answer is lost)
 * - `slow`: forwards and delays the answer
 */
export type FaultKind = 'status503' | 'status429' | 'resetBefore' | 'resetAfter' | 'slow';

export const FAULT_KINDS: readonly FaultKind[] = [
  'status503',
  'status429',
  'resetBefore',
  'resetAfter',
  'slow',
];

export interface FaultProxyOptions {
  /** `host:port` of the registry behind the proxy. */
  readonly upstream: string;
  /** Chance (0-1) that a request gets a fault (default 0.2). */
  readonly faultRate?: number;
  /** Seed of the fault plan (default 1). */
  readonly seed?: number;
  /** Faults to choose from, uniformly (default all). */
  readonly kinds?: readonly FaultKind[];
  /** Retry-After of `status429`, in seconds (default 1). */
  readonly retryAfterSeconds?: number;
  /** Delay of `slow` answers (default 200 ms). */
  readonly slowMs?: number;
  /** Stop injecting after this many faults. */
  readonly maxFaults?: number;
  /** Requests for which this returns true are always forwarded untouched. */
  readonly exempt?: (request: { method: string; url: string }) => boolean;
}

export interface StartedFaultProxy {
  /** `127.0.0.1:<port>`: use it as the registry host. */
  readonly host: string;
  readonly url: string;
  /** Faults injected so far, per kind. */
  readonly faults: Readonly<Record<FaultKind, number>>;
  /** Requests received, faulted or not. */
  readonly requests: number;
  /** Changes the fault rate from now on (e.g. 0 to set up state, then 0.2). */
  setFaultRate(rate: number): void;
  stop(): Promise<void>;
}

/** A loopback reverse proxy that injects faults into a seeded share of the requests it forwards. */
export async function startFaultProxy(options: FaultProxyOptions): Promise<StartedFaultProxy> {
  const random = seededRandom(options.seed ?? 1);
  const kinds = options.kinds ?? FAULT_KINDS;
  const faults: Record<FaultKind, number> = {
    status503: 0,
    status429: 0,
    resetBefore: 0,
    resetAfter: 0,
    slow: 0,
  };
  let rate = options.faultRate ?? 0.2;
  let requests = 0;
  let injected = 0;
  const agent = new Agent({ keepAlive: true });
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const delay = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });

  const choose = (req: IncomingMessage): FaultKind | undefined => {
    if (options.exempt?.({ method: req.method ?? 'GET', url: req.url ?? '/' })) return undefined;
    if (options.maxFaults !== undefined && injected >= options.maxFaults) return undefined;
    if (random() >= rate) return undefined;
    return kinds[Math.floor(random() * kinds.length)];
  };

  const server = createServer((req, res) => {
    requests++;
    const fault = choose(req);
    if (fault !== undefined) {
      injected++;
      faults[fault]++;
    }
    readAll(req)
      .then(async (body) => {
        if (fault === 'resetBefore') return req.socket.destroy();
        if (fault === 'status503' || fault === 'status429')
          return answerFault(res, fault, options.retryAfterSeconds ?? 1);
        const answer = await forward(agent, options.upstream, req, body);
        if (fault === 'resetAfter') return req.socket.destroy();
        if (fault === 'slow') await delay(options.slowMs ?? 200);
        res.writeHead(answer.status, answer.headers);
        res.end(answer.body);
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
    url: `http://127.0.0.1:${port}`,
    faults,
    get requests() {
      return requests;
    },
    setFaultRate(next: number) {
      rate = next;
    },
    stop: async () => {
      for (const timer of timers) clearTimeout(timer);
      for (const socket of sockets) socket.destroy();
      agent.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function answerFault(res: ServerResponse, fault: 'status503' | 'status429', retryAfterSeconds: number): void {
  const status = fault === 'status503' ? 503 : 429;
  const code = fault === 'status503' ? 'UNAVAILABLE' : 'TOOMANYREQUESTS';
  if (status === 429) res.setHeader('retry-after', String(retryAfterSeconds));
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ errors: [{ code, message: 'injected by the fault proxy' }] }));
}

interface Answer {
  readonly status: number;
  readonly headers: Record<string, string | string[]>;
  readonly body: Buffer;
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
function forward(agent: Agent, upstream: string, req: IncomingMessage, body: Buffer): Promise<Answer> {
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
