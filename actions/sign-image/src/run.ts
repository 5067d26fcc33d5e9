import {
  mapConcurrently,
  resolveImageTarget,
  signImages,
  type ImageEntry,
  type ImageTarget,
  type SignImageOutcome,
  type SignedDigest,
} from '@sigil/cosign';
import { SigilError, isSigilError, type Logger } from '@sigil/errors';
import type { Registry } from '@sigil/oci';
import type { SignImageInputs } from './inputs.js';
import { createRegistryClient, type RunDependencies } from '@sigil/toolkit';
import { signImageReport } from './report.js';
import { signSummary } from './summary.js';

/** The runner-facing dependencies (toolkit `RunDependencies`). */
export type SignImageDependencies = RunDependencies;

/** Per image of the list: signed (with every digest that got a signature) or why not. */
export type ImageOutcome =
  | {
      readonly image: string;
      readonly ok: true;
      readonly target: ImageTarget;
      readonly signatures: readonly SignedDigest[];
    }
  | { readonly image: string; readonly ok: false; readonly target?: ImageTarget; readonly error: SigilError };

/**
 * Signs every image of the list (tags resolved once, each digest once), sets the outputs, writes the
 * report and summary, and then fails if any image could not be signed.
 */
export async function run(
  inputs: SignImageInputs,
  dependencies: SignImageDependencies,
): Promise<ImageOutcome[]> {
  const client =
    dependencies.registry === undefined
      ? await createRegistryClient(
          inputs.registry,
          dependencies.environment,
          dependencies.mask,
          dependencies.logger,
        )
      : undefined;
  const registry = dependencies.registry ?? (client as Registry);
  try {
    const outcomes = await signAll(registry, inputs, dependencies.logger);
    const signatures = outcomes.flatMap((outcome) => (outcome.ok ? outcome.signatures : []));
    dependencies.outputs.set(
      'signatures',
      signatures.map(({ image, digest, format, ref, deduplicated }) => ({
        image,
        digest,
        format,
        ref,
        deduplicated,
      })),
    );
    dependencies.outputs.set(
      'digests',
      [...new Set(signatures.map((signature) => signature.digest))].join('\n'),
    );
    const report = signImageReport(inputs, outcomes, (dependencies.now ?? (() => new Date()))());
    dependencies.outputs.set('report-path', await dependencies.writeReport('sign-image-report', report));
    if (inputs.showSummary) await dependencies.writeSummary(signSummary(outcomes));
    throwIfAnyFailed(outcomes);
    return outcomes;
  } finally {
    client?.close();
  }
}

type Resolution =
  | { readonly resolved: true; readonly image: string; readonly target: ImageTarget }
  | { readonly resolved: false; readonly outcome: ImageOutcome & { ok: false } };

async function signAll(registry: Registry, inputs: SignImageInputs, logger: Logger): Promise<ImageOutcome[]> {
  const concurrency = inputs.registry.concurrency;
  const resolutions = await mapConcurrently(inputs.images, concurrency, (entry) =>
    resolve(registry, entry, logger),
  );
  const targets = resolutions.flatMap((resolution) => (resolution.resolved ? [resolution.target] : []));
  const signed = await signImages(registry, targets, inputs.key, {
    annotations: inputs.annotations,
    recursive: inputs.recursive,
    concurrency,
    logger,
  });
  const byTarget = new Map<ImageTarget, SignImageOutcome>(signed.map((outcome) => [outcome.target, outcome]));
  return resolutions.flatMap((resolution): ImageOutcome[] => {
    if (!resolution.resolved) return [resolution.outcome];
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

async function resolve(registry: Registry, entry: ImageEntry, logger: Logger): Promise<Resolution> {
  try {
    const target = await resolveImageTarget(registry, entry.image, entry.reference, logger);
    return { resolved: true, image: entry.image, target };
  } catch (error) {
    return { resolved: false, outcome: { image: entry.image, ok: false, error: asSigilError(error) } };
  }
}

function throwIfAnyFailed(outcomes: readonly ImageOutcome[]): void {
  const failures = outcomes.filter((outcome): outcome is ImageOutcome & { ok: false } => !outcome.ok);
  const first = failures[0];
  if (first === undefined) return;
  const list = failures
    .map((failure) => `${failure.image}: [${failure.error.code}] ${failure.error.message}`)
    .join('; ');
  throw new SigilError(
    first.error.code,
    `${failures.length} of ${outcomes.length} image(s) could not be signed: ${list}`,
    {
      cause: first.error,
      ...(first.error.input === undefined ? {} : { input: first.error.input }),
      ...(first.error.hint === undefined ? {} : { hint: first.error.hint }),
    },
  );
}

function asSigilError(error: unknown): SigilError {
  if (isSigilError(error)) return error;
  const message = (error as { message?: unknown } | null)?.message;
  return new SigilError(
    'INTERNAL',
    `unexpected failure: ${typeof message === 'string' ? message : String(error)}`,
    {
      cause: error,
    },
  );
}
