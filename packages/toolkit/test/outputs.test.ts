import { mkdtemp, readFile, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { SigilError } from '@sigil/core';
import { SecretMasker } from '@sigil/toolkit';
import { ActionOutputs, writeReport } from '../src/outputs.js';

describe('ActionOutputs', () => {
  it('writes strings as they are and everything else as compact JSON', () => {
    const written: [string, string][] = [];
    const outputs = new ActionOutputs((name, value) => written.push([name, value]));
    outputs.set('digests', 'sha256:a\nsha256:b');
    outputs.set('verified', false);
    outputs.set('signatures', [{ image: 'reg/app', digest: 'sha256:a', format: 'legacy' }]);
    expect(written).toEqual([
      ['digests', 'sha256:a\nsha256:b'],
      ['verified', 'false'],
      ['signatures', '[{"image":"reg/app","digest":"sha256:a","format":"legacy"}]'],
    ]);
  });

  it('refuses a value with no JSON form and one that contains a secret', () => {
    const written: string[] = [];
    const secrets = new SecretMasker(() => undefined);
    secrets.add('registry-token-123');
    const outputs = new ActionOutputs((name) => written.push(name), secrets);
    expect(() => outputs.set('nothing', undefined)).toThrow(SigilError);
    expect(() => outputs.set('report', { auth: 'Bearer registry-token-123' })).toThrow(
      /would contain a secret/,
    );
    expect(written).toEqual([]);
  });
});

describe('writeReport', () => {
  it('writes indented JSON under RUNNER_TEMP and returns the path', async () => {
    const runnerTemp = await mkdtemp(path.join(os.tmpdir(), 'sigil-runner-temp-'));
    const report = { images: [{ image: 'reg/app', verified: true }] };
    const first = await writeReport(runnerTemp, 'verify-gate-report', report);
    const second = await writeReport(runnerTemp, 'verify-gate-report.json', report);
    expect(path.basename(first)).toBe('verify-gate-report.json');
    expect(path.dirname(path.dirname(first))).toBe(runnerTemp);
    expect(second).not.toBe(first);
    expect(JSON.parse(await readFile(first, 'utf8'))).toEqual(report);
    expect(await readFile(first, 'utf8')).toBe(`${JSON.stringify(report, null, 2)}\n`);
    expect((await stat(second)).isFile()).toBe(true);
  });

  it('redacts every known secret from the strings it writes, quotes and all', async () => {
    const runnerTemp = await mkdtemp(path.join(os.tmpdir(), 'sigil-runner-temp-'));
    const secrets = new SecretMasker(() => undefined);
    secrets.add('hunter2"and\\more');
    const report = {
      images: [{ message: 'docker-credential-acme said: token hunter2"and\\more rejected', verified: false }],
    };
    const file = await writeReport(runnerTemp, 'sign-image-report', report, secrets);
    const text = await readFile(file, 'utf8');
    expect(text).not.toContain('hunter2');
    expect(JSON.parse(text)).toEqual({
      images: [{ message: 'docker-credential-acme said: token *** rejected', verified: false }],
    });
  });

  it('refuses a name that is a path', async () => {
    const runnerTemp = await mkdtemp(path.join(os.tmpdir(), 'sigil-runner-temp-'));
    await expect(writeReport(runnerTemp, '../escape', {})).rejects.toThrow(/not a plain file name/);
  });
});
