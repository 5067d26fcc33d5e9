import { createHash, createPublicKey, X509Certificate, type KeyObject } from 'node:crypto';
import { decodeBase64Strict } from '@sigil/core';
import { decodePemBlocks } from '@sigil/keys';
import { publicKeyFromKeyObject, verifyWithPublicKey, type PublicKey } from '@sigil/keys';
import { parseStrictJson, parseStrictJsonBytes, type JsonObject, type JsonValue } from '@sigil/core';

/**
 * - `BUNDLE_INVALID`: the annotation or its entry body is not the JSON cosign writes.
 * - `REKOR_KEY_UNKNOWN`: no trusted Rekor key has the bundle's log ID.
 * - `SET_INVALID`: the SignedEntryTimestamp does not verify with that Rekor key.
 * - `ENTRY_MISMATCH`: the logged entry is about another payload, signature or key than this layer's.
 */
type RekorSetFailureReason = 'BUNDLE_INVALID' | 'REKOR_KEY_UNKNOWN' | 'SET_INVALID' | 'ENTRY_MISMATCH';

export type RekorSetVerdict =
  | { readonly ok: true; readonly logId: string; readonly logIndex: number; readonly integratedTime: number }
  | { readonly ok: false; readonly reason: RekorSetFailureReason; readonly message: string };

export interface RekorSetCheck {
  /** The `dev.sigstore.cosign/bundle` annotation value. */
  readonly bundle: string;
  /** Trusted Rekor public keys; the bundle's `logID` selects one by `PublicKey.id`. */
  readonly rekorKeys: readonly PublicKey[];
  /** The layer blob. */
  readonly payload: Uint8Array;
  /** The layer's `dev.cosignproject.cosign/signature` value. */
  readonly signature: string;
  /** The key that verified the layer (for keyless signatures, the leaf certificate's key). */
  readonly signerKey: PublicKey;
}

/** cosign's Rekor bundle annotation, read strictly. */
export interface CosignRekorBundle {
  readonly signedEntryTimestamp: Uint8Array;
  readonly body: string;
  readonly integratedTime: number;
  readonly logIndex: number;
  readonly logId: string;
}

