import { decodeBase64Strict } from '@sigil/core';
import { PREDICATE_TYPE_ANNOTATION } from './attestation-store.js';
import {
  DSSE_ENVELOPE_MEDIA_TYPE,
  parseDsseEnvelope,
  preAuthEncodingHeader,
  type DsseEnvelope,
} from './dsse.js';
import { IN_TOTO_PAYLOAD_TYPE } from './in-toto-statement.js';
import type { PublicKey } from '@sigil/keys';
import { encodingProblem, findVerifyingKey, keyAcceptsEncoding } from '@sigil/keys';
import { classifyEcdsaSignature, type EcdsaSignatureEncoding } from '@sigil/keys';
import { parseInTotoStatement, type ParsedStatement } from './statement-parser.js';
import { quoteForMessage } from '@sigil/core';
import {
  CERTIFICATE_ANNOTATION,
  CHAIN_ANNOTATION,
  REKOR_BUNDLE_ANNOTATION,
  type LayerOutcome,
  type SignaturePolicy,
} from '@sigil/signatures';
import type { LegacyKeylessAttestation } from '@sigil/transparency';

/**
 * Why one `.att` layer does not count as an attestation of the required predicate type for the image.
 * Checked in this order, so the reason is the first check that failed:
 * - `ENVELOPE_INVALID`: not a DSSE envelope layer (media type), or the envelope does not parse strictly.
 * - `SIGNATURE_ENCODING`: no signature is strict base64 of a signature any candidate key could verify
 *   (P1363 `r‖s` is called out).
 * - `KEY_REVOKED`: a signature verifies over the PAE with a revoked key (even if it is also trusted).
 * - `ATTESTATION_UNTRUSTED`: no signature verifies over the PAE with a trusted key — signed by someone
 *   else, or the envelope (payload or payload type) was edited after signing.
 * - `KEYLESS_NOT_CONFIGURED`: no trusted key verifies the layer, it is signed with a certificate (keyless:
 *   `dev.sigstore.cosign/certificate`), and no keyless verifier was given to say whose certificates to trust.
 * - a `KeylessAttestationFailureReason`: the keyless verifier refused the layer's certificate, log entry or
 *   signer (`ATTESTATION_UNTRUSTED` when the signature does not verify with the certificate's key).
 * - `PAYLOAD_TYPE_INVALID`: a trusted key signed a payload type other than `application/vnd.in-toto+json`.
 * - `STATEMENT_INVALID`: the signed payload is not an in-toto Statement v0.1/v1 (see `parseInTotoStatement`).
 * - `SUBJECT_MISMATCH`: no subject's digest equals the image digest (an attestation of another image).
 * - `PREDICATE_TYPE_MISMATCH`: the layer's `predicateType` annotation and the signed statement's
 *   `predicateType` differ (either one relabelled).
 * - `PREDICATE_INVALID`: the predicate fails the caller's `validatePredicate`.
 */
export type AttestationLayerFailureReason =
  | 'ENVELOPE_INVALID'
  | 'SIGNATURE_ENCODING'
  | 'KEY_REVOKED'
  | 'ATTESTATION_UNTRUSTED'
  | 'KEYLESS_NOT_CONFIGURED'
  | KeylessAttestationFailureReason
  | 'PAYLOAD_TYPE_INVALID'
  | 'STATEMENT_INVALID'
  | 'SUBJECT_MISMATCH'
  | 'PREDICATE_TYPE_MISMATCH'
  | 'PREDICATE_INVALID';

/** A keyless signer, as its verified certificate names it (as for `.sig` layers). */
export type KeylessIdentity = NonNullable<LayerOutcome['identity']>;

type KeylessSignatureFailureReason = Extract<
  ReturnType<NonNullable<SignaturePolicy['keyless']>>,
  { ok: false }
>['reason'];

/**
 * Why a keyless verifier refuses an `.att` layer signed with a certificate: the reasons of a keyless `.sig` layer
 * (`CERTIFICATE_UNTRUSTED`, `CERTIFICATE_EXPIRED`, `SCT_MISSING`, `TLOG_INVALID`, `TLOG_MISSING`, the signer
 * policy's), with `ATTESTATION_UNTRUSTED` for a signature that does not verify with the certificate's key.
 */
type KeylessAttestationFailureReason =
  Exclude<KeylessSignatureFailureReason, 'SIGNATURE_UNTRUSTED'> | 'ATTESTATION_UNTRUSTED';

