import { SigilError } from '@sigil/core';

export interface RetryOptions {
  /** Attempts per operation, the first included (default 6). */
  readonly maxAttempts: number;
  /** Backoff cap of the first retry (default 200 ms); doubles per attempt. */
  readonly baseDelayMs: number;
  /** Upper bound of one backoff (default 10 s). */
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY_OPTIONS: RetryOptions = { maxAttempts: 6, baseDelayMs: 200, maxDelayMs: 10_000 };

/** Time and chance, injected so tests control them. */
export interface RetryEnvironment {
  now(): number;
  sleep(ms: number): Promise<void>;
  /** Uniform in [0, 1). */
  random(): number;
}

export const systemRetryEnvironment: RetryEnvironment = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: () => Math.random(),
};

/** A failure worth another attempt: a retryable status or a broken connection. */
export class TransientFailure extends Error {
  override readonly name = 'TransientFailure';
  /** True when the server answered or a connection was made (the host is reachable). */
  readonly reached: boolean;
  readonly status: number | undefined;
  readonly retryAfterMs: number | undefined;

  constructor(
    message: string,
    options: { reached: boolean; status?: number; retryAfterMs?: number; cause?: unknown },
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.reached = options.reached;
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
  }
}

const RETRYABLE_STATUSES = new Set([408, 429, 500, 502, 503, 504]);

export function isRetryableStatus(status: number): boolean {
  return RETRYABLE_STATUSES.has(status) || (status >= 506 && status <= 599);
}

/** Connection failures that never reached a server. */
const UNREACHED_CODES = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ETIMEDOUT']);
/** Connection failures after a server accepted the connection. */
const BROKEN_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'SIGIL_IDLE_TIMEOUT', 'UND_ERR_SOCKET']);

/** The transient failure an error stands for, or undefined if retrying cannot help. */
export function transientFailureOf(error: unknown): TransientFailure | undefined {
  if (error instanceof TransientFailure) return error;
  if (error instanceof SigilError || !isErrorLike(error)) return undefined;
  const code = error.code;
  if (typeof code === 'string' && UNREACHED_CODES.has(code)) {
    return new TransientFailure(error.message, { reached: false, cause: error });
  }
  if ((typeof code === 'string' && BROKEN_CODES.has(code)) || error.message === 'socket hang up') {
    return new TransientFailure(error.message, { reached: true, cause: error });
  }
  return undefined;
}

/**
 * Parses `Retry-After` (delta seconds or an HTTP date) into milliseconds from `nowMs`; undefined when
 * absent or malformed.
 */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  if (!/[a-z]/i.test(text)) return undefined;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}

/** Full-jitter exponential backoff: uniform in [0, min(max, base * 2^retry)). */
export function backoffDelay(retry: number, options: RetryOptions, random: () => number): number {
  const cap = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** retry);
  return Math.floor(random() * cap);
}

export interface RetryContext {
  /** The registry host, named in errors. */
  readonly host: string;
  /** What is being done, e.g. `GET manifest demo/app:latest`, named in errors. */
  readonly what: string;
  /** Absolute time (per `env.now()`) after which no attempt starts. */
  readonly deadline: number;
  readonly options: RetryOptions;
  readonly env: RetryEnvironment;
}

const TIMEOUT_HINT = 'Raise timeout-seconds, or check the registry status.';

/**
 * Runs `attempt` until it succeeds, fails permanently, runs out of attempts, or the deadline comes.
 * `attempt` receives the remaining time in ms and should give up its request when it runs out.
 */
export async function withRetries<T>(
  context: RetryContext,
  attempt: (remainingMs: number) => Promise<T>,
): Promise<T> {
  const { env, options, deadline } = context;
  let reached = false;
  let last: TransientFailure | undefined;
  for (let n = 0; n < options.maxAttempts; n++) {
    const remaining = deadline - env.now();
    if (remaining <= 0) throw outOfTime(context, reached, last);
    try {
      return await attempt(remaining);
    } catch (error) {
      if (isDeadlineError(error)) {
        throw outOfTime(
          context,
          reached || (error as { connected?: unknown }).connected === true,
          last,
          error,
        );
      }
      const failure = transientFailureOf(error);
      if (failure === undefined) throw permanent(context, error);
      reached ||= failure.reached;
      last = failure;
    }
    if (n + 1 >= options.maxAttempts) break;
    const delay = last.retryAfterMs ?? backoffDelay(n, options, env.random);
    if (env.now() + delay >= deadline) throw outOfTime(context, reached, last);
    await env.sleep(delay);
  }
  throw exhausted(context, reached, last);
}

/**
 * Node's errors may come from another realm (a VM context, as under Jest), where `instanceof Error`
 * is false; their shape is what counts.
 */
function isErrorLike(error: unknown): error is { message: string; code?: unknown } {
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { message?: unknown }).message === 'string'
  );
}

function isDeadlineError(error: unknown): boolean {
  return isErrorLike(error) && error.code === 'SIGIL_DEADLINE';
}

/** Network errors that retrying cannot fix (unknown host, TLS failures) become REGISTRY_UNREACHABLE. */
function permanent(context: RetryContext, error: unknown): unknown {
  if (error instanceof SigilError || !isErrorLike(error)) return error;
  const code = error.code;
  // Node's own ERR_* codes are programming errors, except TLS/SSL failures.
  if (typeof code !== 'string' || (code.startsWith('ERR_') && !/^ERR_(TLS|SSL)/.test(code))) return error;
  const hint =
    code === 'ENOTFOUND'
      ? 'Check the registry host name.'
      : 'Check the registry address and its TLS certificate, or list it in insecure-registries if it serves plain HTTP.';
  return new SigilError(
    'REGISTRY_UNREACHABLE',
    `could not ${context.what} on registry ${context.host}: ${error.message}`,
    { cause: error, hint },
  );
}

function describe(failure: TransientFailure | undefined): string {
  if (failure === undefined) return 'no answer before the deadline';
  return failure.status === undefined ? failure.message : `HTTP ${failure.status}`;
}

function unreachable(context: RetryContext, last: TransientFailure | undefined, cause: unknown): SigilError {
  return new SigilError(
    'REGISTRY_UNREACHABLE',
    `registry ${context.host} is unreachable (${describe(last)}) while trying to ${context.what}`,
    { cause, hint: 'Check the registry host and port, and that the runner can reach it.' },
  );
}

function outOfTime(
  context: RetryContext,
  reached: boolean,
  last: TransientFailure | undefined,
  cause: unknown = last,
): SigilError {
  // Out of time before any attempt is a timeout; out of time without ever reaching the host is not.
  if (!reached && cause !== undefined) return unreachable(context, last, cause);
  const detail = last === undefined ? '' : ` (last failure: ${describe(last)})`;
  return new SigilError(
    'TIMEOUT',
    `timed out trying to ${context.what} on registry ${context.host}${detail}`,
    { cause, field: 'deadline', hint: TIMEOUT_HINT },
  );
}

function exhausted(context: RetryContext, reached: boolean, last: TransientFailure | undefined): SigilError {
  if (!reached) return unreachable(context, last, last);
  return new SigilError(
    'REGISTRY_UNREACHABLE',
    `registry ${context.host} kept failing (${describe(last)}) after ${context.options.maxAttempts} attempts to ${context.what}`,
    { cause: last, hint: 'The registry may be overloaded or down; try again later.' },
  );
}
