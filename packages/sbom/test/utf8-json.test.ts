import { describe, expect, it } from '@jest/globals';
import { JsonTextError, Utf8Error, parseUtf8Json } from '../src/utf8-json.js';

const utf8 = (text: string): Buffer => Buffer.from(text, 'utf8');

describe('parseUtf8Json', () => {
  it.each([
    ['ASCII only', '{"name":"left-pad","n":[1,2.5,true,null]}'],
    ['non-ASCII values', '{"supplier":"Person: Jürgen Müller","desc":"日本語のパッケージ 📦","é":["ñ","ß"]}'],
    ['non-ASCII keys, order kept', '{"a":1,"naïve":{"ключ":"значение"},"z":2}'],
    ['a top-level string', '"Ελληνικά"'],
    ['ASCII escapes', '{"html":"\\u003cb\\u003e \\u0026 \\" \\\\ \\n","path":"C:\\\\u0080"}'],
    [
      'escapes of non-ASCII characters (the ordinary path)',
      '{"e":"caf\\u00e9","cjk":"\\u4e2d","raw":"café"}',
    ],
    ['surrogate pairs', '{"emoji":"\\ud83d\\udce6 📦"}'],
    ['a "__proto__" key beside a non-ASCII key', '{"__proto__":{"x":"ö"},"ä":1}'],
  ])('gives exactly what JSON.parse of the UTF-8 text gives: %s', (_case, text) => {
    const parsed = parseUtf8Json(utf8(text));
    expect(parsed).toEqual(JSON.parse(text));
    if (typeof parsed === 'object' && parsed !== null) {
      expect(Object.keys(parsed)).toEqual(Object.keys(JSON.parse(text) as object));
      expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    }
  });

  it('reads a view into a larger buffer without reading outside it', () => {
    const whole = utf8('xx{"ü":"ö"}yy');
    expect(parseUtf8Json(whole.subarray(2, whole.length - 2))).toEqual({ ü: 'ö' });
  });

  it('refuses bytes that are not UTF-8, and reports syntax errors with the text it read and byte positions', () => {
    expect(() => parseUtf8Json(Buffer.from([0x22, 0xc3, 0x28, 0x22]))).toThrow(Utf8Error);
    let error: unknown;
    try {
      parseUtf8Json(utf8('{"ö":1,,}'));
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(JsonTextError);
    const failure = error as JsonTextError;
    expect(failure.message).toMatch(/at position 8/); // bytes: {"ö" is 5 bytes, :1, is 3
    expect(failure.excerpt(0, 8)).toBe('{"ö":1,');
  });
});
