import { decodeBase64Strict } from '@sigil/core';
import { DER_TAG, readDerElement } from './der.js';

/**
 * How the bytes of an ECDSA signature are laid out. cosign, sigstore and containers/image require
 * ASN.1 DER (`SEQUENCE { INTEGER r, INTEGER s }`); WebCrypto produces IEEE P1363 `r‖s`, which they reject,
 * so that mistake is recognised and named rather than reported as a mere bad signature.
 */
export type EcdsaSignatureEncoding = 'der' | 'p1363' | 'invalid';

/** r‖s for P-256 is two 32-byte integers. */
const P256_P1363_LENGTH = 64;

export function classifyEcdsaSignature(signature: Uint8Array): EcdsaSignatureEncoding {
  if (isStrictDerEcdsaSignature(signature)) return 'der';
  if (signature.length === P256_P1363_LENGTH) return 'p1363';
  return 'invalid';
}

export function isStrictDerEcdsaSignature(signature: Uint8Array): boolean {
  const sequence = readDerElement(signature, 0);
  if (sequence === undefined || sequence.tag !== DER_TAG.sequence || sequence.end !== signature.length)
    return false;
  const r = readDerElement(signature, sequence.contentStart, sequence.end);
  if (r === undefined || !isPositiveMinimalInteger(signature, r.tag, r.contentStart, r.end)) return false;
  const s = readDerElement(signature, r.end, sequence.end);
  if (s === undefined || !isPositiveMinimalInteger(signature, s.tag, s.contentStart, s.end)) return false;
  return s.end === sequence.end;
}

/** ECDSA's r and s are in [1, n-1]: positive, so no sign bit, and DER forbids redundant leading zeros. */
function isPositiveMinimalInteger(bytes: Uint8Array, tag: number, start: number, end: number): boolean {
  if (tag !== DER_TAG.integer || end <= start) return false;
  const first = bytes[start] as number;
  if (first >= 0x80) return false;
  if (first === 0x00) {
    if (end - start === 1) return false;
    return (bytes[start + 1] as number) >= 0x80;
  }
  return true;
}

export type SignatureAnnotationDecoding =
  { readonly ok: true; readonly signature: Uint8Array } | { readonly ok: false; readonly message: string };

/** Decodes the `dev.cosignproject.cosign/signature` annotation value (std base64, padded, nothing else). */
export function decodeSignatureAnnotation(value: string): SignatureAnnotationDecoding {
  if (value === '') return { ok: false, message: 'the signature annotation is empty' };
  const signature = decodeBase64Strict(value);
  if (signature === undefined) {
    return { ok: false, message: 'the signature annotation is not standard padded base64' };
  }
  return { ok: true, signature };
}
