import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { startReleaseMirror, type StartedReleaseMirror } from '@sigil/testing';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { downloadFile, type DownloadFileOptions } from '../src/download-file.js';

/** Downloads from a loopback mirror that scripts the faults real servers and networks produce. */
let mirror: StartedReleaseMirror;
let directory: string;
const body = randomBytes(256 * 1024 + 17);
const bodySha256 = createHash('sha256').update(body).digest('hex');
const ASSET = '/v9.9.9/tool-linux-amd64';
const waits: number[] = [];
const logged: string[] = [];

beforeAll(async () => {
  mirror = await startReleaseMirror();
  mirror.put(ASSET, body);
});

afterAll(async () => {
  await mirror?.stop();
});

beforeEach(() => {
  directory = mkdtempSync(path.join(tmpdir(), 'sigil-download-test-'));
  waits.length = 0;
  logged.length = 0;
});

afterEach(() => {
  rmSync(directory, { recursive: true, force: true });
});

function download(overrides: Partial<DownloadFileOptions> = {}) {
  return downloadFile({
    url: new URL(`${mirror.url}${ASSET}`),
    directory,
    fileName: 'tool',
    what: 'tool v9.9.9 (tool-linux-amd64)',
    input: 'download-url',
    retry: {
      attempts: 4,
      sleep: async (ms) => {
        waits.push(ms);
      },
    },
    logger: {
      debug: () => undefined,
      info: (line) => logged.push(line),
      warning: (line) => logged.push(line),
    },
    ...overrides,
  });
}

function requestsOf(assetPath: string): number {
  return mirror.requests.filter((request) => request.path === assetPath).length;
}

async function expectSavedBody(options: Partial<DownloadFileOptions> = {}) {
  const file = await download(options);
  expect({ sha256: file.sha256, bytes: file.bytes }).toEqual({ sha256: bodySha256, bytes: body.byteLength });
  expect(createHash('sha256').update(readFileSync(file.path)).digest('hex')).toBe(bodySha256);
  await file.remove();
  expect(readdirSync(directory)).toEqual([]);
  return file;
}

