import { SigilError, isErrorCode } from '@sigil/core';
import {
  cosignEvidenceVerifier,
  failedOutput,
  gateReport,
  requirementName,
  runGate,
  type GateReason,
  type GateReportInputs,
  type GateResult,
} from '@sigil/gate';
import type { Registry } from '@sigil/oci';
import type { VerifyGateInputs } from './inputs.js';
import {
  createRegistryClient,
  nativeSigningEngineOnly,
  registryFix,
  registryReportSettings,
  type RunDependencies,
} from '@sigil/toolkit';
import { cosignEngines } from './cosign-engines.js';
import { withKmsPublicKeys } from './kms-public-keys.js';
import { gateSummary } from './summary.js';

/** The runner-facing dependencies (toolkit `RunDependencies`). */
export type VerifyGateDependencies = RunDependencies;

/**
 * Runs the gate over the image list, sets `verified`, `failed` and `report-path`, writes the job summary,
 * and fails the step when an image failed and `mode` is `enforce`.
 */
export async function run(
  inputs: VerifyGateInputs,
  dependencies: VerifyGateDependencies,
): Promise<GateResult> {
  const { logger, outputs } = dependencies;
  const client =
    dependencies.registry === undefined
      ? await createRegistryClient(inputs.registry, dependencies.environment, dependencies.mask, logger)
      : undefined;
  try {
    const registry = dependencies.registry ?? (client as Registry);
    const signingEngine = dependencies.signingEngine ?? nativeSigningEngineOnly;
    const keys = await withKmsPublicKeys(inputs, {
      signingEngine,
      registry,
      settings: inputs.registry,
      logger,
    });
    const verifier =
      inputs.engine === 'cosign'
        ? cosignEvidenceVerifier(
            await cosignEngines(keys.publicKeys.keys, { signingEngine, registry, settings: inputs.registry }),
          )
        : undefined;
    const resolved = { ...inputs, ...keys };
    const result = await runGate(
      registry,
      inputs.images,
      {
        signature: {
          trustedKeys: keys.publicKeys.keys,
          revokedKeys: keys.revokedKeys.keys,
          annotations: inputs.annotations,
        },
        requirements: inputs.requirements,
        provenance: inputs.provenance,
        platforms: inputs.platforms,
        mode: inputs.mode,
        concurrency: inputs.registry.concurrency,
      },
      { logger, ...(verifier === undefined ? {} : { verifier }) },
    );
    outputs.set('verified', String(result.verified));
    outputs.set('failed', failedOutput(result));
    const report = gateReport(result, reportInputs(resolved), (dependencies.now ?? (() => new Date()))());
    outputs.set('report-path', await dependencies.writeReport('verify-gate-report', report));
    if (inputs.showSummary) await dependencies.writeSummary(gateSummary(result, reportInputs(resolved)));
    if (!result.passed) throw gateFailure(result);
    if (!result.verified)
      logger.warning(`audit mode: ${result.failed.length} failed check(s) reported, not enforced.`);
    return result;
  } finally {
    client?.close();
  }
}

function reportInputs(inputs: VerifyGateInputs): GateReportInputs {
  return {
    images: inputs.images.map((entry) => entry.image),
    publicKeys: inputs.publicKeys.sources,
    revokedKeys: inputs.revokedKeys.sources,
    annotations: inputs.annotations,
    require: inputs.requirements.map(requirementName),
    ...(inputs.provenance.source === undefined ? {} : { provenanceSource: inputs.provenance.source }),
    ...(inputs.provenance.builderIdPrefix === undefined
      ? {}
      : { provenanceBuilder: inputs.provenance.builderIdPrefix }),
    platforms: inputs.platforms,
    mode: inputs.mode,
    ...registryReportSettings(inputs.registry),
  };
}

/**
 * When every failure is the same inability to check (credentials, network, deadline), the step fails with
 * that code and names the input to fix (the registry table every action shares); otherwise images were
 * judged and refused: VERIFICATION_FAILED.
 */
