export { InputReader } from './input-reader.js';
export { SecretMasker } from './secret-masker.js';
export { readAnnotations } from './annotations-input.js';
export { nameInput } from './error-inputs.js';
export { registryFix } from './registry-fixes.js';
export { registryReportSettings } from './registry-report.js';
export { runAction } from './error-boundary.js';
export { publicationNote, formatLabel, markdownTable, codeSpan, writtenLocation } from './summary.js';
export { type RunnerEnvironment } from './environment.js';
export { createActionRuntime } from './runtime.js';
export { createRegistryClient, readRegistrySettings, type RegistrySettings } from './registry-access.js';
export { runDependencies, withRegistry, type RunDependencies } from './run-dependencies.js';
export { ENGINES, readSigningKey, type SigningKeyInput } from './signing-key-input.js';
export { readSignatureFormat } from './signature-format-input.js';
export { readTlogUpload } from './tlog-upload-input.js';
export { signerReport, type SignerReport } from './signer-report.js';
export { nativeSigningEngineOnly, type SigningEngineFactory } from './signing-engine-factory.js';
export {
  resolveImages,
  throwIfAnyImageFailed,
  workOnEachImage,
  type ImageWorkOutcome,
} from './image-resolution.js';
export {
  describeTufRepository,
  fetchTufTarget,
  readTufRepositoryInput,
  type TufRepositoryChoice,
} from './tuf-input.js';
