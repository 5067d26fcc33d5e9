export {
  COSIGN_SIGN_PREDICATE_TYPE,
  SIGSTORE_BUNDLE_MEDIA_TYPES,
  isBundleLayerMediaType,
} from './bundle-format.js';
export { attestImageBundle, signImageBundles } from './sign-bundles.js';
export type { BundleLogger, BundleSigner } from './publish-bundle.js';
export {
  bundleBlobDigest,
  bundleLeafCertificate,
  entryLogIndex,
  envelopeSignedBy,
  holdsInTotoStatement,
  parseBundleReferrer,
  readBundleEnvelope,
  type BundleEnvelope,
} from './bundle-reading.js';
