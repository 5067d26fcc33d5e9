import { resolveImageTarget, type ImageTarget, type Registry } from '@sigil/oci';
import type { Logger } from '@sigil/core';
import { couldNotCheck } from './could-not-check.js';
import type { GateImage } from './gate-policy.js';
import type { ReferenceCheck } from './gate-verdict.js';

/** An entry pinned to a digest, or the failed reference check saying why not; with the time it took. */
export type PinnedImage =
  | { readonly ok: true; readonly entry: GateImage; readonly target: ImageTarget; readonly pinMs: number }
  | { readonly ok: false; readonly entry: GateImage; readonly check: ReferenceCheck; readonly pinMs: number };

/** Pins an entry of the image list to a digest: a tag is resolved once, here; a digest is taken as written. */
export async function pinImage(
  registry: Registry,
  entry: GateImage,
  logger: Logger,
  clock: () => number,
): Promise<PinnedImage> {
  const startedAt = clock();
  try {
    const target = await resolveImageTarget(registry, entry.image, entry.reference, logger);
    return { ok: true, entry, target, pinMs: clock() - startedAt };
  } catch (error) {
    const check: ReferenceCheck = { check: 'reference', ...couldNotCheck(error, `resolve ${entry.image}`) };
    return { ok: false, entry, check, pinMs: clock() - startedAt };
  }
}
