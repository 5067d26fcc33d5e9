import { repositoryName, type ImageTarget } from '@sigil/oci';
import type { SignImageOutcome } from '@sigil/signatures';
import type { SigningEngine } from '@sigil/signer';
import type { Logger } from '@sigil/core';
import type { Registry } from '@sigil/oci';
import type { SignImageInputs } from './inputs.js';
import {
  nativeSigningEngineOnly,
  signerReport,
  resolveImages,
  throwIfAnyImageFailed,
  withRegistry,
  type RunDependencies,
  writtenLocation,
} from '@sigil/toolkit';
import type { ImageOutcome } from './outcome.js';
import { signImageReport } from './report.js';
import { signSummary } from './summary.js';

/** The runner-facing dependencies (toolkit `RunDependencies`). */
export type SignImageDependencies = RunDependencies;

/**
 * Signs every image of the list (tags resolved once, each digest once), sets the outputs, writes the
 * report and summary, and then fails if any image could not be signed.
 */
export async function run(
  inputs: SignImageInputs,
  dependencies: SignImageDependencies,
): Promise<ImageOutcome[]> {
  return withRegistry(inputs.registry, dependencies, async (registry) => {
    const makeEngine = dependencies.signingEngine ?? nativeSigningEngineOnly;
    const engine = await makeEngine(inputs.key, registry, inputs.registry);
    const outcomes = await signAll(registry, engine, inputs, dependencies.logger);
    const signatures = outcomes.flatMap((outcome) => (outcome.ok ? outcome.signatures : []));
    dependencies.outputs.set(
      'signatures',
      signatures.map((signature) => ({
        image: signature.image,
        digest: signature.digest,
        ...writtenLocation(signature),
        deduplicated: signature.deduplicated,
      })),
    );
    dependencies.outputs.set(
      'digests',
      [...new Set(signatures.map((signature) => signature.digest))].join('\n'),
    );
    // Each image of the list pinned to the digest that was signed: what later steps should name, never the tag again.
    dependencies.outputs.set(
      'images',
      [
        ...new Set(
          outcomes.flatMap((outcome) =>
            outcome.ok ? [`${repositoryName(outcome.target.repo)}@${outcome.target.digest}`] : [],
          ),
        ),
      ].join('\n'),
    );
    const signer = await signerReport(inputs.key, engine);
    // What a verifier pins for these signatures (keyless; empty with a key).
    dependencies.outputs.set('certificate-identity', signer.keyless?.subjectAlternativeName ?? '');
    dependencies.outputs.set('certificate-oidc-issuer', signer.keyless?.issuer ?? '');
    const report = signImageReport(inputs, signer, outcomes, (dependencies.now ?? (() => new Date()))());
    dependencies.outputs.set('report-path', await dependencies.writeReport('sign-image-report', report));
    if (inputs.showSummary) await dependencies.writeSummary(signSummary(outcomes, signer));
    throwIfAnyImageFailed(outcomes, 'signed');
    return outcomes;
  });
}

async function signAll(
  registry: Registry,
  engine: SigningEngine,
  inputs: SignImageInputs,
  logger: Logger,
): Promise<ImageOutcome[]> {
  const concurrency = inputs.registry.concurrency;
  const resolutions = await resolveImages(registry, inputs.images, { concurrency, logger });
  const targets = resolutions.flatMap((resolution) => (resolution.ok ? [resolution.target] : []));
  const signed = await engine.signImages(targets, {
    annotations: inputs.annotations,
    recursive: inputs.recursive,
    format: inputs.signatureFormat,
    concurrency,
    logger,
  });
  const byTarget = new Map<ImageTarget, SignImageOutcome>(signed.map((outcome) => [outcome.target, outcome]));
  return resolutions.flatMap((resolution): ImageOutcome[] => {
    if (!resolution.ok) return [resolution];
    const { image, target } = resolution;
    const result = byTarget.get(target);
    if (result === undefined) {
      logger.info(`${image} names a digest listed earlier (${target.digest}); it is signed once.`);
      return [];
    }
    return result.ok
      ? [{ image, ok: true, target, signatures: result.signatures }]
      : [{ image, ok: false, target, error: result.error }];
  });
}
