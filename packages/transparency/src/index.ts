export {
  /** @public Kept for keyless verification; see rekor-set.ts. */
  verifyRekorBundle,
} from './rekor-set.js';
export {
  type BundleVerdict,
  verifyBundle,
  /** @public Kept for the Sigstore bundle format; see bundle-verifier.ts. */
  verifyBundleWithKey,
} from './bundle-verifier.js';
