/**
 * Standard (RFC 4648 §4) base64 with `=` padding, decoded strictly: only the standard alphabet, correct
 * padding, and the canonical encoding (no stray bits in the last character). Anything else is junk that a
 * lenient decoder would silently accept, so it is refused. Linear in the input and without a re-encoded
 * copy, so a DSSE payload of tens of megabytes costs only its decoded bytes.
 */
const NOT_ALPHABET = /[^A-Za-z0-9+/]/;
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

export function decodeBase64Strict(text: string): Uint8Array | undefined {
  if (text.length % 4 !== 0) return undefined;
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const bodyLength = text.length - padding;
  if (NOT_ALPHABET.test(padding === 0 ? text : text.slice(0, bodyLength))) return undefined;
  if (padding > 0) {
    // The last data character carries 4 (one `=`: 2) bits that fall beyond the data: they must be zero.
    const last = ALPHABET.indexOf(text.charAt(bodyLength - 1));
    if ((last & (padding === 2 ? 0x0f : 0x03)) !== 0) return undefined;
  }
  const bytes = Buffer.from(text, 'base64');
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export function encodeBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/**
 * Bytes per chunk when encoding into a buffer: 48 KiB in, 64 KiB of text out — small enough that each
 * transient string stays in V8's young generation and is reclaimed at once, instead of piling up in
 * large-object space until a full collection.
 */
const ENCODE_CHUNK = 48 * 1024;

/** Length of the padded std base64 text of `length` bytes. */
export function base64Length(length: number): number {
  return Math.ceil(length / 3) * 4;
}

/**
 * Writes the std base64 of the concatenation of `parts` into `target` at `offset`, a chunk at a time, so
 * neither the joined input nor a base64 string of it ever exists; returns the offset after it.
 */
export function writeBase64(parts: readonly Uint8Array[], target: Buffer, offset: number): number {
  let position = offset;
  const carry = Buffer.alloc(3);
  let carried = 0;
  const emit = (bytes: Buffer) => {
    position += target.write(bytes.toString('base64'), position, 'latin1');
  };
  for (const part of parts) {
    let start = 0;
    if (carried > 0) {
      const take = Math.min(3 - carried, part.length);
      carry.set(part.subarray(0, take), carried);
      carried += take;
      start = take;
      if (carried < 3) continue;
      emit(carry);
    }
    while (part.length - start >= 3) {
      const length = Math.min(ENCODE_CHUNK, part.length - start - ((part.length - start) % 3));
      emit(Buffer.from(part.buffer, part.byteOffset + start, length));
      start += length;
    }
    carry.set(part.subarray(start), 0);
    carried = part.length - start;
  }
  if (carried > 0) emit(carry.subarray(0, carried));
  return position;
}
