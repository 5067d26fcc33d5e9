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

/**
 * Why one `.att` layer does not count as an attestation of the required predicate type for the image.
 * Checked in this order, so the reason is the first check that failed:
 * - `ENVELOPE_INVALID`: not a DSSE envelope layer (media type), or the envelope does not parse strictly.
 * - `SIGNATURE_ENCODING`: no signature is strict base64 of a signature any candidate key could verify
 *   (P1363 `r‖s` is called out).
 * - `KEY_REVOKED`: a signature verifies over the PAE with a revoked key (even if it is also trusted).
 * - `ATTESTATION_UNTRUSTED`: no signature verifies over the PAE with a trusted key — signed by someone
 *   else, or the envelope (payload or payload type) was edited after signing.
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
  | 'PAYLOAD_TYPE_INVALID'
  | 'STATEMENT_INVALID'
  | 'SUBJECT_MISMATCH'
  | 'PREDICATE_TYPE_MISMATCH'
  | 'PREDICATE_INVALID';

export type PredicateValidation = { readonly ok: true } | { readonly ok: false; readonly message: string };

export interface AttestationLayerPolicy {
  /** The image digest: one subject must carry it. */
  readonly digest: string;
  /** The predicate type required; `validatePredicate` runs only for statements of this type. */
  readonly predicateType: string;
  readonly trustedKeys: readonly PublicKey[];
  readonly revokedKeys: readonly PublicKey[];
  readonly validatePredicate?: (predicate: unknown) => PredicateValidation;
}

/** One `.att` layer: its media type, the envelope blob as stored, its annotations. */
export interface AttestationLayer {
  readonly mediaType: string;
  readonly envelope: Uint8Array;
  readonly annotations: Readonly<Record<string, string>>;
}

export type AttestationLayerVerdict =
  | {
      readonly ok: true;
      readonly keyId: string;
      readonly statement: ParsedStatement;
      /** False when the statement is a valid attestation of another predicate type (not validated). */
      readonly ofRequiredType: boolean;
    }
  | {
      readonly ok: false;
      readonly reason: AttestationLayerFailureReason;
      readonly message: string;
      /** The key a signature verified with, once known (from `KEY_REVOKED` on). */
      readonly keyId?: string;
      /** The signed statement's predicate type, once known (from `SUBJECT_MISMATCH` on). */
      readonly statementPredicateType?: string;
    };

/**
 * Verifies one attestation layer. The DSSE signature is checked over the PAE of the exact payload bytes
 * first; nothing in the payload is read until a trusted key has vouched for it.
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
  if (signer.problem !== undefined) return signer.problem;
  const keyId = signer.keyId;
  if (envelope.payloadType !== IN_TOTO_PAYLOAD_TYPE) {
    return failure(
      'PAYLOAD_TYPE_INVALID',
      `the envelope's payload type is ${quoteForMessage(envelope.payloadType)}, not ${IN_TOTO_PAYLOAD_TYPE}`,
      keyId,
    );
  }
  const statementParse = parseInTotoStatement(envelope.payload);
  if (!statementParse.ok) {
    return failure('STATEMENT_INVALID', `signed statement rejected: ${statementParse.message}`, keyId);
  }
  const statement = statementParse.statement;
  const statementType = statement.predicateType;
  const [algorithm, hex] = policy.digest.split(':') as [string, string];
  if (!statement.subjects.some((subject) => subject.digest[algorithm] === hex)) {
    const named = statement.subjects.map((subject) => subject.digest[algorithm] ?? '(none)').join(', ');
    return failure(
      'SUBJECT_MISMATCH',
      `no subject of the statement has ${algorithm} ${hex} (the image digest); subjects have ${named}`,
      keyId,
      statementType,
    );
  }
  const label = layer.annotations[PREDICATE_TYPE_ANNOTATION];
  if (label !== statementType) {
    return failure(
      'PREDICATE_TYPE_MISMATCH',
      `the layer's predicateType annotation is ${label === undefined ? 'missing' : quoteForMessage(label)} but the signed statement's predicateType is ${quoteForMessage(statementType)} (relabelled)`,
      keyId,
      statementType,
    );
  }
  if (statementType !== policy.predicateType) return { ok: true, keyId, statement, ofRequiredType: false };
  const validation = policy.validatePredicate?.(statement.predicate) ?? { ok: true };
  if (!validation.ok) {
    return failure(
      'PREDICATE_INVALID',
      `the predicate is not valid: ${validation.message}`,
      keyId,
      statementType,
    );
  }
  return { ok: true, keyId, statement, ofRequiredType: true };
}

type SignerSearch =
  | { readonly problem: undefined; readonly keyId: string }
  | { readonly problem: AttestationLayerVerdict & { ok: false }; readonly keyId?: undefined };

/** Revoked keys first: a signature by one disqualifies the layer even if another signature is trusted. */
function findSigner(envelope: DsseEnvelope, policy: AttestationLayerPolicy): SignerSearch {
  const parts = [preAuthEncodingHeader(envelope.payloadType, envelope.payload.length), envelope.payload];
  const candidates = [...policy.revokedKeys, ...policy.trustedKeys];
  const usable: { signature: Uint8Array; encoding: EcdsaSignatureEncoding }[] = [];
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
    usable.push({ signature, encoding });
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
        problem: failure(
          'KEY_REVOKED',
          `the attestation was signed with revoked key ${revoked.id}`,
          revoked.id,
        ),
      };
    }
  }
  for (const { signature, encoding } of usable) {
    const trusted = findVerifyingKey(policy.trustedKeys, parts, signature, encoding);
    if (trusted !== undefined) return { problem: undefined, keyId: trusted.id };
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
  keyId?: string,
  statementPredicateType?: string,
): AttestationLayerVerdict & { ok: false } {
  return {
    ok: false,
    reason,
    message,
    ...(keyId === undefined ? {} : { keyId }),
    ...(statementPredicateType === undefined ? {} : { statementPredicateType }),
  };
}
