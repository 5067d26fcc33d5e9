import type { LayerFailure, LayerFailureReason, LayerSuccess, LayerVerdict } from './layer-verdict.js';

/**
 * When no layer of an image verifies, the image fails with the most significant layer failure, most
 * significant first:
 * 1. `CLAIM_DIGEST_MISMATCH`, `IDENTITY_MISMATCH`: a trusted key really signed this layer, but for another
 *    image or repository — the signature of a real image was copied or replayed. The strongest evidence of
 *    tampering there is, so it must not hide behind a benign reason.
 * 2. `KEY_REVOKED`: someone signs with a key known to be compromised or retired.
 * 3. `ANNOTATION_MISMATCH`: a trusted signer signed this image, but not with the required annotations
 *    (e.g. signed for another environment) — the policy, not the signature, is what failed.
 * 4. `SIGNATURE_ENCODING`: a signer produced bytes no verifier accepts (P1363 from WebCrypto); it tells a
 *    user why their own signing step is not counted.
 * 5. `PAYLOAD_INVALID`: a trusted key signed a payload podman and skopeo would reject.
 * 6. `SIGNATURE_UNTRUSTED`: signed by someone else — common and benign (layers skopeo copied along, old keys).
 * 7. `MEDIA_TYPE`, `SIGNATURE_MISSING`: not a cosign signature layer at all.
 * Ties go to the earliest layer.
 */
const SIGNIFICANCE: readonly LayerFailureReason[] = [
  'CLAIM_DIGEST_MISMATCH',
  'IDENTITY_MISMATCH',
  'KEY_REVOKED',
  'ANNOTATION_MISMATCH',
  'SIGNATURE_ENCODING',
  'PAYLOAD_INVALID',
  'SIGNATURE_UNTRUSTED',
  'MEDIA_TYPE',
  'SIGNATURE_MISSING',
];

export function mostSignificantFailure(failures: readonly LayerFailure[]): LayerFailure | undefined {
  let best: LayerFailure | undefined;
  for (const failure of failures) {
    if (best === undefined || SIGNIFICANCE.indexOf(failure.reason) < SIGNIFICANCE.indexOf(best.reason)) {
      best = failure;
    }
  }
  return best;
}

/**
 * The image-level outcome of its layer verdicts: verified when at least one layer verified (as cosign and
 * containers/image decide); the failures are kept either way so revoked-key signatures can be reported.
 * With no layers at all there is no failure to report: the caller says "no signature found".
 */
export type ImageSignatureOutcome =
  | {
      readonly ok: true;
      readonly accepted: readonly LayerSuccess[];
      readonly failures: readonly LayerFailure[];
    }
  | {
      readonly ok: false;
      readonly failure: LayerFailure | undefined;
      readonly failures: readonly LayerFailure[];
    };

export function summarizeLayerVerdicts(verdicts: readonly LayerVerdict[]): ImageSignatureOutcome {
  const accepted = verdicts.filter((verdict): verdict is LayerSuccess => verdict.ok);
  const failures = verdicts.filter((verdict): verdict is LayerFailure => !verdict.ok);
  if (accepted.length > 0) return { ok: true, accepted, failures };
  return { ok: false, failure: mostSignificantFailure(failures), failures };
}
