export { REKOR_BUNDLE_ANNOTATION, verifyRekorBundle } from './rekor-set.js';
export type { RekorSetCheck, RekorSetFailureReason, RekorSetVerdict } from './rekor-set.js';
export { type BundleVerdict, verifyBundle, verifyBundleWithKey } from './bundle-verifier.js';
