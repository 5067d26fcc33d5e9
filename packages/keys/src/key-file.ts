import { createPrivateKey, generateKeyPairSync, randomBytes, scrypt, type KeyObject } from 'node:crypto';
import nacl from 'tweetnacl';
import { SigilError } from '@sigil/core';
import { DER_TAG, readDerElement } from './der.js';
import {
  parseEncryptedKeyEnvelope,
  serializeEncryptedKeyEnvelope,
  type EncryptedKeyEnvelope,
  type ScryptParameters,
} from './encrypted-key-envelope.js';
import { decodePemBlocks, encodePem } from './pem.js';
import { describeKey } from './public-key.js';
import { SigningKey } from './signing-key.js';

/** `current`: what cosign ≥ 2.2 writes. `legacy`: what every cosign, skopeo and podman version reads. */
export type KeyFileFormat = 'current' | 'legacy';

const FORMATS: Record<KeyFileFormat, { readonly label: string; readonly N: number }> = {
  current: { label: 'ENCRYPTED SIGSTORE PRIVATE KEY', N: 65536 },
  legacy: { label: 'ENCRYPTED COSIGN PRIVATE KEY', N: 32768 },
};
const ACCEPTED_LABELS: readonly string[] = [FORMATS.current.label, FORMATS.legacy.label];

const KEY_INPUT = 'key';
const PASSWORD_INPUT = 'key-password';
const SCRYPT_KEY_BYTES = 32;
const SALT_BYTES = 32;
/**
 * scrypt needs about 128·N·r bytes (128 MiB for N=131072), above Node's 32 MiB default, which even
 * N=32768 exceeds once OpenSSL's overhead is counted.
 */
const SCRYPT_MAXMEM = 256 * 1024 * 1024;
const ED25519_OID = Uint8Array.of(0x2b, 0x65, 0x70);

export interface GeneratedKeyPair {
  readonly privateKeyPem: string;
  readonly publicKeyPem: string;
}

/**
 * Loads a cosign key file (`cosign generate-key-pair` / `cosign import-key-pair` output) and decrypts it.
 * Neither the password nor any key byte ever appears in an error.
 */
export async function loadPrivateKey(pem: string, password: string): Promise<SigningKey> {
  const decoded = decodePemBlocks(pem);
  if (!decoded.ok) {
    throw new SigilError('KEY_INVALID', `the key is not a PEM key file: ${decoded.problem}`, {
      input: KEY_INPUT,
      hint: 'Pass the content (or path) of a cosign key file, e.g. cosign.key from cosign generate-key-pair.',
    });
  }
  const [block, ...rest] = decoded.blocks;
  if (block === undefined || rest.length > 0) {
    throw new SigilError(
      'KEY_INVALID',
      `the key file holds ${decoded.blocks.length} PEM blocks, expected one`,
      {
        input: KEY_INPUT,
        hint: 'Pass a single cosign key file.',
      },
    );
  }
  if (!ACCEPTED_LABELS.includes(block.label)) {
    throw new SigilError(
      'KEY_UNSUPPORTED',
      `unsupported PEM type "${block.label}": a cosign encrypted key file ("${FORMATS.current.label}" or ` +
        `"${FORMATS.legacy.label}") is expected`,
      {
        input: KEY_INPUT,
        hint: 'Create a key with cosign generate-key-pair, or convert an existing PEM key with cosign import-key-pair.',
      },
    );
  }
  const envelope = parseEncryptedKeyEnvelope(block.der, block.label);
  const plaintext = await decrypt(envelope, password);
  try {
    return signingKeyFromPkcs8(plaintext, block.label);
  } finally {
    plaintext.fill(0);
  }
}

/** A fresh ECDSA P-256 key pair, the private key encrypted with `password` exactly as cosign does. */
export async function generateKeyPair(
  password: string,
  options: { format?: KeyFileFormat } = {},
): Promise<GeneratedKeyPair> {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const privateKeyPem = await encryptPrivateKey(privateKey, password, options);
  return { privateKeyPem, publicKeyPem: new SigningKey(privateKey).publicKey.pem };
}

/** Encrypts an ECDSA P-256 private key into a cosign key file (PKCS#8 DER → scrypt + secretbox → PEM). */
export async function encryptPrivateKey(
  privateKey: KeyObject,
  password: string,
  options: { format?: KeyFileFormat } = {},
): Promise<string> {
  new SigningKey(privateKey); // throws KEY_UNSUPPORTED for anything but ECDSA P-256
  const format = FORMATS[options.format ?? 'current'];
  const scryptParameters: ScryptParameters = { N: format.N, r: 8, p: 1 };
  const salt = new Uint8Array(randomBytes(SALT_BYTES));
  const nonce = new Uint8Array(randomBytes(nacl.secretbox.nonceLength));
  const plaintext = new Uint8Array(privateKey.export({ type: 'pkcs8', format: 'der' }));
  const key = await deriveKey(password, salt, scryptParameters);
  try {
    const ciphertext = nacl.secretbox(plaintext, nonce, key);
    const envelope: EncryptedKeyEnvelope = { scrypt: scryptParameters, salt, nonce, ciphertext };
    return encodePem(format.label, serializeEncryptedKeyEnvelope(envelope));
  } finally {
    key.fill(0);
    plaintext.fill(0);
  }
}

