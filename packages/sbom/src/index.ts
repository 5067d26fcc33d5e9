export {
  CYCLONEDX_PREDICATE_TYPE,
  SPDX_PREDICATE_TYPE,
  sbomFormatOfPredicateType,
  sbomPredicateType,
  type SbomFormat,
} from './sbom-format.js';
export { detectSbom, parseSbom, validateSbomPredicate, type DetectedSbom, type ParsedSbom } from './sbom.js';
export type { NormalizedPackage } from './sbom-packages.js';
export {
  DEFAULT_MAX_SBOM_BYTES,
  SBOM_SIZE_LIMITS,
  formatBytes,
  parseMaxSbomBytes,
  preflightSbomSize,
  sbomLimitsExceeded,
  type SbomSizeLimit,
} from './sbom-size.js';
export { readSbomFile, type SbomFile } from './sbom-file.js';
export { JsonTextError, Utf8Error, parseUtf8Json } from './utf8-json.js';
export {
  processSyftExec,
  runSyft,
  type RunSyftOptions,
  type SyftCredentials,
  type SyftExec,
  type SyftExecResult,
  type SyftSource,
} from './syft.js';
export { planScans, type ScanTarget } from './scan-plan.js';
