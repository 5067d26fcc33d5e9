import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { Logger } from '@sigil/core';
import { startReleaseMirror, type StartedReleaseMirror, refusalOfAsync, type Refusal } from '@sigil/testing';
import { startMockSigstore, type MockSigstore } from '@sigil/testing/sigstore';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { installSyft, type SyftInstallRequest } from '../src/syft-install.js';
import { SYFT_RELEASE_IDENTITY } from '../src/syft-release-checksums.js';
import { actionsToolCache } from '../src/tool-cache.js';

/**
 * installSyft against a loopback release mirror, with small stand-in archives: a shell script named `syft` that
 * prints what `syft version -o json` prints (and leaves a marker when run). The checksums are signed by a
 * private Sigstore (@sigstore/mock) and verified against its trusted root, given as `trustedRoot`. The real
 * syft, from the committed bundle, is test/e2e/install-syft.e2e.test.ts.
 */
const ASSET = 'syft_1.57.0_linux_amd64.tar.gz';
const CHECKSUMS = 'syft_1.57.0_checksums.txt';

let sigstore: MockSigstore;
let mirror: StartedReleaseMirror;
let fixtures: string;
let trustedRootFile: string;
let scratch: string;
let toolCache: string;
let runnerTemp: string;
let log: { level: string; message: string }[];

const sha256 = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex');

/** A `syft` that reports `version` (and leaves `marker` behind when run). */
function script(version: string, marker: string): string {
  return `#!/bin/sh\ntouch '${marker}'\necho '{"application":"syft","version":"${version}"}'\n`;
}

/** Packs `files` (archive member → content, or `{ link }` for a symlink) into `<name>` under the fixtures. */
function pack(name: string, files: Record<string, string | { link: string }>): Buffer {
  const folder = mkdtempSync(path.join(fixtures, 'content-'));
  for (const [member, content] of Object.entries(files)) {
    const file = path.join(folder, member);
    mkdirSync(path.dirname(file), { recursive: true });
    if (typeof content === 'string') {
      writeFileSync(file, content);
      chmodSync(file, 0o755);
    } else {
      symlinkSync(content.link, file);
    }
  }
  const archive = path.join(fixtures, name);
  if (name.endsWith('.zip'))
    execFileSync('zip', ['-q', '-y', archive, ...Object.keys(files)], { cwd: folder });
  else execFileSync('tar', ['-czf', archive, '-C', folder, ...Object.keys(files)]);
  return readFileSync(archive);
}

/** Serves `archive` as `asset` of `version` with a checksums file listing `rows` and a bundle by `signer`. */
async function publish(
  version: string,
  files: {
    archive?: { asset: string; bytes: Buffer };
    checksums?: string;
    signer?: { subjectAlternativeName: string; issuer: string | undefined };
  },
): Promise<void> {
  const name = `syft_${version.slice(1)}_checksums.txt`;
  if (files.archive !== undefined) mirror.put(`/${version}/${files.archive.asset}`, files.archive.bytes);
  if (files.checksums !== undefined) {
    mirror.put(`/${version}/${name}`, files.checksums);
    const bundle = await sigstore.signBlob(
      Buffer.from(files.checksums),
      files.signer ?? SYFT_RELEASE_IDENTITY,
    );
    mirror.put(`/${version}/${name}.sigstore.json`, bundle);
  }
}

const listing = (rows: Record<string, string>) =>
  Object.entries(rows)
    .map(([name, sha]) => `${sha}  ${name}\n`)
    .join('');

const logger: Logger = {
  debug: () => undefined,
  info: (message) => log.push({ level: 'info', message }),
  warning: (message) => log.push({ level: 'warning', message }),
};

let good: Buffer;
let windows: Buffer;
const WINDOWS_ASSET = 'syft_1.57.0_windows_amd64.zip';

