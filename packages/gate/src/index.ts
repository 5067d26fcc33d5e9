export type { GateMode, PlatformsRequirement } from './gate-policy.js';
export {
  GITHUB_ACTIONS_ISSUER,
  identityPattern,
  type CertificateIdentity,
  type KeylessPolicy,
} from './keyless-policy.js';
export type { GateCheck, GateReason, GateResult, ImageVerdict } from './gate-verdict.js';
export { runGate } from './gate.js';
export { fixFor, isAbsence } from './failure-fixes.js';
export { cosignEvidenceVerifier } from './cosign-evidence-verifier.js';
export {
  isProvenanceRequirement,
  requirementName,
  type ProvenancePolicy,
  type Requirement,
} from './requirement.js';
export { failedOutput, gateReport, type GateReportInputs, type GateReportKey } from './gate-report.js';
