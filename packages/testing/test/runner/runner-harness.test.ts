import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { inputVariableName, runDistAction, type DistActionRun } from '@sigil/testing';

// A stand-in "bundle" that uses the real @actions/core, so the harness is checked against what the
// runner's own conventions produce (input variables, GITHUB_OUTPUT heredocs, summary file, commands).
const coreUrl = new URL('../../../../node_modules/@actions/core/lib/core.js', import.meta.url).href;

const actionYml = `name: probe
description: echoes its inputs
inputs:
  images:
    description: image list
    required: true
  show-summary:
    description: write the job summary
    default: 'true'
  concurrency:
    description: parallelism
    default: 8
  key-password:
    description: a secret
runs:
  using: node24
  main: ../../dist/probe/index.js
`;

const probe = `import * as core from ${JSON.stringify(coreUrl)};
import { writeFileSync } from 'node:fs';
import path from 'node:path';
const password = core.getInput('key-password');
if (password) core.setSecret(password);
core.setOutput('images', core.getMultilineInput('images').join('\\n'));
core.setOutput('show-summary', core.getBooleanInput('show-summary'));
core.setOutput('concurrency', core.getInput('concurrency'));
core.setOutput('env', JSON.stringify({
  home: process.env.HOME, temp: process.env.RUNNER_TEMP, cache: process.env.RUNNER_TOOL_CACHE,
  cwd: process.cwd(), workspace: process.env.GITHUB_WORKSPACE, leak: process.env.SIGIL_HARNESS_LEAK ?? null,
  extra: process.env.EXTRA ?? null, node: process.version,
}));
writeFileSync(path.join(process.env.RUNNER_TEMP, 'report.json'), '{}');
await core.summary.addRaw('| image |\\n| --- |\\n| app |').write();
core.warning('tag resolved to a digest');
if (core.getInput('images') === 'fail') {
  core.setFailed('[INPUT_INVALID] bad image\\nFix: set images');
}
`;

describe('runDistAction', () => {
  let repositoryRoot: string;
  const runs: DistActionRun[] = [];

  beforeAll(async () => {
    repositoryRoot = await mkdtemp(path.join(os.tmpdir(), 'sigil-harness-repo-'));
    await mkdir(path.join(repositoryRoot, 'actions', 'probe'), { recursive: true });
    await mkdir(path.join(repositoryRoot, 'dist', 'probe'), { recursive: true });
    await writeFile(path.join(repositoryRoot, 'actions', 'probe', 'action.yml'), actionYml);
    await writeFile(path.join(repositoryRoot, 'dist', 'probe', 'index.js'), probe);
    await writeFile(path.join(repositoryRoot, 'dist', 'probe', 'package.json'), '{"type":"module"}\n');
    process.env['SIGIL_HARNESS_LEAK'] = 'from the test process';
  });

  afterAll(async () => {
    delete process.env['SIGIL_HARNESS_LEAK'];
    await Promise.all(runs.map((run) => run.cleanup()));
    await rm(repositoryRoot, { recursive: true, force: true });
  });

  it('passes inputs and action.yml defaults as the runner does and reads outputs, summary and annotations', async () => {
    const run = await runDistAction('probe', {
      repositoryRoot,
      inputs: { images: 'reg/app:1\nreg/db:2', 'key-password': 'hunter2' },
      env: { EXTRA: 'yes' },
    });
    runs.push(run);
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    expect(run.timedOut).toBe(false);
    expect(run.outputs['images']).toBe('reg/app:1\nreg/db:2');
    expect(run.outputs['show-summary']).toBe('true');
    expect(run.outputs['concurrency']).toBe('8');
    const env = JSON.parse(run.outputs['env'] ?? '{}') as Record<string, string | null>;
    expect(env['temp']).toBe(run.runnerTemp);
    expect(env['cache']).toBe(run.toolCache);
    expect(env['cwd']).toBe(env['workspace']);
    expect(env['leak']).toBeNull();
    expect(env['extra']).toBe('yes');
    expect(env['node']).toBe(process.version);
    expect(env['home']).not.toBe(os.homedir());
    expect(await readFile(path.join(run.runnerTemp, 'report.json'), 'utf8')).toBe('{}');
    expect(run.summary).toBe('| image |\n| --- |\n| app |');
    expect(run.masks).toEqual(['hunter2']);
    expect(run.annotations).toEqual([
      { level: 'warning', message: 'tag resolved to a digest', properties: {} },
    ]);
  });

  it('reports a failing action with its exit code and error annotation', async () => {
    const run = await runDistAction('probe', { repositoryRoot, inputs: { images: 'fail' } });
    runs.push(run);
    expect(run.exitCode).toBe(1);
    expect(run.annotations.filter((a) => a.level === 'error')).toEqual([
      { level: 'error', message: '[INPUT_INVALID] bad image\nFix: set images', properties: {} },
    ]);
  });

  it('refuses an input the action does not declare, as a typo guard', async () => {
    await expect(runDistAction('probe', { repositoryRoot, inputs: { image: 'x' } })).rejects.toThrow(
      /no input named "image"/,
    );
  });
});

describe('inputVariableName', () => {
  it('upper-cases, turns spaces into underscores and keeps hyphens, like @actions/core', () => {
    expect(inputVariableName('key-password')).toBe('INPUT_KEY-PASSWORD');
    expect(inputVariableName('my input')).toBe('INPUT_MY_INPUT');
  });
});
