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
export {
  GATE_REPORT_SCHEMA_VERSION,
  failedOutput,
  gateReport,
  type GateReport,
  type GateReportInputs,
  type GateReportKey,
} from './gate-report.js';