class RekorSetError extends Error {
  constructor(
    readonly reason: RekorSetFailureReason,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Verifies a cosign Rekor bundle the way cosign's `VerifySET` does: the SignedEntryTimestamp is a Rekor
 * signature over the RFC 8785 canonical JSON of `Payload`, and the logged `hashedrekord` entry must name
 * this layer's payload hash, signature and key.
 *
 * The gate checks `.sig` layers' Rekor bundles with it against `trusted-root` (through the `./rekor-set`
 * subpath, which loads no sigstore-js).
 */
export function verifyRekorBundle(check: RekorSetCheck): RekorSetVerdict {
  try {
    const bundle = readBundle(check.bundle);
    const rekorKey = check.rekorKeys.find((key) => key.id === bundle.logId);
    if (rekorKey === undefined) {
      throw new RekorSetError('REKOR_KEY_UNKNOWN', `no trusted Rekor key has the log ID ${bundle.logId}`);
    }
    if (!verifyWithPublicKey(rekorKey, canonicalPayload(bundle), bundle.signedEntryTimestamp)) {
      throw new RekorSetError(
        'SET_INVALID',
        `the SignedEntryTimestamp does not verify with Rekor key ${rekorKey.id}`,
      );
    }
    checkEntry(bundle.body, check);
    return {
      ok: true,
      logId: bundle.logId,
      logIndex: bundle.logIndex,
      integratedTime: bundle.integratedTime,
    };
  } catch (error) {
    if (error instanceof RekorSetError) return { ok: false, reason: error.reason, message: error.message };
    throw error;
  }
}

/** RFC 8785: keys sorted, no whitespace; strings as JSON.stringify writes them, integers in decimal. */
function canonicalPayload(bundle: CosignRekorBundle): Uint8Array {
  const text =
    `{"body":${JSON.stringify(bundle.body)},"integratedTime":${bundle.integratedTime},` +
    `"logID":${JSON.stringify(bundle.logId)},"logIndex":${bundle.logIndex}}`;
  return new TextEncoder().encode(text);
}

/**
 * `{"SignedEntryTimestamp":b64,"Payload":{"body":b64,"integratedTime","logIndex","logID":hex}}` as cosign's
 * `bundle.RekorBundle` marshals it, read strictly (nothing in it verified), or what is wrong with it.
 */
export function readCosignRekorBundle(
  text: string,
):
  | { readonly ok: true; readonly bundle: CosignRekorBundle }
  | { readonly ok: false; readonly message: string } {
  try {
    return { ok: true, bundle: readBundle(text) };
  } catch (error) {
    if (error instanceof RekorSetError) return { ok: false, message: error.message };
    throw error;
  }
}

function readBundle(text: string): CosignRekorBundle {
  const parsed = parseStrictJson(text);
  if (!parsed.ok) invalid(`the Rekor bundle is not valid JSON: ${parsed.message}`);
  const top = object(parsed.value, 'the Rekor bundle');
  const payload = object(top.get('Payload'), 'Payload');
  const signedEntryTimestamp = decodeBase64Strict(
    string(top.get('SignedEntryTimestamp'), 'SignedEntryTimestamp'),
  );
  if (signedEntryTimestamp === undefined) invalid('SignedEntryTimestamp is not base64');
  const logId = string(payload.get('logID'), 'Payload.logID');
  if (!/^[0-9a-f]{64}$/.test(logId)) invalid('Payload.logID is not a hex SHA-256');
  return {
    signedEntryTimestamp,
    body: string(payload.get('body'), 'Payload.body'),
    integratedTime: integer(payload.get('integratedTime'), 'Payload.integratedTime'),
    logIndex: integer(payload.get('logIndex'), 'Payload.logIndex'),
    logId,
  };
}

function checkEntry(body: string, check: RekorSetCheck): void {
  const bytes = decodeBase64Strict(body);
  const parsed = bytes === undefined ? undefined : parseStrictJsonBytes(bytes);
  if (parsed === undefined || !parsed.ok) invalid('Payload.body is not base64 of a JSON Rekor entry');
  const entry = object(parsed.value, 'the Rekor entry');
  if (entry.get('kind') !== 'hashedrekord' || entry.get('apiVersion') !== '0.0.1') {
    invalid('the Rekor entry is not a hashedrekord 0.0.1 entry');
  }
  const spec = object(entry.get('spec'), 'spec');
  const hash = object(object(spec.get('data'), 'spec.data').get('hash'), 'spec.data.hash');
  const signature = object(spec.get('signature'), 'spec.signature');
  const publicKey = object(signature.get('publicKey'), 'spec.signature.publicKey');

  const payloadHash = createHash('sha256').update(check.payload).digest('hex');
  if (hash.get('algorithm') !== 'sha256' || hash.get('value') !== payloadHash) {
    mismatch('the logged entry is for another payload (its hash is not the sha256 of this layer)');
  }
  const loggedSignature = decodeBase64Strict(string(signature.get('content'), 'spec.signature.content'));
  const layerSignature = decodeBase64Strict(check.signature);
  if (loggedSignature === undefined || layerSignature === undefined) invalid('a signature is not base64');
  if (!Buffer.from(loggedSignature).equals(layerSignature)) {
    mismatch('the logged signature is not the layer signature');
  }
  const loggedKey = keyOfLoggedPem(string(publicKey.get('content'), 'spec.signature.publicKey.content'));
  if (loggedKey.id !== check.signerKey.id) mismatch('the logged entry was signed by another key');
}

/** `publicKey.content` is base64 of a PEM: the public key, or the leaf certificate for keyless signing. */
function keyOfLoggedPem(content: string): PublicKey {
  const key = readLoggedKey(content);
  if (!key.ok) invalid(key.message);
  try {
    return publicKeyFromKeyObject(key.key);
  } catch {
    mismatch('the logged key is of an algorithm sigil does not verify');
  }
}

/**
 * A key a Rekor entry logs (hashedrekord's `publicKey.content`, dsse's `verifier`, intoto's `publicKey`): base64 of
 * one PEM block, the leaf certificate (keyless) or a public key.
 */
export function readLoggedKey(
  content: string,
): { readonly ok: true; readonly key: KeyObject } | { readonly ok: false; readonly message: string } {
  const pemBytes = decodeBase64Strict(content);
  const decoded = pemBytes === undefined ? undefined : decodePemBlocks(new TextDecoder().decode(pemBytes));
  const block = decoded?.ok === true && decoded.blocks.length === 1 ? decoded.blocks[0] : undefined;
  if (block === undefined) return { ok: false, message: 'the logged key is not base64 of one PEM block' };
  if (block.label !== 'CERTIFICATE' && block.label !== 'PUBLIC KEY')
    return { ok: false, message: `the logged key is a "${block.label}" PEM block` };
  try {
    return {
      ok: true,
      key:
        block.label === 'CERTIFICATE'
          ? new X509Certificate(block.der).publicKey
          : createPublicKey({ key: Buffer.from(block.der), format: 'der', type: 'spki' }),
    };
  } catch {
    return { ok: false, message: `the logged "${block.label}" cannot be parsed` };
  }
}

function object(value: JsonValue | undefined, what: string): JsonObject {
  if (!(value instanceof Map)) invalid(`${what} is not a JSON object`);
  return value;
}

function string(value: JsonValue | undefined, what: string): string {
  if (typeof value !== 'string') invalid(`${what} is not a string`);
  return value;
}

function integer(value: JsonValue | undefined, what: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0)
    invalid(`${what} is not an integer`);
  return value;
}

function invalid(message: string): never {
  throw new RekorSetError('BUNDLE_INVALID', message);
}

function mismatch(message: string): never {
  throw new RekorSetError('ENTRY_MISMATCH', message);
}
