export { CosignSigningEngine } from './cosign-signing-engine.js';
export type { LocatedCosign } from './cosign-runner.js';
export type { CosignExec } from './cosign-exec.js';
export { cosignExecutor } from './cosign-executor.js';
export { cosignVersionOf, reportedCosignVersion } from './cosign-version-command.js';
export { type CosignKey } from './cosign-arguments.js';
export { compareVersions, parseVersionText, requireSupportedCosign } from './cosign-version.js';
