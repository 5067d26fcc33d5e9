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

/**
 * One decoder for every document: invalid UTF-8 and a byte-order mark are errors (as in Go), and without `stream`
 * each `decode` starts afresh, so nothing of one document carries into the next.
 */
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Parses UTF-8 bytes (invalid UTF-8 and a byte-order mark are errors, as in Go). */
export function parseStrictJsonBytes(bytes: Uint8Array): StrictJsonResult {
  let text: string;
  try {
    text = UTF8.decode(bytes);
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
    text = UTF8.decode(bytes);
  } catch {
    return { ok: false, message: 'not valid UTF-8' };
  }
  const fast = parsePlainNatively(text, maxDepth);
  if (fast !== undefined) return { ok: true, value: fast.value };
  try {
    return { ok: true, value: new Reader(text, PLAIN_OBJECTS, maxDepth).document() };
  } catch (error) {
    if (error instanceof StrictJsonError) return { ok: false, message: error.message };
    throw error;
  }
}

/**
 * The same reading through the engine's `JSON.parse`, several times faster than `Reader` on the bundles and
 * statements the gate reads by the thousand, or undefined when the text may break a rule `JSON.parse` does not
 * keep (the caller then reads it with `Reader`, for the exact error or, should the check be too cautious, the
 * value). `JSON.parse` keeps the last of two equal keys, so the text has a duplicate key exactly when the parsed
 * value has fewer object members than the text has keys; it also reads numbers out of range as Infinity and
 * nests without a bound, both checked on the value. Its objects are `PLAIN_OBJECTS`'s: `__proto__` an own key.
 */
function parsePlainNatively(text: string, maxDepth: number): { readonly value: unknown } | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const members = countMembers(value, 0, maxDepth);
  if (members < 0 || members !== countKeys(text)) return undefined;
  return { value };
}

/** The object members in a parsed value, or -1 when it nests deeper than `maxDepth` or holds a non-finite number. */
function countMembers(value: unknown, depth: number, maxDepth: number): number {
  if (depth > maxDepth) return -1;
  if (typeof value === 'number') return Number.isFinite(value) ? 0 : -1;
  if (typeof value !== 'object' || value === null) return 0;
  const children: unknown[] = Array.isArray(value) ? value : Object.values(value);
  let total = Array.isArray(value) ? 0 : children.length;
  for (const child of children) {
    // Only containers and numbers can fail or hold members: strings (base64 payloads) are passed over.
    if (typeof child !== 'object' && typeof child !== 'number') {
      if (depth + 1 > maxDepth) return -1;
      continue;
    }
    const inner = countMembers(child, depth + 1, maxDepth);
    if (inner < 0) return -1;
    total += inner;
  }
  return total;
}

/**
 * The object keys in a text `JSON.parse` accepted: its strings followed by a colon. Outside strings a quote
 * only opens one, and inside, a quote closes it unless an odd run of backslashes precedes it.
 */
function countKeys(text: string): number {
  let keys = 0;
  let open = text.indexOf('"');
  while (open !== -1) {
    let close = text.indexOf('"', open + 1);
    while (close !== -1 && escapedAt(text, close)) close = text.indexOf('"', close + 1);
    if (close === -1) return -1;
    let next = close + 1;
    while (isJsonWhitespace(text.charCodeAt(next))) next++;
    if (text.charCodeAt(next) === 0x3a) keys++;
    open = text.indexOf('"', next);
  }
  return keys;
}

function escapedAt(text: string, quote: number): boolean {
  let backslashes = 0;
  while (text.charCodeAt(quote - 1 - backslashes) === 0x5c) backslashes++;
  return backslashes % 2 === 1;
}

function isJsonWhitespace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
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
