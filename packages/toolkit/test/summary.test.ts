import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { codeSpan, markdownTable, SecretMasker } from '@sigil/toolkit';
import { escapeCell, writeJobSummary } from '../src/summary.js';

describe('markdown cells', () => {
  it('escapes pipes and turns line breaks into <br>', () => {
    expect(escapeCell('a|b\nc\r\nd')).toBe('a\\|b<br>c<br>d');
  });
  it('fences code spans longer than any backtick run inside them', () => {
    expect(codeSpan('localhost:5000/app@sha256:ab')).toBe('`localhost:5000/app@sha256:ab`');
    expect(codeSpan('a`b')).toBe('``a`b``');
    expect(codeSpan('`x`')).toBe('`` `x` ``');
    expect(codeSpan('two\nlines')).toBe('`two lines`');
  });
});

describe('markdownTable', () => {
  it('renders a GFM table whose cells cannot break out of their column', () => {
    const table = markdownTable(
      ['image', 'result'],
      [
        [codeSpan('reg/app|evil'), 'signed'],
        ['reg/db', 'failed:\nno key'],
      ],
    );
    expect(table).toBe(
      [
        '| image | result |',
        '| --- | --- |',
        '| `reg/app\\|evil` | signed |',
        '| reg/db | failed:<br>no key |',
        '',
      ].join('\n'),
    );
  });
  it('rejects a row with the wrong number of cells', () => {
    expect(() => markdownTable(['a', 'b'], [['only one']])).toThrow(/row 1 has 1 cells/);
  });
});

describe('writeJobSummary', () => {
  async function summaryFile(): Promise<string> {
    const file = path.join(await mkdtemp(path.join(os.tmpdir(), 'sigil-summary-')), 'step_summary');
    await writeFile(file, '# earlier step\n');
    return file;
  }

  it('appends to the step summary file, redacting secrets', async () => {
    const file = await summaryFile();
    const secrets = new SecretMasker(() => undefined);
    secrets.add('tok3n');
    const written = await writeJobSummary('| a |\n| --- |\n| tok3n |', {
      show: true,
      environment: { stepSummaryPath: file },
      secrets,
    });
    expect(written).toBe(true);
    expect(await readFile(file, 'utf8')).toBe('# earlier step\n| a |\n| --- |\n| *** |\n');
  });

  it('writes nothing when show-summary is false or the runner has no summary file', async () => {
    const file = await summaryFile();
    expect(await writeJobSummary('hidden', { show: false, environment: { stepSummaryPath: file } })).toBe(
      false,
    );
    expect(await readFile(file, 'utf8')).toBe('# earlier step\n');
    expect(
      await writeJobSummary('nowhere', { show: true, environment: { stepSummaryPath: undefined } }),
    ).toBe(false);
  });
});
