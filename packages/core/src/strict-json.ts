/**
 * A strict JSON (RFC 8259) reader for signed documents. Unlike `JSON.parse` it reports duplicate object
 * keys — which Go's decoder resolves as "last wins", so two readers could see two different documents —
 * and it keeps objects as `Map`s so no key (`__proto__` included) is special.
 */
export type JsonValue = null | boolean | number | string | readonly JsonValue[] | JsonObject;
export type JsonObject = ReadonlyMap<string, JsonValue>;

export type StrictJsonResult =
  { readonly ok: true; readonly value: JsonValue } | { readonly ok: false; readonly message: string };

const MAX_DEPTH = 32;
const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
/** Characters a JSON string holds as they are: anything but `"`, `\\` and control characters. */
// eslint-disable-next-line no-control-regex -- the run must stop at raw control characters, which JSON forbids
const PLAIN_RUN = /[^"\\\u0000-\u001f]*/y;
const ESCAPES: Record<string, string> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

class StrictJsonError extends Error {}

/** Parses UTF-8 bytes (invalid UTF-8 and a byte-order mark are errors, as in Go). */
export function parseStrictJsonBytes(bytes: Uint8Array): StrictJsonResult {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return { ok: false, message: 'not valid UTF-8' };
  }
  return parseStrictJson(text);
}

export function parseStrictJson(text: string): StrictJsonResult {
  try {
    const reader = new Reader(text, MAP_OBJECTS, MAX_DEPTH);
    const value = reader.document() as JsonValue;
    return { ok: true, value };
  } catch (error) {
    if (error instanceof StrictJsonError) return { ok: false, message: error.message };
    throw error;
  }
}

export type PlainJsonResult =
  { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly message: string };

/** A JSON object as `parseStrictJsonBytesToPlain` and `JSON.parse` produce it (not an array, not null). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The same strict reading (UTF-8, no BOM, no duplicate keys), producing what `JSON.parse` would: plain
 * objects (`__proto__` an ordinary own key) and arrays. For large signed documents handed to code that
 * expects ordinary JSON values (an SBOM predicate); `maxDepth` bounds nesting.
 */
export function parseStrictJsonBytesToPlain(bytes: Uint8Array, maxDepth: number): PlainJsonResult {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return { ok: false, message: 'not valid UTF-8' };
  }
  try {
    return { ok: true, value: new Reader(text, PLAIN_OBJECTS, maxDepth).document() };
  } catch (error) {
    if (error instanceof StrictJsonError) return { ok: false, message: error.message };
    throw error;
  }
}

/** How the reader builds objects: as Maps (signed payloads read key by key) or plain objects. */
interface ObjectBuilder<O> {
  create(): O;
  has(object: O, key: string): boolean;
  set(object: O, key: string, value: unknown): void;
}

const MAP_OBJECTS: ObjectBuilder<Map<string, unknown>> = {
  create: () => new Map(),
  has: (object, key) => object.has(key),
  set: (object, key, value) => object.set(key, value),
};

const PLAIN_OBJECTS: ObjectBuilder<Record<string, unknown>> = {
  create: () => ({}),
  has: (object, key) => Object.hasOwn(object, key),
  set: (object, key, value) => {
    if (key === '__proto__') {
      Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
    } else {
      object[key] = value;
    }
  },
};

/** A key or string quoted for an error message: escaped and cut short, since it comes from untrusted input. */
export function quoteForMessage(text: string): string {
  return JSON.stringify(text.length > 64 ? `${text.slice(0, 64)}…` : text);
}

// Plain fields, not parameter properties: tests run these sources with Node's type stripping.
class Reader<O> {
  private position = 0;
  private readonly text: string;
  private readonly objects: ObjectBuilder<O>;
  private readonly maxDepth: number;

  constructor(text: string, objects: ObjectBuilder<O>, maxDepth: number) {
    this.text = text;
    this.objects = objects;
    this.maxDepth = maxDepth;
  }

