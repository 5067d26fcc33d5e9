import {
  SLSA_PROVENANCE_V02,
  SLSA_PROVENANCE_V1,
  builderIdMatches,
  provenanceBuilderId,
  provenanceSource,
  sourceMatches,
  validateSlsaV02Predicate,
  validateSlsaV1Predicate,
} from '@sigil/provenance';
import { validateSbomPredicate } from '@sigil/sbom';
import { SBOM_PREDICATE_TYPES, type ProvenancePolicy } from './requirement.js';

export type PredicateCheck = { readonly ok: true } | { readonly ok: false; readonly message: string };

/** A provenance that is valid but names another source or builder than the policy asks for. */
export interface ProvenanceMismatch {
  readonly reason: 'PROVENANCE_SOURCE_MISMATCH' | 'PROVENANCE_BUILDER_MISMATCH';
  readonly message: string;
}

/**
 * How the predicate of an attestation of `predicateType` is judged, once its signature, payload type,
 * subject and predicate type have verified: an SBOM type must be a valid document of that format, a SLSA
 * provenance type valid SLSA of that version naming the policy's source and builder, and any other type a
 * JSON object (an in-toto predicate is one; a missing predicate says nothing).
 *
 * A provenance refused only for its source or builder is recorded in `mismatches` too, so the gate can
 * name that reason instead of a generic invalid predicate.
 */
export function predicateValidator(
  predicateType: string,
  provenance: ProvenancePolicy,
  mismatches: ProvenanceMismatch[],
): (predicate: unknown) => PredicateCheck {
  if (SBOM_PREDICATE_TYPES.includes(predicateType)) {
    return (predicate) => validateSbomPredicate(predicate, predicateType);
  }
  const slsa =
    predicateType === SLSA_PROVENANCE_V1
      ? validateSlsaV1Predicate
      : predicateType === SLSA_PROVENANCE_V02
        ? validateSlsaV02Predicate
        : undefined;
  if (slsa !== undefined) {
    return (predicate) => {
      const valid = slsa(predicate);
      if (!valid.ok) return valid;
      const mismatch = provenanceMismatch(predicate, provenance);
      if (mismatch === undefined) return valid;
      mismatches.push(mismatch);
      return { ok: false, message: mismatch.message };
    };
  }
  return (predicate) =>
    predicate !== null && typeof predicate === 'object' && !Array.isArray(predicate)
      ? { ok: true }
      : { ok: false, message: 'the predicate is missing or not a JSON object' };
}

/** The source mismatch, else the builder mismatch; when both mismatch, the message says both. */
function provenanceMismatch(predicate: unknown, policy: ProvenancePolicy): ProvenanceMismatch | undefined {
  const found: ProvenanceMismatch[] = [];
  if (policy.source !== undefined) {
    const source = provenanceSource(predicate);
    if (source === undefined || !sourceMatches(source, policy.source)) {
      found.push({
        reason: 'PROVENANCE_SOURCE_MISMATCH',
        message:
          source === undefined
            ? `the provenance names no source repository; \`provenance-source\` requires ${policy.source}`
            : `the provenance names source ${source}, not ${policy.source} (\`provenance-source\`)`,
      });
    }
  }
  if (policy.builderIdPrefix !== undefined) {
    const builderId = provenanceBuilderId(predicate);
    if (builderId === undefined || !builderIdMatches(builderId, policy.builderIdPrefix)) {
      found.push({
        reason: 'PROVENANCE_BUILDER_MISMATCH',
        message:
          builderId === undefined
            ? `the provenance names no builder id; \`provenance-builder\` requires one starting with ${policy.builderIdPrefix}`
            : `the provenance was built by ${builderId}, which does not start with ${policy.builderIdPrefix} (\`provenance-builder\`)`,
      });
    }
  }
  const [first] = found;
  if (first === undefined) return undefined;
  return { reason: first.reason, message: found.map((mismatch) => mismatch.message).join('; ') };
}

/** The source and builder an accepted provenance statement names, for the report and summary. */
export function provenanceClaims(statement: unknown): { source?: string; builderId?: string } {
  const predicate =
    statement !== null && typeof statement === 'object'
      ? (statement as { predicate?: unknown }).predicate
      : undefined;
  const source = provenanceSource(predicate);
  const builderId = provenanceBuilderId(predicate);
  return { ...(source === undefined ? {} : { source }), ...(builderId === undefined ? {} : { builderId }) };
}
