import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Registry } from '@sigil/oci';
import { locateCosign, type CosignLocationOptions } from '../src/cosign-location.js';
import { signingEngineFactory } from '../src/signing-engine-factory.js';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cosignBinary } from '../../../test/support/cosign-cli.js';

/**
 * Finding cosign as an action does, with the real cosign v3 and v2 binaries: PATH first, then the newest
 * release in the runner's tool cache (the layout install-cosign writes, read by @actions/tool-cache), its
 * version checked; COSIGN_MISSING with the install-cosign step as the fix when there is none.
 */
let work: string;
let toolCache: string;
const savedToolCache = process.env['RUNNER_TOOL_CACHE'];

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'sigil-locate-'));
  toolCache = join(work, 'tool-cache');
  // @actions/tool-cache reads RUNNER_TOOL_CACHE from the process environment, as on a runner.
  process.env['RUNNER_TOOL_CACHE'] = toolCache;
});

afterAll(() => {
  if (savedToolCache === undefined) delete process.env['RUNNER_TOOL_CACHE'];
  else process.env['RUNNER_TOOL_CACHE'] = savedToolCache;
});

function environment(
  path: string,
  variables: Record<string, string> = {},
): CosignLocationOptions['environment'] {
  return {
    path,
    platform: process.platform,
    arch: process.arch,
    variable: (name) => variables[name],
    helperEnvironment: {},
  };
}

/** A tool cache entry exactly as @actions/tool-cache's cacheFile writes it. */
function cacheCosign(version: string, binary: string): string {
  const folder = join(toolCache, 'cosign', version, process.arch);
  mkdirSync(folder, { recursive: true });
  symlinkSync(binary, join(folder, 'cosign'));
  writeFileSync(`${folder}.complete`, '');
  return join(folder, 'cosign');
}

function folderWith(name: string, target: string): string {
  const folder = mkdtempSync(join(work, `${name}-`));
  symlinkSync(target, join(folder, 'cosign'));
  return folder;
}

