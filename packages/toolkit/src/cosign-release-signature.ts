import { SigilError } from '@sigil/core';
import { verifyBundle, type BundleVerdict } from '@sigil/transparency';
// Imported, not read from disk, so that ncc bundles the trusted root into dist/ with the code.
import publicGoodTrustedRoot from '../release-data/sigstore/public-good-trusted-root.json' with { type: 'json' };

/** Who signs cosign's release artifacts (keyless, in Google Cloud Build), as upstream's installer checks. */
export const COSIGN_RELEASE_IDENTITY = Object.freeze({
  subjectAlternativeName: 'keyless@projectsigstore.iam.gserviceaccount.com',
  issuer: 'https://accounts.google.com',
});

/** The Sigstore public-good trusted root shipped with sigil (release-data/sigstore/public-good-trusted-root.json). */
export const SIGSTORE_PUBLIC_GOOD_TRUSTED_ROOT: unknown = publicGoodTrustedRoot;

/**
 * Verifies a cosign release artifact's Sigstore bundle (`<asset>.sigstore.json`) over its bytes,
 * offline, against the shipped public-good trusted root, requiring cosign's release identity.
 */
export function verifyCosignReleaseBundle(
  artifact: Uint8Array,
  bundle: string,
  trustedRoot: unknown = SIGSTORE_PUBLIC_GOOD_TRUSTED_ROOT,
): BundleVerdict {
  return verifyBundle({ bundle, artifact, trustedRoot, identity: COSIGN_RELEASE_IDENTITY });
}

/** As `verifyCosignReleaseBundle`, failing with TOOL_SIGNATURE_INVALID and sigstore-js's reason. */
export function assertCosignReleaseSignature(
  artifact: Uint8Array,
  bundle: string,
  what: { readonly artifact: string; readonly bundleUrl: string },
): void {
  const verdict = verifyCosignReleaseBundle(artifact, bundle);
  if (verdict.ok) return;
  throw new SigilError(
    'TOOL_SIGNATURE_INVALID',
    `the Sigstore bundle ${what.bundleUrl} does not verify ${what.artifact} as signed by ` +
      `${COSIGN_RELEASE_IDENTITY.subjectAlternativeName} (${COSIGN_RELEASE_IDENTITY.issuer}): ` +
      `${verdict.reason}: ${verdict.message}`,
    {
      input: 'verify',
      hint:
        'The binary or its bundle is not the one cosign released: check `download-url` (a mirror must serve ' +
        'both files unchanged).',
    },
  );
}
