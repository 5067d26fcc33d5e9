import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { Logger } from '@sigil/core';
import { startReleaseMirror, type StartedReleaseMirror, refusalOfAsync, type Refusal } from '@sigil/testing';
import type { InstalledCosign } from '@sigil/toolkit/tool-install';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { actionsToolCache } from '../../../packages/toolkit/src/tool-cache.js';
import { cosignBinary } from '../../../test/support/cosign-cli.js';
import type { InstallCosignInputs } from '../src/inputs.js';
import { run } from '../src/run.js';

/**
 * install-cosign against a loopback release mirror serving a real cosign binary: the go-install build
 * of v2.6.5, whose sha256 is not upstream's, so it is installed as an unheld version with `checksum`.
 * The real @actions/tool-cache is used (it reads RUNNER_TOOL_CACHE, set per test).
 */
const V2 = 'v2.6.5';
const ASSET = 'cosign-linux-amd64';
const ASSET_PATH = `/${V2}/${ASSET}`;
const releaseData = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '..',
  'packages',
  'toolkit',
  'release-data',
  'cosign',
  'v3.1.3',
);
const HELD_V313_LINUX_AMD64 = '4629c757b7618056f8ddd7e2625ae9fdd94c0372a65049520bc7d9df9efc7f71';

let mirror: StartedReleaseMirror;
let binary: string;
let binarySha256: string;
let scratch: string;
let toolCache: string;
let runnerTemp: string;
let home: string;
let log: { level: string; message: string }[];
let outputs: Map<string, unknown>;
let paths: string[];

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

beforeAll(async () => {
  binary = cosignBinary('v2');
  binarySha256 = sha256(readFileSync(binary));
  mirror = await startReleaseMirror();
  mirror.put(ASSET_PATH, { file: binary });
  // The same go-built binary where the pinned release should be: not what cosign released as v3.1.3.
  mirror.put(`/v3.1.3/${ASSET}`, { file: binary });
});

afterAll(async () => {
  await mirror?.stop();
});

beforeEach(() => {
  scratch = mkdtempSync(path.join(tmpdir(), 'sigil-install-cosign-'));
  toolCache = path.join(scratch, 'tool-cache');
  runnerTemp = path.join(scratch, 'temp');
  home = path.join(scratch, 'home');
  for (const folder of [toolCache, runnerTemp, home]) execFileSync('mkdir', ['-p', folder]);
  process.env.RUNNER_TOOL_CACHE = toolCache;
  log = [];
  outputs = new Map();
  paths = [];
});

afterEach(() => {
  delete process.env.RUNNER_TOOL_CACHE;
  rmSync(scratch, { recursive: true, force: true });
});

const logger: Logger = {
  debug: () => undefined,
  info: (message) => log.push({ level: 'info', message }),
  warning: (message) => log.push({ level: 'warning', message }),
};

function install(
  inputs: Partial<InstallCosignInputs> = {},
  system: { platform?: NodeJS.Platform; arch?: string } = {},
): Promise<InstalledCosign> {
  return run(
    {
      version: V2,
      downloadUrl: mirror.url,
      checksum: binarySha256,
      verify: 'checksum',
      installDir: undefined,
      ...inputs,
    },
    {
      environment: {
        runnerTemp,
        runnerToolCache: toolCache,
        platform: system.platform ?? 'linux',
        arch: system.arch ?? 'x64',
        helperEnvironment: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home },
      },
      logger,
      outputs: { set: (name, value) => outputs.set(name, value) },
      addPath: (directory) => paths.push(directory),
      toolCache: actionsToolCache,
      retry: { sleep: async () => undefined },
    },
  );
}

async function refusal(
  inputs: Partial<InstallCosignInputs>,
  system: { platform?: NodeJS.Platform; arch?: string } = {},
): Promise<Refusal> {
  return refusalOfAsync(install(inputs, system));
}

function requestsOf(assetPath: string): number {
  return mirror.requests.filter((request) => request.path === assetPath).length;
}

/** What `cosign version` of an installed binary prints. */
function versionOf(cosign: string): string {
  return (
    JSON.parse(execFileSync(cosign, ['version', '--json'], { env: { HOME: home } }).toString()) as {
      gitVersion: string;
    }
  ).gitVersion;
}

