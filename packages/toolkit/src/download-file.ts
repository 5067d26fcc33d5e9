import { createHash, type Hash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { HttpClient } from '@actions/http-client';
import { SigilError, messageOf, silentLogger, type Logger } from '@sigil/core';
import {
  TransientFailure,
  backoffDelay,
  isRetryableStatus,
  parseRetryAfter,
  transientFailureOf,
} from '@sigil/oci';
import { isAllowedDownloadUrl } from './download-url.js';

const DEFAULT_MAX_DOWNLOAD_BYTES = 512 * 1024 * 1024;

export interface DownloadRetryOptions {
  /** Attempts, the first included (default 5). */
  readonly attempts: number;
  /** Backoff cap of the first retry, doubling per retry (default 1 s). */
  readonly baseDelayMs: number;
  /** Upper bound of one wait, `Retry-After` included (default 15 s). */
  readonly maxDelayMs: number;
  readonly sleep: (ms: number) => Promise<void>;
}

const DEFAULT_RETRY: DownloadRetryOptions = {
  attempts: 5,
  baseDelayMs: 1000,
  maxDelayMs: 15_000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export interface DownloadFileOptions {
  readonly url: URL;
  /** A fresh folder is made in here for the file (RUNNER_TEMP). */
  readonly directory: string;
  /** Name of the file inside that folder. */
  readonly fileName: string;
  /** What is downloaded, for messages: e.g. `cosign v3.1.3 (cosign-linux-amd64)`. */
  readonly what: string;
  /** The input that chose the URL, named in errors (e.g. `download-url`). */
  readonly input?: string;
  /** The error for a 404 / 410: the caller knows what a missing file most likely means. */
  readonly notFound?: (url: string) => { readonly message: string; readonly hint: string };
  /** Larger downloads are refused (default 512 MiB). */
  readonly maxBytes?: number;
  /** A response silent for this long is dropped and retried (default 60 s). */
  readonly idleTimeoutMs?: number;
  readonly retry?: Partial<DownloadRetryOptions>;
  readonly logger?: Logger;
  readonly userAgent?: string;
}

export interface DownloadedFile {
  readonly path: string;
  /** Lower-case hex sha256 of the bytes written, computed while they arrived. */
  readonly sha256: string;
  readonly bytes: number;
  /** The URL the bytes came from, after redirects. */
  readonly url: string;
  /** Deletes the file and its folder. */
  remove(): Promise<void>;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 10;

/**
 * Streams `url` to a new file while hashing it. Redirects are followed, each checked against the
 * download scheme rule (https, or http to loopback). 5xx, 408, 429 (its `Retry-After` honoured up to
 * the wait cap), connection resets, idle responses and truncated bodies (fewer bytes than
 * Content-Length) are retried with jittered exponential backoff; a 404 or anything else fails at once
 * with TOOL_DOWNLOAD_FAILED. Proxies (`https_proxy`, `no_proxy`) are honoured by @actions/http-client.
 * On failure nothing is left on disk.
 */
export async function downloadFile(options: DownloadFileOptions): Promise<DownloadedFile> {
  const retry = { ...DEFAULT_RETRY, ...options.retry };
  const logger = options.logger ?? silentLogger;
  const folder = await mkdtemp(path.join(options.directory, 'sigil-download-'));
  const file = path.join(folder, options.fileName);
  const remove = () => rm(folder, { recursive: true, force: true });
  const client = new HttpClient(options.userAgent ?? 'sigil', [], {
    allowRedirects: false,
    allowRetries: false,
    keepAlive: false,
    socketTimeout: options.idleTimeoutMs ?? 60_000,
  });
  let last: TransientFailure | undefined;
  try {
    for (let attempt = 1; attempt <= retry.attempts; attempt++) {
      try {
        const result = await attemptDownload(client, options, file);
        return { path: file, ...result, remove };
      } catch (error) {
        last = transientOf(error);
        if (last === undefined) throw asDownloadError(error, options);
      }
      if (attempt === retry.attempts) break;
      const delay = Math.min(
        retry.maxDelayMs,
        last.retryAfterMs ??
          backoffDelay(attempt - 1, { maxAttempts: retry.attempts, ...retry }, Math.random),
      );
      logger.info(
        `Downloading ${options.what} failed (${last.message}); attempt ${attempt + 1} of ` +
          `${retry.attempts} in ${(delay / 1000).toFixed(1)} s`,
      );
      await retry.sleep(delay);
    }
    throw new SigilError(
      'TOOL_DOWNLOAD_FAILED',
      `could not download ${options.what} from ${options.url.href} in ${retry.attempts} attempts ` +
        `(last: ${last?.message ?? 'no answer'})`,
      {
        cause: last,
        ...(options.input === undefined ? {} : { input: options.input }),
        hint: 'The server kept failing or cutting the download short; try again later, or check the mirror.',
      },
    );
  } catch (error) {
    await remove();
    throw error;
  } finally {
    client.dispose();
  }
}

/** A release's checksums file or Sigstore bundle is a few KB. */
const RELEASE_FILE_MAX_BYTES = 1024 * 1024;

/**
 * Downloads a small file of a release (a checksums file, a Sigstore bundle; at most 1 MiB) from the base the
 * `download-url` input chose, into memory, through a temporary file in `directory` removed before this returns.
 */
export async function downloadReleaseFile(
  file: Pick<DownloadFileOptions, 'url' | 'fileName' | 'what' | 'notFound'>,
  context: Pick<DownloadFileOptions, 'directory' | 'logger' | 'retry'>,
): Promise<Buffer> {
  const downloaded = await downloadFile({
    ...file,
    ...context,
    input: 'download-url',
    maxBytes: RELEASE_FILE_MAX_BYTES,
  });
  try {
    return await readFile(downloaded.path);
  } finally {
    await downloaded.remove();
  }
}

interface AttemptResult {
  readonly sha256: string;
  readonly bytes: number;
  readonly url: string;
}

async function attemptDownload(
  client: HttpClient,
  options: DownloadFileOptions,
  file: string,
): Promise<AttemptResult> {
  let url = options.url;
  for (let redirects = 0; ; redirects++) {
    if (!isAllowedDownloadUrl(url)) throw insecureUrl(url, options);
    const response = (await client.get(url.href, { accept: 'application/octet-stream' })).message;
    const status = response.statusCode ?? 0;
    const location = response.headers.location;
    if (REDIRECTS.has(status) && location !== undefined) {
      response.resume();
      if (redirects === MAX_REDIRECTS) {
        throw permanent(`${url.href} redirected more than ${MAX_REDIRECTS} times`, options);
      }
      const next = new URL(location, url);
      if (url.protocol === 'https:' && next.protocol !== 'https:') {
        // Never from https down to plain http, not even to loopback (that could reach a local service).
        throw permanent(
          `refusing the redirect from ${withoutQuery(url)} down to ${next.protocol}//${next.host}`,
          options,
        );
      }
      url = next;
      continue;
    }
    // The URL reported is origin and path: a redirect target's query is often a signed, short-lived grant.
    if (status === 200) return { ...(await saveBody(response, options, file)), url: withoutQuery(url) };
    response.resume();
    if (isRetryableStatus(status)) {
      const retryAfterMs = parseRetryAfter(headerText(response.headers['retry-after']), Date.now());
      throw new TransientFailure(`HTTP ${status} from ${url.host}`, {
        reached: true,
        status,
        ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      });
    }
    if ((status === 404 || status === 410) && options.notFound !== undefined) {
      const { message, hint } = options.notFound(url.href);
      throw new SigilError('TOOL_DOWNLOAD_FAILED', message, {
        ...(options.input === undefined ? {} : { input: options.input }),
        hint,
      });
    }
    throw permanent(`${url.href} answered HTTP ${status} ${response.statusMessage ?? ''}`.trim(), options);
  }
}

async function saveBody(
  response: IncomingMessage,
  options: DownloadFileOptions,
  file: string,
): Promise<{ sha256: string; bytes: number }> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_DOWNLOAD_BYTES;
  const declared = contentLength(response);
  if (declared !== undefined && declared > maxBytes) {
    response.destroy();
    throw tooLarge(`its Content-Length is ${declared} bytes`, maxBytes, options);
  }
  const idleMs = options.idleTimeoutMs ?? 60_000;
  let timer: NodeJS.Timeout | undefined;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      const idle = Object.assign(new Error(`no data for ${idleMs} ms`), { code: 'SIGIL_IDLE_TIMEOUT' });
      response.destroy(idle);
    }, idleMs);
  };
  const hash = createHash('sha256');
  const meter = new ByteMeter(hash, maxBytes, options, arm);
  arm();
  try {
    await pipeline(response, meter, createWriteStream(file));
  } finally {
    clearTimeout(timer);
  }
  if (declared !== undefined && meter.bytes !== declared) {
    throw new TransientFailure(`truncated: ${meter.bytes} of ${declared} bytes arrived`, { reached: true });
  }
  return { sha256: hash.digest('hex'), bytes: meter.bytes };
}

