export { CosignSigningEngine, type CosignSigningEngineOptions } from './cosign-signing-engine.js';
export type { LocatedCosign, CosignRunnerOptions } from './cosign-runner.js';
export type { CosignExec, CosignOutput, CosignRunOptions, CosignRunResult } from './cosign-exec.js';
export { cosignExecutor, type CosignExecutorOptions } from './cosign-executor.js';
export { cosignVersionOf, reportedCosignVersion, type VersionRunFailure } from './cosign-version-command.js';
export {
  cosignAttestArguments,
  cosignKeyArgument,
  cosignPublicKeyArguments,
  cosignSignArguments,
  cosignVerifyArguments,
  cosignVerifyAttestationArguments,
  cosignVersionArguments,
  type CosignImageCommand,
  type CosignKey,
} from './cosign-arguments.js';
export {
  MINIMUM_COSIGN_VERSION,
  NEWEST_SUPPORTED_COSIGN_MAJOR,
  compareVersions,
  parseCosignVersionOutput,
  parseVersionText,
  requireSupportedCosign,
  type CosignVersion,
} from './cosign-version.js';
export { cosignFailure, cosignMessage, redactSecrets } from './cosign-failure.js';
