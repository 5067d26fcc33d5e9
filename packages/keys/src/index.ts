export { generateKeyPair, encryptPrivateKey, loadPrivateKey } from './key-file.js';
export type { GeneratedKeyPair, KeyFileFormat } from './key-file.js';
export {
  DEFAULT_ENVIRONMENTS,
  generateEnvironmentKeys,
  type EnvironmentKey,
  type EnvironmentKeysRequest,
} from './environment-keys.js';
export { SigningKey } from './signing-key.js';
export {
  parsePublicKey,
  parsePublicKeys,
  publicKeyFromKeyObject,
  verifyPartsWithPublicKey,
  verifyWithPublicKey,
} from './public-key.js';
export type { PublicKey, PublicKeyAlgorithm, PublicKeyParseOptions } from './public-key.js';
export {
  KEYLESS_RELEASE,
  KMS_SCHEMES,
  parseKeyReference,
  type KeyReference,
  type KmsScheme,
} from './key-reference.js';
export { validateKmsKeyUri } from './kms-key-uri.js';
export {
  classifyEcdsaSignature,
  decodeSignatureAnnotation,
  isStrictDerEcdsaSignature,
} from './signature-encoding.js';
export type { EcdsaSignatureEncoding, SignatureAnnotationDecoding } from './signature-encoding.js';
export { decodePemBlocks } from './pem.js';
export { encodingProblem, findVerifyingKey, keyAcceptsEncoding } from './verifying-key.js';
