export { generateKeyPair, encryptPrivateKey, loadPrivateKey } from './key-file.js';
export type { GeneratedKeyPair, KeyFileFormat } from './key-file.js';
export { SigningKey } from './signing-key.js';
export {
  parsePublicKey,
  parsePublicKeys,
  publicKeyFromKeyObject,
  verifyWithPublicKey,
} from './public-key.js';
export type { PublicKey, PublicKeyAlgorithm, PublicKeyParseOptions } from './public-key.js';
export { SIMPLE_SIGNING_MEDIA_TYPE, SIMPLE_SIGNING_TYPE, simpleSigningPayload } from './payload.js';
export { parseSimpleSigningPayload } from './payload-parser.js';
export type { PayloadParseResult, SimpleSigningPayload } from './payload-parser.js';
export type { JsonObject, JsonValue } from './strict-json.js';
export { isManifestDigest } from './digest.js';
export {
  MAX_SIGNATURE_LAYERS,
  SIGNATURE_ANNOTATION,
  parseSignatureManifest,
  signatureConfig,
  signatureTag,
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
export { formatPlatform, indexChildren, isIndexMediaType, type IndexChild } from './image-index.js';
export {
  pinnedReference,
  resolveImageTarget,
  uniqueTargets,
  type ImageTarget,
} from './image-target.js';
export { mapConcurrently } from './map-concurrently.js';
export {
  signImage,
  signImages,
  type SignImageOutcome,
  type SignImagesOptions,
  type SignOptions,
  type SignedDigest,
} from './sign.js';
