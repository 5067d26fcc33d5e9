import { describe, expect, it } from '@jest/globals';
import { SigilError } from '@sigil/core';
import { InputReader, SecretMasker } from '@sigil/toolkit';

function reader(inputs: Record<string, string>, masked: string[] = []): InputReader {
  return new InputReader((name) => inputs[name] ?? '', new SecretMasker((value) => masked.push(value)));
}

function thrown(action: () => unknown): SigilError {
  try {
    action();
  } catch (error) {
    if (error instanceof SigilError) return error;
    throw error;
  }
  throw new Error('expected a SigilError');
}

describe('InputReader.string', () => {
  it('trims, and gives undefined for an empty optional input', () => {
    const inputs = reader({ key: '  cosign.key \n', blank: '   ' });
    expect(inputs.string('key')).toBe('cosign.key');
    expect(inputs.string('blank')).toBeUndefined();
    expect(inputs.string('absent')).toBeUndefined();
  });
  it('rejects an empty required input, naming it', () => {
    const error = thrown(() => reader({}).string('images', { required: true }));
    expect(error.code).toBe('INPUT_INVALID');
    expect(error.input).toBe('images');
    expect(error.message).toContain('`images`');
  });
});

describe('InputReader.boolean', () => {
  it.each([
    ['true', true],
    ['TRUE', true],
    ['True', true],
    ['false', false],
    [' FaLsE ', false],
  ])('reads %j as %s', (raw, expected) => {
    expect(reader({ recursive: raw }).boolean('recursive')).toBe(expected);
  });
  it.each(['yes', '1', 'on', 'no', 'truee'])('rejects %j, naming the input and the allowed values', (raw) => {
    const error = thrown(() => reader({ recursive: raw }).boolean('recursive', { default: false }));
    expect(error.code).toBe('INPUT_INVALID');
    expect(error.input).toBe('recursive');
    expect(error.message).toContain('`true` or `false`');
    expect(error.message).toContain(JSON.stringify(raw));
  });
  it('uses the default only when the input is empty, and fails without one', () => {
    expect(reader({}).boolean('show-summary', { default: true })).toBe(true);
    expect(thrown(() => reader({}).boolean('show-summary')).input).toBe('show-summary');
  });
});

describe('InputReader.enumeration', () => {
  const formats = ['legacy', 'bundle', 'both'] as const;
  it('returns the allowed spelling, whatever the case', () => {
    expect(reader({ f: 'Bundle' }).enumeration('f', formats)).toBe('bundle');
    expect(reader({}).enumeration('f', formats, 'legacy')).toBe('legacy');
  });
  it('rejects other values, listing the allowed ones', () => {
    const error = thrown(() =>
      reader({ 'signature-format': 'sigstore' }).enumeration('signature-format', formats),
    );
    expect(error.input).toBe('signature-format');
    expect(error.message).toBe(
      'input `signature-format` must be one of `legacy`, `bundle`, `both`, got "sigstore"',
    );
  });
});

describe('InputReader.integer', () => {
  it('reads whole numbers within range and defaults when empty', () => {
    expect(reader({ concurrency: ' 16 ' }).integer('concurrency', { min: 1, max: 64 })).toBe(16);
    expect(reader({}).integer('concurrency', { min: 1, default: 8 })).toBe(8);
  });
  it.each(['0', '65', '1.5', '8x', '0x10', '1e3', '', '99999999999999999999'])('rejects %j', (raw) => {
    const error = thrown(() => reader({ concurrency: raw }).integer('concurrency', { min: 1, max: 64 }));
    expect(error.code).toBe('INPUT_INVALID');
    expect(error.input).toBe('concurrency');
  });
  it('names the accepted range', () => {
    const error = thrown(() => reader({ concurrency: '0' }).integer('concurrency', { min: 1, max: 64 }));
    expect(error.message).toBe('input `concurrency` must be a whole number from 1 to 64, got "0"');
  });
});

describe('InputReader.list', () => {
  it('splits lines and commas, drops blanks and comments, keeps order', () => {
    const images = [
      '# production images',
      'localhost:5000/app:1.0, localhost:5000/app:1.1',
      '',
      '  localhost:5000/db@sha256:' + 'a'.repeat(64) + '   # pinned',
      'localhost:5000/app:1.0',
      ',,',
    ].join('\r\n');
    expect(reader({ images }).list('images')).toEqual([
      'localhost:5000/app:1.0',
      'localhost:5000/app:1.1',
      'localhost:5000/db@sha256:' + 'a'.repeat(64),
      'localhost:5000/app:1.0',
    ]);
  });
  it('fails a required list that only has comments', () => {
    const error = thrown(() => reader({ images: '# none yet\n\n' }).list('images', { required: true }));
    expect(error.input).toBe('images');
  });
});

describe('InputReader.keyValueLines', () => {
  it('reads key=value lines, splitting at the first =', () => {
    const annotations = 'team = platform\n\n# comment\nquery=a=b\nempty=\n';
    expect(reader({ annotations }).keyValueLines('annotations')).toEqual({
      team: 'platform',
      query: 'a=b',
      empty: '',
    });
  });
  it('keeps a __proto__ key as plain data', () => {
    const result = reader({ annotations: '__proto__=x' }).keyValueLines('annotations');
    expect(Object.keys(result)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
  });
  it('names the line that has no =', () => {
    const error = thrown(() => reader({ annotations: 'a=1\nteam platform' }).keyValueLines('annotations'));
    expect(error.input).toBe('annotations');
    expect(error.message).toContain('line 2 has no `=`');
  });
  it('names both lines of a duplicate key', () => {
    const error = thrown(() => reader({ annotations: 'a=1\nb=2\n a = 3' }).keyValueLines('annotations'));
    expect(error.message).toContain('key "a" is given twice (lines 1 and 3)');
  });
  it('rejects an empty key', () => {
    expect(thrown(() => reader({ annotations: '=x' }).keyValueLines('annotations')).message).toContain(
      'line 1 has an empty key',
    );
  });
});

describe('InputReader.secret', () => {
  const pem = [
    '-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----',
    'eyJrZGYiOnsibmFtZSI6InNjcnlwdCJ9fQ==',
    'c2VjcmV0Ym94',
    '-----END ENCRYPTED SIGSTORE PRIVATE KEY-----',
    '',
  ].join('\n');

  it('masks the whole value and every line before returning it', () => {
    const masked: string[] = [];
    const value = reader({ key: pem }, masked).secret('key');
    expect(value).toBe(pem);
    expect(masked).toEqual([pem.trim(), 'eyJrZGYiOnsibmFtZSI6InNjcnlwdCJ9fQ==', 'c2VjcmV0Ym94']);
  });
  it('returns a password verbatim, surrounding whitespace included (cosign does not trim COSIGN_PASSWORD)', () => {
    expect(reader({ 'key-password': ' pass phrase \n' }).secret('key-password')).toBe(' pass phrase \n');
  });
  it('masks nothing for an empty secret and fails when it is required', () => {
    const masked: string[] = [];
    expect(reader({}, masked).secret('key-password')).toBeUndefined();
    expect(masked).toEqual([]);
    expect(thrown(() => reader({}).secret('key-password', { required: true })).input).toBe('key-password');
  });
});
