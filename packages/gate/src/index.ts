export type { GateImage, GateMode, GatePolicy, PlatformsRequirement } from './gate-policy.js';
export type {
  AttestationCheck,
  AttestationCheckName,
  AttestationCheckReason,
  CheckName,
  CheckOutcome,
  CouldNotCheckReason,
  GateCheck,
  GateFailure,
  GateReason,
  GateResult,
  ImageVerdict,
  ReferenceCheck,
  RevokedSignature,
  SignatureCheck,
  SignatureCheckReason,
  TagCheck,
  TagCheckReason,
} from './gate-verdict.js';
export { runGate, type GateDependencies } from './gate.js';
export { nativeEvidenceVerifier, type EvidenceTarget, type EvidenceVerifier } from './evidence-verifier.js';
export { cosignEvidenceVerifier, type KeyVerifier } from './cosign-evidence-verifier.js';
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