function gateFailure(result: GateResult): SigilError {
  const failedImages = result.images.filter((image) => !image.passed);
  const lines = result.failed.map(
    (failure) =>
      `${failure.image}: ${failure.reason}${failure.check === 'signature' ? '' : ` (${failure.check})`} — ${failure.message}`,
  );
  const reasons = new Set(result.failed.map((failure) => failure.reason));
  const [only] = reasons;
  const code = reasons.size === 1 && only !== undefined && isErrorCode(only) ? only : undefined;
  const operational = code === undefined ? undefined : registryFix(code);
  const summary = `${failedImages.length} of ${result.images.length} image(s)`;
  if (operational !== undefined && code !== undefined) {
    return new SigilError(code, `${summary} could not be checked:\n${lines.join('\n')}`, operational);
  }
  const absentOnly = result.failed.every((failure) => ABSENT.includes(failure.reason));
  return new SigilError('VERIFICATION_FAILED', `${summary} failed verification:\n${lines.join('\n')}`, {
    ...(absentOnly ? { input: 'require' } : {}),
    hint: `${fixes(result).join('; ')} (see the report for each reason), or set \`mode: audit\` to report without blocking.`,
  });
}

/** Nothing of a required kind is there: the fix is to attest it, or to require less. */
const ABSENT: readonly GateReason[] = ['NO_ATTESTATIONS', 'ATTESTATION_MISSING'];

/** One fix per kind of failure, in the order they first occur. */
function fixes(result: GateResult): string[] {
  return [...new Set(result.failed.map(({ check, reason }) => fixFor(check, reason)))];
}

/** Fixes that follow from the reason whatever the check: what went wrong decides what to do. */
const REASON_FIXES: Partial<Record<GateReason, string>> = {
  IMAGE_NOT_FOUND: 'Push the image, or correct its reference in `images`',
  CLAIM_DIGEST_MISMATCH:
    'A trusted signature made for another image was placed here: sign this image itself, and find out who copied the signature',
  IDENTITY_MISMATCH:
    'A trusted signature made in another repository was copied here: sign the image in this repository, and find out who copied it',
  SUBJECT_MISMATCH:
    'A trusted attestation of another image was placed here: attest this image itself, and find out who copied it',
  PAYLOAD_DIGEST_MISMATCH:
    "The registry served signature content that does not hash to its digest: its storage was altered; do not deploy until the registry's operator finds out why",
  KEY_REVOKED: 'Sign (or attest) again with a key in `public-keys` that is not in `revoked-keys`',
  ANNOTATION_MISMATCH:
    'Sign the images with the annotations `annotations` requires (sign-image `annotations`, `cosign sign -a`), or correct `annotations`',
  PAYLOAD_INVALID:
    'A trusted key signed a payload that strict verifiers (sigil, podman, skopeo) refuse: sign the image again with sign-image or a current cosign',
  SIGNATURE_ENCODING:
    'Sign with a tool that writes DER-encoded ECDSA signatures (sign-image, cosign); IEEE P1363 signatures verify nowhere',
  PAYLOAD_MISSING:
    "The registry no longer serves a signature's payload blob: sign the image again, and ask the registry's operator why it is gone",
  PAYLOAD_TOO_LARGE:
    'A signature layer is larger than any cosign signature: it was not written by cosign or sign-image; sign the image again',
  TAG_MOVED: 'Deploy by digest, and find out who moved the tag',
  REFERENCE_INVALID: 'Fix the image references in `images`',
};

/** Could not check: the registry's answer (or none) decided, not the evidence. */
const COULD_NOT_CHECK_FIX =
  'Check that the registry in `images` can be reached and read with the registry inputs (the report gives each error), then run the gate again';

function fixFor(check: string, reason: GateReason): string {
  const byReason = REASON_FIXES[reason];
  if (byReason !== undefined) return byReason;
  if (isErrorCode(reason)) return registryFix(reason)?.hint ?? COULD_NOT_CHECK_FIX;
  switch (check) {
    case 'signature':
      return 'Sign the images with a key listed in `public-keys`';
    case 'reference':
      return 'Fix the image references in `images`';
  }
  if (reason === 'PROVENANCE_SOURCE_MISMATCH' || reason === 'PROVENANCE_BUILDER_MISMATCH') {
    return 'Deploy images built from the repository in `provenance-source` by a workflow under `provenance-builder`, or correct those inputs';
  }
  if (!ABSENT.includes(reason)) {
    return 'Re-attest with a key in `public-keys`; an attestation that fails this way may have been tampered with (docs/reason-codes.md explains each reason)';
  }
  switch (check) {
    case 'sbom':
      return 'Attest an SBOM to each image with attest-sbom, or drop `sbom` from `require` (the default is `signature, sbom`; `require: signature` checks signatures only)';
    case 'provenance':
      return 'Attest SLSA v1 provenance to each image with attest-provenance, or drop `provenance` from `require`';
    default:
      return `Attest a ${check} predicate to each image with a key in \`public-keys\`, or remove it from \`require\``;
  }
}
