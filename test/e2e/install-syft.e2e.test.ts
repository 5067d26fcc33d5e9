import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { findOnPath } from '@sigil/core';
import { startReleaseMirror, type DistActionRun, type StartedReleaseMirror } from '@sigil/testing';
import { startMockSigstore, type MockSigstore } from '@sigil/testing/sigstore';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  createReadStream,
  createWriteStream,
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
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { syftBinary } from '../../packages/sbom/test/support/syft-binary.js';
import { cleanupRuns, runBundle } from './bundle.js';
import { errorAnnotations, stackTraceLines } from './captured-output.js';

/**
 * install-syft as a workflow runs it: the committed dist/ bundle with RUNNER_TOOL_CACHE, RUNNER_TEMP and the
 * runner's file commands, installing the real syft v1.57.0 (the go-install build scripts/bootstrap.sh makes)
 * from a loopback release mirror laid out as upstream's releases are: the archive goreleaser would make
 * (`syft`, LICENSE and README.md at its root), a checksums file listing it, and that file's Sigstore bundle,
 * signed by a private Sigstore (@sigstore/mock) under anchore's release identity and verified against that
 * instance's trusted root through `trusted-root`.
 */
const VERSION = 'v1.57.0';
const GOARCH: Readonly<Record<string, string>> = { x64: 'amd64', arm64: 'arm64' };
const ASSET = `syft_1.57.0_${process.platform}_${GOARCH[process.arch] ?? process.arch}.tar.gz`;
const CHECKSUMS = 'syft_1.57.0_checksums.txt';
/** Who signs syft's checksums, as upstream's install.sh requires: written out here, not taken from the code. */
const ANCHORE = {
  subjectAlternativeName: 'https://github.com/anchore/syft/.github/workflows/release.yaml@refs/heads/main',
  issuer: 'https://token.actions.githubusercontent.com',
};
const SYSTEM_PATH = '/usr/bin:/bin';

let scratch: string;
let sigstore: MockSigstore;
let trustedRoot: string;
/** The real syft, packed as a release archive, and the sha256s of both. */
let archive: string;
let archiveSha: string;
let binarySha: string;
/** A release archive holding a `syft` script that leaves `decoyRan` behind if anything runs it. */
let decoy: string;
let decoySha: string;
let decoyRan: string;
/** The checksums file listing `archive`, and its bundle by anchore's identity. */
let checksums: string;
let bundle: string;
const mirrors: StartedReleaseMirror[] = [];

const sha256 = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex');

async function sha256OfFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** A `.tar.gz` with `files` (name → path of its content) at its root, as goreleaser packs syft. */
async function tarGz(name: string, files: Record<string, string>): Promise<string> {
  const folder = join(scratch, `${name}-content`);
  mkdirSync(folder);
  for (const [member, source] of Object.entries(files)) symlinkSync(source, join(folder, member));
  const tar = join(scratch, `${name}.tar`);
  // -h stores the files the links point at; gzip level 1 keeps packing the 120 MB binary quick.
  execFileSync('tar', ['-c', '-h', '-f', tar, '-C', folder, ...Object.keys(files)]);
  const packed = join(scratch, `${name}.tar.gz`);
  await pipeline(createReadStream(tar), createGzip({ level: 1 }), createWriteStream(packed));
  rmSync(tar);
  return packed;
}

function checksumsListing(rows: readonly (readonly [sha: string, name: string])[]): string {
  return rows.map(([sha, name]) => `${sha}  ${name}\n`).join('');
}

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'sigil-install-syft-e2e-'));
  const text = (name: string, content: string) => {
    writeFileSync(join(scratch, name), content);
    return join(scratch, name);
  };
  const binary = syftBinary();
  binarySha = await sha256OfFile(binary);
  archive = await tarGz('release', {
    syft: binary,
    LICENSE: text('LICENSE', 'Apache License 2.0\n'),
    'README.md': text('README.md', '# syft\n'),
  });
  archiveSha = await sha256OfFile(archive);
  decoyRan = join(scratch, 'decoy-ran');
  const script = text(
    'decoy-syft',
    `#!/bin/sh\ntouch '${decoyRan}'\necho '{"application":"syft","version":"1.57.0"}'\n`,
  );
  execFileSync('chmod', ['755', script]);
  decoy = await tarGz('decoy', { syft: script });
  decoySha = await sha256OfFile(decoy);
  checksums = checksumsListing([
    [archiveSha, ASSET],
    [sha256('the windows archive'), 'syft_1.57.0_windows_amd64.zip'],
  ]);
  sigstore = await startMockSigstore();
  bundle = await sigstore.signBlob(Buffer.from(checksums), ANCHORE);
  trustedRoot = text('trusted_root.json', JSON.stringify(sigstore.trustedRoot));
}, 120_000);

