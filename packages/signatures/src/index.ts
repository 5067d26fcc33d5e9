export {
  SIMPLE_SIGNING_MEDIA_TYPE,
  SIMPLE_SIGNING_TYPE,
  reservedAnnotationKey,
  simpleSigningPayload,
} from './payload.js';
export { parseSimpleSigningPayload } from './payload-parser.js';
export type { PayloadParseResult, SimpleSigningPayload } from './payload-parser.js';
export {
  MAX_SIGNATURE_LAYERS,
  SIGNATURE_ANNOTATION,
  cosignTag,
  parseSignatureManifest,
  signatureConfig,
  signatureTag,
  type CosignImageKind,
  type SignatureManifest,
} from './signature-image.js';
export {
  MAX_PAYLOAD_BYTES,
  appendSignature,
  readSignatures,
  signatureRef,
  type AppendedSignature,
  type NewSignature,
  type PayloadFetch,
  type PayloadProblem,
  type StoredSignatureLayer,
  type StoredSignatures,
} from './signature-store.js';
export {
  signImage,
  signImages,
  type SignImageOutcome,
  type SignImagesOptions,
  type SignOptions,
  type SignedDigest,
} from './sign.js';
export { verifySignatureLayer } from './layer-verifier.js';
export type { LayerPolicy, SignatureLayer } from './layer-verifier.js';
export type { LayerFailure, LayerFailureReason, LayerSuccess, LayerVerdict } from './layer-verdict.js';
export { SIGNATURE_SIGNIFICANCE, mostSignificant, mostSignificantFailure } from './layer-significance.js';
export {
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
