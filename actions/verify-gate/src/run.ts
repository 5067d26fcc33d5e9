import { SigilError, type ErrorCode } from '@sigil/errors';
import {
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
import { createRegistryClient, nativeSigningEngineOnly, type RunDependencies } from '@sigil/toolkit';
import { cosignEngines, cosignEvidenceVerifier } from './cosign-evidence-verifier.js';
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
    concurrency: inputs.registry.concurrency,
    timeoutSeconds: inputs.registry.timeoutSeconds,
    insecureRegistries: inputs.registry.insecureRegistries,
    registryCredentials: inputs.registry.credentials !== undefined,
  };
}

/**
 * When every failure is the same inability to check (credentials, network, deadline), the step fails with
 * that code and names the input to fix; otherwise images were judged and refused: VERIFICATION_FAILED.
 */
const OPERATIONAL: Partial<Record<GateReason, { input: string; hint: string }>> = {
  REGISTRY_AUTH: {
    input: 'registry-password',
    hint: 'Check `registry-username`/`registry-password`, or the Docker config login for this registry.',
  },
  REGISTRY_DENIED: {
    input: 'registry-username',
    hint: 'Use credentials that may pull these repositories (`registry-username`/`registry-password` or docker login).',
  },
  CREDENTIAL_HELPER: {
    input: 'registry-username',
    hint: 'Fix the credential helper of the Docker config, or pass `registry-username`/`registry-password`.',
  },
  REGISTRY_UNREACHABLE: {
    input: 'images',
    hint: 'Check the registry host in `images` and that the runner can reach it.',
  },
  REGISTRY_INSECURE: {
    input: 'insecure-registries',
    hint: 'List the registry in `insecure-registries` if it really serves plain HTTP.',
  },
  TIMEOUT: { input: 'timeout-seconds', hint: 'Raise `timeout-seconds`, or check the registry status.' },
};

function gateFailure(result: GateResult): SigilError {
  const failedImages = result.images.filter((image) => !image.passed);
  const lines = result.failed.map(
    (failure) =>
      `${failure.image}: ${failure.reason}${failure.check === 'signature' ? '' : ` (${failure.check})`} — ${failure.message}`,
  );
  const reasons = new Set(result.failed.map((failure) => failure.reason));
  const [only] = reasons;
  const operational = reasons.size === 1 && only !== undefined ? OPERATIONAL[only] : undefined;
  const summary = `${failedImages.length} of ${result.images.length} image(s)`;
  if (operational !== undefined && only !== undefined) {
    return new SigilError(
      only as ErrorCode,
      `${summary} could not be checked:\n${lines.join('\n')}`,
      operational,
    );
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

function fixFor(check: string, reason: GateReason): string {
  switch (check) {
    case 'signature':
      return 'Sign the images with a key listed in `public-keys`';
    case 'tag':
      return 'Deploy by digest, and find out who moved the tag';
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
