import type { GateMode, PlatformsRequirement } from './gate-policy.js';
import type { GateFailure, GateResult, ImageVerdict } from './gate-verdict.js';
import type { RequirementName } from './requirement.js';

/** Bumped whenever a field changes meaning or disappears; new fields do not bump it. */
const GATE_REPORT_SCHEMA_VERSION = 1;

/** What the gate was asked to do, with no secret in it: keys appear by id and where they came from. */
export interface GateReportInputs {
  readonly images: readonly string[];
  readonly publicKeys: readonly GateReportKey[];
  readonly revokedKeys: readonly GateReportKey[];
  readonly annotations: Readonly<Record<string, string>>;
  /** The requirements, by check name: `signature`, `sbom`, `provenance`, predicate-type URIs. */
  readonly require: readonly RequirementName[];
  /** `provenance-source` (normalised to a URL) and `provenance-builder`, when given. */
  readonly provenanceSource?: string;
  readonly provenanceBuilder?: string;
  readonly platforms: PlatformsRequirement;
  readonly mode: GateMode;
  /** `trusted-root` (where it was read), when given, and `require-tlog` as resolved. */
  readonly trustedRoot?: string;
  readonly requireTlog: boolean | 'auto';
  readonly concurrency: number;
  readonly timeoutSeconds: number;
  readonly insecureRegistries: readonly string[];
  /** Whether `registry-username`/`registry-password` were given (never their values). */
  readonly registryCredentials: boolean;
}

export interface GateReportKey {
  /** Hex SHA-256 of the key's SubjectPublicKeyInfo. */
  readonly id: string;
  /** `file:<path>`, `env:<NAME>`, `inline`, or the KMS / `k8s://` URI the key was fetched from. */
  readonly source: string;
}

export interface GateReport {
  readonly schemaVersion: typeof GATE_REPORT_SCHEMA_VERSION;
  readonly kind: 'sigil/verify-gate-report';
  readonly generatedAt: string;
  readonly mode: GateMode;
  readonly verified: boolean;
  readonly passed: boolean;
  readonly durationMs: number;
  readonly inputs: GateReportInputs;
  readonly summary: { readonly images: number; readonly passed: number; readonly failed: number };
  readonly images: readonly ImageVerdict[];
  readonly failed: readonly GateFailure[];
}

export function gateReport(result: GateResult, inputs: GateReportInputs, generatedAt: Date): GateReport {
  const passed = result.images.filter((image) => image.passed).length;
  return {
    schemaVersion: GATE_REPORT_SCHEMA_VERSION,
    kind: 'sigil/verify-gate-report',
    generatedAt: generatedAt.toISOString(),
    mode: result.mode,
    verified: result.verified,
    passed: result.passed,
    durationMs: result.durationMs,
    inputs,
    summary: { images: result.images.length, passed, failed: result.images.length - passed },
    images: result.images,
    failed: result.failed,
  };
}

/** The `failed` output: `{image, digest, check, reason}` per failed check (the report adds `message`). */
export function failedOutput(
  result: GateResult,
): { image: string; digest: string | null; check: string; reason: string }[] {
  return result.failed.map(({ image, digest, check, reason }) => ({ image, digest, check, reason }));
}