afterAll(async () => {
  await cleanupRuns();
  await Promise.all(mirrors.map((mirror) => mirror.stop()));
  if (scratch !== undefined) rmSync(scratch, { recursive: true, force: true });
});

/** A release mirror serving `version` with these files (each left out when undefined). */
async function publish(
  files: { archive?: string; checksums?: string; bundle?: string },
  version = VERSION,
): Promise<StartedReleaseMirror> {
  const mirror = await startReleaseMirror();
  mirrors.push(mirror);
  const folder = `/${version}`;
  if (files.archive !== undefined) mirror.put(`${folder}/${ASSET}`, { file: files.archive });
  if (files.checksums !== undefined) mirror.put(`${folder}/${CHECKSUMS}`, files.checksums);
  if (files.bundle !== undefined) mirror.put(`${folder}/${CHECKSUMS}.sigstore.json`, files.bundle);
  return mirror;
}

const release = () => publish({ archive, checksums, bundle });

function installSyft(
  inputs: Record<string, string>,
  env: Record<string, string | undefined> = {},
): Promise<DistActionRun> {
  return runBundle('install-syft', { inputs, env, timeoutMs: 90_000 });
}

/** What the step appended to GITHUB_PATH for later steps. */
function pathAdditions(run: DistActionRun): string[] {
  return readFileSync(join(dirname(run.runnerTemp), 'file-commands', 'add_path'), 'utf8')
    .split('\n')
    .filter(Boolean);
}

function requested(mirror: StartedReleaseMirror, file: string): number {
  return mirror.requests.filter((request) => request.path === `/${VERSION}/${file}`).length;
}

