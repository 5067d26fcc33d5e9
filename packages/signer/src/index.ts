export type { EngineTarget, SigningEngine, SigningEngineName } from './signing-engine.js';
export { NativeSigningEngine } from './native-signing-engine.js';
