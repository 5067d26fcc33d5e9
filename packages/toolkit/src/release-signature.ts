import { SigilError } from '@sigil/core';
import { verifyBundle, type BundleVerdict } from '@sigil/transparency';
// Imported, not read from disk, so that ncc bundles the trusted root into dist/ with the code.
import publicGoodTrustedRoot from '../release-data/sigstore/public-good-trusted-root.json' with { type: 'json' };

/** Who signs a project's release artifacts, keyless: the certificate's subject, as vouched for by the issuer. */
export interface ReleaseIdentity {
  readonly subjectAlternativeName: string;
  readonly issuer: string;
}

/** The Sigstore public-good trusted root shipped with sigil (release-data/sigstore/public-good-trusted-root.json). */
export const SIGSTORE_PUBLIC_GOOD_TRUSTED_ROOT: unknown = publicGoodTrustedRoot;

/**
 * Verifies a release artifact's Sigstore bundle over its bytes, offline, against `trustedRoot` (a
 * trusted_root.json document or a `LoadedTrustedRoot`), requiring `identity` exactly.
 */
export function verifyReleaseBundle(
  artifact: Uint8Array,
  bundle: string,
  identity: ReleaseIdentity,
  trustedRoot: unknown = SIGSTORE_PUBLIC_GOOD_TRUSTED_ROOT,
): BundleVerdict {
  return verifyBundle({ bundle, artifact, trustedRoot, identity });
}

/** As `verifyReleaseBundle`, failing with TOOL_SIGNATURE_INVALID, sigstore-js's reason and the caller's hint. */
export function assertReleaseSignature(
  artifact: Uint8Array,
  bundle: string,
  release: {
    readonly identity: ReleaseIdentity;
    readonly trustedRoot?: unknown;
    /** What was signed, for the message: e.g. `cosign v3.1.3 (cosign-linux-amd64)`. */
    readonly artifact: string;
    readonly bundleUrl: string;
    readonly hint: string;
  },
): void {
  const verdict = verifyReleaseBundle(artifact, bundle, release.identity, release.trustedRoot);
  if (verdict.ok) return;
  const { subjectAlternativeName, issuer } = release.identity;
  throw new SigilError(
    'TOOL_SIGNATURE_INVALID',
    `the Sigstore bundle ${release.bundleUrl} does not verify ${release.artifact} as signed by ` +
      `${subjectAlternativeName} (${issuer}): ${verdict.reason}: ${verdict.message}`,
    { input: 'verify', hint: release.hint },
  );
}