/** What a keyless verifier is given of an `.att` layer: its envelope and the annotations cosign writes. */
export type KeylessAttestationLayer = LegacyKeylessAttestation;

export type KeylessAttestationVerdict =
  | { readonly ok: true; readonly identity: KeylessIdentity }
  | {
      readonly ok: false;
      readonly reason: KeylessAttestationFailureReason;
      readonly message: string;
      readonly identity?: KeylessIdentity;
    };

/**
 * Verifies a keyless `.att` layer's certificate, log entry and signature and judges its signer (the gate's, from
 * `trusted-root` and the certificate identities); the statement (payload type, subject, predicate) is checked
 * after it, as for a trusted key.
 */
export type KeylessAttestationVerifier = (layer: KeylessAttestationLayer) => KeylessAttestationVerdict;

/**
 * Who vouched for a layer: a trusted (or revoked) key, or a keyless certificate. `logged`: a trusted key's layer
 * whose Rekor bundle verified (`policy.keyLog`).
 */
type SignedBy =
  | { readonly keyId: string; readonly identity?: undefined; readonly logged?: true }
  | { readonly keyId?: undefined; readonly identity: KeylessIdentity; readonly logged?: undefined };

/** What a key-based layer's log verifier is given: the envelope, cosign's Rekor bundle, the key that verified. */
interface KeyLoggedAttestationLayer {
  readonly envelope: KeylessAttestationLayer['envelope'];
  readonly rekorBundle: string;
  readonly key: PublicKey;
}

/** Verifies a key-based layer's Rekor bundle (the gate's, against `trusted-root`). */
export type KeyLogVerifier = (
  layer: KeyLoggedAttestationLayer,
) => { readonly ok: true } | { readonly ok: false; readonly message: string };

export type PredicateValidation = { readonly ok: true } | { readonly ok: false; readonly message: string };

export interface AttestationLayerPolicy {
  /** The image digest: one subject must carry it. */
  readonly digest: string;
  /** The predicate type required; `validatePredicate` runs only for statements of this type. */
  readonly predicateType: string;
  readonly trustedKeys: readonly PublicKey[];
  readonly revokedKeys: readonly PublicKey[];
  readonly validatePredicate?: (predicate: unknown) => PredicateValidation;
  /**
   * Verifies layers signed with a certificate (keyless) that no trusted key verifies, and judges their signer;
   * without it such a layer is `KEYLESS_NOT_CONFIGURED`.
   */
  readonly keyless?: KeylessAttestationVerifier;
  /**
   * Verifies the Rekor bundle of a layer a trusted key verified, when it carries one: one that does not verify is
   * `TLOG_INVALID`, one that does makes the layer `logged`. Without it a key-based layer's Rekor bundle is not read.
   */
  readonly keyLog?: KeyLogVerifier;
}

/** One `.att` layer: its media type, the envelope blob as stored, its annotations. */
export interface AttestationLayer {
  readonly mediaType: string;
  readonly envelope: Uint8Array;
  readonly annotations: Readonly<Record<string, string>>;
}

export type AttestationLayerVerdict =
  | ({
      readonly ok: true;
      readonly statement: ParsedStatement;
      /** False when the statement is a valid attestation of another predicate type (not validated). */
      readonly ofRequiredType: boolean;
    } & SignedBy)
  | {
      readonly ok: false;
      readonly reason: AttestationLayerFailureReason;
      readonly message: string;
      /** The key a signature verified with, once known (from `KEY_REVOKED` on). */
      readonly keyId?: string;
      /** The keyless signer, once its certificate verified (from the signer policy's reasons on). */
      readonly identity?: KeylessIdentity;
      /** The signed statement's predicate type, once known (from `SUBJECT_MISMATCH` on). */
      readonly statementPredicateType?: string;
    };

/**
 * Verifies one attestation layer. The DSSE signature is checked over the PAE of the exact payload bytes
 * first; nothing in the payload is read until a trusted key, or for a keyless layer (one with a certificate)
 * `policy.keyless`, has vouched for it. A layer a trusted key verifies is judged by that key, certificate or not.
 */
