import { describe, expect, it } from '@jest/globals';
import { SigilError } from '@sigil/core';
import {
  TransientFailure,
  backoffDelay,
  isRetryableStatus,
  parseRetryAfter,
  transientFailureOf,
} from '@sigil/oci';
import { withRetries, type RetryOptions } from '../src/retry.js';
import { failure } from './sigil-failure.js';

const options: RetryOptions = { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 1000 };

function fakeTime(random = 0.5) {
  let now = 1_000_000;
  const sleeps: number[] = [];
  return {
    sleeps,
    env: {
      now: () => now,
      sleep: async (ms: number) => {
        sleeps.push(ms);
        now += ms;
      },
      random: () => random,
    },
    advance: (ms: number) => (now += ms),
    get now() {
      return now;
    },
  };
}

function coded(code: string, message = code): Error {
  return Object.assign(new Error(message), { code });
}

/** An operation that fails with the given errors in turn, then answers 'done'. */
function scripted(failures: unknown[]) {
  const calls = { count: 0 };
  const attempt = async () => {
    const failure = failures[calls.count++];
    if (failure !== undefined) throw failure;
    return 'done';
  };
  return { calls, attempt };
}

const http = (status: number, retryAfterMs?: number) =>
  new TransientFailure(`HTTP ${status}`, {
    reached: true,
    status,
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  });

describe('withRetries', () => {
  it('retries transient failures with full-jitter exponential backoff, then succeeds', async () => {
    const time = fakeTime(0.5);
    const { calls, attempt } = scripted([
      http(503),
      coded('ECONNRESET'),
      new Error('socket hang up'),
      http(429),
    ]);
    const context = { host: 'r.example', what: 'get x', deadline: time.now + 60_000, options, env: time.env };
    expect(await withRetries(context, attempt)).toBe('done');
    expect(calls.count).toBe(5);
    expect(time.sleeps).toEqual([50, 100, 200, 400]);
  });

  it('honours Retry-After instead of the backoff', async () => {
    const time = fakeTime(0.5);
    const { attempt } = scripted([http(429, 3000), http(503)]);
    const context = { host: 'r.example', what: 'get x', deadline: time.now + 60_000, options, env: time.env };
    expect(await withRetries(context, attempt)).toBe('done');
    expect(time.sleeps).toEqual([3000, 100]);
  });

  it('gives TIMEOUT at once when Retry-After reaches past the deadline', async () => {
    const time = fakeTime();
    const { calls, attempt } = scripted([http(429, 120_000)]);
    const context = { host: 'r.example', what: 'get x', deadline: time.now + 60_000, options, env: time.env };
    const error = await failure(withRetries(context, attempt));
    expect(error.code).toBe('TIMEOUT');
    expect(error.field).toBe('deadline');
    expect(error.message).toBe('timed out trying to get x on registry r.example (last failure: HTTP 429)');
    expect(calls.count).toBe(1);
    expect(time.sleeps).toEqual([]);
  });

  it('gives TIMEOUT when the deadline passes during the retries', async () => {
    const time = fakeTime(0.99);
    const slowFailure = async () => {
      time.advance(400);
      throw http(502);
    };
    const context = { host: 'r.example', what: 'get x', deadline: time.now + 1000, options, env: time.env };
    const error = await failure(withRetries(context, slowFailure));
    expect(error.code).toBe('TIMEOUT');
    expect(time.now).toBeLessThanOrEqual(1_001_000);
  });

  it('gives TIMEOUT when the deadline has passed before the first attempt', async () => {
    const time = fakeTime();
    const { calls, attempt } = scripted([]);
    const context = { host: 'r.example', what: 'get x', deadline: time.now, options, env: time.env };
    expect((await failure(withRetries(context, attempt))).code).toBe('TIMEOUT');
    expect(calls.count).toBe(0);
  });

  it('says REGISTRY_UNREACHABLE with the host when no connection was ever made', async () => {
    const time = fakeTime();
    const refused = coded('ECONNREFUSED', 'connect ECONNREFUSED 10.0.0.1:443');
    const { calls, attempt } = scripted(Array(10).fill(refused));
    const context = {
      host: '10.0.0.1:443',
      what: 'get x',
      deadline: time.now + 60_000,
      options,
      env: time.env,
    };
    const error = await failure(withRetries(context, attempt));
    expect(error.code).toBe('REGISTRY_UNREACHABLE');
    expect(error.message).toBe(
      'registry 10.0.0.1:443 is unreachable (connect ECONNREFUSED 10.0.0.1:443) while trying to get x',
    );
    expect(calls.count).toBe(5);
    expect(time.sleeps).toHaveLength(4);
  });

  it('says REGISTRY_UNREACHABLE when a reached registry keeps failing through every attempt', async () => {
    const time = fakeTime();
    const { calls, attempt } = scripted(Array(10).fill(http(503)));
    const context = { host: 'r.example', what: 'get x', deadline: time.now + 60_000, options, env: time.env };
    const error = await failure(withRetries(context, attempt));
    expect(error.code).toBe('REGISTRY_UNREACHABLE');
    expect(error.message).toBe('registry r.example kept failing (HTTP 503) after 5 attempts to get x');
    expect(calls.count).toBe(5);
  });

  it('does not retry a SigilError, an unknown host, or a programming error', async () => {
    const time = fakeTime();
    const context = { host: 'r.example', what: 'get x', deadline: time.now + 60_000, options, env: time.env };
    const denied = new SigilError('REGISTRY_DENIED', 'no');
    const a = scripted([denied]);
    expect(await failure(withRetries(context, a.attempt))).toBe(denied);
    const b = scripted([coded('ENOTFOUND', 'getaddrinfo ENOTFOUND r.example')]);
    const notFound = await failure(withRetries(context, b.attempt));
    expect(notFound.code).toBe('REGISTRY_UNREACHABLE');
    expect(notFound.message).toBe('could not get x on registry r.example: getaddrinfo ENOTFOUND r.example');
    const bug = new TypeError('x is not a function');
    const c = scripted([bug]);
    await expect(withRetries(context, c.attempt)).rejects.toBe(bug);
    expect(a.calls.count + b.calls.count + c.calls.count).toBe(3);
    expect(time.sleeps).toEqual([]);
  });

  it('tells a slow registry (TIMEOUT) from an unreachable one when a request hits the deadline', async () => {
    const time = fakeTime();
    const context = { host: 'r.example', what: 'get x', deadline: time.now + 60_000, options, env: time.env };
    const slow = scripted([Object.assign(coded('SIGIL_DEADLINE'), { connected: true })]);
    expect((await failure(withRetries(context, slow.attempt))).code).toBe('TIMEOUT');
    const blackhole = scripted([Object.assign(coded('SIGIL_DEADLINE'), { connected: false })]);
    expect((await failure(withRetries(context, blackhole.attempt))).code).toBe('REGISTRY_UNREACHABLE');
  });
});

