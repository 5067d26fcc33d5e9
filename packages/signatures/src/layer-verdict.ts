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
 * - `KEYLESS_NOT_CONFIGURED`: no trusted key verifies the layer, it is signed with a certificate (keyless:
 *   `dev.sigstore.cosign/certificate`), and no keyless verifier was given to say whose certificates to trust.
 * - a `KeylessLayerFailureReason`: the keyless verifier refused the layer's certificate or log entry.
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
  | 'TLOG_MISSING'
  | 'KEYLESS_NOT_CONFIGURED'
  | KeylessLayerFailureReason;

/**
 * Why a keyless verifier (the gate's, which holds the trusted root and the identities) refuses a layer signed
 * with a certificate, checked before anything in the payload is read:
 * - `CERTIFICATE_UNTRUSTED`: the certificate does not chain to a trusted certificate authority (or cannot be read);
 *   `CERTIFICATE_EXPIRED`: the time the log vouches for is outside its validity; `SCT_MISSING`: no SCT of a
 *   trusted CT log;
 * - `TLOG_INVALID`: the layer's Rekor bundle does not verify (an unknown log, a SET that does not verify, an
 *   entry about other content or another key); `TLOG_MISSING`: it carries none, so no time vouches for the
 *   short-lived certificate;
 * - `SIGNATURE_UNTRUSTED`: the signature does not verify with the certificate's key;
 * - `CERTIFICATE_IDENTITY_MISMATCH`, `CERTIFICATE_ISSUER_MISMATCH`, `SIGNER_MISMATCH`, `SOURCE_MISMATCH`,
 *   `RUNNER_NOT_ALLOWED`: a verified certificate, for a signer the policy does not accept.
 */
export type KeylessLayerFailureReason =
  | 'CERTIFICATE_UNTRUSTED'
  | 'CERTIFICATE_EXPIRED'
  | 'SCT_MISSING'
  | 'TLOG_INVALID'
  | 'TLOG_MISSING'
  | 'SIGNATURE_UNTRUSTED'
  | 'CERTIFICATE_IDENTITY_MISMATCH'
  | 'CERTIFICATE_ISSUER_MISMATCH'
  | 'SIGNER_MISMATCH'
  | 'SOURCE_MISMATCH'
  | 'RUNNER_NOT_ALLOWED';

/** A keyless signer, as its verified certificate names it. */
export interface KeylessIdentity {
  readonly subjectAlternativeName?: string;
  readonly issuer?: string;
}

/** Who vouched for a layer: a trusted key (`keyId`), or a keyless certificate (`identity`). */
export type SignedBy =
  | { readonly keyId: string; readonly identity?: undefined }
  | { readonly keyId?: undefined; readonly identity: KeylessIdentity };

type LayerSuccess = {
  readonly ok: true;
  readonly payload: SimpleSigningPayload;
} & SignedBy;

export interface LayerFailure {
  readonly ok: false;
  readonly reason: LayerFailureReason;
  readonly message: string;
  /** The key the signature verified with, once known (from `KEY_REVOKED` on). */
  readonly keyId?: string;
  /** The keyless signer, once its certificate verified (from the signer policy's reasons on). */
  readonly identity?: KeylessIdentity;
}

export type LayerVerdict = LayerSuccess | LayerFailure;
