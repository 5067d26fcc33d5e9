export { CosignSigningEngine, type CosignSigningEngineOptions } from './cosign-signing-engine.js';
export type { LocatedCosign, CosignRunnerOptions } from './cosign-runner.js';
export type { CosignExec, CosignRunOptions, CosignRunResult } from './cosign-exec.js';
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
