export type { GateImage, GateMode, GatePolicy, PlatformsRequirement } from './gate-policy.js';
export type {
  CheckName,
  GateCheck,
  GateFailure,
  GateReason,
  GateResult,
  ImageVerdict,
} from './gate-verdict.js';
export { runGate, type GateDependencies } from './gate.js';
export { fixFor, isAbsence } from './failure-fixes.js';
export { nativeEvidenceVerifier, type EvidenceTarget, type EvidenceVerifier } from './evidence-verifier.js';
export { cosignEvidenceVerifier } from './cosign-evidence-verifier.js';
export {
  PROVENANCE_PREDICATE_TYPES,
  SBOM_PREDICATE_TYPES,
  isProvenanceRequirement,
  requirementName,
  type ProvenancePolicy,
  type Requirement,
  type RequirementName,
} from './requirement.js';
export {
  GATE_REPORT_SCHEMA_VERSION,
  failedOutput,
  gateReport,
  type GateReport,
  type GateReportInputs,
  type GateReportKey,
} from './gate-report.js';
