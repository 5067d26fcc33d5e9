import { SigilError, mapConcurrently, silentLogger, type Logger } from '@sigil/core';
import { groupByDigest, repositoryName, type Registry } from '@sigil/oci';
import { nativeEvidenceVerifier, type EvidenceVerifier } from './evidence-verifier.js';
import type { GateImage, GateMode, GatePolicy } from './gate-policy.js';
import type { GateFailure, GateResult, ImageVerdict } from './gate-verdict.js';
import { imageChecks } from './image-checks.js';
import { failuresOf, imageVerdict, unpinnedVerdict } from './image-verdict.js';
import { ReadOnceRegistry } from './read-once-registry.js';
import { pinImage, type PinnedImage } from './reference-check.js';
import { tagChecks } from './tag-check.js';

export interface GateDependencies {
  readonly logger?: Logger;
  /** Milliseconds, for durations (default `Date.now`). */
  readonly clock?: () => number;
  /** What judges signatures and attestations (default `nativeEvidenceVerifier`). */
  readonly verifier?: EvidenceVerifier;
}

type Pinned = PinnedImage & { readonly ok: true };
type Unpinned = PinnedImage & { readonly ok: false };

/** The entries of the list that named one digest: judged once, as the first of them. */
interface DigestGroup {
  readonly first: Pinned;
  readonly members: Pinned[];
}

/**
 * The promotion gate: pins every image to a digest (a tag is resolved once), judges each distinct digest
 * once (`judgeImage`), and returns one verdict per distinct image in input order. Nothing here throws for
 * a bad image: every problem, registry trouble included, is a failed check with its own reason. In
 * `audit` mode the result never fails the step, but reports the same verdicts.
 */
export async function runGate(
  registry: Registry,
  images: readonly GateImage[],
  policy: GatePolicy,
  dependencies: GateDependencies = {},
): Promise<GateResult> {
  if (images.length === 0) {
    // No evidence is not a pass: a gate over nothing must not say "verified".
    throw new SigilError('INPUT_INVALID', 'the gate was given no images to verify', {
      field: 'image-reference',
      hint: 'List the images to promote in `images`, one per line.',
    });
  }
  const logger = dependencies.logger ?? silentLogger;
  const clock = dependencies.clock ?? Date.now;
  const startedAt = clock();
  const concurrency = policy.concurrency ?? 8;
  const verifier = dependencies.verifier ?? nativeEvidenceVerifier;

  const pinned = await mapConcurrently(images, concurrency, (entry) =>
    pinImage(registry, entry, logger, clock),
  );
  const verdicts = await mapConcurrently(imageUnits(pinned), concurrency, async (unit) =>
    'check' in unit ? unpinnedVerdict(unit) : judgeImage(registry, unit, policy, verifier, clock),
  );
  const failed = verdicts.flatMap(failuresOf);
  warnOfFailures(failed, policy.mode, logger);
  for (const verdict of verdicts) warnOfRevokedSignatures(verdict, logger);
  const verified = failed.length === 0;
  return {
    mode: policy.mode,
    verified,
    passed: verified || policy.mode === 'audit',
    images: verdicts,
    failed,
    durationMs: clock() - startedAt,
  };
}

/**
 * One image: every requirement for its digest (and with `platforms: all` its platforms), then the tags it
 * was given by, re-checked; it passes when every check did (`imagePasses`).
 */
async function judgeImage(
  registry: Registry,
  group: DigestGroup,
  policy: GatePolicy,
  verifier: EvidenceVerifier,
  clock: () => number,
): Promise<ImageVerdict> {
  const { target } = group.first;
  const startedAt = clock();
  // One read of each tag and blob for all requirements of this image; the tag re-check must see the
  // registry as it is afterwards, so it goes to the client itself.
  const checks = [
    ...(await imageChecks(new ReadOnceRegistry(registry), target, policy, verifier)),
    ...(await tagChecks(
      registry,
      group.members.map((member) => member.target),
    )),
  ];
  return imageVerdict(
    group.first.entry,
    group.members.slice(1).map((member) => member.entry.image),
    {
      repository: repositoryName(target.repo),
      ...(target.tag === undefined ? {} : { tag: target.tag }),
      digest: target.digest,
      checks,
      durationMs: group.first.pinMs + (clock() - startedAt),
    },
  );
}

/**
 * Entries naming the same `registry/repository@digest` become one group at the first one's position (the
 * one "each digest once" rule, oci `groupByDigest`); an entry that could not be pinned stands alone.
 */
function imageUnits(pinned: readonly PinnedImage[]): (DigestGroup | Unpinned)[] {
  return groupByDigest(pinned, (item) => (item.ok ? item.target : undefined)).map(
    (members): DigestGroup | Unpinned => {
      const ok = members.filter((member): member is Pinned => member.ok);
      const [first] = ok;
      if (first !== undefined) return { first, members: ok };
      const unpinned = members.find((member): member is Unpinned => !member.ok);
      if (unpinned === undefined) throw new Error('groupByDigest gave an empty group');
      return unpinned;
    },
  );
}

function warnOfFailures(failed: readonly GateFailure[], mode: GateMode, logger: Logger): void {
  for (const failure of failed) {
    const action = mode === 'audit' ? 'audit only, not enforced' : 'blocked';
    logger.warning(`${failure.image}: ${failure.reason} (${action}): ${failure.message}`);
  }
}

function warnOfRevokedSignatures(verdict: ImageVerdict, logger: Logger): void {
  for (const check of verdict.checks) {
    for (const revoked of check.revokedSignatures ?? []) {
      logger.warning(
        `${verdict.image}: ${check.signatureRef ?? check.attestationRef} holds a ${check.check === 'signature' ? 'signature' : 'attestation'} by revoked key ${revoked.keyId} (layer ${revoked.layer}); it was not counted.`,
      );
    }
  }
}
