import { SigilError, asSigilError, mapConcurrently, type Logger } from '@sigil/core';
import {
  groupByDigest,
  resolveImageTarget,
  type ImageEntry,
  type ImageTarget,
  type Registry,
} from '@sigil/oci';
import { inputOf } from './error-inputs.js';
import { registryFix } from './registry-fixes.js';

/** One entry of an `images` input, pinned to its digest, or why it could not be. */
export type ImageResolution =
  | { readonly image: string; readonly ok: true; readonly target: ImageTarget }
  | { readonly image: string; readonly ok: false; readonly error: SigilError };

/**
 * Pins every entry of an image list to a digest (a tag is resolved once, with a warning), `concurrency`
 * at a time, in input order. An image that cannot be resolved is that image's failure, not the run's:
 * the action works on the others and reports it with them.
 */
export async function resolveImages(
  registry: Registry,
  entries: readonly ImageEntry[],
  options: { readonly concurrency: number; readonly logger: Logger },
): Promise<ImageResolution[]> {
  return mapConcurrently(entries, options.concurrency, async (entry): Promise<ImageResolution> => {
    try {
      const target = await resolveImageTarget(registry, entry.image, entry.reference, options.logger);
      return { image: entry.image, ok: true, target };
    } catch (error) {
      return { image: entry.image, ok: false, error: asSigilError(error) };
    }
  });
}

/** What became of one image of the list: `work`'s result for its digest, or why there is none. */
export type ImageWorkOutcome<T> =
  | { readonly image: string; readonly ok: true; readonly target: ImageTarget; readonly result: T }
  | { readonly image: string; readonly ok: false; readonly target?: ImageTarget; readonly error: SigilError };

/**
 * Runs `work` once per distinct `registry/repository@digest` of the resolved list, `concurrency` at a
 * time, and returns one outcome per image in input order: an image that could not be resolved keeps its
 * error, a later entry naming a digest already listed is left out (and logged), and a failure of `work`
 * is that image's outcome only.
 */
export async function workOnEachImage<T>(
  resolutions: readonly ImageResolution[],
  options: { readonly concurrency: number; readonly logger: Logger; readonly verb: string },
  work: (target: ImageTarget) => Promise<T>,
): Promise<ImageWorkOutcome<T>[]> {
  const first: (ImageResolution & { ok: true })[] = [];
  for (const [leader, ...repeats] of groupByDigest(resolutions, (resolution) =>
    resolution.ok ? resolution.target : undefined,
  )) {
    if (leader === undefined || !leader.ok) continue;
    first.push(leader);
    for (const repeat of repeats) {
      if (!repeat.ok) continue;
      options.logger.info(
        `${repeat.image} names a digest listed earlier (${repeat.target.digest}); it is ${options.verb} once.`,
      );
    }
  }
  const done = new Map<ImageResolution, ImageWorkOutcome<T>>();
  await mapConcurrently(first, options.concurrency, async (resolution) => {
    const { image, target } = resolution;
    try {
      done.set(resolution, { image, ok: true, target, result: await work(target) });
    } catch (error) {
      done.set(resolution, { image, ok: false, target, error: asSigilError(error) });
    }
  });
  return resolutions.flatMap((resolution): ImageWorkOutcome<T>[] => {
    if (!resolution.ok) return [resolution];
    const outcome = done.get(resolution);
    return outcome === undefined ? [] : [outcome];
  });
}

/**
 * After everything was recorded (outputs, report, summary): fails the step when any image failed, with
 * one error that lists each (`2 of 5 image(s) could not be signed: …`) and carries the first failure's
 * code, input and hint (a registry failure's from the shared table: the registry inputs, or `images`).
 */
export function throwIfAnyImageFailed(
  outcomes: readonly ({ readonly image: string } & (
    { readonly ok: true } | { readonly ok: false; readonly error: SigilError }
  ))[],
  couldNot: string,
): void {
  const failures = outcomes.flatMap((outcome) => (outcome.ok ? [] : [outcome]));
  const first = failures[0];
  if (first === undefined) return;
  const list = failures
    .map((failure) => `${failure.image}: [${failure.error.code}] ${failure.error.message}`)
    .join('; ');
  // The list already says each failure's code and message: the cause chain continues below the first.
  const fix =
    inputOf(first.error) === undefined && first.error.hint === undefined
      ? registryFix(first.error.code)
      : undefined;
  const input = fix?.input ?? inputOf(first.error);
  const hint = fix?.hint ?? first.error.hint;
  const cause: unknown = first.error.cause;
  throw new SigilError(
    first.error.code,
    `${failures.length} of ${outcomes.length} image(s) could not be ${couldNot}: ${list}`,
    {
      ...(cause === undefined ? {} : { cause }),
      ...(input === undefined ? {} : { input }),
      ...(hint === undefined ? {} : { hint }),
    },
  );
}
