import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DistActionRun } from '@sigil/testing';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { cosignBinary, cosignVersion } from '../support/cosign-cli.js';
import { cleanupRuns, requireBundle, runBundle as runBundleOnce, type ActionName } from './bundle.js';
import { capturedTexts, errorAnnotations, findSecrets, stackTraceLines } from './captured-output.js';
import { pinned, startE2eRegistry, type E2eRegistry } from './e2e-registry.js';
import { createKeyMaterial, type KeyMaterial } from './key-material.js';

/**
 * The committed bundles with `engine: cosign`, the real cosign found as a runner finds it — on PATH, or
 * in the tool cache where install-cosign puts it — against a registry with htpasswd auth: the outputs of
 * a native run, a report that names the engine, the gate passing what cosign signed and attested, and no
 * secret in anything the runs printed or wrote.
 */
let registry: E2eRegistry;
let work: string;
let key: KeyMaterial;
let pathWithCosign: string;
let pathWithCosignV2: string;
let toolCache: string;
const runs: DistActionRun[] = [];

/** Every run with step debug logging on (the cosign command lines are debug lines), kept for the leak scan. */
async function runBundle(
  name: ActionName,
  options: Parameters<typeof runBundleOnce>[1],
): Promise<DistActionRun> {
  const run = await runBundleOnce(name, { ...options, env: { RUNNER_DEBUG: '1', ...options.env } });
  runs.push(run);
  return run;
}

beforeAll(async () => {
  for (const name of ['sign-image', 'attest-sbom', 'verify-gate'] as const) requireBundle(name);
  work = mkdtempSync(join(tmpdir(), 'sigil-e2e-engine-'));
  [registry, key] = await Promise.all([startE2eRegistry('htpasswd'), createKeyMaterial(work)]);
  const bin = join(work, 'bin');
  mkdirSync(bin);
  symlinkSync(cosignBinary('v3'), join(bin, 'cosign'));
  pathWithCosign = `${bin}${delimiter}${process.env.PATH ?? ''}`;
  const binV2 = join(work, 'bin-v2');
  mkdirSync(binV2);
  symlinkSync(cosignBinary('v2'), join(binV2, 'cosign'));
  pathWithCosignV2 = `${binV2}${delimiter}${process.env.PATH ?? ''}`;
  // A tool cache entry as install-cosign writes it (tool `cosign`, version without v, process.arch), of a
  // release sigil holds no checksum for (the go-install build of v2.6.5), left by an "earlier job".
  toolCache = join(work, 'tool-cache');
  const entry = join(toolCache, 'cosign', cosignVersion('v2').replace(/^v/, ''), process.arch);
  mkdirSync(entry, { recursive: true });
  symlinkSync(cosignBinary('v2'), join(entry, 'cosign'));
  writeFileSync(`${entry}.complete`, '');
});

afterAll(async () => {
  await cleanupRuns();
  await registry?.stop();
  if (work !== undefined) rmSync(work, { recursive: true, force: true });
});

function succeeded(run: DistActionRun): void {
  expect({ exitCode: run.exitCode, errors: errorAnnotations(run), stackTrace: stackTraceLines(run) }).toEqual(
    {
      exitCode: 0,
      errors: [],
      stackTrace: [],
    },
  );
}

const credentials = () => ({
  'registry-username': registry.started.credentials?.username ?? '',
  'registry-password': registry.started.credentials?.password ?? '',
});

function sign(images: string, engine: 'native' | 'cosign') {
  return runBundle('sign-image', {
    inputs: {
      images,
      key: key.keyPath,
      'key-password': key.password,
      engine,
      annotations: 'team=payments',
      ...credentials(),
    },
    env: { PATH: pathWithCosign },
  });
}

function report(run: DistActionRun): { inputs: Record<string, unknown> } & Record<string, unknown> {
  return JSON.parse(readFileSync(run.outputs['report-path'] ?? '', 'utf8'));
}

/** What differs between two images' runs (repository, digest, report time) written alike. */
function alike(text: string, repository: string, digest: string): string {
  return text
    .replaceAll(digest.slice('sha256:'.length), 'HEX')
    .replaceAll(repository, 'REPO')
    .replace(/"generatedAt":"[^"]+"/, '"generatedAt":"-"')
    .replace(/"engine":"(native|cosign)"/, '"engine":"-"');
}

