import { attestImage, type AttestedDigest } from '@sigil/cosign';
import { SLSA_PROVENANCE_V1 } from '@sigil/provenance';
import {
  resolveImages,
  throwIfAnyImageFailed,
  withRegistry,
  workOnEachImage,
  type ImageWorkOutcome,
  type RunDependencies,
} from '@sigil/toolkit';
import type { AttestProvenanceInputs } from './inputs.js';
import { attestProvenanceReport } from './report.js';
import { provenanceSummary } from './summary.js';

/** The runner-facing dependencies (toolkit `RunDependencies`). */
export type AttestProvenanceDependencies = RunDependencies;

/** Per image of the list: the attestation its digest now carries, or why not. */
export type ImageOutcome = ImageWorkOutcome<AttestedDigest>;

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
    const resolutions = await resolveImages(registry, inputs.images, { concurrency, logger });
    const outcomes = await workOnEachImage(resolutions, { concurrency, logger, verb: 'attested' }, (target) =>
      attestImage(
        registry,
        target,
        inputs.key,
        { predicateType: SLSA_PROVENANCE_V1, predicate: inputs.predicate.bytes },
        { replace: inputs.replace, logger },
      ),
    );
    outputs.set(
      'attestations',
      outcomes.flatMap((outcome) => {
        if (!outcome.ok) return [];
        const { image, digest, predicateType, ref, replaced, deduplicated } = outcome.result;
        return [{ image, digest, predicateType, ref, replaced, deduplicated }];
      }),
    );
    const report = attestProvenanceReport(inputs, outcomes, (dependencies.now ?? (() => new Date()))());
    outputs.set('report-path', await dependencies.writeReport('attest-provenance-report', report));
    if (inputs.showSummary) await dependencies.writeSummary(provenanceSummary(inputs.predicate, outcomes));
    throwIfAnyImageFailed(outcomes, 'attested');
    return outcomes;
  });
}
