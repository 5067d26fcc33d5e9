import { SLSA_PROVENANCE_V02, SLSA_PROVENANCE_V1 } from '@sigil/provenance';
import { CYCLONEDX_PREDICATE_TYPE, SPDX_PREDICATE_TYPE } from '@sigil/sbom';
import type { AttestationCheckName } from './gate-verdict.js';

/**
 * One thing every image must carry (`require`):
 * - `signature`: a cosign `.sig` signature by a trusted key over a payload naming the digest;
 * - `sbom`: a verified SBOM attestation, SPDX (`https://spdx.dev/Document`) or CycloneDX
 *   (`https://cyclonedx.org/bom`), whose predicate is a valid document of that format;
 * - `provenance`: a verified SLSA Provenance v1 attestation (`https://slsa.dev/provenance/v1`) whose
 *   predicate is valid SLSA v1 and names the required source and builder, if any;
 * - `attestation`: a verified attestation of exactly `predicateType`.
 */
export type Requirement =
  | { readonly kind: 'signature' }
  | { readonly kind: 'sbom' }
  | { readonly kind: 'provenance' }
  | { readonly kind: 'attestation'; readonly predicateType: string };

/** What `provenance-source` and `provenance-builder` ask of every provenance attestation. */
export interface ProvenancePolicy {
  /** `https://host/owner/repo`: the repository the provenance must name (see `sourceMatches`). */
  readonly source?: string;
  /** The builder id must start with this, at a boundary (see `builderIdMatches`). */
  readonly builderIdPrefix?: string;
}

/** Either satisfies `sbom`, SPDX first. */
export const SBOM_PREDICATE_TYPES: readonly string[] = [SPDX_PREDICATE_TYPE, CYCLONEDX_PREDICATE_TYPE];
/** Provenance predicate types: `provenance-source`/`-builder` apply to requirements of these. */
const PROVENANCE_PREDICATE_TYPES: readonly string[] = [SLSA_PROVENANCE_V1, SLSA_PROVENANCE_V02];

/**
 * The name of a requirement's check in `failed`, the report and the summary: `signature`, `sbom`,
 * `provenance`, or the predicate-type URI itself.
 */
export type RequirementName = 'signature' | 'sbom' | 'provenance' | `${string}:${string}`;

export function requirementName(
  requirement: Exclude<Requirement, { kind: 'signature' }>,
): AttestationCheckName;
export function requirementName(requirement: Requirement): RequirementName;
export function requirementName(requirement: Requirement): RequirementName {
  return requirement.kind === 'attestation'
    ? (requirement.predicateType as RequirementName)
    : requirement.kind;
}

/** Whether `provenance-source` and `provenance-builder` apply to this requirement. */
export function isProvenanceRequirement(requirement: Requirement): boolean {
  return (
    requirement.kind === 'provenance' ||
    (requirement.kind === 'attestation' && PROVENANCE_PREDICATE_TYPES.includes(requirement.predicateType))
  );
}
