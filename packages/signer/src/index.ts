export {
  attestInFormats,
  type EngineTarget,
  type SignatureFormat,
  type SignerIdentity,
  type SigningEngine,
  type SigningEngineName,
} from './signing-engine.js';
export { NativeSigningEngine } from './native-signing-engine.js';
