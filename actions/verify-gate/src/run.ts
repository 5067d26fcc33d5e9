import { SigilError, isErrorCode } from '@sigil/core';
import {
  cosignEvidenceVerifier,
  failedOutput,
  fixFor,
  gateReport,
  isAbsence,
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
          ...(inputs.transparency.trustedRoot === undefined
            ? {}
            : {
                // `.sig` layers' Rekor bundles are checked against the same root's logs.
                transparency: {
                  rekorKeys: inputs.transparency.trustedRoot.root.rekorKeys(),
                  require: inputs.transparency.requireTlog === true,
                },
              }),
        },
        requirements: inputs.requirements,
        provenance: inputs.provenance,
        ...(inputs.keyless === undefined ? {} : { keyless: inputs.keyless }),
        transparency: {
          requireTlog: inputs.transparency.requireTlog,
          ...(inputs.transparency.trustedRoot === undefined
            ? {}
            : { trustedRoot: inputs.transparency.trustedRoot.root }),
        },
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
    ...(inputs.transparency.trustedRoot === undefined
      ? {}
      : { trustedRoot: inputs.transparency.trustedRoot.source }),
    requireTlog: inputs.transparency.requireTlog,
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
  const absentOnly = result.failed.every((failure) => isAbsence(failure.reason));
  return new SigilError('VERIFICATION_FAILED', `${summary} failed verification:\n${lines.join('\n')}`, {
    ...(absentOnly ? { input: 'require' } : {}),
    hint: `${fixes(result).join('; ')} (see the report for each reason), or set \`mode: audit\` to report without blocking.`,
  });
}

/** One fix per kind of failure, in the order they first occur: the gate's, or for a check that could not be made the registry's. */
function fixes(result: GateResult): string[] {
  return [...new Set(result.failed.map((failure) => fixFor(failure) ?? couldNotCheckFix(failure.reason)))];
}

/** Could not check: the registry's answer (or none) decided, not the evidence. */
const COULD_NOT_CHECK_FIX =
  'Check that the registry in `images` can be reached and read with the registry inputs (the report gives each error), then run the gate again';

function couldNotCheckFix(reason: GateReason): string {
  return registryFix(reason)?.hint ?? COULD_NOT_CHECK_FIX;
}