/** Hashes and counts what passes through (telling `onChunk`), failing once it exceeds `maxBytes`. */
class ByteMeter extends Transform {
  bytes = 0;
  readonly #hash: Hash;
  readonly #maxBytes: number;
  readonly #options: DownloadFileOptions;
  readonly #onChunk: () => void;

  constructor(hash: Hash, maxBytes: number, options: DownloadFileOptions, onChunk: () => void) {
    super();
    this.#hash = hash;
    this.#maxBytes = maxBytes;
    this.#options = options;
    this.#onChunk = onChunk;
  }

  override _transform(
    chunk: Buffer,
    _encoding: BufferEncoding,
    done: (error?: Error | null, data?: Buffer) => void,
  ): void {
    this.#onChunk();
    this.bytes += chunk.byteLength;
    if (this.bytes > this.#maxBytes) {
      done(tooLarge(`more than ${this.#maxBytes} bytes arrived`, this.#maxBytes, this.#options));
      return;
    }
    this.#hash.update(chunk);
    done(null, chunk);
  }
}

function contentLength(response: IncomingMessage): number | undefined {
  const value = response.headers['content-length'];
  return value !== undefined && /^\d+$/.test(value) ? Number(value) : undefined;
}

function headerText(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** A failure worth another attempt, or undefined. */
function transientOf(error: unknown): TransientFailure | undefined {
  if (error instanceof SigilError) return undefined;
  const transient = transientFailureOf(error);
  if (transient !== undefined) return transient;
  const message = messageOf(error);
  // @actions/http-client's socket timeout before an answer, and our own idle timeout.
  if (/^Request timeout/.test(message))
    return new TransientFailure(message, { reached: false, cause: error });
  if (message === 'aborted') return new TransientFailure('connection closed mid-download', { reached: true });
  return undefined;
}

function asDownloadError(error: unknown, options: DownloadFileOptions): SigilError {
  if (error instanceof SigilError) return error;
  return permanent(`${options.url.href} could not be fetched: ${messageOf(error)}`, options, error);
}

function permanent(detail: string, options: DownloadFileOptions, cause?: unknown): SigilError {
  return new SigilError('TOOL_DOWNLOAD_FAILED', `could not download ${options.what}: ${detail}`, {
    ...(cause === undefined ? {} : { cause }),
    ...(options.input === undefined ? {} : { input: options.input }),
    hint: `Check \`${options.input ?? 'the URL'}\`, and that the runner can reach it (proxy: https_proxy, no_proxy).`,
  });
}

function insecureUrl(url: URL, options: DownloadFileOptions): SigilError {
  return permanent(
    `refusing ${url.protocol}//${url.host}: downloads use https (plain http only to a loopback host)` +
      (url.href === options.url.href ? '' : `, and ${options.url.href} redirected there`),
    options,
  );
}

function tooLarge(detail: string, maxBytes: number, options: DownloadFileOptions): SigilError {
  return new SigilError(
    'TOOL_DOWNLOAD_FAILED',
    `refusing the download of ${options.what}: ${detail}, over the limit of ${maxBytes} bytes ` +
      `(${Math.round(maxBytes / 1024 / 1024)} MiB)`,
    {
      ...(options.input === undefined ? {} : { input: options.input }),
      hint: `\`${options.input ?? 'the URL'}\` does not seem to serve the expected file; check the mirror.`,
    },
  );
}

/** `url` without its query and fragment (GitHub's release redirects carry signed X-Amz-* parameters). */
function withoutQuery(url: URL): string {
  return `${url.origin}${url.pathname}`;
}