describe('engine: cosign, run as the runner runs the bundles', () => {
  it('sign-image (cosign on PATH) sets the outputs of a native run, and its report names the engine', async () => {
    const viaCosign = registry.uniqueRepo('engine-cosign');
    const viaNative = registry.uniqueRepo('engine-native');
    const [a, b] = await Promise.all([
      registry.pushImage(viaCosign, 'v1'),
      registry.pushImage(viaNative, 'v1'),
    ]);
    for (let round = 0; round < 2; round++) {
      const cosignRun = await sign(pinned(viaCosign, a.digest), 'cosign');
      const nativeRun = await sign(pinned(viaNative, b.digest), 'native');
      succeeded(cosignRun);
      succeeded(nativeRun);
      expect(cosignRun.stdout).toContain(`cosign ${cosignVersion('v3')} at `);
      for (const output of ['signatures', 'digests'] as const) {
        expect(alike(cosignRun.outputs[output] ?? '', viaCosign.repository, a.digest)).toBe(
          alike(nativeRun.outputs[output] ?? '', viaNative.repository, b.digest),
        );
      }
      expect(JSON.parse(cosignRun.outputs['signatures'] ?? '[]')).toMatchObject([
        { deduplicated: round === 1 },
      ]);
      expect(alike(cosignRun.summary, viaCosign.repository, a.digest)).toBe(
        alike(nativeRun.summary, viaNative.repository, b.digest),
      );
      expect(report(cosignRun).inputs['engine']).toBe('cosign');
      expect(report(nativeRun).inputs['engine']).toBe('native');
      expect(alike(JSON.stringify(report(cosignRun)), viaCosign.repository, a.digest)).toBe(
        alike(JSON.stringify(report(nativeRun)), viaNative.repository, b.digest),
      );
    }
    const gate = await runBundle('verify-gate', {
      inputs: {
        images: pinned(viaCosign, a.digest),
        'public-keys': key.publicKeyPath,
        require: 'signature',
        annotations: 'team=payments',
        ...credentials(),
      },
    });
    succeeded(gate);
    expect(gate.outputs['verified']).toBe('true');
  });

  it('attest-sbom (cosign v2 on PATH) attests what verify-gate then requires', async () => {
    const repo = registry.uniqueRepo('engine-sbom');
    const image = await registry.pushImage(repo, 'v1');
    const sbom = join(work, 'sbom.spdx.json');
    writeFileSync(sbom, readFileSync(new URL('../fixtures/attestation/spdx-2.3.json', import.meta.url)));
    const attest = await runBundle('attest-sbom', {
      inputs: {
        images: pinned(repo, image.digest),
        sbom,
        key: key.keyPath,
        'key-password': key.password,
        engine: 'cosign',
        ...credentials(),
      },
      env: { PATH: pathWithCosignV2 },
    });
    succeeded(attest);
    expect(attest.stdout).toContain(`cosign ${cosignVersion('v2')} at `);
    expect(JSON.parse(attest.outputs['attestations'] ?? '[]')).toMatchObject([
      { digest: image.digest, predicateType: 'https://spdx.dev/Document', replaced: 0, deduplicated: false },
    ]);
    const gate = await runBundle('verify-gate', {
      inputs: {
        images: pinned(repo, image.digest),
        'public-keys': key.publicKeyPath,
        require: 'sbom',
        ...credentials(),
      },
    });
    succeeded(gate);
    expect(gate.outputs['verified']).toBe('true');
  });

  it('never runs a tool-cache cosign of a release whose checksums sigil does not hold: COSIGN_MISSING', async () => {
    const repo = registry.uniqueRepo('engine-unheld');
    const image = await registry.pushImage(repo, 'v1');
    const attest = await runBundle('sign-image', {
      inputs: {
        images: pinned(repo, image.digest),
        key: key.keyPath,
        'key-password': key.password,
        engine: 'cosign',
        ...credentials(),
      },
      env: { RUNNER_TOOL_CACHE: toolCache, PATH: '/usr/bin:/bin' },
    });
    expect(attest.exitCode).toBe(1);
    expect(errorAnnotations(attest)).toEqual([
      expect.stringMatching(
        /^\[COSIGN_MISSING\] the cosign CLI is needed for this key, but it is not on PATH or in the tool cache \(the tool cache holds cosign 2\.6\.5, whose checksums sigil does not hold, so it is not run/,
      ),
    ]);
  });

  it('printed and wrote no secret in any of these runs, and logged each cosign command line', () => {
    expect(runs.length).toBeGreaterThanOrEqual(7);
    const secrets = {
      'key password and private key': [...key.secrets],
      'registry password': [registry.started.credentials?.password ?? 'unset'],
      'registry Basic credentials': [
        Buffer.from(
          `${registry.started.credentials?.username}:${registry.started.credentials?.password}`,
        ).toString('base64'),
      ],
    };
    for (const run of runs) expect(findSecrets(capturedTexts(run), secrets)).toEqual([]);
    const debug = runs.flatMap((run) => capturedTexts(run).filter((text) => text.where.startsWith('debug')));
    expect(debug.some(({ text }) => text.startsWith('cosign sign --key='))).toBe(true);
    expect(debug.some(({ text }) => text.startsWith('cosign attest --key='))).toBe(true);
  });
});
