import { SigilError, goJsonString } from '@sigil/core';
import { isSha256Digest } from '@sigil/oci';
import { COSIGN_SIGN_PREDICATE_TYPE } from './bundle-format.js';

const encoder = new TextEncoder();

/**
 * What cosign v3 signs for `cosign sign` in the bundle format: an in-toto Statement v1 whose one subject is
 * the image digest (no name) carrying the `-a key=value` annotations, with predicate type
 * `https://sigstore.dev/cosign/sign/v1` and an empty predicate.
 */
export function signatureStatement(
  digest: string,
  annotations: Readonly<Record<string, string>> = {},
): Uint8Array {
  if (!isSha256Digest(digest))
    throw new SigilError('INPUT_INVALID', `not a sha256 manifest digest: ${JSON.stringify(digest)}`, {
      field: 'image-reference',
    });
  const hex = digest.slice('sha256:'.length);
  const labels = Object.keys(annotations)
    .sort()
    .map((key) => `${goJsonString(key)}:${goJsonString(annotations[key] as string)}`)
    .join(',');
  return encoder.encode(
    `{"_type":"https://in-toto.io/Statement/v1","subject":[{"digest":{"sha256":"${hex}"},"annotations":{${labels}}}],` +
      `"predicateType":${goJsonString(COSIGN_SIGN_PREDICATE_TYPE)},"predicate":{}}`,
  );
}