describe('backoffDelay', () => {
  it('draws uniformly below min(max, base * 2^retry)', () => {
    expect([0, 1, 2, 3, 4, 5].map((n) => backoffDelay(n, options, () => 0.999))).toEqual([
      99, 199, 399, 799, 999, 999,
    ]);
    expect(backoffDelay(3, options, () => 0)).toBe(0);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  it.each([
    ['3', 3000],
    [' 0 ', 0],
    ['Thu, 01 Jan 2026 00:00:05 GMT', 5000],
    ['Wed, 31 Dec 2025 23:59:00 GMT', 0],
    ['-1', undefined],
    ['1.5', undefined],
    ['soon', undefined],
    [undefined, undefined],
  ])('%j → %j', (value, ms) => {
    expect(parseRetryAfter(value, now)).toBe(ms);
  });
});

describe('what is transient', () => {
  it.each([
    [408, true],
    [429, true],
    [500, true],
    [502, true],
    [503, true],
    [504, true],
    [501, false],
    [505, false],
    [400, false],
    [404, false],
  ])('HTTP %d → %s', (status, retryable) => {
    expect(isRetryableStatus(status)).toBe(retryable);
  });

  it.each([
    ['ECONNRESET', true],
    ['EPIPE', true],
    ['SIGIL_IDLE_TIMEOUT', true],
    ['ECONNREFUSED', false],
    ['EHOSTUNREACH', false],
  ])('%s is transient (reached: %s)', (code, reached) => {
    expect(transientFailureOf(coded(code))?.reached).toBe(reached);
  });

  it('treats ENOTFOUND and SigilErrors as permanent', () => {
    expect(transientFailureOf(coded('ENOTFOUND'))).toBeUndefined();
    expect(transientFailureOf(new SigilError('REGISTRY_AUTH', 'x'))).toBeUndefined();
  });
});
