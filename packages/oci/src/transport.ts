import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { SigilError } from '@sigil/core';
import { ConcurrencyLimit } from '@sigil/core';

export type HttpMethod = 'GET' | 'HEAD' | 'PUT' | 'POST' | 'PATCH' | 'DELETE';

export interface HttpRequest {
  readonly method: HttpMethod;
  readonly url: URL;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: Uint8Array;
  /** The request fails with an error coded `SIGIL_DEADLINE` when this many ms have passed. */
  readonly timeoutMs?: number;
  /** Larger response bodies fail with REGISTRY_PROTOCOL instead of being buffered. */
  readonly maxBodyBytes?: number;
}

export interface HttpResponse {
  readonly status: number;
  /** Lower-case names; every value of a repeated header, in order. */
  readonly headers: Readonly<Record<string, readonly string[]>>;
  readonly body: Uint8Array;
}

/** The HTTP dependency of the registry client: one request, one fully read response. */
export type HttpSend = (request: HttpRequest) => Promise<HttpResponse>;

export function headerValue(response: HttpResponse, name: string): string | undefined {
  return response.headers[name.toLowerCase()]?.[0];
}

export interface NodeHttpTransportOptions {
  /** In-flight requests across the client (default 8). */
  readonly concurrency?: number;
  /** A socket silent for this long is reset (default 60 s); the retry policy treats it as a reset. */
  readonly idleTimeoutMs?: number;
  readonly defaultMaxBodyBytes?: number;
}

/** node:http/https with keep-alive agents and a client-wide limit on requests in flight. */
export class NodeHttpTransport {
  readonly #limit: ConcurrencyLimit;
  readonly #httpAgent: HttpAgent;
  readonly #httpsAgent: HttpsAgent;
  readonly #idleTimeoutMs: number;
  readonly #defaultMaxBodyBytes: number;

  constructor(options: NodeHttpTransportOptions = {}) {
    const concurrency = options.concurrency ?? 8;
    this.#limit = new ConcurrencyLimit(concurrency);
    this.#httpAgent = new HttpAgent({ keepAlive: true, maxSockets: concurrency });
    this.#httpsAgent = new HttpsAgent({ keepAlive: true, maxSockets: concurrency });
    this.#idleTimeoutMs = options.idleTimeoutMs ?? 60_000;
    this.#defaultMaxBodyBytes = options.defaultMaxBodyBytes ?? 512 * 1024 * 1024;
  }

  /** Requests currently on the wire. */
  get inFlight(): number {
    return this.#limit.active;
  }

  readonly send: HttpSend = (request) => this.#limit.run(() => this.#send(request));

  /** Closes idle keep-alive sockets. */
  close(): void {
    this.#httpAgent.destroy();
    this.#httpsAgent.destroy();
  }

  #send(request: HttpRequest): Promise<HttpResponse> {
    const https = request.url.protocol === 'https:';
    const send = https ? httpsRequest : httpRequest;
    const headers: Record<string, string> = { ...request.headers };
    if (request.body !== undefined) headers['content-length'] = String(request.body.byteLength);
    const maxBodyBytes = request.maxBodyBytes ?? this.#defaultMaxBodyBytes;
    return new Promise<HttpResponse>((resolve, reject) => {
      const req = send(request.url, {
        method: request.method,
        headers,
        agent: https ? this.#httpsAgent : this.#httpAgent,
      });
      // Whether a connection was made tells "slow" from "unreachable" when the deadline comes.
      let connected = false;
      req.on('socket', (socket) => {
        if (socket.connecting) socket.once('connect', () => (connected = true));
        else connected = true;
      });
      const deadline =
        request.timeoutMs === undefined
          ? undefined
          : setTimeout(
              () =>
                req.destroy(
                  Object.assign(coded('request deadline reached', 'SIGIL_DEADLINE'), { connected }),
                ),
              sharedTimerDuration(request.timeoutMs),
            );
      const settle = () => deadline !== undefined && clearTimeout(deadline);
      req.setTimeout(this.#idleTimeoutMs, () =>
        req.destroy(coded(`no data for ${this.#idleTimeoutMs} ms`, 'SIGIL_IDLE_TIMEOUT')),
      );
      req.on('error', (error) => {
        settle();
        reject(error);
      });
      req.on('response', (res) => {
        readBody(res, request.method === 'HEAD' ? 0 : maxBodyBytes, request.url).then(
          (body) => {
            settle();
            resolve({ status: res.statusCode ?? 0, headers: collectHeaders(res.rawHeaders), body });
          },
          (error: unknown) => {
            settle();
            req.destroy();
            reject(error);
          },
        );
      });
      req.end(
        request.body === undefined
          ? undefined
          : Buffer.from(request.body.buffer, request.body.byteOffset, request.body.byteLength),
      );
    });
  }
}

/**
 * Node keeps one timer list per distinct duration, and a list that is created or emptied costs a priority
 * queue update. The registry client's deadlines are "what is left of the client's budget", a different
 * millisecond count for nearly every request; above two seconds they are taken down to whole seconds, so
 * requests share lists, at the price of a request failing at most a second before the client's deadline.
 */
function sharedTimerDuration(ms: number): number {
  return ms >= 2_000 ? ms - (ms % 1_000) : ms;
}

/** The body in one copy, in memory of its own: not Node's shared pool, which a small body would keep alive. */
function joinChunks(chunks: readonly Buffer[], total: number): Uint8Array {
  const body = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

function coded(message: string, code: string): Error {
  return Object.assign(new Error(message), { code });
}

function collectHeaders(raw: readonly string[]): Record<string, string[]> {
  const headers: Record<string, string[]> = {};
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = (raw[i] ?? '').toLowerCase();
    (headers[name] ??= []).push(raw[i + 1] ?? '');
  }
  return headers;
}

function readBody(res: IncomingMessage, maxBytes: number, url: URL): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const declared = Number(res.headers['content-length'] ?? '0');
    if (maxBytes > 0 && declared > maxBytes) {
      res.destroy();
      reject(tooLarge(url, maxBytes));
      return;
    }
    const chunks: Buffer[] = [];
    let total = 0;
    res.on('data', (chunk: Buffer) => {
      total += chunk.byteLength;
      if (total > maxBytes) {
        res.destroy();
        reject(tooLarge(url, maxBytes));
        return;
      }
      chunks.push(chunk);
    });
    res.on('end', () => resolve(joinChunks(chunks, total)));
    res.on('error', reject);
    res.on('aborted', () => reject(coded('response aborted', 'ECONNRESET')));
  });
}

function tooLarge(url: URL, maxBytes: number): SigilError {
  return new SigilError(
    'REGISTRY_PROTOCOL',
    `the response from ${url.host}${url.pathname} is larger than ${maxBytes} bytes; refusing to buffer it`,
  );
}
