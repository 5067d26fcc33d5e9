import { manifestTree, type ImageTarget } from '@sigil/oci';
import { mapConcurrently } from '@sigil/core';
import { attestInFormats, type SigningEngine } from '@sigil/signer';
import type { Registry } from '@sigil/oci';
import { SLSA_PROVENANCE_V1 } from '@sigil/provenance';
import {
  nativeSigningEngineOnly,
  signerReport,
  resolveImages,
  throwIfAnyImageFailed,
  withRegistry,
  workOnEachImage,
  type RunDependencies,
  writtenLocation,
} from '@sigil/toolkit';
import type { AttestProvenanceInputs } from './inputs.js';
import type { AttestedProvenance, ImageOutcome } from './outcome.js';
import { attestProvenanceReport } from './report.js';
import { provenanceSummary } from './summary.js';

/** The runner-facing dependencies (toolkit `RunDependencies`). */
export type AttestProvenanceDependencies = RunDependencies;

/** Platforms of one index attested at once. */
const PLATFORM_CONCURRENCY = 4;

/**
 * Attests the provenance predicate to every image of the list (tags resolved once, each digest once),
 * sets the outputs, writes the report and summary, and then fails if any image could not be attested.
 */
export async function run(
  inputs: AttestProvenanceInputs,
  dependencies: AttestProvenanceDependencies,
): Promise<ImageOutcome[]> {
  const { logger, outputs } = dependencies;
  const concurrency = inputs.registry.concurrency;
  return withRegistry(inputs.registry, dependencies, async (registry) => {
    const makeEngine = dependencies.signingEngine ?? nativeSigningEngineOnly;
    const engine = await makeEngine(inputs.key, registry, inputs.registry);
    const resolutions = await resolveImages(registry, inputs.images, { concurrency, logger });
    const outcomes = await workOnEachImage(resolutions, { concurrency, logger, verb: 'attested' }, (target) =>
      attestWithPlatforms(registry, engine, target, inputs, dependencies.logger),
    );
    outputs.set(
      'attestations',
      outcomes.flatMap((outcome) =>
        outcome.ok
          ? outcome.result.map((attested) => ({
              image: attested.image,
              digest: attested.digest,
              ...(attested.platform === undefined ? {} : { platform: attested.platform }),
              predicateType: attested.predicateType,
              ...writtenLocation(attested),
              replaced: attested.replaced,
              deduplicated: attested.deduplicated,
            }))
          : [],
      ),
    );
    const signer = await signerReport(inputs.key, engine);
    const report = attestProvenanceReport(
      inputs,
      signer,
      outcomes,
      (dependencies.now ?? (() => new Date()))(),
    );
    outputs.set('report-path', await dependencies.writeReport('attest-provenance-report', report));
    if (inputs.showSummary)
      await dependencies.writeSummary(provenanceSummary(inputs.predicate, outcomes, signer));
    throwIfAnyImageFailed(outcomes, 'attested');
    return outcomes;
  });
}

/**
 * Attests the image's digest and, with `recursive`, every runnable platform manifest of its index (the
 * manifests verify-gate with `platforms: all` requires provenance on). Every attestation of the image
 * finishes before a failure of one of them is reported.
 */
async function attestWithPlatforms(
  registry: Registry,
  engine: SigningEngine,
  target: ImageTarget,
  inputs: AttestProvenanceInputs,
  logger: AttestProvenanceDependencies['logger'],
): Promise<AttestedProvenance[]> {
  const digests: { target: Pick<ImageTarget, 'image' | 'repo' | 'digest'>; platform?: string }[] = [
    { target },
  ];
  if (inputs.recursive) {
    const tree = await manifestTree(registry, target);
    if (tree.isIndex) {
      for (const manifest of tree.platforms) {
        if (!manifest.runnable) continue;
        const image = `${target.repo.registry}/${target.repo.repository}@${manifest.digest}`;
        digests.push({
          target: { image, repo: target.repo, digest: manifest.digest },
          platform: manifest.platform,
        });
      }
    }
  }
  const settled = await mapConcurrently(digests, PLATFORM_CONCURRENCY, async (entry) => {
    try {
      const attested = await attestInFormats(
        engine,
        entry.target,
        { predicateType: SLSA_PROVENANCE_V1, predicate: inputs.predicate.bytes },
        { replace: inputs.replace, logger, format: inputs.signatureFormat },
      );
      const platform = entry.platform === undefined ? {} : { platform: entry.platform };
      return { ok: true as const, value: attested.map((one) => ({ ...one, ...platform })) };
    } catch (error) {
      return { ok: false as const, error };
    }
  });
  const failed = settled.find((result) => !result.ok);
  if (failed !== undefined && !failed.ok) throw failed.error;
  return settled.flatMap((result) => (result.ok ? result.value : []));
}