describe('locateCosign', () => {
  it('takes cosign from PATH first and reports its version', async () => {
    cacheCosign('3.1.3', cosignBinary('v3'));
    const onPath = folderWith('path-v2', cosignBinary('v2'));
    const found = await locateCosign({
      environment: environment(`/nonexistent:${onPath}`, { RUNNER_TOOL_CACHE: toolCache }),
    });
    expect(found.path).toBe(join(onPath, 'cosign'));
    expect(found.version).toMatchObject({ major: 2, minor: 6, patch: 5, text: 'v2.6.5' });
    const result = await found.exec(['version', '--json'], { env: {}, timeoutMs: 30_000 });
    expect(JSON.parse(result.stdout.toString('utf8'))).toMatchObject({ gitVersion: 'v2.6.5' });
  });

  it('else takes the newest held release of the tool cache (numbers compared), re-checked and run from a private copy', async () => {
    const cache = join(work, 'other-tool-cache');
    const entry = (version: string) => join(cache, 'cosign', version, process.arch);
    for (const version of ['2.6.5', '2.10.0']) {
      mkdirSync(entry(version), { recursive: true });
      symlinkSync(cosignBinary('v2'), join(entry(version), 'cosign'));
    }
    // A newer entry of a release sigil holds no checksum for: passed over, never run.
    const marker = join(work, 'unheld-ran');
    mkdirSync(entry('99.0.0'), { recursive: true });
    writeFileSync(join(entry('99.0.0'), 'cosign'), `#!/bin/sh\ntouch ${marker}\n`);
    chmodSync(join(entry('99.0.0'), 'cosign'), 0o755);
    // The test holds the go-install build's sha256 for two versions (sigil holds upstream's, for v3.1.3 and v3.0.6).
    const sha256 = createHash('sha256')
      .update(readFileSync(cosignBinary('v2')))
      .digest('hex');
    const asset = process.arch === 'arm64' ? 'cosign-linux-arm64' : 'cosign-linux-amd64';
    const held = { source: 'this test', sha256: { [asset]: sha256 } };
    const privateDir = mkdtempSync(join(work, 'runner-temp-'));
    const lookup = {
      findAllVersions: () => ['2.6.5', '99.0.0', '2.10.0'],
      find: (_tool: string, version: string) => entry(version),
    };
    const found = await locateCosign({
      environment: environment(''),
      toolCache: lookup,
      privateDir,
      heldReleases: { 'v2.6.5': held, 'v2.10.0': held },
    });
    expect(found.path.startsWith(join(privateDir, 'sigil-cosign-'))).toBe(true);
    expect(found.version.text).toBe('v2.6.5');
    expect(existsSync(marker)).toBe(false);

    // Nothing held in the cache: COSIGN_MISSING, naming what was passed over.
    await expect(
      locateCosign({
        environment: environment(''),
        toolCache: lookup,
        privateDir,
        heldReleases: {},
        input: 'key',
      }),
    ).rejects.toMatchObject({
      code: 'COSIGN_MISSING',
      input: 'key',
      message: expect.stringContaining(
        'the tool cache holds cosign 2.6.5, 99.0.0, 2.10.0, whose checksums sigil does not hold, so it is not run',
      ),
    });
    expect(existsSync(marker)).toBe(false);
  });

  it('refuses, without running it, a tool-cache cosign of a held release whose sha256 is not the published one', async () => {
    // The cache written in the first test: 3.1.3 is the go-install build, not upstream's binary.
    const marker = join(work, 'ran');
    const executor = () => async () => {
      writeFileSync(marker, 'ran');
      return { exitCode: 0, stdout: Buffer.alloc(0), stderr: '' };
    };
    const error = await locateCosign({
      environment: environment('', { RUNNER_TOOL_CACHE: toolCache }),
      input: 'key',
      executor,
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({
      code: 'TOOL_CHECKSUM_MISMATCH',
      input: 'key',
      message: expect.stringContaining(
        `the cosign v3.1.3 in the tool cache (${join(toolCache, 'cosign', '3.1.3', process.arch, 'cosign')}) has sha256 `,
      ),
    });
    expect((error as Error).message).toContain(
      'not the published 4629c757b7618056f8ddd7e2625ae9fdd94c0372a65049520bc7d9df9efc7f71',
    );
    expect(existsSync(marker)).toBe(false);
  });

  it('is COSIGN_MISSING, with the install-cosign step as the fix, when there is no cosign', async () => {
    await expect(locateCosign({ environment: environment(''), input: 'key' })).rejects.toMatchObject({
      code: 'COSIGN_MISSING',
      input: 'key',
      hint: expect.stringContaining('uses: <owner>/sigil/actions/install-cosign@v1'),
    });
  });

  it('is COSIGN_VERSION for a cosign older than v2.2.0', async () => {
    // No cosign release older than v2.2 is built here: a stand-in that prints what v2.1.1 prints.
    const folder = mkdtempSync(join(work, 'old-'));
    const old = join(folder, 'cosign');
    writeFileSync(old, '#!/bin/sh\necho \'{"gitVersion": "v2.1.1", "gitCommit": "unknown"}\'\n');
    chmodSync(old, 0o755);
    await expect(locateCosign({ environment: environment(folder) })).rejects.toMatchObject({
      code: 'COSIGN_VERSION',
      message: expect.stringContaining('v2.1.1'),
      hint: expect.stringContaining('install-cosign'),
    });
  });
});

describe('the engine for a k8s:// key', () => {
  it('is COSIGN_MISSING naming `key`, with the install-cosign hint, when cosign is not installed', async () => {
    const lines: string[] = [];
    const factory = signingEngineFactory({
      environment: {
        ...environment(''),
        runnerTemp: work,
        dockerConfigPath: join(work, 'no-docker', 'config.json'),
        home: work,
      },
      logger: { debug: () => undefined, info: (line) => lines.push(line), warning: () => undefined },
      mask: () => undefined,
    });
    await expect(
      factory(
        {
          engine: 'cosign',
          key: { kind: 'kms', scheme: 'k8s', uri: 'k8s://troubleshooting-agent/prod' },
          source: 'k8s://troubleshooting-agent/prod',
          chosenBy: { kms: 'k8s' },
        },
        {} as Registry,
        { credentials: undefined, insecureRegistries: [], concurrency: 1, timeoutSeconds: 60 },
      ),
    ).rejects.toMatchObject({
      code: 'COSIGN_MISSING',
      input: 'key',
      hint: 'Add a `uses: <owner>/sigil/actions/install-cosign@v1` step before this one, or put cosign (v2.2.0 or later) on PATH.',
    });
    expect(lines).toEqual([
      'k8s://troubleshooting-agent/prod is a k8s:// key, which only the cosign CLI can use: the cosign engine runs.',
    ]);
  });
});
