import { describe, expect, it } from '@jest/globals';
import { seededRandom } from '@sigil/testing';
import {
  parseStrictJsonBytes,
  parseStrictJsonBytesToPlain,
  type JsonValue,
  type PlainJsonResult,
  type StrictJsonResult,
} from '../src/strict-json.js';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

/** The Map-based reading as plain values (own `__proto__` keys included), to compare with the plain one. */
function toPlain(value: JsonValue): unknown {
  if (value instanceof Map) {
    const object: Record<string, unknown> = {};
    for (const [key, member] of value) {
      Object.defineProperty(object, key, {
        value: toPlain(member),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return object;
  }
  return Array.isArray(value) ? value.map(toPlain) : value;
}

/** Both readings of one text, in a form that tells every difference (key order, `__proto__`, messages). */
function both(text: string): { plain: string; maps: string } {
  const show = (result: PlainJsonResult | StrictJsonResult, value: () => unknown): string =>
    result.ok ? `ok ${JSON.stringify(value())}` : `error ${result.message}`;
  const plain = parseStrictJsonBytesToPlain(bytes(text), 32);
  const maps = parseStrictJsonBytes(bytes(text));
  return {
    plain: show(plain, () => (plain.ok ? plain.value : undefined)),
    maps: show(maps, () => (maps.ok ? toPlain(maps.value) : undefined)),
  };
}

const KEYS = ['a', 'b', '0', '10', '__proto__', 'constructor', 'x"y', 'back\\slash', 'é', '', 'a b'];
const STRINGS = [
  '',
  'plain',
  'quote " inside',
  'ends with \\',
  '\\"',
  '\\\\"',
  'line\nbreak',
  '\u2028',
  '😀',
  'aGVsbG8=',
];
const NUMBERS = ['0', '-0', '1', '-12.5', '3e2', '1E-7', '1e400', '-1e999', '0.1'];

function randomText(random: () => number, depth = 0): string {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const space = (): string => pick(['', '', ' ', '\n', '\t ', '\r\n']);
  const roll = random();
  if (depth > 40 || roll < 0.35) {
    const kind = random();
    if (kind < 0.45) return JSON.stringify(pick(STRINGS)).replace('plain', pick(['plain', 'pl\\u0061in']));
    if (kind < 0.8) return pick(NUMBERS);
    return pick(['true', 'false', 'null']);
  }
  // Deep chains now and then, around the bound of 32 levels.
  if (roll < 0.4) {
    const levels = 28 + Math.floor(random() * 8);
    return '['.repeat(levels) + randomText(random, 99) + ']'.repeat(levels);
  }
  const count = Math.floor(random() * 4);
  if (roll < 0.65) {
    const items = Array.from({ length: count }, () => space() + randomText(random, depth + 1) + space());
    return `[${items.join(',')}]`;
  }
  const keys = Array.from({ length: count }, () => pick(KEYS));
  const members = keys.map(
    (key) =>
      `${space()}${JSON.stringify(key)}${space()}:${space()}${randomText(random, depth + 1)}${space()}`,
  );
  return `{${members.join(',')}}`;
}

/** A valid text broken in one place, most often still JSON.parse-able. */
function damage(random: () => number, text: string): string {
  const at = Math.floor(random() * (text.length + 1));
  const insert =
    ['"', '\\', ',', ':', '}', ']', '\u0001', 'x', ' ', '"a":1,'][Math.floor(random() * 10)] ?? '';
  return random() < 0.5
    ? text.slice(0, at) + insert + text.slice(at)
    : text.slice(0, at) + text.slice(at + 1);
}

describe('parseStrictJsonBytesToPlain', () => {
  it.each([
    ['a duplicate key', '{"a":1,"b":2,"a":3}', 'Duplicate key "a" at offset 16'],
    ['a duplicate key written with an escape', '{"a":1,"\\u0061":2}', 'Duplicate key "a" at offset 15'],
    ['a duplicate key deep inside', '[{"x":{"k":1,"k":1}}]', 'Duplicate key "k" at offset 16'],
    ['a duplicate __proto__', '{"__proto__":1,"__proto__":2}', 'Duplicate key "__proto__" at offset 26'],
    ['a number out of range', '{"n":1e400}', 'number out of range at offset 10'],
    [
      'nesting past the bound',
      `${'['.repeat(33)}1${']'.repeat(33)}`,
      'nesting deeper than 32 levels at offset 33',
    ],
    ['a byte-order mark', '\ufeff{}', 'unexpected character at offset 0'],
    ['trailing data', '{} {}', 'unexpected data after the JSON value at offset 3'],
  ])('refuses %s, with the exact error', (_, text, message) => {
    expect(parseStrictJsonBytesToPlain(bytes(text), 32)).toEqual({ ok: false, message });
  });

  it('refuses invalid UTF-8, and reads the next document afresh', () => {
    expect(parseStrictJsonBytesToPlain(Uint8Array.of(0x22, 0xff, 0x22), 32)).toEqual({
      ok: false,
      message: 'not valid UTF-8',
    });
    // A document cut inside a character: nothing of it may carry into the next one.
    expect(parseStrictJsonBytesToPlain(Uint8Array.of(0x22, 0xe2, 0x82), 32).ok).toBe(false);
    expect(parseStrictJsonBytesToPlain(bytes('"€"'), 32)).toEqual({ ok: true, value: '€' });
    expect(parseStrictJsonBytes(Uint8Array.of(0xe2, 0x82))).toEqual({
      ok: false,
      message: 'not valid UTF-8',
    });
    expect(parseStrictJsonBytes(bytes('["\u20ac", "€"]')).ok).toBe(true);
  });

  it('reads what JSON.parse reads when nothing is duplicated, __proto__ as an own key', () => {
    const text = '{"__proto__":{"polluted":true},"10":1,"2":[{"k":"v\\"}"}],"s":"\\\\","e":-0}';
    const result = parseStrictJsonBytesToPlain(bytes(text), 8);
    expect(result.ok).toBe(true);
    const value = result.ok ? (result.value as Record<string, unknown>) : {};
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value)).toEqual(['2', '10', '__proto__', 's', 'e']);
    expect(Object.getOwnPropertyDescriptor(value, '__proto__')?.value).toEqual({ polluted: true });
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(value['s']).toBe('\\');
    expect(Object.is(value['e'], -0)).toBe(true);
  });

  it('counts keys right around escaped quotes and backslash runs inside strings', () => {
    // A key-like run inside a string value must not count as a key, nor hide the duplicate that follows.
    expect(parseStrictJsonBytesToPlain(bytes('{"v":"\\"a\\":1,","a":1,"a":2}'), 4)).toEqual({
      ok: false,
      message: 'Duplicate key "a" at offset 25',
    });
    expect(parseStrictJsonBytesToPlain(bytes('{"v":"\\\\","a":"\\\\\\"a\\":"}'), 4)).toEqual({
      ok: true,
      value: { v: '\\', a: '\\"a":' },
    });
  });

  it('bounds the depth of scalars as of containers', () => {
    expect(parseStrictJsonBytesToPlain(bytes('[1]'), 0)).toEqual({
      ok: false,
      message: 'nesting deeper than 0 levels at offset 1',
    });
    expect(parseStrictJsonBytesToPlain(bytes('{"a":"s"}'), 0).ok).toBe(false);
    expect(parseStrictJsonBytesToPlain(bytes('[]'), 0)).toEqual({ ok: true, value: [] });
    expect(parseStrictJsonBytesToPlain(bytes('{"a":[[]]}'), 2)).toEqual({ ok: true, value: { a: [[]] } });
    expect(parseStrictJsonBytesToPlain(bytes('{"a":[["s"]]}'), 2).ok).toBe(false);
  });

  it('agrees with the Map-based reader on 20,000 generated texts, valid and damaged', () => {
    const random = seededRandom(0x5161);
    let accepted = 0;
    let refused = 0;
    for (let i = 0; i < 20_000; i++) {
      const valid = randomText(random);
      const text = i % 3 === 2 ? damage(random, valid) : valid;
      const { plain, maps } = both(text);
      if (plain !== maps)
        throw new Error(`the readings differ on ${JSON.stringify(text)}:\n${plain}\n${maps}`);
      if (plain.startsWith('ok')) accepted++;
      else refused++;
    }
    // Both kinds must be well represented, or the comparison proves little.
    expect(accepted).toBeGreaterThan(5_000);
    expect(refused).toBeGreaterThan(3_000);
  });

  it('reads a 30 MB base64 payload in one string', () => {
    const payload = Buffer.alloc(22 * 1024 * 1024, 0x61).toString('base64');
    const result = parseStrictJsonBytesToPlain(bytes(`{"payload":"${payload}","payloadType":"t"}`), 4);
    expect(result.ok && (result.value as { payload: string }).payload.length).toBe(payload.length);
  });
});
