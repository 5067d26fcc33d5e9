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
