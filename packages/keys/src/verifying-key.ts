import { verifyPartsWithPublicKey, type PublicKey } from './public-key.js';
import type { EcdsaSignatureEncoding } from './signature-encoding.js';

/**
 * The first of `keys` with which `signature` verifies over the concatenation of `parts` (a `.sig` payload
 * is one part; a DSSE PAE is its header and the payload).
 */
export function findVerifyingKey(
  keys: readonly PublicKey[],
  parts: readonly Uint8Array[],
  signature: Uint8Array,
  encoding: EcdsaSignatureEncoding,
): PublicKey | undefined {
  return keys.find(
    (key) => keyAcceptsEncoding(key, signature, encoding) && verifyPartsWithPublicKey(key, parts, signature),
  );
}

/** ECDSA keys take DER signatures only; RSA signatures are exactly as long as the modulus. */
export function keyAcceptsEncoding(
  key: PublicKey,
  signature: Uint8Array,
  encoding: EcdsaSignatureEncoding,
): boolean {
  if (key.algorithm === 'ecdsa-p256-sha256') return encoding === 'der';
  const bits = key.keyObject.asymmetricKeyDetails?.modulusLength ?? 0;
  return signature.length === Math.ceil(bits / 8);
}

export function encodingProblem(encoding: EcdsaSignatureEncoding, signature: Uint8Array): string {
  if (encoding === 'p1363') {
    return (
      'P1363 signature: the signature is a 64-byte IEEE P1363 r‖s value, not ASN.1 DER; cosign and podman ' +
      'reject these (WebCrypto output must be converted to DER)'
    );
  }
  return `the signature (${signature.length} bytes) is not an ASN.1 DER ECDSA signature`;
}
