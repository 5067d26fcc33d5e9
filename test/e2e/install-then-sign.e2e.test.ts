import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  runDistAction,
  startReleaseMirror,
  type DistActionRun,
  type StartedReleaseMirror,
} from '@sigil/testing';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { cosignBinary, cosignVersion } from '../support/cosign-cli.js';
import { cleanupRuns, requireBundle, runBundle, transcript } from './bundle.js';
import { errorAnnotations, stackTraceLines } from './captured-output.js';
import { pinned, startE2eRegistry, type E2eRegistry } from './e2e-registry.js';
import { createKeyMaterial, type KeyMaterial } from './key-material.js';

/**
 * One job as a workflow writes it: `install-cosign` (the committed bundle, from a loopback release mirror,
 * into RUNNER_TOOL_CACHE), then `sign-image` with `engine: cosign` in a later step — which sees cosign
 * only because the runner put install-cosign's GITHUB_PATH entry on its PATH — then `verify-gate`.
 * The cosign served is the real v2.6.5 built with `go install`: not byte-identical to the upstream
 * release, so it is installed as an unheld version with its `checksum`.
 */
const VERSION = cosignVersion('v2');
const ASSET = 'cosign-linux-amd64';
let mirror: StartedReleaseMirror;
let registry: E2eRegistry;
let key: KeyMaterial;
let work: string;
let checksum: string;
const installs: DistActionRun[] = [];

beforeAll(async () => {
  for (const name of ['sign-image', 'verify-gate'] as const) requireBundle(name);
  work = mkdtempSync(join(tmpdir(), 'sigil-e2e-install-sign-'));
  const binary = cosignBinary('v2');
  checksum = createHash('sha256').update(readFileSync(binary)).digest('hex');
  mirror = await startReleaseMirror();
  mirror.put(`/${VERSION}/${ASSET}`, { file: binary });
  [registry, key] = await Promise.all([startE2eRegistry('htpasswd'), createKeyMaterial(work)]);
});

afterAll(async () => {
  await Promise.all(installs.map((run) => run.cleanup()));
  await cleanupRuns();
  await Promise.all([mirror?.stop(), registry?.stop()]);
  if (work !== undefined) rmSync(work, { recursive: true, force: true });
});

function succeeded(run: DistActionRun): void {
  expect({ exitCode: run.exitCode, errors: errorAnnotations(run), stackTrace: stackTraceLines(run) }).toEqual(
    { exitCode: 0, errors: [], stackTrace: [] },
  );
}

/** The PATH the runner gives the next step: what earlier steps appended to GITHUB_PATH, newest first. */
function pathAfter(run: DistActionRun, base: string): string {
  const added = readFileSync(join(dirname(run.runnerTemp), 'file-commands', 'add_path'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .reverse();
  return [...added, base].join(delimiter);
}

const credentials = () => ({
  'registry-username': registry.started.credentials?.username ?? '',
  'registry-password': registry.started.credentials?.password ?? '',
});

describe('install-cosign, then sign-image with engine: cosign, then verify-gate (dist bundles)', () => {
  it('signs through the cosign that install-cosign installed, and the gate passes the image', async () => {
    const install = await runDistAction('install-cosign', {
      inputs: { 'cosign-version': VERSION, 'download-url': mirror.url, checksum },
      timeoutMs: 60_000,
    });
    installs.push(install);
    if (install.timedOut) throw new Error(`install-cosign timed out:\n${transcript(install)}`);
    succeeded(install);
    const installed = install.outputs['cosign-path'] ?? '';
    expect(installed.startsWith(install.toolCache)).toBe(true);

    // A PATH without any cosign: only install-cosign's entry can provide one.
    const basePath = ['/usr/local/bin', '/usr/bin', '/bin'].join(delimiter);
    const repo = registry.uniqueRepo('installed-cosign');
    const image = await registry.pushImage(repo, 'v1');
    const sign = await runBundle('sign-image', {
      inputs: {
        images: pinned(repo, image.digest),
        key: key.keyPath,
        'key-password': key.password,
        engine: 'cosign',
        ...credentials(),
      },
      env: { PATH: pathAfter(install, basePath), RUNNER_TOOL_CACHE: install.toolCache },
    });
    succeeded(sign);
    expect(sign.stdout).toContain(`cosign ${VERSION} at ${installed}`);
    expect(JSON.parse(sign.outputs['signatures'] ?? '[]')).toMatchObject([
      { digest: image.digest, format: 'legacy', deduplicated: false },
    ]);

    const gate = await runBundle('verify-gate', {
      inputs: {
        images: pinned(repo, image.digest),
        'public-keys': key.publicKeyPath,
        require: 'signature',
        ...credentials(),
      },
    });
    succeeded(gate);
    expect(gate.outputs['verified']).toBe('true');
  });

  it('without install-cosign, engine: cosign fails closed and says to add it', async () => {
    const repo = registry.uniqueRepo('no-cosign');
    const image = await registry.pushImage(repo, 'v1');
    const sign = await runBundle('sign-image', {
      inputs: {
        images: pinned(repo, image.digest),
        key: key.keyPath,
        'key-password': key.password,
        engine: 'cosign',
        ...credentials(),
      },
      env: { PATH: ['/usr/bin', '/bin'].join(delimiter) },
    });
    expect(sign.exitCode).toBe(1);
    const errors = errorAnnotations(sign);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^\[COSIGN_MISSING\]/);
    expect(errors[0]).toContain('install-cosign');
  });
});