export function verifyAttestationLayer(
  layer: AttestationLayer,
  policy: AttestationLayerPolicy,
): AttestationLayerVerdict {
  if (layer.mediaType !== DSSE_ENVELOPE_MEDIA_TYPE) {
    return failure(
      'ENVELOPE_INVALID',
      `layer media type is ${quoteForMessage(layer.mediaType)}, not ${DSSE_ENVELOPE_MEDIA_TYPE}`,
    );
  }
  const parsed = parseDsseEnvelope(layer.envelope);
  if (!parsed.ok) return failure('ENVELOPE_INVALID', parsed.message);
  const envelope = parsed.envelope;
  const signer = findSigner(envelope, policy);
  const certificate = layer.annotations[CERTIFICATE_ANNOTATION];
  let signedBy: SignedBy;
  if (signer.problem === undefined) {
    const logged = checkKeyLog(layer, envelope, signer, policy);
    if (logged !== undefined && !logged.ok) return logged;
    signedBy = { keyId: signer.key.id, ...(logged === undefined ? {} : { logged: true as const }) };
  } else if (signer.problem.reason === 'ATTESTATION_UNTRUSTED' && certificate !== undefined) {
    const keyless = verifyKeylessLayer(layer, envelope, certificate, policy);
    if (!keyless.ok) return keyless;
    signedBy = { identity: keyless.identity };
  } else return signer.problem;
  if (envelope.payloadType !== IN_TOTO_PAYLOAD_TYPE) {
    return failure(
      'PAYLOAD_TYPE_INVALID',
      `the envelope's payload type is ${quoteForMessage(envelope.payloadType)}, not ${IN_TOTO_PAYLOAD_TYPE}`,
      signedBy,
    );
  }
  const statementParse = parseInTotoStatement(envelope.payload);
  if (!statementParse.ok) {
    return failure('STATEMENT_INVALID', `signed statement rejected: ${statementParse.message}`, signedBy);
  }
  const statement = statementParse.statement;
  const statementType = statement.predicateType;
  const [algorithm, hex] = policy.digest.split(':') as [string, string];
  if (!statement.subjects.some((subject) => subject.digest[algorithm] === hex)) {
    const named = statement.subjects.map((subject) => subject.digest[algorithm] ?? '(none)').join(', ');
    return failure(
      'SUBJECT_MISMATCH',
      `no subject of the statement has ${algorithm} ${hex} (the image digest); subjects have ${named}`,
      signedBy,
      statementType,
    );
  }
  const label = layer.annotations[PREDICATE_TYPE_ANNOTATION];
  if (label !== statementType) {
    return failure(
      'PREDICATE_TYPE_MISMATCH',
      `the layer's predicateType annotation is ${label === undefined ? 'missing' : quoteForMessage(label)} but the signed statement's predicateType is ${quoteForMessage(statementType)} (relabelled)`,
      signedBy,
      statementType,
    );
  }
  if (statementType !== policy.predicateType)
    return { ok: true, ...signedBy, statement, ofRequiredType: false };
  const validation = policy.validatePredicate?.(statement.predicate) ?? { ok: true };
  if (!validation.ok) {
    return failure(
      'PREDICATE_INVALID',
      `the predicate is not valid: ${validation.message}`,
      signedBy,
      statementType,
    );
  }
  return { ok: true, ...signedBy, statement, ofRequiredType: true };
}

/**
 * A layer signed with a certificate that no trusted key verifies: `policy.keyless` decides (certificate, Rekor
 * entry, signature over the PAE, signer). The envelope must hold the one signature cosign writes.
 */
function verifyKeylessLayer(
  layer: AttestationLayer,
  envelope: DsseEnvelope,
  certificate: string,
  policy: AttestationLayerPolicy,
): { readonly ok: true; readonly identity: KeylessIdentity } | (AttestationLayerVerdict & { ok: false }) {
  if (policy.keyless === undefined) {
    return failure(
      'KEYLESS_NOT_CONFIGURED',
      `the attestation is signed with a certificate (keyless) and verifies with none of the ${policy.trustedKeys.length} trusted key(s); no keyless signer is trusted`,
    );
  }
  const [signature, ...more] = envelope.signatures;
  if (signature === undefined || more.length > 0) {
    return failure(
      'ATTESTATION_UNTRUSTED',
      `the keyless attestation's envelope holds ${envelope.signatures.length} signatures, not the one its certificate signed`,
    );
  }
  const chain = layer.annotations[CHAIN_ANNOTATION];
  const rekorBundle = layer.annotations[REKOR_BUNDLE_ANNOTATION];
  const verdict = policy.keyless({
    envelope: { payloadType: envelope.payloadType, payload: envelope.payload, signature: signature.sig },
    certificate,
    ...(chain === undefined ? {} : { chain }),
    ...(rekorBundle === undefined ? {} : { rekorBundle }),
  });
  if (verdict.ok) return verdict;
  return failure(
    verdict.reason,
    verdict.message,
    verdict.identity === undefined ? undefined : { identity: verdict.identity },
  );
}

