import { repositoryName } from '@sigil/oci';
import type { GateImage } from './gate-policy.js';
import type { GateCheck, GateFailure, GateReason, ImageVerdict } from './gate-verdict.js';
import type { PinnedImage } from './reference-check.js';

/**
 * The pass rule: an image passes when every check made for it passed — each requirement for its digest
 * (and, with `platforms: all`, for each platform manifest), and each tag re-check. A check that could not
 * be made is a failed check, so registry trouble never passes an image.
 */
function imagePasses(checks: readonly GateCheck[]): boolean {
  return checks.every((check) => check.passed);
}

/** The reasons of the failed checks, each once, in check order. */
function failureReasons(checks: readonly GateCheck[]): GateReason[] {
  return [...new Set(checks.flatMap((check) => (check.passed ? [] : [check.reason])))];
}

/** The verdict on one image (with the other entries that named its digest) from its checks. */
export function imageVerdict(
  entry: GateImage,
  aliases: readonly string[],
  facts: Pick<ImageVerdict, 'repository' | 'tag' | 'digest' | 'checks' | 'durationMs'>,
): ImageVerdict {
  const reasons = failureReasons(facts.checks);
  return { image: entry.image, aliases, ...facts, passed: imagePasses(facts.checks), reasons };
}

/** The verdict on an entry that could not be pinned to a digest: its failed reference check. */
export function unpinnedVerdict(pinned: PinnedImage & { readonly ok: false }): ImageVerdict {
  return imageVerdict(pinned.entry, [], {
    repository: repositoryName(pinned.entry.reference),
    ...(pinned.entry.reference.tag === undefined ? {} : { tag: pinned.entry.reference.tag }),
    checks: [pinned.check],
    durationMs: pinned.pinMs,
  });
}

/** The `failed` entries of one verdict: one per failed check. */
export function failuresOf(verdict: ImageVerdict): GateFailure[] {
  return verdict.checks.flatMap((check) =>
    check.passed
      ? []
      : [
          {
            image: verdict.image,
            digest: check.digest ?? verdict.digest ?? null,
            check: check.check,
            reason: check.reason,
            message: check.message,
          },
        ],
  );
}
