export {
  COSIGN_SIGN_PREDICATE_TYPE,
  PREDICATE_TYPE_ANNOTATION,
  SIGSTORE_BUNDLE_MEDIA_TYPES,
  isBundleLayerMediaType,
} from './bundle-format.js';
export { attestImageBundle, signImageBundles } from './sign-bundles.js';
