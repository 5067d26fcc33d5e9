import { isErrorCode } from '@sigil/core';
import type { GateFailure, GateReason } from './gate-verdict.js';

/** Nothing of a required kind is there: the fix is to attest it, or to require less. */
const ABSENT: readonly GateReason[] = ['NO_ATTESTATIONS', 'ATTESTATION_MISSING'];

export function isAbsence(reason: GateReason): boolean {
  return ABSENT.includes(reason);
}

/** Fixes that follow from the reason whatever the check: what went wrong decides what to do. */
const REASON_FIXES: Partial<Record<GateReason, string>> = {
  IMAGE_NOT_FOUND: 'Push the image, or correct its reference in `images`',
  CLAIM_DIGEST_MISMATCH:
    'A trusted signature made for another image was placed here: sign this image itself, and find out who copied the signature',
  IDENTITY_MISMATCH:
    'A trusted signature made in another repository was copied here: sign the image in this repository, and find out who copied it',
  SUBJECT_MISMATCH:
    'A trusted attestation of another image was placed here: attest this image itself, and find out who copied it',
  PAYLOAD_DIGEST_MISMATCH:
    "The registry served signature content that does not hash to its digest: its storage was altered; do not deploy until the registry's operator finds out why",
  KEY_REVOKED: 'Sign (or attest) again with a key in `public-keys` that is not in `revoked-keys`',
  ANNOTATION_MISMATCH:
    'Sign the images with the annotations `annotations` requires (sign-image `annotations`, `cosign sign -a`), or correct `annotations`',
  PAYLOAD_INVALID:
    'A trusted key signed a payload that strict verifiers (sigil, podman, skopeo) refuse: sign the image again with sign-image or a current cosign',
  SIGNATURE_ENCODING:
    'Sign with a tool that writes DER-encoded ECDSA signatures (sign-image, cosign); IEEE P1363 signatures verify nowhere',
  PAYLOAD_MISSING:
    "The registry no longer serves a signature's payload blob: sign the image again, and ask the registry's operator why it is gone",
  PAYLOAD_TOO_LARGE:
    'A signature layer is larger than any cosign signature: it was not written by cosign or sign-image; sign the image again',
  TAG_MOVED: 'Deploy by digest, and find out who moved the tag',
  SIGNATURE_ONLY_ATTESTATIONS:
    'Attestations are not signatures: sign the digest (sign-image, or `cosign sign --key`), or drop `signature` from `require`',
  REFERRER_SUBJECT_MISMATCH:
    "A Sigstore bundle made for another image is listed among this image's referrers: sign this image itself, and find out who listed it",
  KEYLESS_NOT_CONFIGURED:
    'Say whose keyless signatures to trust: `certificate-identity` (or `certificate-identity-regexp`) with `certificate-oidc-issuer`, or `signer-workflow` / `signer-repo`, and `trusted-root`; or sign with a key in `public-keys`',
  CERTIFICATE_IDENTITY_MISMATCH:
    'Another identity signed it: sign in the workflow `certificate-identity` names, or add this signer to `certificate-identity` if it is trusted (a `certificate-identity-regexp` must match the whole name)',
  CERTIFICATE_ISSUER_MISMATCH:
    'The certificate was issued for another OIDC issuer than `certificate-oidc-issuer`: a name is an identity only with its issuer; correct `certificate-oidc-issuer` or sign with the expected issuer',
  SIGNER_MISMATCH:
    'Another workflow signed it: sign in the workflow `signer-workflow` / `signer-repo` names, or correct those inputs',
  SOURCE_MISMATCH:
    'It was signed for another repository, ref or commit than `source-repo` / `source-ref` / `source-digest`: deploy what was built from them, or correct those inputs',
  RUNNER_NOT_ALLOWED:
    'It was signed on a self-hosted runner: sign on a GitHub-hosted runner, or set `deny-self-hosted-runners: false`',
  CERTIFICATE_UNTRUSTED:
    'The signing certificate does not chain to a certificate authority of `trusted-root`: give the trusted root of the Sigstore instance that signed it, or treat the signature as forged',
  CERTIFICATE_EXPIRED:
    "No verified time (log entry or timestamp) falls inside the signing certificate's validity: the signature was made after the short-lived certificate expired, or its time was forged; sign again",
  SCT_MISSING:
    'The signing certificate carries no SCT of a CT log in `trusted-root`: add the CT log to `trusted-root`, or sign with a Fulcio that logs its certificates',
  BUNDLE_INVALID: 'A Sigstore bundle referrer cannot be read: sign (or attest) the digest again',
  TLOG_INVALID:
    'A trusted key signed it, but its transparency-log entry does not verify against `trusted-root`: the entry was forged or copied, or `trusted-root` lacks the log (check its `tlogs`); do not deploy until you know which',
  TIMESTAMP_INVALID:
    'A trusted key signed it, but its RFC 3161 timestamp does not verify against `trusted-root`: add the timestamp authority to `trusted-root`, or find out who added the timestamp',
  TLOG_MISSING:
    'Sign (or attest) with a transparency-log upload (Sigstore bundle format, e.g. `cosign sign` with a signing config that names a Rekor), or set `require-tlog: false`',
  REFERENCE_INVALID: 'Fix the image references in `images`',
};

/**
 * What to do about a failed check, in the words of the inputs and actions a user would change: what went
 * wrong decides first, then which requirement failed. Undefined when the check could not be made (the
 * reason is the code of the error that prevented it): the registry inputs that fix that are the caller's.
 */
export function fixFor({ check, reason }: Pick<GateFailure, 'check' | 'reason'>): string | undefined {
  const byReason = REASON_FIXES[reason];
  if (byReason !== undefined) return byReason;
  if (isErrorCode(reason)) return undefined;
  switch (check) {
    case 'signature':
      return 'Sign the images with a key listed in `public-keys`';
    case 'reference':
      return 'Fix the image references in `images`';
  }
  if (reason === 'PROVENANCE_SOURCE_MISMATCH' || reason === 'PROVENANCE_BUILDER_MISMATCH') {
    return 'Deploy images built from the repository in `provenance-source` by a workflow under `provenance-builder`, or correct those inputs';
  }
  if (!isAbsence(reason)) {
    return 'Re-attest with a key in `public-keys`; an attestation that fails this way may have been tampered with (docs/reason-codes.md explains each reason)';
  }
  switch (check) {
    case 'sbom':
      return 'Attest an SBOM to each image with attest-sbom, or drop `sbom` from `require` (the default is `signature, sbom`; `require: signature` checks signatures only)';
    case 'provenance':
      return 'Attest SLSA v1 provenance to each image with attest-provenance, or drop `provenance` from `require`';
    default:
      return `Attest a ${check} predicate to each image with a key in \`public-keys\`, or remove it from \`require\``;
  }
}
