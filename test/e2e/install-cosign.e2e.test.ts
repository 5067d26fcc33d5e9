import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  runDistAction,
  startReleaseMirror,
  type DistActionRun,
  type StartedReleaseMirror,
} from '@sigil/testing';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cosignBinary } from '../support/cosign-cli.js';
import { transcript } from './bundle.js';
import { errorAnnotations, stackTraceLines } from './captured-output.js';

/**
 * install-cosign as a workflow runs it: the committed dist/ bundle with RUNNER_TOOL_CACHE, RUNNER_TEMP and
 * the file commands the runner provides, installing the real cosign v2.6.5 (a go-install build, so an
 * unheld version given with its `checksum`) from a loopback release mirror.
 */
const REPOSITORY_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const V2 = 'v2.6.5';
const ASSET = 'cosign-linux-amd64';

let mirror: StartedReleaseMirror;
let checksum: string;
const runs: DistActionRun[] = [];

beforeAll(async () => {
  if (!existsSync(join(REPOSITORY_ROOT, 'dist', 'install-cosign', 'index.js'))) {
    throw new Error('dist/install-cosign/index.js is missing: run `npm run build` and commit dist/');
  }
  const binary = cosignBinary('v2');
  checksum = createHash('sha256').update(readFileSync(binary)).digest('hex');
  mirror = await startReleaseMirror();
  mirror.put(`/${V2}/${ASSET}`, { file: binary });
  mirror.put(`/v3.1.3/${ASSET}`, { file: binary });
});

afterAll(async () => {
  await Promise.all(runs.map((run) => run.cleanup()));
  await mirror?.stop();
});

async function installCosign(
  inputs: Record<string, string>,
  env: Record<string, string> = {},
): Promise<DistActionRun> {
  const run = await runDistAction('install-cosign', { inputs, env, timeoutMs: 60_000 });
  runs.push(run);
  if (run.timedOut) throw new Error(`install-cosign timed out:\n${transcript(run)}`);
  return run;
}

/** What the step appended to GITHUB_PATH for later steps. */
function pathAdditions(run: DistActionRun): string[] {
  return readFileSync(join(dirname(run.runnerTemp), 'file-commands', 'add_path'), 'utf8')
    .split('\n')
    .filter(Boolean);
}

const arch = process.arch;

describe('install-cosign (dist)', () => {
  it('installs cosign into the tool cache and onto PATH, then takes it from the cache on the next run', async () => {
    const inputs = { 'cosign-version': V2, 'download-url': mirror.url, checksum };
    const first = await installCosign(inputs);
    expect({
      exitCode: first.exitCode,
      errors: errorAnnotations(first),
      stackTrace: stackTraceLines(first),
    }).toEqual({
      exitCode: 0,
      errors: [],
      stackTrace: [],
    });
    const entry = join(first.toolCache, 'cosign', '2.6.5', arch);
    expect(first.outputs).toEqual({
      'cosign-path': join(entry, 'cosign'),
      'cosign-version': V2,
      'cache-hit': 'false',
    });
    expect(pathAdditions(first)).toEqual([entry]);
    expect(existsSync(`${entry}.complete`)).toBe(true);
    expect(readdirSync(first.runnerTemp)).toEqual([]);
    const reported = JSON.parse(execFileSync(join(entry, 'cosign'), ['version', '--json']).toString()) as {
      gitVersion: string;
    };
    expect(reported.gitVersion).toBe(V2);
    expect(first.stdout).toMatch(
      /cosign v2\.6\.5 \(cosign-linux-amd64\) is at .+: sha256 verified, checksum from the `checksum` input; cache hit: false; \d+\.\d\d s/,
    );

    const requests = mirror.requests.length;
    const second = await installCosign(inputs, { RUNNER_TOOL_CACHE: first.toolCache });
    expect({ exitCode: second.exitCode, errors: errorAnnotations(second) }).toEqual({
      exitCode: 0,
      errors: [],
    });
    expect(second.outputs).toEqual({
      'cosign-path': join(entry, 'cosign'),
      'cosign-version': V2,
      'cache-hit': 'true',
    });
    expect(mirror.requests.length).toBe(requests);
    expect(second.stdout).toMatch(/cache hit: true; \d+\.\d\d s/);
  });

  it('fails cleanly when the mirror serves something else than the pinned v3.1.3', async () => {
    const run = await installCosign({ 'download-url': mirror.url });
    const errors = errorAnnotations(run);
    expect({ exitCode: run.exitCode, errors: errors.length, stackTrace: stackTraceLines(run) }).toEqual({
      exitCode: 1,
      errors: 1,
      stackTrace: [],
    });
    expect(errors[0]).toMatch(
      new RegExp(
        `^\\[TOOL_CHECKSUM_MISMATCH\\] the sha256 of cosign v3\\.1\\.3 \\(cosign-linux-amd64\\) downloaded from ${mirror.url}/v3\\.1\\.3/cosign-linux-amd64 is ${checksum}, but 4629c757b7618056f8ddd7e2625ae9fdd94c0372a65049520bc7d9df9efc7f71 was expected`,
      ),
    );
    expect(errors[0]).toContain(
      'Fix: `download-url` does not serve the cosign-linux-amd64 that cosign released as v3.1.3',
    );
    expect(run.outputs).toEqual({});
    expect(pathAdditions(run)).toEqual([]);
    expect(readdirSync(run.toolCache)).toEqual([]);
    expect(readdirSync(run.runnerTemp)).toEqual([]);
  });

  it('refuses a version without its v, naming the input', async () => {
    const run = await installCosign({ 'cosign-version': '2.6.5', 'download-url': mirror.url, checksum });
    expect(run.exitCode).toBe(1);
    expect(errorAnnotations(run)).toEqual([
      expect.stringMatching(
        /^\[INPUT_INVALID\] input `cosign-version` must be a release tag .* \(did you mean v2\.6\.5\?\)\nFix: .*`cosign-version`/,
      ),
    ]);
  });
});
