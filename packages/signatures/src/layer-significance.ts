import type { PayloadProblem } from './layer-blob.js';
import type { LayerFailureReason } from './layer-verdict.js';

/**
 * When no layer of an image verifies, the image fails with the most significant layer failure, most
 * significant first:
 * 1. `CLAIM_DIGEST_MISMATCH`, `IDENTITY_MISMATCH`: a trusted key really signed this layer, but for another
 *    image or repository — the signature of a real image was copied or replayed. The strongest evidence of
 *    tampering there is, so it must not hide behind a benign reason.
 * 2. `PAYLOAD_DIGEST_MISMATCH`: the registry served payload bytes that do not match their digest — its
 *    storage was edited.
 * 3. `KEY_REVOKED`: someone signs with a key known to be compromised or retired.
 * 4. `TLOG_INVALID`: a trusted signer's layer whose Rekor bundle does not verify — forged or copied.
 * 5. `ANNOTATION_MISMATCH`: a trusted signer signed this image, but not with the required annotations
 *    (e.g. signed for another environment) — the policy, not the signature, is what failed;
 *    `TLOG_MISSING`: one that was never logged, where the policy requires it.
 * 5. `SIGNATURE_ENCODING`: a signer produced bytes no verifier accepts (P1363 from WebCrypto); it tells a
 *    user why their own signing step is not counted.
 * 6. `PAYLOAD_INVALID`: a trusted key signed a payload podman and skopeo would reject.
 * 7. `SIGNATURE_UNTRUSTED`: signed by someone else — common and benign (layers skopeo copied along, old keys).
 * 8. `PAYLOAD_MISSING`, `PAYLOAD_TOO_LARGE`: a layer whose payload cannot be had.
 * 9. `MEDIA_TYPE`, `SIGNATURE_MISSING`: not a cosign signature layer at all.
 */
export const SIGNATURE_SIGNIFICANCE: readonly (LayerFailureReason | PayloadProblem)[] = [
  'CLAIM_DIGEST_MISMATCH',
  'IDENTITY_MISMATCH',
  'PAYLOAD_DIGEST_MISMATCH',
  'KEY_REVOKED',
  'TLOG_INVALID',
  'ANNOTATION_MISMATCH',
  'TLOG_MISSING',
  'SIGNATURE_ENCODING',
  'PAYLOAD_INVALID',
  'SIGNATURE_UNTRUSTED',
  'PAYLOAD_MISSING',
  'PAYLOAD_TOO_LARGE',
  'MEDIA_TYPE',
  'SIGNATURE_MISSING',
];

/**
 * The item whose `reason` comes first in `order` (a reason not in it ranks last); ties go to the earliest
 * item. The one ranking mechanism for signature and attestation layers.
 */
export function mostSignificant<T extends { readonly reason?: string | undefined }>(
  items: readonly T[],
  order: readonly string[],
): T | undefined {
  const rank = (item: T): number => {
    const position = item.reason === undefined ? -1 : order.indexOf(item.reason);
    return position === -1 ? order.length : position;
  };
  let best: T | undefined;
  for (const item of items) {
    if (best === undefined || rank(item) < rank(best)) best = item;
  }
  return best;
}