/** A failed run: exit 1, exactly one error annotation (returned), no stack trace, nothing installed or left. */
function refusal(run: DistActionRun): string {
  const errors = errorAnnotations(run);
  expect({
    exitCode: run.exitCode,
    errors: errors.length,
    stackTrace: stackTraceLines(run),
    outputs: run.outputs,
    path: pathAdditions(run),
    cache: readdirSync(run.toolCache),
    temp: readdirSync(run.runnerTemp),
  }).toEqual({ exitCode: 1, errors: 1, stackTrace: [], outputs: {}, path: [], cache: [], temp: [] });
  return errors[0] ?? '';
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('install-syft (dist)', () => {
  it('installs syft from the signed checksums into the tool cache and onto PATH, and takes it from the cache next time', async () => {
    const mirror = await release();
    const first = await installSyft({ 'download-url': mirror.url, 'trusted-root': trustedRoot });
    expect({
      exitCode: first.exitCode,
      errors: errorAnnotations(first),
      stackTrace: stackTraceLines(first),
    }).toEqual({ exitCode: 0, errors: [], stackTrace: [] });
    const entry = join(first.toolCache, 'syft', '1.57.0', process.arch);
    expect(first.outputs).toEqual({
      'syft-path': join(entry, 'syft'),
      'syft-version': VERSION,
      'cache-hit': 'false',
    });
    expect(pathAdditions(first)).toEqual([entry]);
    expect(readdirSync(entry).sort()).toEqual(['syft', ASSET]);
    expect(existsSync(`${entry}.complete`)).toBe(true);
    expect(readdirSync(first.runnerTemp)).toEqual([]);
    expect(await sha256OfFile(join(entry, 'syft'))).toBe(binarySha);
    // A later step finds it on PATH, as attest-sbom's `scan` does, and runs it.
    const onPath = await findOnPath('syft', {
      path: `${pathAdditions(first).join(':')}:${SYSTEM_PATH}`,
      platform: process.platform,
      variable: () => undefined,
    });
    expect(onPath).toBe(join(entry, 'syft'));
    const later = execFileSync(onPath ?? 'missing', ['version', '-o', 'json'], {
      env: { SYFT_CHECK_FOR_APP_UPDATE: 'false' },
    });
    expect((JSON.parse(later.toString()) as { version: string }).version).toBe('1.57.0');
    expect(first.stdout).toMatch(
      new RegExp(
        `The Sigstore bundle ${escape(mirror.url)}/v1\\.57\\.0/${CHECKSUMS}\\.sigstore\\.json verifies ${CHECKSUMS} as signed by anchore's release workflow \\(against the trusted root ${escape(trustedRoot)}\\)`,
      ),
    );
    expect(first.stdout).toMatch(
      new RegExp(
        `syft v1\\.57\\.0 \\(${ASSET}\\) is at ${escape(join(entry, 'syft'))}: sha256 and the checksums file's Sigstore signature verified, checksum from ${escape(mirror.url)}/v1\\.57\\.0/${CHECKSUMS}, signed by anchore's release workflow; cache hit: false; \\d+\\.\\d\\d s`,
      ),
    );

    const second = await installSyft(
      { 'download-url': mirror.url, 'trusted-root': trustedRoot },
      { RUNNER_TOOL_CACHE: first.toolCache },
    );
    expect({ exitCode: second.exitCode, errors: errorAnnotations(second) }).toEqual({
      exitCode: 0,
      errors: [],
    });
    expect(second.outputs).toEqual({
      'syft-path': join(entry, 'syft'),
      'syft-version': VERSION,
      'cache-hit': 'true',
    });
    expect(pathAdditions(second)).toEqual([entry]);
    // The archive came from the cache; the signed checksums were fetched and verified again.
    expect([
      requested(mirror, ASSET),
      requested(mirror, CHECKSUMS),
      requested(mirror, `${CHECKSUMS}.sigstore.json`),
    ]).toEqual([1, 2, 2]);
    expect(second.stdout).toMatch(/cache hit: true; \d+\.\d\d s/);
    expect(readdirSync(second.runnerTemp)).toEqual([]);
  });

  it('replaces a cached syft that is no longer the one in its verified archive, with a warning', async () => {
    const mirror = await release();
    const inputs = { 'download-url': mirror.url, 'trusted-root': trustedRoot };
    const first = await installSyft(inputs);
    expect(first.exitCode).toBe(0);
    const cached = join(first.toolCache, 'syft', '1.57.0', process.arch, 'syft');
    const poisonRan = join(scratch, 'poison-ran');
    writeFileSync(
      cached,
      `#!/bin/sh\ntouch '${poisonRan}'\necho '{"application":"syft","version":"1.57.0"}'\n`,
    );

    const second = await installSyft(inputs, { RUNNER_TOOL_CACHE: first.toolCache });
    expect({ exitCode: second.exitCode, errors: errorAnnotations(second) }).toEqual({
      exitCode: 0,
      errors: [],
    });
    expect(second.outputs['cache-hit']).toBe('false');
    expect(second.annotations.filter((a) => a.level === 'warning').map((a) => a.message)).toEqual([
      expect.stringMatching(
        new RegExp(
          `^The tool cache entry ${escape(dirname(cached))} holds a syft whose sha256 is [0-9a-f]{64}, not ${binarySha} \\(from the syft in the verified ${escape(ASSET)}\\): removing the entry and installing syft v1\\.57\\.0 \\(${escape(ASSET)}\\) again`,
        ),
      ),
    ]);
    expect(await sha256OfFile(cached)).toBe(binarySha);
    expect(existsSync(poisonRan)).toBe(false);
    expect(requested(mirror, ASSET)).toBe(2);
  });

  it('refuses an archive that is not the one the signed checksums list: nothing is cached or run', async () => {
    const mirror = await publish({ archive: decoy, checksums, bundle });
    const error = refusal(await installSyft({ 'download-url': mirror.url, 'trusted-root': trustedRoot }));
    expect(error).toMatch(
      new RegExp(
        `^\\[TOOL_CHECKSUM_MISMATCH\\] the sha256 of syft v1\\.57\\.0 \\(${escape(ASSET)}\\) downloaded from ${escape(mirror.url)}/v1\\.57\\.0/${escape(ASSET)} is ${decoySha}, but ${archiveSha} was expected \\(from ${escape(mirror.url)}/v1\\.57\\.0/${CHECKSUMS}, signed by anchore's release workflow\\)`,
      ),
    );
    expect(error).toContain('Fix: `download-url` does not serve the');
    expect(existsSync(decoyRan)).toBe(false);
  });

  it('refuses a checksums file changed after signing, before downloading the archive', async () => {
    const changed = checksums.replace(archiveSha, decoySha);
    const mirror = await publish({ archive: decoy, checksums: changed, bundle });
    const error = refusal(await installSyft({ 'download-url': mirror.url, 'trusted-root': trustedRoot }));
    expect(error).toMatch(
      new RegExp(
        `^\\[TOOL_SIGNATURE_INVALID\\] the Sigstore bundle ${escape(mirror.url)}/v1\\.57\\.0/${CHECKSUMS}\\.sigstore\\.json does not verify ${CHECKSUMS} of syft v1\\.57\\.0 \\(against the trusted root ${escape(trustedRoot)}\\) as signed by ${escape(ANCHORE.subjectAlternativeName)} \\(${escape(ANCHORE.issuer)}\\): SIGNATURE: `,
      ),
    );
    expect([requested(mirror, ASSET), existsSync(decoyRan)]).toEqual([0, false]);
  });

  it.each([
    [
      'a fork of syft',
      {
        ...ANCHORE,
        subjectAlternativeName: 'https://github.com/fork/syft/.github/workflows/release.yaml@refs/heads/main',
      },
    ],
    [
      'another branch',
      { ...ANCHORE, subjectAlternativeName: `${ANCHORE.subjectAlternativeName.replace(/main$/, 'evil')}` },
    ],
    [
      'another issuer',
      { ...ANCHORE, issuer: 'https://token.actions.githubusercontent.com.attacker.example' },
    ],
  ])('refuses checksums signed by %s', async (_name, signer) => {
    const mirror = await publish({
      archive,
      checksums,
      bundle: await sigstore.signBlob(Buffer.from(checksums), signer),
    });
    const error = refusal(await installSyft({ 'download-url': mirror.url, 'trusted-root': trustedRoot }));
    expect(error).toMatch(/^\[TOOL_SIGNATURE_INVALID\] .*: IDENTITY_MISMATCH: /);
    expect(requested(mirror, ASSET)).toBe(0);
  });

  it('verifies against the shipped public-good trusted root without `trusted-root`, which the private Sigstore is not', async () => {
    const mirror = await release();
    const error = refusal(await installSyft({ 'download-url': mirror.url }));
    expect(error).toMatch(
      /^\[TOOL_SIGNATURE_INVALID\] .* \(against the Sigstore public-good trusted root shipped with sigil\) as signed by .*: CERTIFICATE: /,
    );
    expect(requested(mirror, ASSET)).toBe(0);
  });

  it('verify: checksum installs with the `checksum` input alone, without the checksums file', async () => {
    const mirror = await publish({ archive });
    const run = await installSyft({ 'download-url': mirror.url, verify: 'checksum', checksum: archiveSha });
    expect({ exitCode: run.exitCode, errors: errorAnnotations(run) }).toEqual({ exitCode: 0, errors: [] });
    expect(run.outputs['syft-version']).toBe(VERSION);
    expect(run.stdout).toMatch(/: sha256 verified, checksum from the `checksum` input; cache hit: false;/);
    expect(requested(mirror, CHECKSUMS)).toBe(0);
  });

  it('verify: checksum refuses an archive with another sha256: nothing is cached or run', async () => {
    const mirror = await publish({ archive: decoy });
    const error = refusal(
      await installSyft({ 'download-url': mirror.url, verify: 'checksum', checksum: archiveSha }),
    );
    expect(error).toMatch(
      new RegExp(
        `^\\[TOOL_CHECKSUM_MISMATCH\\] the sha256 of syft v1\\.57\\.0 \\(${escape(ASSET)}\\) downloaded from .* is ${decoySha}, but ${archiveSha} was expected \\(from the \`checksum\` input\\)`,
      ),
    );
    expect(error).toContain(
      `Fix: Set \`checksum\` to the sha256 of ${ASSET} in ${mirror.url}/v1.57.0/${CHECKSUMS}.`,
    );
    expect(existsSync(decoyRan)).toBe(false);
  });

  it('verify: checksum without `checksum` names the input and the file to copy it from, before any download', async () => {
    const mirror = await release();
    const error = refusal(await installSyft({ 'download-url': mirror.url, verify: 'checksum' }));
    expect(error).toMatch(/^\[INPUT_INVALID\] input `checksum` is required with `verify: checksum`/);
    expect(error).toContain(
      `Fix: Set \`checksum\` to the sha256 of ${ASSET}, copied from ${mirror.url}/v1.57.0/${CHECKSUMS}`,
    );
    expect(mirror.requests).toEqual([]);
  });

  it('refuses verify: signature for a release older than v1.53.0, which has no bundle, pointing at verify: checksum', async () => {
    const mirror = await release();
    const error = refusal(await installSyft({ 'download-url': mirror.url, 'syft-version': 'v1.52.0' }));
    expect(error).toMatch(/^\[INPUT_INVALID\] syft v1\.52\.0 published no Sigstore bundle of its checksums/);
    expect(error).toContain('Fix: Set `verify: checksum` with `checksum` set to the sha256 of syft_1.52.0_');
    expect(mirror.requests).toEqual([]);
  });

  it('refuses a runner syft publishes no build for, naming its platform', async () => {
    const mirror = await release();
    const run = await installSyft(
      { 'download-url': mirror.url, 'trusted-root': trustedRoot },
      { NODE_OPTIONS: "--import=data:text/javascript,Object.defineProperty(process,'arch',{value:'mips'})" },
    );
    const error = refusal(run);
    expect(error).toMatch(
      new RegExp(
        `^\\[PLATFORM_UNSUPPORTED\\] syft publishes no build for this runner \\(${process.platform}/mips\\); builds exist for linux/x64, `,
      ),
    );
    expect(mirror.requests).toEqual([]);
  });
});
