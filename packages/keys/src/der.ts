/** One DER tag-length-value element: `tag`, and where its content starts and ends in the buffer. */
export interface DerElement {
  readonly tag: number;
  readonly contentStart: number;
  readonly end: number;
}

/**
 * Reads the element at `offset` (single-byte tags only, which is all ECDSA signatures and PKCS#8
 * headers use). Lengths must be in DER's minimal form; indefinite lengths are BER, not DER.
 */
export function readDerElement(
  bytes: Uint8Array,
  offset: number,
  limit = bytes.length,
): DerElement | undefined {
  if (offset + 2 > limit) return undefined;
  const tag = bytes[offset] as number;
  const first = bytes[offset + 1] as number;
  let length: number;
  let contentStart: number;
  if (first < 0x80) {
    length = first;
    contentStart = offset + 2;
  } else {
    const count = first & 0x7f;
    if (count === 0 || count > 3 || offset + 2 + count > limit) return undefined;
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + (bytes[offset + 2 + i] as number);
    if (length < 0x80 || (bytes[offset + 2] as number) === 0) return undefined;
    contentStart = offset + 2 + count;
  }
  const end = contentStart + length;
  if (end > limit) return undefined;
  return { tag, contentStart, end };
}

export const DER_TAG = { integer: 0x02, octetString: 0x04, oid: 0x06, sequence: 0x30 } as const;
