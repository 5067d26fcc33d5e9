export {
  CYCLONEDX_PREDICATE_TYPE,
  SPDX_PREDICATE_TYPE,
  sbomFormatOfPredicateType,
  sbomPredicateType,
  type SbomFormat,
} from './sbom-format.js';
export { parseSbom, validateSbomPredicate } from './sbom.js';
export { DEFAULT_MAX_SBOM_BYTES, formatBytes, parseMaxSbomBytes, preflightSbomSize } from './sbom-size.js';
export { readSbomFile } from './sbom-file.js';
export { processSyftExec, runSyft, type SyftExec, type SyftSource } from './syft.js';
export { planScans, type ScanTarget } from './scan-plan.js';
