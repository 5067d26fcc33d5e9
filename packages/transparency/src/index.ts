export {
  /** @public Kept for keyless verification; see rekor-set.ts. */
  verifyRekorBundle,
} from './rekor-set.js';
export {
  type BundleVerdict,
  LoadedTrustedRoot,
  TrustedRootError,
  verifyBundle,
  verifyBundleWithKey,
} from './bundle-verifier.js';
export {
  verifyLegacyKeyAttestationLog,
  verifyLegacyKeylessAttestation,
  verifyLegacyKeylessSignature,
  type LegacyKeylessAttestation,
  type LegacyKeylessSignature,
} from './legacy-keyless.js';
