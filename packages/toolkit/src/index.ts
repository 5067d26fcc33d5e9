export { InputReader, type GetInput, type IntegerOptions } from './input-reader.js';
export { SecretMasker } from './secret-masker.js';
export { readAnnotations } from './annotations-input.js';
export { inputOf, nameInput } from './error-inputs.js';
export { registryFix, type RegistryFix } from './registry-fixes.js';
export { registryReportSettings } from './registry-report.js';
export { runAction, describeFailure, type BoundaryIo } from './error-boundary.js';
export { markdownTable, codeSpan, escapeCell, writeJobSummary, type JobSummaryOptions } from './summary.js';
export { ActionOutputs, writeReport } from './outputs.js';
export { ActionLogger, coreLogSink, type LogSink, type AnnotationOptions } from './log.js';
export { readRunnerEnvironment, type RunnerEnvironment, type SystemFacts } from './environment.js';
export { createActionRuntime, type ActionRuntime } from './runtime.js';
export {
  createRegistryClient,
  createRunCredentialSource,
  readRegistrySettings,
  type RegistrySettings,
} from './registry-access.js';
export { runDependencies, withRegistry, type RunDependencies } from './run-dependencies.js';
export { ENGINES, readSigningKey, type SigningKeyInput } from './signing-key-input.js';
export {
  nativeSigningEngineOnly,
  signingEngineFactory,
  type SigningEngineFactory,
  type SigningEngineFactoryContext,
} from './signing-engine-factory.js';
export {
  INSTALL_COSIGN_STEP,
  locateCosign,
  type CosignLocationOptions,
  type ToolCacheLookup,
} from './cosign-location.js';
export {
  resolveImages,
  throwIfAnyImageFailed,
  workOnEachImage,
  type ImageResolution,
  type ImageWorkOutcome,
} from './image-resolution.js';
