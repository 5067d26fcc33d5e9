export { reservedAnnotationKey } from './payload.js';
export {
  CERTIFICATE_ANNOTATION,
  CHAIN_ANNOTATION,
  MAX_SIGNATURE_LAYERS,
  REKOR_BUNDLE_ANNOTATION,
  SIGNATURE_ANNOTATION,
  cosignTag,
  parseSignatureManifest,
  signatureTag,
  type SignatureManifest,
} from './signature-image.js';
export { signatureRef, type PayloadFetch, type PayloadProblem } from './signature-store.js';
export {
  signEachImage,
  signImage,
  signImages,
  type ImageSigner,
  type PayloadSigner,
  type SignImageOutcome,
  type SignImagesOptions,
  type SignedDigest,
} from './sign.js';
export { mostSignificant } from './layer-significance.js';
export {
  KEYLESS_SIGNER_SIGNIFICANCE,
  verifyImageSignatures,
  type LayerOutcome,
  type SignatureFailureReason,
  type SignaturePolicy,
  type SignatureVerdict,
} from './verify.js';
export { cosignTagLock, writeCosignImage } from './cosign-image-writer.js';
export { fetchLayerBlob } from './layer-blob.js';
export { digestsToSign } from './sign.js';
export { signatureLayerDescriptor } from './signature-image.js';
