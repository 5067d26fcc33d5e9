import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import * as core from '@actions/core';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as runner from '../src/runner-commands.js';

// runner-commands.ts stands in for @actions/core (which loads undici at start-up): every call sigil makes
// must leave the runner exactly what @actions/core leaves it — stdout, file commands, PATH.

interface Effects {
  stdout: string;
  output: string;
  path: string;
  envPath: string | undefined;
}

const ENV = [
  'GITHUB_OUTPUT',
  'GITHUB_PATH',
  'PATH',
  'RUNNER_DEBUG',
  'INPUT_KEY-PASSWORD',
  'INPUT_SHOW_SUMMARY',
];

describe('runner commands, byte for byte as @actions/core writes them', () => {
  let folder: string;
  let saved: Record<string, string | undefined>;

  beforeEach(async () => {
    folder = await mkdtemp(path.join(os.tmpdir(), 'sigil-runner-commands-'));
    saved = Object.fromEntries(ENV.map((name) => [name, process.env[name]]));
  });

  afterEach(async () => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    await rm(folder, { recursive: true, force: true });
  });

  /** Runs `act` with fresh GITHUB_OUTPUT / GITHUB_PATH files (or none) and records what it left behind. */
  async function effectsOf(act: () => void, files: boolean): Promise<Effects> {
    const output = path.join(folder, `output-${Math.random()}`);
    const pathFile = path.join(folder, `path-${Math.random()}`);
    if (files) {
      await writeFile(output, '');
      await writeFile(pathFile, '');
      process.env['GITHUB_OUTPUT'] = output;
      process.env['GITHUB_PATH'] = pathFile;
    } else {
      delete process.env['GITHUB_OUTPUT'];
      delete process.env['GITHUB_PATH'];
    }
    process.env['PATH'] = '/usr/bin';
    let stdout = '';
    const write = process.stdout.write;
    process.stdout.write = ((chunk: string | Uint8Array) => {
      stdout += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      return true;
    }) as typeof process.stdout.write;
    try {
      act();
    } finally {
      process.stdout.write = write;
    }
    const read = async (file: string) => (files ? await readFile(file, 'utf8') : '');
    return {
      stdout,
      // The heredoc delimiter is random on every call.
      output: (await read(output)).replace(/ghadelimiter_[0-9a-f-]{36}/g, 'ghadelimiter_<uuid>'),
      path: await read(pathFile),
      envPath: process.env['PATH'],
    };
  }

  async function expectSame(ours: () => void, theirs: () => void): Promise<void> {
    for (const files of [true, false]) {
      const expected = await effectsOf(theirs, files);
      expect(await effectsOf(ours, files)).toEqual(expected);
    }
  }

  const awkward = 'p@ss:w0rd%25,with\r\nnew%line: and, commas';

  it('masks secrets', async () => {
    for (const secret of [awkward, 'plain', '']) {
      await expectSame(
        () => runner.setSecret(secret),
        () => core.setSecret(secret),
      );
    }
  });

  it('writes log lines and annotations', async () => {
    for (const message of [awkward, 'one line', '']) {
      await expectSame(
        () => runner.debug(message),
        () => core.debug(message),
      );
      await expectSame(
        () => runner.info(message),
        () => core.info(message),
      );
      for (const annotation of [
        undefined,
        {},
        { title: 'a: title, with % signs\nand lines' },
        { file: 'src/a,b.ts', startLine: 12 },
        { title: 'zero line', startLine: 0 },
        { title: undefined },
      ]) {
        await expectSame(
          () => runner.warning(message, annotation),
          () => core.warning(message, annotation),
        );
        await expectSame(
          () => runner.error(message, annotation),
          () => core.error(message, annotation),
        );
      }
    }
  });

  it('sets outputs, with and without GITHUB_OUTPUT', async () => {
    for (const [name, value] of [
      ['verified', 'true'],
      ['failed', '[{"image":"a","reason":"NO_SIGNATURES"}]'],
      ['multi', awkward],
      ['empty', ''],
    ] as const) {
      await expectSame(
        () => runner.setOutput(name, value),
        () => core.setOutput(name, value),
      );
    }
  });

  it('adds to PATH, with and without GITHUB_PATH', async () => {
    await expectSame(
      () => runner.addPath('/opt/cosign/bin'),
      () => core.addPath('/opt/cosign/bin'),
    );
  });

  it('reads inputs untrimmed, and the debug flag', () => {
    process.env['INPUT_KEY-PASSWORD'] = '  spaced secret \n';
    process.env['INPUT_SHOW_SUMMARY'] = 'false';
    for (const name of ['key-password', 'show summary', 'SHOW_SUMMARY', 'absent-input']) {
      expect(runner.getInput(name)).toBe(core.getInput(name, { trimWhitespace: false }));
    }
    for (const value of [undefined, '1', 'true', '0']) {
      if (value === undefined) delete process.env['RUNNER_DEBUG'];
      else process.env['RUNNER_DEBUG'] = value;
      expect(runner.isDebug()).toBe(core.isDebug());
    }
    expect(runner.FAILURE_EXIT_CODE).toBe(core.ExitCode.Failure);
  });
});