/** Every file under the tool cache, relative to it. */
function cacheFiles(): string[] {
  return (readdirSync(toolCache, { recursive: true }) as string[]).sort();
}

/** Nothing left in RUNNER_TEMP: downloads are removed once installed or refused. */
function expectCleanTemp(): void {
  expect(readdirSync(runnerTemp)).toEqual([]);
}

/** Nothing was put on PATH or in the outputs. */
function expectNothingInstalled(): void {
  expect({
    outputs: [...outputs.keys()],
    paths,
    cache: cacheFiles().filter((f) => f.includes('.complete')),
  }).toEqual({
    outputs: [],
    paths: [],
    cache: [],
  });
  expectCleanTemp();
}

describe('install-cosign run', () => {
  it('installs a version it does not hold, given its checksum, into the tool cache and on PATH', async () => {
    const installed = await install();
    const entry = path.join(toolCache, 'cosign', '2.6.5', 'x64');
    expect(Object.fromEntries(outputs)).toEqual({
      'cosign-path': path.join(entry, 'cosign'),
      'cosign-version': V2,
      'cache-hit': 'false',
    });
    expect(paths).toEqual([entry]);
    expect(cacheFiles()).toEqual([
      'cosign',
      'cosign/2.6.5',
      'cosign/2.6.5/x64',
      'cosign/2.6.5/x64.complete',
      'cosign/2.6.5/x64/cosign',
    ]);
    expect(sha256(readFileSync(installed.path))).toBe(binarySha256);
    expect(versionOf(installed.path)).toBe(V2);
    expect(log.map((line) => line.message).at(-1)).toMatch(
      new RegExp(
        `^cosign v2\\.6\\.5 \\(cosign-linux-amd64\\) is at ${entry}/cosign: sha256 verified, checksum from the \`checksum\` input; cache hit: false; \\d+\\.\\d\\d s$`,
      ),
    );
    expectCleanTemp();
  });

  it('takes the second install from the tool cache without asking the mirror', async () => {
    await install();
    const before = mirror.requests.length;
    const second = await install();
    expect(mirror.requests.length).toBe(before);
    expect(second.cacheHit).toBe(true);
    expect(outputs.get('cache-hit')).toBe('true');
    expect(log.map((line) => line.message).at(-1)).toMatch(/cache hit: true; \d+\.\d\d s$/);
    expect(versionOf(second.path)).toBe(V2);
  });

  it('refuses the served go-built binary as v3.1.3: the held pin wins, nothing is cached or run', async () => {
    const failure = await refusal({ version: 'v3.1.3', checksum: undefined });
    expect(failure).toEqual({
      code: 'TOOL_CHECKSUM_MISMATCH',
      input: 'download-url',
      message:
        `the sha256 of cosign v3.1.3 (cosign-linux-amd64) downloaded from ${mirror.url}/v3.1.3/${ASSET} is ` +
        `${binarySha256}, but ${HELD_V313_LINUX_AMD64} was expected (from cosign_checksums.txt of the cosign ` +
        'v3.1.3 release, held in packages/toolkit/release-data/cosign/v3.1.3 and authenticated by its Sigstore ' +
        'bundle); the file was deleted, and nothing was installed or run',
      hint: expect.stringContaining('does not serve the cosign-linux-amd64 that cosign released as v3.1.3'),
    });
    expectNothingInstalled();
  });

  it('refuses a `checksum` that contradicts the held v3.1.3 pin before downloading anything', async () => {
    const before = mirror.requests.length;
    const failure = await refusal({ version: 'v3.1.3', checksum: binarySha256 });
    expect(failure).toMatchObject({
      code: 'TOOL_CHECKSUM_MISMATCH',
      input: 'checksum',
      message: expect.stringContaining(
        `${binarySha256}, but the sha256 of cosign-linux-amd64 in cosign v3.1.3 is ${HELD_V313_LINUX_AMD64}`,
      ),
    });
    expect(mirror.requests.length).toBe(before);
    expectNothingInstalled();
  });

  it('refuses a download that does not match `checksum`, naming expected, actual, URL and source', async () => {
    const wrong = 'ab'.repeat(32);
    const failure = await refusal({ checksum: wrong });
    expect(failure).toMatchObject({
      code: 'TOOL_CHECKSUM_MISMATCH',
      input: 'checksum',
      message:
        `the sha256 of cosign v2.6.5 (cosign-linux-amd64) downloaded from ${mirror.url}${ASSET_PATH} is ` +
        `${binarySha256}, but ${wrong} was expected (from the \`checksum\` input); the file was deleted, and ` +
        'nothing was installed or run',
      hint: `Set \`checksum\` to the sha256 of cosign-linux-amd64 in ${mirror.url}/v2.6.5/cosign_checksums.txt.`,
    });
    expectNothingInstalled();
  });

  it('never runs a file that failed verification (and does run one that passed)', async () => {
    const marker = path.join(scratch, 'was-run');
    const script = `#!/bin/sh\ntouch '${marker}'\necho '{"gitVersion":"v7.7.7"}'\n`;
    mirror.put(`/v7.7.7/${ASSET}`, script);
    mirror.put(
      `/v7.7.7/${ASSET}.sigstore.json`,
      readFileSync(path.join(releaseData, 'cosign_checksums.txt.sigstore.json')),
    );

    const wrongChecksum = await refusal({ version: 'v7.7.7', checksum: 'cd'.repeat(32) });
    const badSignature = await refusal({
      version: 'v7.7.7',
      checksum: sha256(Buffer.from(script)),
      verify: 'signature',
    });
    expect([wrongChecksum.code, badSignature.code, existsSync(marker)]).toEqual([
      'TOOL_CHECKSUM_MISMATCH',
      'TOOL_SIGNATURE_INVALID',
      false,
    ]);
    expectNothingInstalled();

    // The same file, verified by its checksum: it runs (so the marker would have shown a run above).
    const installed = await install({ version: 'v7.7.7', checksum: sha256(Buffer.from(script)) });
    expect([installed.version, existsSync(marker)]).toEqual(['v7.7.7', true]);
  });

  it('retries a mirror that answers 503 first', async () => {
    const before = requestsOf(ASSET_PATH);
    mirror.fault(ASSET_PATH, { status: 503 });
    await install();
    expect(requestsOf(ASSET_PATH) - before).toBe(2);
    expect(outputs.get('cosign-version')).toBe(V2);
    expect(log.map((line) => line.message).join('\n')).toContain(
      'Downloading cosign v2.6.5 (cosign-linux-amd64) failed (HTTP 503 from',
    );
  });

  it('retries truncated downloads: a Content-Length larger than the body, and a body cut short', async () => {
    const before = requestsOf(ASSET_PATH);
    mirror.fault(ASSET_PATH, 'overstated-length', 'cut-short');
    const installed = await install();
    expect(requestsOf(ASSET_PATH) - before).toBe(3);
    expect(sha256(readFileSync(installed.path))).toBe(binarySha256);
    expect(versionOf(installed.path)).toBe(V2);
  });

  it('gives up on a download that keeps arriving short, with TOOL_DOWNLOAD_FAILED', async () => {
    mirror.fault(ASSET_PATH, 'cut-short', 'cut-short', 'cut-short', 'cut-short', 'cut-short');
    const failure = await refusal({});
    expect(failure).toMatchObject({
      code: 'TOOL_DOWNLOAD_FAILED',
      input: 'download-url',
      message: expect.stringContaining(
        `could not download cosign v2.6.5 (cosign-linux-amd64) from ${mirror.url}${ASSET_PATH} in 5 attempts`,
      ),
    });
    expectNothingInstalled();
  });

  it('says which version and asset are missing when the mirror has no such release (404)', async () => {
    const failure = await refusal({ version: 'v2.6.6' });
    expect(failure).toEqual({
      code: 'TOOL_DOWNLOAD_FAILED',
      input: 'download-url',
      message: `cosign v2.6.6 has no cosign-linux-amd64 at ${mirror.url}/v2.6.6/${ASSET} (HTTP 404)`,
      hint: 'Check `cosign-version` (a released tag such as v3.1.3) and, for a mirror, that `download-url` holds <version>/cosign-linux-amd64.',
    });
    expectNothingInstalled();
  });

  it('asks for `checksum` for a version it holds none of, before downloading anything', async () => {
    const before = mirror.requests.length;
    const failure = await refusal({ checksum: undefined });
    expect(failure).toMatchObject({
      code: 'TOOL_CHECKSUM_UNKNOWN',
      input: 'checksum',
      hint: expect.stringContaining(
        `Set \`checksum\` to the sha256 of cosign-linux-amd64 from ${mirror.url}/v2.6.5/cosign_checksums.txt`,
      ),
    });
    expect(mirror.requests.length).toBe(before);
    expectNothingInstalled();
  });

  it('refuses a platform cosign has no build for, naming it and the supported ones', async () => {
    const failure = await refusal({}, { platform: 'freebsd', arch: 'x64' });
    expect(failure).toMatchObject({
      code: 'PLATFORM_UNSUPPORTED',
      message: expect.stringMatching(/\(freebsd\/x64\); builds exist for linux\/x64, .*win32\/arm64$/),
    });
    expectNothingInstalled();
  });

  it('gives Windows on Arm the x64 build under the arm64 cache entry, saying so', async () => {
    // The Linux binary served under the Windows asset name, so that the installed cosign.exe can run here.
    mirror.put(`/${V2}/cosign-windows-amd64.exe`, { file: binary });
    const installed = await install({}, { platform: 'win32', arch: 'arm64' });
    expect(installed.path).toBe(path.join(toolCache, 'cosign', '2.6.5', 'arm64', 'cosign.exe'));
    expect(log[0]?.message).toBe(
      'cosign publishes no Windows arm64 build; installing the Windows x64 build, which Windows on Arm runs under x64 emulation.',
    );
  });

  it('removes a poisoned cache entry, warns, and installs again', async () => {
    const first = await install();
    writeFileSync(first.path, '#!/bin/sh\necho \'{"gitVersion":"v2.6.5"}\'\n');
    const before = requestsOf(ASSET_PATH);
    const second = await install();
    expect(second.cacheHit).toBe(false);
    expect(requestsOf(ASSET_PATH) - before).toBe(1);
    expect(sha256(readFileSync(second.path))).toBe(binarySha256);
    const warnings = log.filter((line) => line.level === 'warning').map((line) => line.message);
    expect(warnings).toEqual([
      expect.stringMatching(
        new RegExp(
          `^The tool cache entry ${path.join(toolCache, 'cosign', '2.6.5', 'x64')} holds a cosign whose sha256 is [0-9a-f]{64}, not ${binarySha256} \\(from the \`checksum\` input\\): removing the entry and installing cosign v2\\.6\\.5 \\(cosign-linux-amd64\\) again`,
        ),
      ),
    ]);
  });

  it('treats a complete cache entry without its binary as poisoned too', async () => {
    const first = await install();
    rmSync(first.path);
    const second = await install();
    expect([second.cacheHit, versionOf(second.path)]).toEqual([false, V2]);
    expect(log.some((line) => line.level === 'warning' && line.message.includes('is unreadable'))).toBe(true);
  });

  it('copies the verified binary into install-dir, executable, and puts that folder on PATH', async () => {
    const installDir = path.join(scratch, 'workspace', 'bin');
    const installed = await install({ installDir });
    expect(installed.path).toBe(path.join(installDir, 'cosign'));
    expect(paths).toEqual([installDir]);
    expect(outputs.get('cosign-path')).toBe(path.join(installDir, 'cosign'));
    expect(readdirSync(installDir)).toEqual(['cosign']);
    expect(statSync(installed.path).mode & 0o777).toBe(0o755);
    expect(versionOf(installed.path)).toBe(V2);
    // The tool cache has it too: a later step or job on this runner gets a cache hit.
    const again = await install({ installDir });
    expect(again.cacheHit).toBe(true);
    expect(readdirSync(installDir)).toEqual(['cosign']);
  });

  it('says which folder it could not install into', async () => {
    const blocked = path.join(scratch, 'a-file');
    writeFileSync(blocked, '');
    const failure = await refusal({ installDir: path.join(blocked, 'bin') });
    expect(failure).toMatchObject({
      code: 'INPUT_INVALID',
      input: 'install-dir',
      message: expect.stringContaining(
        `could not install cosign v2.6.5 (cosign-linux-amd64) into ${blocked}/bin:`,
      ),
    });
  });

  it("verify: signature refuses a bundle that does not sign this binary (the checksums bundle), with sigstore-js's reason", async () => {
    mirror.put(
      `${ASSET_PATH}.sigstore.json`,
      readFileSync(path.join(releaseData, 'cosign_checksums.txt.sigstore.json')),
    );
    const failure = await refusal({ verify: 'signature' });
    expect(failure).toMatchObject({
      code: 'TOOL_SIGNATURE_INVALID',
      input: 'verify',
      message: expect.stringMatching(
        new RegExp(
          `^the Sigstore bundle ${mirror.url}${ASSET_PATH}\\.sigstore\\.json does not verify cosign v2\\.6\\.5 \\(cosign-linux-amd64\\) as signed by keyless@projectsigstore\\.iam\\.gserviceaccount\\.com \\(https://accounts\\.google\\.com\\): SIGNATURE: SIGNATURE_ERROR: .+`,
        ),
      ),
    });
    expectNothingInstalled();
  });

  it('verify: signature also checks a cache hit', async () => {
    mirror.put(
      `${ASSET_PATH}.sigstore.json`,
      readFileSync(path.join(releaseData, 'cosign_checksums.txt.sigstore.json')),
    );
    await install();
    const failure = await refusal({ verify: 'signature' });
    expect(failure.code).toBe('TOOL_SIGNATURE_INVALID');
  });

  it('verify: signature says where the bundle is missing', async () => {
    const failure = await refusal({ version: 'v2.6.4', checksum: binarySha256, verify: 'signature' });
    // v2.6.4 is not on the mirror at all: the binary is missing first.
    expect(failure.message).toContain(
      `cosign v2.6.4 has no cosign-linux-amd64 at ${mirror.url}/v2.6.4/${ASSET}`,
    );
    mirror.put(`/v2.6.3/${ASSET}`, { file: binary });
    const noBundle = await refusal({ version: 'v2.6.3', checksum: binarySha256, verify: 'signature' });
    expect(noBundle).toMatchObject({
      code: 'TOOL_DOWNLOAD_FAILED',
      message: `there is no Sigstore bundle of cosign v2.6.3 (cosign-linux-amd64) at ${mirror.url}/v2.6.3/${ASSET}.sigstore.json (HTTP 404)`,
    });
    expectNothingInstalled();
  });

  it('verify: signature passes a file whose release bundle verifies, and only then runs it', async () => {
    // The checksums file of cosign v3.1.3 and its real bundle, served as if they were a binary and its bundle.
    const checksums = readFileSync(path.join(releaseData, 'cosign_checksums.txt'));
    mirror.put(`/v9.0.0/${ASSET}`, checksums);
    mirror.put(
      `/v9.0.0/${ASSET}.sigstore.json`,
      readFileSync(path.join(releaseData, 'cosign_checksums.txt.sigstore.json')),
    );
    const failure = await refusal({ version: 'v9.0.0', checksum: sha256(checksums), verify: 'signature' });
    expect(log.map((line) => line.message)).toContain(
      `The Sigstore bundle ${mirror.url}/v9.0.0/${ASSET}.sigstore.json verifies cosign v9.0.0 (cosign-linux-amd64) (signed by cosign's release identity)`,
    );
    // A text file is no cosign: it gets as far as `cosign version`, which fails.
    expect(failure).toMatchObject({
      code: 'COSIGN_FAILED',
      message: expect.stringContaining('version --json` '),
    });
  });

  it('refuses a verified binary that reports another version, and drops it from the cache', async () => {
    mirror.put(`/v2.6.4/${ASSET}`, { file: binary });
    const failure = await refusal({ version: 'v2.6.4' });
    expect(failure).toMatchObject({
      code: 'COSIGN_VERSION',
      input: 'checksum',
      message:
        'the verified cosign v2.6.4 (cosign-linux-amd64) reports version v2.6.5, not v2.6.4; it was removed from the tool cache',
    });
    expectNothingInstalled();
  });
});
