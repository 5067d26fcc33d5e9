import { SLSA_PROVENANCE_V1 } from '@sigil/provenance';
import { type SignerReport, registryReportSettings, writtenLocation } from '@sigil/toolkit';
import type { AttestProvenanceInputs } from './inputs.js';
import type { ImageOutcome } from './outcome.js';

const ATTEST_PROVENANCE_REPORT_SCHEMA_VERSION = 1;

/**
 * The JSON report of an attest-provenance run: what was asked (no secrets: the key by id and source), which
 * engine signed, the predicate attested, and per image the attestation or the error.
 */
export function attestProvenanceReport(
  inputs: AttestProvenanceInputs,
  signer: SignerReport,
  outcomes: readonly ImageOutcome[],
  generatedAt: Date,
) {
  return {
    schemaVersion: ATTEST_PROVENANCE_REPORT_SCHEMA_VERSION,
    kind: 'sigil/attest-provenance-report',
    generatedAt: generatedAt.toISOString(),
    inputs: {
      images: inputs.images.map((entry) => entry.image),
      ...signer,
      signatureFormat: inputs.signatureFormat,
      predicate: inputs.predicate.origin,
      recursive: inputs.recursive,
      replace: inputs.replace,
      ...registryReportSettings(inputs.registry),
    },
    provenance: {
      predicateType: SLSA_PROVENANCE_V1,
      ...(inputs.predicate.source === undefined ? {} : { source: inputs.predicate.source }),
      ...(inputs.predicate.builderId === undefined ? {} : { builderId: inputs.predicate.builderId }),
      predicate: inputs.predicate.predicate,
    },
    images: outcomes.map((outcome) => ({
      image: outcome.image,
      ...(outcome.target?.tag === undefined ? {} : { tag: outcome.target.tag }),
      digest: outcome.target?.digest ?? null,
      attested: outcome.ok,
      ...(outcome.ok
        ? {
            attestations: outcome.result.map((attested) => ({
              digest: attested.digest,
              ...(attested.platform === undefined ? {} : { platform: attested.platform }),
              ...writtenLocation(attested),
              replaced: attested.replaced,
              deduplicated: attested.deduplicated,
            })),
          }
        : { error: { code: outcome.error.code, message: outcome.error.message } }),
    })),
  };
}
