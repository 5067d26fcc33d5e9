import { isUtf8 } from 'node:buffer';

const BACKSLASH_U = Buffer.from('\\u');
const NON_ASCII = /[\u0080-\uffff]/;

/**
 * JSON.parse of UTF-8 bytes with the smallest transient text V8 allows. Decoding UTF-8 that holds any
 * non-Latin-1 character (typical of real SBOMs: authors, descriptions) gives a two-byte string twice
 * the size of the file. Instead the bytes are read as Latin-1 — one byte, one character — and parsed;
 * structural JSON is ASCII, so only string contents differ, and the few strings with bytes ≥ 0x80 are
 * decoded as UTF-8 afterwards. Exact only when no `\u` escape yields a character ≥ U+0080 (it would be
 * indistinguishable from a raw byte): such documents, and invalid UTF-8, take the ordinary path.
 * Syntax errors thrown from the Latin-1 path carry byte positions.
 */
export function parseUtf8Json(bytes: Uint8Array): unknown {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (!isUtf8(buffer)) throw new Utf8Error();
  const latin1 = !hasNonAsciiEscape(buffer);
  const text = latin1 ? buffer.toString('latin1') : buffer.toString('utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text) as unknown;
  } catch (cause) {
    throw new JsonTextError(cause, text, latin1);
  }
  return latin1 ? fromLatin1(parsed) : parsed;
}

/** The bytes are not UTF-8. */
export class Utf8Error extends Error {
  constructor() {
    super('not UTF-8');
  }
}

/** JSON.parse refused the text; `text` is what it read (Latin-1 when `latin1`: positions are byte offsets). */
export class JsonTextError extends Error {
  readonly text: string;
  readonly latin1: boolean;

  constructor(cause: unknown, text: string, latin1: boolean) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
    this.text = text;
    this.latin1 = latin1;
  }

  /** A piece of the text as the user would read it. */
  excerpt(start: number, end: number): string {
    const piece = this.text.slice(Math.max(0, start), end);
    return this.latin1 ? Buffer.from(piece, 'latin1').toString('utf8') : piece;
  }
}

/** Whether a `\uXXXX` escape for a code point ≥ U+0080 may occur (a literal `\\u` counts too: harmless). */
function hasNonAsciiEscape(buffer: Buffer): boolean {
  for (let at = buffer.indexOf(BACKSLASH_U); at !== -1; at = buffer.indexOf(BACKSLASH_U, at + 2)) {
    const hex = buffer.toString('latin1', at + 2, at + 6);
    if (!/^00[0-7][0-9a-fA-F]$/.test(hex)) return true;
  }
  return false;
}

/** Re-decodes, in place, every string (and key) the Latin-1 parse left holding UTF-8 bytes. */
function fromLatin1(root: unknown): unknown {
  if (typeof root === 'string') return fixString(root);
  const pending: object[] = [];
  if (typeof root === 'object' && root !== null) pending.push(root);
  // for…in and index loops: no per-object key arrays, so the walk allocates only what it fixes.
  for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i += 1) {
        const value: unknown = node[i];
        if (typeof value === 'string') {
          if (NON_ASCII.test(value)) node[i] = fixString(value);
        } else if (typeof value === 'object' && value !== null) pending.push(value);
      }
      continue;
    }
    const record = node as Record<string, unknown>;
    let nonAsciiKey = false;
    for (const key in record) {
      if (NON_ASCII.test(key)) nonAsciiKey = true;
      const value = record[key];
      if (typeof value === 'string') {
        if (NON_ASCII.test(value)) record[key] = fixString(value);
      } else if (typeof value === 'object' && value !== null) pending.push(value);
    }
    if (nonAsciiKey) rekey(record, Object.keys(record));
  }
  return root;
}

/** Renames the keys of an object, keeping their order (delete and re-add every key). */
function rekey(record: Record<string, unknown>, keys: string[]): void {
  const entries = keys.map((key) => [fixString(key), record[key]] as const);
  for (const key of keys) delete record[key];
  // defineProperty, not assignment: a "__proto__" key must stay a plain property.
  for (const [key, value] of entries) {
    Object.defineProperty(record, key, { value, writable: true, enumerable: true, configurable: true });
  }
}

function fixString(latin1: string): string {
  return NON_ASCII.test(latin1) ? Buffer.from(latin1, 'latin1').toString('utf8') : latin1;
}
