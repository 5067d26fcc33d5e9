import type { SimpleSigningPayload } from './payload-parser.js';

/**
 * Why one `.sig` layer does not count as a valid signature for the image. Checked in this order, so the
 * reason is the first check that failed.
 * - `MEDIA_TYPE`: the layer is not `application/vnd.dev.cosign.simplesigning.v1+json`.
 * - `SIGNATURE_MISSING`: no `dev.cosignproject.cosign/signature` annotation.
 * - `SIGNATURE_ENCODING`: the annotation is not strict base64 of a DER ECDSA (or RSA) signature;
 *   IEEE P1363 `r‖s` is called out, since cosign and podman reject it.
 * - `KEY_REVOKED`: the signature verifies with a revoked key (even if that key is also trusted).
 * - `SIGNATURE_UNTRUSTED`: the signature verifies with no trusted key.
 * - `PAYLOAD_INVALID`: the signed payload fails the strict (containers/image) parser.
 * - `CLAIM_DIGEST_MISMATCH`: the payload signs another manifest digest.
 * - `IDENTITY_MISMATCH`: the payload's docker-reference names another repository.
 * - `ANNOTATION_MISMATCH`: a required annotation is absent from, or different in, the payload.
 * - `TLOG_INVALID`: with trusted transparency logs, the layer's Rekor bundle (`dev.sigstore.cosign/bundle`)
 *   does not verify: an unknown log, a SignedEntryTimestamp that does not verify, an entry about other content.
 * - `TLOG_MISSING`: a transparency-log entry is required and the layer carries no Rekor bundle.
 */
export type LayerFailureReason =
  | 'MEDIA_TYPE'
  | 'SIGNATURE_MISSING'
  | 'SIGNATURE_ENCODING'
  | 'KEY_REVOKED'
  | 'SIGNATURE_UNTRUSTED'
  | 'PAYLOAD_INVALID'
  | 'CLAIM_DIGEST_MISMATCH'
  | 'IDENTITY_MISMATCH'
  | 'ANNOTATION_MISMATCH'
  | 'TLOG_INVALID'
  | 'TLOG_MISSING';

interface LayerSuccess {
  readonly ok: true;
  /** `PublicKey.id` of the trusted key that verified the signature. */
  readonly keyId: string;
  readonly payload: SimpleSigningPayload;
}

export interface LayerFailure {
  readonly ok: false;
  readonly reason: LayerFailureReason;
  readonly message: string;
  /** The key the signature verified with, once known (from `KEY_REVOKED` on). */
  readonly keyId?: string;
}

export type LayerVerdict = LayerSuccess | LayerFailure;
