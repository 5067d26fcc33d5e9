import { createHash } from 'node:crypto';
import { SigilError } from '@sigil/core';

const SHA256_DIGEST = /^sha256:[0-9a-f]{64}$/;

/** `sha256:<hex>` of exactly these bytes. */
export function sha256Digest(bytes: Uint8Array): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

export function isSha256Digest(value: string): boolean {
  return SHA256_DIGEST.test(value);
}

/** Throws CONTENT_DIGEST_MISMATCH unless `bytes` hash to `expected`. */
export function verifyDigest(bytes: Uint8Array, expected: string, what: string): string {
  const actual = sha256Digest(bytes);
  if (actual !== expected) {
    throw new SigilError(
      'CONTENT_DIGEST_MISMATCH',
      `${what} has digest ${actual} but ${expected} was expected; the registry served different content`,
    );
  }
  return actual;
}