beforeAll(async () => {
  fixtures = mkdtempSync(path.join(tmpdir(), 'sigil-syft-fixtures-'));
  sigstore = await startMockSigstore();
  mirror = await startReleaseMirror();
  trustedRootFile = path.join(fixtures, 'trusted_root.json');
  writeFileSync(trustedRootFile, JSON.stringify(sigstore.trustedRoot));
  good = pack('good.tar.gz', {
    syft: script('1.57.0', path.join(fixtures, 'good-ran')),
    LICENSE: 'Apache-2.0\n',
  });
  // A Linux script under the Windows name, so that the installed syft.exe runs here.
  windows = pack('windows.zip', { 'syft.exe': script('1.57.0', path.join(fixtures, 'windows-ran')) });
  mirror.put(`/v1.57.0/${WINDOWS_ASSET}`, windows);
  await publish('v1.57.0', {
    archive: { asset: ASSET, bytes: good },
    checksums: listing({ [ASSET]: sha256(good), [WINDOWS_ASSET]: sha256(windows) }),
  });
});

afterAll(async () => {
  await mirror?.stop();
  rmSync(fixtures, { recursive: true, force: true });
});

beforeEach(() => {
  scratch = mkdtempSync(path.join(tmpdir(), 'sigil-install-syft-'));
  toolCache = path.join(scratch, 'tool-cache');
  runnerTemp = path.join(scratch, 'temp');
  for (const folder of [toolCache, runnerTemp]) mkdirSync(folder);
  process.env.RUNNER_TOOL_CACHE = toolCache;
  log = [];
});

afterEach(() => {
  delete process.env.RUNNER_TOOL_CACHE;
  rmSync(scratch, { recursive: true, force: true });
});

function install(request: Partial<SyftInstallRequest> = {}, options: { cache?: boolean } = {}) {
  return installSyft(
    {
      version: 'v1.57.0',
      downloadUrl: mirror.url,
      verify: 'signature',
      trustedRoot: trustedRootFile,
      platform: 'linux',
      arch: 'x64',
      ...request,
    },
    {
      cache: options.cache === false ? undefined : actionsToolCache,
      tempDirectory: runnerTemp,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
      logger,
      retry: { sleep: async () => undefined },
    },
  );
}

async function refusal(request: Partial<SyftInstallRequest> = {}): Promise<Refusal> {
  return refusalOfAsync(install(request));
}

/** Nothing complete in the tool cache, nothing left in RUNNER_TEMP. */
function expectNothingInstalled(): void {
  expect({
    cache: (readdirSync(toolCache, { recursive: true }) as string[]).filter((f) => f.endsWith('.complete')),
    temp: readdirSync(runnerTemp),
  }).toEqual({ cache: [], temp: [] });
}

const requestsOf = (file: string) => mirror.requests.filter((request) => request.path === file).length;

