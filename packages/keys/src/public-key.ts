import { createHash, createPublicKey, createVerify, verify, type KeyObject } from 'node:crypto';
import { SigilError, type ErrorField } from '@sigil/core';
import { encodeBase64 } from '@sigil/core';
import { decodePemBlocks, encodePem, type PemBlock } from './pem.js';

/**
 * The verification schemes sigil accepts. Both hash with SHA-256, as containers/image does for every
 * sigstore payload; P-384/P-521 (cosign would hash with SHA-384/512) and Ed25519 (cosign uses Ed25519ph,
 * podman plain Ed25519) would verify in some tools and not in others, so they are refused up front.
 */
type PublicKeyAlgorithm = 'ecdsa-p256-sha256' | 'rsa-pkcs1v15-sha256';

export interface PublicKey {
  readonly keyObject: KeyObject;
  /** Hex SHA-256 of the SubjectPublicKeyInfo DER: stable across PEM formatting; equals a Rekor log ID. */
  readonly id: string;
  /** Std base64 SHA-256 of the SubjectPublicKeyInfo DER: the `publicKey.hint` of a Sigstore bundle. */
  readonly hint: string;
  /** `PUBLIC KEY` PEM (SPKI), 64-column body, trailing newline. */
  readonly pem: string;
  readonly algorithm: PublicKeyAlgorithm;
}

export interface PublicKeyParseOptions {
  /** The input the PEM came from, named in errors (e.g. `public-keys`), when an action parses it. */
  readonly input?: string;
  /** What the PEM is to a library that parses it (e.g. the signing key cosign printed). */
  readonly field?: ErrorField;
}

const MIN_RSA_BITS = 2048;

/** Parses exactly one `PUBLIC KEY` (SPKI) or `RSA PUBLIC KEY` (PKCS#1) PEM block. */
export function parsePublicKey(pem: string, options: PublicKeyParseOptions = {}): PublicKey {
  const blocks = decodePublicKeyPem(pem, options);
  if (blocks.length !== 1) {
    throw new SigilError('KEY_INVALID', `expected one public key PEM block, found ${blocks.length}`, {
      input: options.input,
      field: options.field,
      hint: 'Give each public key separately, or use the input that accepts several keys.',
    });
  }
  return publicKeyFromPemBlock(blocks[0] as PemBlock, options);
}

/** Parses every PEM block of `text` (key rotation: several trusted keys in one input); duplicates removed. */
export function parsePublicKeys(text: string, options: PublicKeyParseOptions = {}): PublicKey[] {
  const keys = new Map<string, PublicKey>();
  for (const block of decodePublicKeyPem(text, options)) {
    const key = publicKeyFromPemBlock(block, options);
    if (!keys.has(key.id)) keys.set(key.id, key);
  }
  return [...keys.values()];
}

/** Wraps a Node key object, refusing algorithms sigil does not verify (see `PublicKeyAlgorithm`). */
export function publicKeyFromKeyObject(keyObject: KeyObject, options: PublicKeyParseOptions = {}): PublicKey {
  const publicKey = keyObject.type === 'private' ? createPublicKey(keyObject) : keyObject;
  const algorithm = verificationAlgorithmOf(publicKey, options);
  const spki = new Uint8Array(publicKey.export({ type: 'spki', format: 'der' }));
  const digest = createHash('sha256').update(spki).digest();
  return {
    keyObject: publicKey,
    id: digest.toString('hex'),
    hint: encodeBase64(digest),
    pem: encodePem('PUBLIC KEY', spki),
    algorithm,
  };
}

/**
 * True when `signature` over exactly `data` verifies with `key`; false for anything else, never throws.
 * The key object goes to Node as it is: for the two `PublicKeyAlgorithm`s (an `rsa` key, an `ec` key)
 * Node's defaults are exactly PKCS#1 v1.5 padding and DER-encoded ECDSA signatures, and an options object
 * (`{ key, padding }` / `{ key, dsaEncoding: 'der' }`) costs every verification a second pass through
 * Node's key preparation, about 15 µs of the 80 µs a P-256 signature takes.
 */