type SignerSearch =
  | { readonly problem: undefined; readonly key: PublicKey; readonly sig: string }
  | { readonly problem: AttestationLayerVerdict & { ok: false }; readonly key?: undefined };

/**
 * The Rekor bundle of a layer a trusted key verified, through `policy.keyLog`: undefined when there is none to
 * check (no verifier, or no bundle annotation), else whether it verified.
 */
function checkKeyLog(
  layer: AttestationLayer,
  envelope: DsseEnvelope,
  signer: { readonly key: PublicKey; readonly sig: string },
  policy: AttestationLayerPolicy,
): { readonly ok: true } | (AttestationLayerVerdict & { ok: false }) | undefined {
  const rekorBundle = layer.annotations[REKOR_BUNDLE_ANNOTATION];
  if (policy.keyLog === undefined || rekorBundle === undefined) return undefined;
  const verdict = policy.keyLog({
    envelope: { payloadType: envelope.payloadType, payload: envelope.payload, signature: signer.sig },
    rekorBundle,
    key: signer.key,
  });
  if (verdict.ok) return verdict;
  return failure(
    'TLOG_INVALID',
    `the layer's Rekor bundle does not verify against trusted-root: ${verdict.message}`,
    { keyId: signer.key.id },
  );
}

/** Revoked keys first: a signature by one disqualifies the layer even if another signature is trusted. */
function findSigner(envelope: DsseEnvelope, policy: AttestationLayerPolicy): SignerSearch {
  const parts = [preAuthEncodingHeader(envelope.payloadType, envelope.payload.length), envelope.payload];
  const candidates = [...policy.revokedKeys, ...policy.trustedKeys];
  const usable: { signature: Uint8Array; encoding: EcdsaSignatureEncoding; sig: string }[] = [];
  let encodingMessage: string | undefined;
  for (const [index, entry] of envelope.signatures.entries()) {
    const signature = decodeBase64Strict(entry.sig);
    if (signature === undefined || signature.length === 0) {
      encodingMessage ??= `DSSE signature ${index} is not standard padded base64`;
      continue;
    }
    const encoding = classifyEcdsaSignature(signature);
    if (encoding !== 'der' && !candidates.some((key) => keyAcceptsEncoding(key, signature, encoding))) {
      encodingMessage ??= `DSSE signature ${index}: ${encodingProblem(encoding, signature)}`;
      continue;
    }
    usable.push({ signature, encoding, sig: entry.sig });
  }
  if (usable.length === 0) {
    return {
      problem: failure('SIGNATURE_ENCODING', encodingMessage ?? 'the envelope has no usable signature'),
    };
  }
  for (const { signature, encoding } of usable) {
    const revoked = findVerifyingKey(policy.revokedKeys, parts, signature, encoding);
    if (revoked !== undefined) {
      return {
        problem: failure('KEY_REVOKED', `the attestation was signed with revoked key ${revoked.id}`, {
          keyId: revoked.id,
        }),
      };
    }
  }
  for (const { signature, encoding, sig } of usable) {
    const trusted = findVerifyingKey(policy.trustedKeys, parts, signature, encoding);
    if (trusted !== undefined) return { problem: undefined, key: trusted, sig };
  }
  const edited =
    envelope.payloadType === IN_TOTO_PAYLOAD_TYPE
      ? ''
      : ` (its payload type is ${quoteForMessage(envelope.payloadType)}, not ${IN_TOTO_PAYLOAD_TYPE})`;
  return {
    problem: failure(
      'ATTESTATION_UNTRUSTED',
      `the DSSE signature does not verify with any of the ${policy.trustedKeys.length} trusted key(s)${edited}`,
    ),
  };
}

function failure(
  reason: AttestationLayerFailureReason,
  message: string,
  signer?: Partial<SignedBy>,
  statementPredicateType?: string,
): AttestationLayerVerdict & { ok: false } {
  return {
    ok: false,
    reason,
    message,
    ...(signer?.keyId === undefined ? {} : { keyId: signer.keyId }),
    ...(signer?.identity === undefined ? {} : { identity: signer.identity }),
    ...(statementPredicateType === undefined ? {} : { statementPredicateType }),
  };
}
