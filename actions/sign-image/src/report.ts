import { type SignerReport, registryReportSettings } from '@sigil/toolkit';
import type { SignImageInputs } from './inputs.js';
import type { ImageOutcome } from './outcome.js';

const SIGN_REPORT_SCHEMA_VERSION = 1;

/**
 * The JSON report of a sign-image run: what was asked (no secrets: the key by id and source), which engine
 * signed, and what happened.
 */
export function signImageReport(
  inputs: SignImageInputs,
  signer: SignerReport,
  outcomes: readonly ImageOutcome[],
  generatedAt: Date,
) {
  return {
    schemaVersion: SIGN_REPORT_SCHEMA_VERSION,
    kind: 'sigil/sign-image-report',
    generatedAt: generatedAt.toISOString(),
    inputs: {
      images: inputs.images.map((entry) => entry.image),
      ...signer,
      signatureFormat: inputs.signatureFormat,
      recursive: inputs.recursive,
      annotations: inputs.annotations,
      ...registryReportSettings(inputs.registry),
    },
    images: outcomes.map((outcome) => ({
      image: outcome.image,
      ...(outcome.target?.tag === undefined ? {} : { tag: outcome.target.tag }),
      digest: outcome.target?.digest ?? null,
      signed: outcome.ok,
      ...(outcome.ok
        ? { signatures: outcome.signatures }
        : { error: { code: outcome.error.code, message: outcome.error.message } }),
    })),
  };
}
