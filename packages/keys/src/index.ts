export { generateKeyPair, loadPrivateKey } from './key-file.js';
export { DEFAULT_ENVIRONMENTS, generateEnvironmentKeys } from './environment-keys.js';
export { SigningKey } from './signing-key.js';
export {
  parsePublicKey,
  parsePublicKeys,
  publicKeyFromKeyObject,
  verifyPartsWithPublicKey,
  verifyWithPublicKey,
} from './public-key.js';
export type { PublicKey } from './public-key.js';
export { parseKeyReference, type KeyReference } from './key-reference.js';
export { validateKmsKeyUri, type KmsScheme } from './kms-key-uri.js';
export { classifyEcdsaSignature, decodeSignatureAnnotation } from './signature-encoding.js';
export type { EcdsaSignatureEncoding } from './signature-encoding.js';
export { decodePemBlocks } from './pem.js';
export { encodingProblem, findVerifyingKey, keyAcceptsEncoding } from './verifying-key.js';
