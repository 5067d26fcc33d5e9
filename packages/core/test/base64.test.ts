import { describe, expect, it } from '@jest/globals';
import { decodeBase64Strict, writeBase64 } from '../src/base64.js';

describe('decodeBase64Strict', () => {
  it('decodes canonical std base64 with padding', () => {
    expect(decodeBase64Strict('')).toEqual(new Uint8Array());
    expect(Buffer.from(decodeBase64Strict('aGk=') ?? [])).toEqual(Buffer.from('hi'));
    expect(Buffer.from(decodeBase64Strict('aGkh') ?? [])).toEqual(Buffer.from('hi!'));
    expect(Buffer.from(decodeBase64Strict('aA==') ?? [])).toEqual(Buffer.from('h'));
    expect(Buffer.from(decodeBase64Strict('+/+/') ?? [])).toEqual(Buffer.from([0xfb, 0xff, 0xbf]));
  });

  it.each([
    ['missing padding', 'aGk'],
    ['stray bits under two = (non-canonical)', 'aB=='],
    ['stray bits under one = (non-canonical)', 'aGl='],
    ['three =', 'a==='],
    ['= inside', 'aG=k'],
    ['URL-safe alphabet', '-_-_'],
    ['a trailing newline', 'aGk=\n'],
    ['a line break inside', 'aGkh\naGkh'],
    ['a length not a multiple of 4', 'aGkhY'],
  ])('refuses %s', (_, text) => {
    expect(decodeBase64Strict(text)).toBeUndefined();
  });

  it('decodes tens of megabytes without trouble (linear, no re-encoding)', () => {
    const big = Buffer.alloc(30 * 1024 * 1024, 0x5a);
    const decoded = decodeBase64Strict(big.toString('base64'));
    expect(decoded?.length).toBe(big.length);
  });
});

describe('writeBase64', () => {
  it('writes the base64 of the joined parts into the target at the offset', () => {
    const target = Buffer.alloc(12, '.');
    const end = writeBase64([Buffer.from('h'), Buffer.from('i!'), Buffer.from('x')], target, 2);
    expect(end).toBe(10);
    expect(target.toString('latin1')).toBe('..aGkheA==..');
  });
});