export function verifyWithPublicKey(key: PublicKey, data: Uint8Array, signature: Uint8Array): boolean {
  try {
    return verify('sha256', data, key.keyObject, signature);
  } catch {
    return false;
  }
}

/**
 * As `verifyWithPublicKey` over the concatenation of `parts`, hashed part by part: a DSSE PAE of a large
 * payload is verified without ever being assembled.
 */
export function verifyPartsWithPublicKey(
  key: PublicKey,
  parts: readonly Uint8Array[],
  signature: Uint8Array,
): boolean {
  try {
    const verifier = createVerify('sha256');
    for (const part of parts) verifier.update(part);
    return verifier.verify(key.keyObject, signature);
  } catch {
    return false;
  }
}

function decodePublicKeyPem(text: string, options: PublicKeyParseOptions): readonly PemBlock[] {
  const decoded = decodePemBlocks(text);
  if (!decoded.ok) {
    throw new SigilError('KEY_INVALID', `not a PEM public key: ${decoded.problem}`, {
      input: options.input,
      field: options.field,
      hint: 'Pass the PEM text of a public key ("-----BEGIN PUBLIC KEY-----", e.g. cosign.pub).',
    });
  }
  return decoded.blocks;
}

function publicKeyFromPemBlock(block: PemBlock, options: PublicKeyParseOptions): PublicKey {
  if (block.label !== 'PUBLIC KEY' && block.label !== 'RSA PUBLIC KEY') {
    const isPrivate = block.label.includes('PRIVATE KEY');
    throw new SigilError(
      'KEY_INVALID',
      isPrivate
        ? `a private key ("${block.label}" PEM block) was given where a public key is expected`
        : `unsupported PEM block "${block.label}" where a public key is expected`,
      {
        input: options.input,
        field: options.field,
        hint: isPrivate
          ? 'Never pass a private key here; pass the public key file (cosign.pub).'
          : 'Pass a "PUBLIC KEY" (SubjectPublicKeyInfo) or "RSA PUBLIC KEY" PEM block.',
      },
    );
  }
  let keyObject: KeyObject;
  try {
    keyObject = createPublicKey({
      key: Buffer.from(block.der),
      format: 'der',
      type: block.label === 'PUBLIC KEY' ? 'spki' : 'pkcs1',
    });
  } catch (cause) {
    throw new SigilError('KEY_INVALID', `the "${block.label}" PEM block does not hold a valid public key`, {
      cause,
      input: options.input,
      field: options.field,
      hint: 'Check that the key file was copied completely (e.g. the output of cosign public-key).',
    });
  }
  return publicKeyFromKeyObject(keyObject, options);
}

function verificationAlgorithmOf(key: KeyObject, options: PublicKeyParseOptions): PublicKeyAlgorithm {
  const details = key.asymmetricKeyDetails ?? {};
  if (key.asymmetricKeyType === 'ec' && details.namedCurve === 'prime256v1') return 'ecdsa-p256-sha256';
  if (key.asymmetricKeyType === 'rsa' && (details.modulusLength ?? 0) >= MIN_RSA_BITS) {
    return 'rsa-pkcs1v15-sha256';
  }
  throw new SigilError('KEY_UNSUPPORTED', `unsupported public key: ${describeKey(key)}`, {
    input: options.input,
    field: options.field,
    hint:
      'sigil verifies ECDSA P-256 and RSA (2048 bits or more) keys with SHA-256, as podman and skopeo do; ' +
      'create keys with cosign generate-key-pair.',
  });
}

export function describeKey(key: KeyObject): string {
  const details = key.asymmetricKeyDetails ?? {};
  switch (key.asymmetricKeyType) {
    case 'ec':
      return `ECDSA key on curve ${details.namedCurve ?? 'unknown'}`;
    case 'rsa':
      return `RSA key of ${details.modulusLength ?? 'unknown'} bits`;
    case 'ed25519':
      return 'Ed25519 key';
    default:
      return `${key.asymmetricKeyType ?? 'unknown'} key`;
  }
}
