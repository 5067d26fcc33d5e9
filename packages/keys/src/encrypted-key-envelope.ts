import { SigilError, isRecord } from '@sigil/core';
import { decodeBase64Strict, encodeBase64 } from '@sigil/core';

/**
 * The JSON document inside a cosign encrypted key PEM (go-securesystemslib `encrypted` format):
 * scrypt-derived key, NaCl secretbox (XSalsa20-Poly1305) over the PKCS#8 DER private key.
 */
export interface EncryptedKeyEnvelope {
  readonly scrypt: ScryptParameters;
  readonly salt: Uint8Array;
  readonly nonce: Uint8Array;
  readonly ciphertext: Uint8Array;
}

export interface ScryptParameters {
  readonly N: number;
  readonly r: number;
  readonly p: number;
}

/** go-securesystemslib's three accepted sets: "legacy" 2^15, "standard" 2^16, "OWASP" 2^17; all r=8, p=1. */
const ACCEPTED_SCRYPT_N: readonly number[] = [32768, 65536, 131072];
const SECRETBOX_NONCE_BYTES = 24;

const KEY_INPUT = 'key';

export function parseEncryptedKeyEnvelope(document: Uint8Array, label: string): EncryptedKeyEnvelope {
  const json = parseJsonObject(document, label);
  const kdf = objectField(json, 'kdf', label);
  const cipher = objectField(json, 'cipher', label);
  if (kdf.name !== 'scrypt') invalid(label, 'its key derivation is not scrypt');
  if (cipher.name !== 'nacl/secretbox') invalid(label, 'its cipher is not nacl/secretbox');
  const params = objectField(kdf, 'params', label);
  const scrypt = { N: params.N, r: params.r, p: params.p };
  if (!ACCEPTED_SCRYPT_N.includes(scrypt.N as number) || scrypt.r !== 8 || scrypt.p !== 1) {
    invalid(label, 'its scrypt parameters are not one of N=32768/65536/131072 with r=8, p=1');
  }
  const salt = bytesField(kdf, 'salt', 'kdf.salt', label);
  const nonce = bytesField(cipher, 'nonce', 'cipher.nonce', label);
  if (nonce.length !== SECRETBOX_NONCE_BYTES)
    invalid(label, `its nonce is not ${SECRETBOX_NONCE_BYTES} bytes`);
  const ciphertext = bytesField(json, 'ciphertext', 'ciphertext', label);
  return { scrypt: scrypt as ScryptParameters, salt, nonce, ciphertext };
}

/**
 * Compact JSON in the Go struct field order (`kdf{name,params{N,r,p},salt}`, `cipher{name,nonce}`,
 * `ciphertext`), byte for byte what cosign writes. Base64 never contains the characters Go escapes.
 */
export function serializeEncryptedKeyEnvelope(envelope: EncryptedKeyEnvelope): Uint8Array {
  const { N, r, p } = envelope.scrypt;
  const text =
    `{"kdf":{"name":"scrypt","params":{"N":${N},"r":${r},"p":${p}},"salt":"${encodeBase64(envelope.salt)}"},` +
    `"cipher":{"name":"nacl/secretbox","nonce":"${encodeBase64(envelope.nonce)}"},` +
    `"ciphertext":"${encodeBase64(envelope.ciphertext)}"}`;
  return new TextEncoder().encode(text);
}

type JsonRecord = Record<string, unknown>;

function parseJsonObject(document: Uint8Array, label: string): JsonRecord {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(document));
  } catch {
    invalid(label, 'its body is not the JSON document cosign writes');
  }
  if (!isRecord(value)) invalid(label, 'its body is not a JSON object');
  return value;
}

function objectField(parent: JsonRecord, name: string, label: string): JsonRecord {
  const value = parent[name];
  if (!isRecord(value)) invalid(label, `its "${name}" field is missing or not an object`);
  return value;
}

function bytesField(parent: JsonRecord, name: string, path: string, label: string): Uint8Array {
  const value = parent[name];
  const bytes = typeof value === 'string' ? decodeBase64Strict(value) : undefined;
  if (bytes === undefined) invalid(label, `its "${path}" field is missing or not base64`);
  return bytes;
}

function invalid(label: string, problem: string): never {
  throw new SigilError('KEY_INVALID', `the "${label}" key file is malformed: ${problem}`, {
    input: KEY_INPUT,
    hint: 'Use the key file exactly as cosign generate-key-pair wrote it (cosign.key).',
  });
}