describe('installSyft', () => {
  it('installs the archive the signed checksums list: the archive and its syft in the cache entry', async () => {
    const installed = await install();
    const entry = path.join(toolCache, 'syft', '1.57.0', 'x64');
    expect(installed).toEqual({
      path: path.join(entry, 'syft'),
      directory: entry,
      version: 'v1.57.0',
      cacheHit: false,
      asset: ASSET,
      checksumSource: `${mirror.url}/v1.57.0/${CHECKSUMS}, signed by anchore's release workflow`,
      verify: 'signature',
    });
    expect(readdirSync(entry).sort()).toEqual(['syft', ASSET]);
    expect(readdirSync(runnerTemp)).toEqual([]);
  });

  it('takes `checksum` when it repeats the signed value, and refuses one that does not before downloading the archive', async () => {
    expect((await install({ checksum: sha256(good) })).version).toBe('v1.57.0');
    const before = requestsOf(`/v1.57.0/${ASSET}`);
    const other = 'cd'.repeat(32);
    expect(await refusal({ checksum: other })).toEqual({
      code: 'TOOL_CHECKSUM_MISMATCH',
      input: 'checksum',
      message:
        `input \`checksum\` is ${other}, but the sha256 of ${ASSET} in the signed ${mirror.url}/v1.57.0/${CHECKSUMS} ` +
        `is ${sha256(good)}; an input never overrides a signed checksum`,
      hint: `Remove \`checksum\`, or set it to ${sha256(good)}.`,
    });
    expect(requestsOf(`/v1.57.0/${ASSET}`)).toBe(before);
  });

  it('refuses a signed checksums file that lists no archive for this runner, saying what it lists', async () => {
    await publish('v1.57.1', { checksums: listing({ 'syft_1.57.1_darwin_arm64.tar.gz': sha256('x') }) });
    expect(await refusal({ version: 'v1.57.1' })).toMatchObject({
      code: 'TOOL_CHECKSUM_UNKNOWN',
      message: `the signed ${mirror.url}/v1.57.1/syft_1.57.1_checksums.txt lists no syft_1.57.1_linux_amd64.tar.gz (it lists syft_1.57.1_darwin_arm64.tar.gz)`,
    });
    expectNothingInstalled();
  });

  it('refuses a signed checksums file that does not parse whole', async () => {
    await publish('v1.57.2', {
      checksums: `${sha256('a')}  syft_1.57.2_linux_amd64.tar.gz\nsomething else\n`,
    });
    expect(await refusal({ version: 'v1.57.2' })).toMatchObject({
      code: 'TOOL_CHECKSUM_UNKNOWN',
      message: expect.stringMatching(/is not a sha256 checksums file: line 2 is not `<sha256> {2}<name>`/),
    });
  });

  it.each(['v1.53.0', 'v1.53.0-rc.1', 'v1.60.2', 'v2.0.0'])(
    'lets verify: signature fetch the signed checksums of %s',
    async (version) => {
      // Not on the mirror: past the release check, the checksums file is missing.
      expect(await refusal({ version })).toMatchObject({
        code: 'TOOL_DOWNLOAD_FAILED',
        message: expect.stringContaining(`syft ${version} has no syft_${version.slice(1)}_checksums.txt at`),
      });
    },
  );

  it.each(['v1.52.9', 'v1.6.0', 'v0.104.0'])(
    'refuses verify: signature for %s, published before the bundles, without asking the mirror',
    async (version) => {
      const before = mirror.requests.length;
      expect(await refusal({ version })).toMatchObject({
        code: 'INPUT_INVALID',
        input: 'verify',
        hint: expect.stringContaining(
          `Set \`verify: checksum\` with \`checksum\` set to the sha256 of syft_${version.slice(1)}_linux_amd64.tar.gz from ${mirror.url}/${version}/syft_${version.slice(1)}_checksums.txt`,
        ),
      });
      expect(mirror.requests.length).toBe(before);
    },
  );

  it.each([
    ['a missing file', () => path.join(fixtures, 'missing.json'), /cannot be read: ENOENT/],
    ['a folder', () => fixtures, /is not a file/],
    ['a file that is not JSON', () => writeFixture('root.txt', 'trusted'), /is not strict JSON/],
    [
      'JSON with duplicate keys',
      () => writeFixture('dup.json', '{"mediaType":"a","mediaType":"b"}'),
      /is not strict JSON/,
    ],
    [
      'a bundle instead of a root',
      () => writeFixture('bundle.json', '{"mediaType":"application/vnd.dev.sigstore.bundle.v0.3+json"}'),
      /cannot be used: .*mediaType/,
    ],
  ])('refuses %s as the trusted root, naming `trusted-root`', async (_name, file, problem) => {
    const given = file();
    expect(await refusal({ trustedRoot: given })).toMatchObject({
      code: 'INPUT_INVALID',
      input: 'trusted-root',
      message: expect.stringMatching(
        new RegExp(`^input \`trusted-root\` \\(${given.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\) `),
      ),
    });
    expect((await refusal({ trustedRoot: given })).message).toMatch(problem);
  });

  it('refuses a verified archive without syft at its root, or with syft as a link: nothing is cached or run', async () => {
    const marker = path.join(fixtures, 'nested-ran');
    const nested = pack('nested.tar.gz', { 'bin/syft': script('1.57.0', marker) });
    const linked = pack('linked.tar.gz', { syft: { link: '/bin/true' } });
    for (const [version, bytes] of [
      ['v1.58.0', nested],
      ['v1.58.1', linked],
    ] as const) {
      const asset = `syft_${version.slice(1)}_linux_amd64.tar.gz`;
      await publish(version, { archive: { asset, bytes }, checksums: listing({ [asset]: sha256(bytes) }) });
      expect(await refusal({ version })).toMatchObject({
        code: 'TOOL_UNUSABLE',
        message: `the verified ${asset} of syft ${version} (${asset}) holds no syft file at its root`,
      });
      expectNothingInstalled();
    }
    expect(existsSync(marker)).toBe(false);
  });

  it('refuses a verified syft that reports another version, and drops it from the cache', async () => {
    const asset = 'syft_1.59.0_linux_amd64.tar.gz';
    const bytes = pack('other-version.tar.gz', { syft: script('1.56.0', path.join(fixtures, 'other-ran')) });
    await publish('v1.59.0', { archive: { asset, bytes }, checksums: listing({ [asset]: sha256(bytes) }) });
    expect(await refusal({ version: 'v1.59.0' })).toEqual({
      code: 'TOOL_UNUSABLE',
      input: 'syft-version',
      message: `the verified syft v1.59.0 (${asset}) reports version v1.56.0, not v1.59.0; it was removed from the tool cache`,
      hint: 'Set `syft-version` to v1.56.0, or check what `download-url` serves.',
    });
    expectNothingInstalled();
  });

  it('refuses a verified file that is no syft (it prints no syft version)', async () => {
    const asset = 'syft_1.59.1_linux_amd64.tar.gz';
    const bytes = pack('not-syft.tar.gz', { syft: '#!/bin/sh\necho hello\n' });
    await publish('v1.59.1', { archive: { asset, bytes }, checksums: listing({ [asset]: sha256(bytes) }) });
    expect(await refusal({ version: 'v1.59.1' })).toMatchObject({
      code: 'TOOL_UNUSABLE',
      message: expect.stringMatching(/ version -o json` printed no JSON$/),
    });
  });

  it('verify: checksum holds the archive to `checksum`, without fetching the checksums file', async () => {
    const before = requestsOf(`/v1.57.0/${CHECKSUMS}`);
    const installed = await install({ verify: 'checksum', checksum: sha256(good), trustedRoot: undefined });
    expect([installed.checksumSource, installed.verify]).toEqual(['the `checksum` input', 'checksum']);
    expect(requestsOf(`/v1.57.0/${CHECKSUMS}`)).toBe(before);
  });

  it('copies syft into install-dir, executable, and keeps the cache entry for the next run', async () => {
    const installDir = path.join(scratch, 'workspace', 'bin');
    const installed = await install({ installDir });
    expect([installed.path, installed.directory, readdirSync(installDir)]).toEqual([
      path.join(installDir, 'syft'),
      installDir,
      ['syft'],
    ]);
    expect((await install({ installDir })).cacheHit).toBe(true);
  });

  it('without a tool cache, installs into RUNNER_TEMP', async () => {
    const installed = await install({}, { cache: false });
    expect(installed.path).toBe(path.join(runnerTemp, 'sigil-tools', 'syft', '1.57.0', 'x64', 'syft'));
    expect(readdirSync(toolCache)).toEqual([]);
  });

  it('unpacks a Windows .zip and installs its syft.exe', async () => {
    const installed = await install({ platform: 'win32' });
    const entry = path.join(toolCache, 'syft', '1.57.0', 'x64');
    expect([installed.asset, installed.path]).toEqual([WINDOWS_ASSET, path.join(entry, 'syft.exe')]);
    expect(readdirSync(entry).sort()).toEqual(['syft.exe', WINDOWS_ASSET]);
  });
});

function writeFixture(name: string, content: string): string {
  const file = path.join(fixtures, name);
  writeFileSync(file, content);
  return file;
}
