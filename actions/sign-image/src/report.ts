import type { PublicKey } from '@sigil/keys';
import type { SigningEngineName } from '@sigil/signer';
import { registryReportSettings } from '@sigil/toolkit';
import type { SignImageInputs } from './inputs.js';
import type { ImageOutcome } from './outcome.js';

const SIGN_REPORT_SCHEMA_VERSION = 1;

/**
 * The JSON report of a sign-image run: what was asked (no secrets: the key by id and source), which engine
 * signed, and what happened.
 */
export function signImageReport(
  inputs: SignImageInputs,
  signer: { readonly engine: SigningEngineName; readonly publicKey: PublicKey },
  outcomes: readonly ImageOutcome[],
  generatedAt: Date,
) {
  return {
    schemaVersion: SIGN_REPORT_SCHEMA_VERSION,
    kind: 'sigil/sign-image-report',
    generatedAt: generatedAt.toISOString(),
    inputs: {
      images: inputs.images.map((entry) => entry.image),
      key: { id: signer.publicKey.id, source: inputs.key.source },
      engine: signer.engine,
      signatureFormat: inputs.signatureFormat,
      transparencyLog: 'none',
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
