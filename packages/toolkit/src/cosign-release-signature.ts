import { assertReleaseSignature } from './release-signature.js';

/** Who signs cosign's release artifacts (keyless, in Google Cloud Build), as upstream's installer checks. */
export const COSIGN_RELEASE_IDENTITY = Object.freeze({
  subjectAlternativeName: 'keyless@projectsigstore.iam.gserviceaccount.com',
  issuer: 'https://accounts.google.com',
});

/**
 * Verifies a cosign release artifact's Sigstore bundle (`<asset>.sigstore.json`) over its bytes, offline,
 * against the shipped public-good trusted root, requiring cosign's release identity; fails with
 * TOOL_SIGNATURE_INVALID and sigstore-js's reason.
 */
export function assertCosignReleaseSignature(
  artifact: Uint8Array,
  bundle: string,
  what: { readonly artifact: string; readonly bundleUrl: string },
): void {
  assertReleaseSignature(artifact, bundle, {
    identity: COSIGN_RELEASE_IDENTITY,
    ...what,
    hint:
      'The binary or its bundle is not the one cosign released: check `download-url` (a mirror must serve ' +
      'both files unchanged).',
  });
}