  document(): unknown {
    const value = this.value(0);
    this.skipWhitespace();
    if (this.position !== this.text.length) this.fail('unexpected data after the JSON value');
    return value;
  }

  private value(depth: number): unknown {
    if (depth > this.maxDepth) this.fail(`nesting deeper than ${this.maxDepth} levels`);
    this.skipWhitespace();
    const char = this.text[this.position];
    switch (char) {
      case '{':
        return this.object(depth);
      case '[':
        return this.array(depth);
      case '"':
        return this.string();
      case 't':
        return this.literal('true', true);
      case 'f':
        return this.literal('false', false);
      case 'n':
        return this.literal('null', null);
      default:
        return this.number();
    }
  }

  private object(depth: number): O {
    const entries = this.objects.create();
    this.position++;
    this.skipWhitespace();
    if (this.text[this.position] === '}') {
      this.position++;
      return entries;
    }
    for (;;) {
      this.skipWhitespace();
      if (this.text[this.position] !== '"') this.fail('expected a string key');
      const key = this.string();
      if (this.objects.has(entries, key)) this.fail(`Duplicate key ${quoteForMessage(key)}`);
      this.skipWhitespace();
      this.expect(':');
      this.objects.set(entries, key, this.value(depth + 1));
      this.skipWhitespace();
      if (this.text[this.position] === ',') {
        this.position++;
        continue;
      }
      this.expect('}');
      return entries;
    }
  }

  private array(depth: number): unknown[] {
    const items: unknown[] = [];
    this.position++;
    this.skipWhitespace();
    if (this.text[this.position] === ']') {
      this.position++;
      return items;
    }
    for (;;) {
      items.push(this.value(depth + 1));
      this.skipWhitespace();
      if (this.text[this.position] === ',') {
        this.position++;
        continue;
      }
      this.expect(']');
      return items;
    }
  }

  private string(): string {
    this.position++;
    let result = '';
    for (;;) {
      // Skip the run of ordinary characters natively: a string can be a 70 MB base64 payload.
      PLAIN_RUN.lastIndex = this.position;
      PLAIN_RUN.test(this.text);
      const runEnd = PLAIN_RUN.lastIndex;
      result += this.text.slice(this.position, runEnd);
      this.position = runEnd;
      const code = this.text.charCodeAt(runEnd);
      if (Number.isNaN(code)) this.fail('unterminated string');
      if (code === 0x22) {
        this.position++;
        return result;
      }
      if (code < 0x20) this.fail('control character in a string');
      result += this.escape();
    }
  }

  private escape(): string {
    const char = this.text[this.position + 1];
    if (char === 'u') {
      const hex = this.text.slice(this.position + 2, this.position + 6);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail('invalid \\u escape');
      this.position += 6;
      return String.fromCharCode(parseInt(hex, 16));
    }
    const replacement = char === undefined ? undefined : ESCAPES[char];
    if (replacement === undefined) this.fail('invalid escape in a string');
    this.position += 2;
    return replacement;
  }

  private number(): number {
    NUMBER.lastIndex = this.position;
    const match = NUMBER.exec(this.text);
    if (match === null) this.fail('unexpected character');
    this.position += match[0].length;
    const value = Number(match[0]);
    if (!Number.isFinite(value)) this.fail('number out of range');
    return value;
  }

  private literal<T>(word: string, value: T): T {
    if (!this.text.startsWith(word, this.position)) this.fail('unexpected character');
    this.position += word.length;
    return value;
  }

  private expect(char: string): void {
    if (this.text[this.position] !== char) this.fail(`expected "${char}"`);
    this.position++;
  }

  private skipWhitespace(): void {
    for (;;) {
      const char = this.text[this.position];
      if (char !== ' ' && char !== '\t' && char !== '\n' && char !== '\r') return;
      this.position++;
    }
  }

  private fail(problem: string): never {
    throw new StrictJsonError(`${problem} at offset ${this.position}`);
  }
}