describe('downloadFile', () => {
  it('streams the file to a new folder and hashes it on the way', async () => {
    const file = await download();
    expect(path.dirname(path.dirname(file.path))).toBe(directory);
    expect(file.url).toBe(`${mirror.url}${ASSET}`);
    expect(readFileSync(file.path).equals(body)).toBe(true);
    expect(file.sha256).toBe(bodySha256);
    await file.remove();
  });

  it.each([
    ['HTTP 503', { status: 503 }],
    ['HTTP 500', { status: 500 }],
    ['HTTP 408', { status: 408 }],
    ['a dropped connection', 'reset' as const],
    ['a Content-Length larger than the body', 'overstated-length' as const],
    ['half the body, then a closed connection', 'cut-short' as const],
  ])('retries after %s and then gets the whole file', async (_name, fault) => {
    const before = requestsOf(ASSET);
    mirror.fault(ASSET, fault);
    await expectSavedBody();
    expect(requestsOf(ASSET) - before).toBe(2);
    expect(waits).toHaveLength(1);
    expect(logged.join('\n')).toMatch(
      /Downloading tool v9\.9\.9 \(tool-linux-amd64\) failed \(.+\); attempt 2 of 4/,
    );
  });

  it('waits as long as Retry-After says on a 429, up to the cap', async () => {
    mirror.fault(ASSET, { status: 429, retryAfter: '2' }, { status: 429, retryAfter: '3600' });
    await expectSavedBody({
      retry: { attempts: 4, maxDelayMs: 5000, sleep: async (ms) => void waits.push(ms) },
    });
    expect(waits).toEqual([2000, 5000]);
  });

  it('drops a response that goes silent and tries again', async () => {
    mirror.fault(ASSET, 'stall');
    await expectSavedBody({ idleTimeoutMs: 300 });
    expect(logged.join('\n')).toMatch(/no data for 300 ms/);
  });

  it('takes a chunked answer without Content-Length', async () => {
    mirror.fault(ASSET, 'no-length');
    await expectSavedBody();
  });

  it('gives up after the last attempt with TOOL_DOWNLOAD_FAILED naming the URL and the last failure, leaving nothing', async () => {
    mirror.fault(ASSET, { status: 503 }, { status: 503 }, { status: 503 }, { status: 503 });
    await expect(download()).rejects.toMatchObject({
      code: 'TOOL_DOWNLOAD_FAILED',
      input: 'download-url',
      message: `could not download tool v9.9.9 (tool-linux-amd64) from ${mirror.url}${ASSET} in 4 attempts (last: HTTP 503 from ${new URL(mirror.url).host})`,
    });
    expect(waits).toHaveLength(3);
    expect(readdirSync(directory)).toEqual([]);
  });

  it('gives up on a body that keeps arriving short', async () => {
    mirror.fault(ASSET, 'cut-short', 'overstated-length', 'cut-short', 'overstated-length');
    await expect(download()).rejects.toMatchObject({
      code: 'TOOL_DOWNLOAD_FAILED',
      message: expect.stringMatching(/in 4 attempts \(last: (truncated|connection closed|aborted)/),
    });
    expect(readdirSync(directory)).toEqual([]);
  });

  it('fails a 404 at once with the caller’s explanation', async () => {
    const missing = '/v0.0.1/tool-linux-amd64';
    await expect(
      download({
        url: new URL(`${mirror.url}${missing}`),
        notFound: (url) => ({ message: `no such release file: ${url}`, hint: 'Check the version.' }),
      }),
    ).rejects.toMatchObject({
      code: 'TOOL_DOWNLOAD_FAILED',
      input: 'download-url',
      message: `no such release file: ${mirror.url}${missing}`,
      hint: 'Check the version.',
    });
    expect(requestsOf(missing)).toBe(1);
    expect(readdirSync(directory)).toEqual([]);
  });

  it('fails another 4xx at once, naming the status', async () => {
    const before = requestsOf(ASSET);
    mirror.fault(ASSET, { status: 403 });
    await expect(download()).rejects.toMatchObject({
      code: 'TOOL_DOWNLOAD_FAILED',
      message: expect.stringContaining(`${mirror.url}${ASSET} answered HTTP 403`),
    });
    expect(requestsOf(ASSET) - before).toBe(1);
  });

  it('follows a redirect to another host, and reports where the bytes came from', async () => {
    mirror.redirect('/v9.9.9/redirected', `${mirror.otherHostUrl}${ASSET}`);
    const file = await expectSavedBody({ url: new URL(`${mirror.url}/v9.9.9/redirected`) });
    expect(file.url).toBe(`${mirror.otherHostUrl}${ASSET}`);
  });

  it('refuses a redirect to plain http on a host that is not loopback', async () => {
    mirror.redirect('/v9.9.9/downgraded', 'http://mirror.example.com/tool-linux-amd64');
    await expect(download({ url: new URL(`${mirror.url}/v9.9.9/downgraded`) })).rejects.toMatchObject({
      code: 'TOOL_DOWNLOAD_FAILED',
      message: expect.stringContaining(
        `refusing http://mirror.example.com: downloads use https (plain http only to a loopback host), and ${mirror.url}/v9.9.9/downgraded redirected there`,
      ),
    });
  });

  it('refuses a file larger than the limit by its Content-Length, without retrying', async () => {
    const before = requestsOf(ASSET);
    await expect(download({ maxBytes: 1024 })).rejects.toMatchObject({
      code: 'TOOL_DOWNLOAD_FAILED',
      message: expect.stringContaining(
        `its Content-Length is ${body.byteLength} bytes, over the limit of 1024 bytes`,
      ),
    });
    expect(requestsOf(ASSET) - before).toBe(1);
    expect(readdirSync(directory)).toEqual([]);
  });

  it('refuses a file larger than the limit as it arrives when there is no Content-Length', async () => {
    mirror.fault(ASSET, 'no-length');
    await expect(download({ maxBytes: 1024 })).rejects.toMatchObject({
      code: 'TOOL_DOWNLOAD_FAILED',
      message: expect.stringContaining('more than 1024 bytes arrived, over the limit of 1024 bytes'),
    });
    expect(readdirSync(directory)).toEqual([]);
  });

  it('says so when nothing listens at the address', async () => {
    const closed = await startReleaseMirror();
    const url = `${closed.url}${ASSET}`;
    await closed.stop();
    await expect(download({ url: new URL(url) })).rejects.toMatchObject({
      code: 'TOOL_DOWNLOAD_FAILED',
      message: expect.stringContaining('ECONNREFUSED'),
    });
  });
});
