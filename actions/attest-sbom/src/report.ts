import { type SignerReport, registryReportSettings, writtenLocation } from '@sigil/toolkit';
import type { AttestSbomInputs } from './inputs.js';
import type { SbomFacts } from './prepared-sbom.js';
import type { ImageOutcome } from './outcome.js';

const ATTEST_SBOM_REPORT_SCHEMA_VERSION = 1;

/**
 * The JSON report of an attest-sbom run: what was asked (no secrets: the key by id and source), which
 * engine signed, each SBOM (file, digest, size, format, package count, what it describes), and per image
 * the attestations (one per platform of an index) or the error.
 */
export function attestSbomReport(
  inputs: AttestSbomInputs,
  signer: SignerReport,
  outcomes: readonly ImageOutcome[],
  generatedAt: Date,
) {
  const sboms = new Map<string, SbomFacts>();
  for (const outcome of outcomes) {
    if (outcome.ok) for (const { sbom } of outcome.result.attested) sboms.set(sbom.path, sbom);
  }
  return {
    schemaVersion: ATTEST_SBOM_REPORT_SCHEMA_VERSION,
    kind: 'sigil/attest-sbom-report',
    generatedAt: generatedAt.toISOString(),
    inputs: {
      images: inputs.images.map((entry) => entry.image),
      ...signer,
      signatureFormat: inputs.signatureFormat,
      sbom:
        inputs.sbom.kind === 'file'
          ? { file: inputs.sbom.given }
          : { scan: inputs.sbom.kind === 'image-scan' ? 'image' : inputs.sbom.given, syft: inputs.sbom.syft },
      predicateType: inputs.predicateType ?? null,
      maxSbomBytes: inputs.maxSbomBytes,
      replace: inputs.replace,
      ...registryReportSettings(inputs.registry),
    },
    sboms: [...sboms.values()].map((sbom) => ({
      path: sbom.path,
      digest: sbom.digest,
      size: sbom.size,
      format: sbom.format,
      specVersion: sbom.specVersion,
      ...(sbom.name === undefined ? {} : { name: sbom.name }),
      packages: sbom.packageCount,
      predicateType: sbom.predicateType,
      describes: sbom.describes,
    })),
    images: outcomes.map((outcome) => ({
      image: outcome.image,
      ...(outcome.target?.tag === undefined ? {} : { tag: outcome.target.tag }),
      digest: outcome.target?.digest ?? null,
      attested: outcome.ok,
      ...(outcome.ok
        ? {
            index: outcome.result.index,
            attestations: outcome.result.attested.map(({ attestation, platform, sbom }) => ({
              digest: attestation.digest,
              ...(platform === undefined ? {} : { platform }),
              predicateType: attestation.predicateType,
              ...writtenLocation(attestation),
              sbom: sbom.path,
              replaced: attestation.replaced,
              deduplicated: attestation.deduplicated,
            })),
            ...(outcome.result.skipped.length === 0 ? {} : { skipped: outcome.result.skipped }),
          }
        : { error: { code: outcome.error.code, message: outcome.error.message } }),
    })),
  };
}