async function decrypt(envelope: EncryptedKeyEnvelope, password: string): Promise<Uint8Array> {
  const key = await deriveKey(password, envelope.salt, envelope.scrypt);
  try {
    const plaintext = nacl.secretbox.open(envelope.ciphertext, envelope.nonce, key);
    if (plaintext === null) {
      throw new SigilError('KEY_PASSWORD', 'the key file could not be decrypted: the password is wrong', {
        input: PASSWORD_INPUT,
        hint:
          'Set key-password (or COSIGN_PASSWORD) to the password the key was created with; an empty password ' +
          'is valid, and a password piped to cosign keeps its trailing newline.',
      });
    }
    return plaintext;
  } finally {
    key.fill(0);
  }
}

function deriveKey(password: string, salt: Uint8Array, parameters: ScryptParameters): Promise<Uint8Array> {
  const secret = Buffer.from(password, 'utf8');
  return new Promise((resolve, reject) => {
    scrypt(secret, salt, SCRYPT_KEY_BYTES, { ...parameters, maxmem: SCRYPT_MAXMEM }, (error, derived) => {
      secret.fill(0);
      if (error !== null) {
        reject(new SigilError('INTERNAL', 'scrypt key derivation failed', { cause: error }));
      } else {
        resolve(new Uint8Array(derived.buffer, derived.byteOffset, derived.byteLength));
      }
    });
  });
}

function signingKeyFromPkcs8(plaintext: Uint8Array, label: string): SigningKey {
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey({ key: Buffer.from(plaintext), format: 'der', type: 'pkcs8' });
  } catch (cause) {
    throw notPkcs8(plaintext, label, cause);
  }
  if (privateKey.asymmetricKeyType === 'ec' && privateKey.asymmetricKeyDetails?.namedCurve === 'prime256v1') {
    return new SigningKey(privateKey);
  }
  throw unsupportedAlgorithm(describeKey(privateKey), label, privateKey.asymmetricKeyType === 'ed25519');
}

function notPkcs8(plaintext: Uint8Array, label: string, cause: unknown): SigilError {
  if (isSec1EcKey(plaintext)) {
    return new SigilError(
      'KEY_UNSUPPORTED',
      `the "${label}" key file decrypts to a SEC1 "EC PRIVATE KEY", not PKCS#8; cosign rejects it too ` +
        '(x509: failed to parse private key)',
      {
        input: KEY_INPUT,
        hint: 'Re-encrypt the key with cosign import-key-pair, which writes PKCS#8.',
      },
    );
  }
  if (hasPkcs8AlgorithmOid(plaintext, ED25519_OID)) return unsupportedAlgorithm('Ed25519 key', label, true);
  return new SigilError('KEY_INVALID', `the "${label}" key file does not decrypt to a PKCS#8 private key`, {
    cause: new Error('PKCS#8 parsing failed', { cause }),
    input: KEY_INPUT,
    hint: 'Use the key file exactly as cosign generate-key-pair wrote it.',
  });
}

function unsupportedAlgorithm(description: string, label: string, isEd25519: boolean): SigilError {
  const why = isEd25519
    ? 'cosign signs with Ed25519ph while podman and skopeo verify plain Ed25519, so the signatures would not ' +
      'verify everywhere'
    : 'ECDSA P-256 with SHA-256 is the one algorithm that cosign, podman and skopeo all verify alike';
  return new SigilError(
    'KEY_UNSUPPORTED',
    `the "${label}" key file holds an ${description}; sigil signs only with ECDSA P-256: ${why}`,
    { input: KEY_INPUT, hint: 'Create an ECDSA P-256 key with cosign generate-key-pair.' },
  );
}

function isSec1EcKey(der: Uint8Array): boolean {
  try {
    return (
      createPrivateKey({ key: Buffer.from(der), format: 'der', type: 'sec1' }).asymmetricKeyType === 'ec'
    );
  } catch {
    return false;
  }
}

/** PrivateKeyInfo ::= SEQUENCE { version INTEGER, algorithm SEQUENCE { OID, … }, … } */
function hasPkcs8AlgorithmOid(der: Uint8Array, oid: Uint8Array): boolean {
  const info = readDerElement(der, 0);
  if (info?.tag !== DER_TAG.sequence) return false;
  const version = readDerElement(der, info.contentStart, info.end);
  if (version?.tag !== DER_TAG.integer) return false;
  const algorithm = readDerElement(der, version.end, info.end);
  if (algorithm?.tag !== DER_TAG.sequence) return false;
  const identifier = readDerElement(der, algorithm.contentStart, algorithm.end);
  if (identifier?.tag !== DER_TAG.oid) return false;
  return Buffer.from(der.subarray(identifier.contentStart, identifier.end)).equals(oid);
}
