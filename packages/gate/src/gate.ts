import { mapConcurrently } from '@sigil/core';
import { pinnedReference, resolveImageTarget, type ImageTarget } from '@sigil/oci';
import { SigilError, silentLogger, type Logger } from '@sigil/core';
import { repositoryName, type Registry } from '@sigil/oci';
import type { GateImage, GatePolicy } from './gate-policy.js';
import type { GateCheck, GateFailure, GateResult, ImageVerdict, ReferenceCheck } from './gate-verdict.js';
import { nativeEvidenceVerifier, type EvidenceVerifier } from './evidence-verifier.js';
import { imageChecks } from './image-checks.js';
import { ReadOnceRegistry } from './read-once-registry.js';
import { couldNotCheck } from './signature-check.js';
import { tagCheck } from './tag-check.js';

export interface GateDependencies {
  readonly logger?: Logger;
  /** Milliseconds, for durations (default `Date.now`). */
  readonly clock?: () => number;
  /** What judges signatures and attestations (default `nativeEvidenceVerifier`). */
  readonly verifier?: EvidenceVerifier;
}

/** An entry pinned to a digest (or not), with the time resolving it took. */
type Pinned =
  | { readonly ok: true; readonly entry: GateImage; readonly target: ImageTarget; readonly pinMs: number }
  | { readonly ok: false; readonly entry: GateImage; readonly check: ReferenceCheck; readonly pinMs: number };

interface Group {
  readonly first: Pinned & { ok: true };
  readonly members: (Pinned & { ok: true })[];
}

/**
 * The promotion gate: pins every image to a digest (a tag is resolved once), checks each distinct digest
 * once against every requirement of `policy` (see `imageChecks`), re-checks tags afterwards, and returns one verdict per distinct image in input
 * order. Nothing here throws for a bad image: every problem, registry trouble included, is a failed check
 * with its own reason. In `audit` mode the result never fails the step, but reports the same verdicts.
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
      input: 'images',
      hint: 'List the images to promote in `images`, one per line.',
    });
  }
  const logger = dependencies.logger ?? silentLogger;
  const clock = dependencies.clock ?? Date.now;
  const startedAt = clock();
  const concurrency = policy.concurrency ?? 8;
  const verifier = dependencies.verifier ?? nativeEvidenceVerifier;

  const pinned = await mapConcurrently(images, concurrency, (entry) => pin(registry, entry, logger, clock));
  const units = groupByDigest(pinned);
  const verdicts = await mapConcurrently(units, concurrency, async (unit) =>
    'check' in unit ? unpinnedVerdict(unit) : verifyGroup(registry, unit, policy, verifier, clock),
  );

  const failed = verdicts.flatMap(failuresOf);
  for (const failure of failed) {
    const action = policy.mode === 'audit' ? 'audit only, not enforced' : 'blocked';
    logger.warning(`${failure.image}: ${failure.reason} (${action}): ${failure.message}`);
  }
  for (const verdict of verdicts) reportRevokedSignatures(verdict, logger);
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

async function pin(
  registry: Registry,
  entry: GateImage,
  logger: Logger,
  clock: () => number,
): Promise<Pinned> {
  const startedAt = clock();
  try {
    const target = await resolveImageTarget(registry, entry.image, entry.reference, logger);
    return { ok: true, entry, target, pinMs: clock() - startedAt };
  } catch (error) {
    const check: ReferenceCheck = { check: 'reference', ...couldNotCheck(error, `resolve ${entry.image}`) };
    return { ok: false, entry, check, pinMs: clock() - startedAt };
  }
}

/** Entries naming the same `registry/repository@digest` become one group, at the first one's position. */
function groupByDigest(pinned: readonly Pinned[]): (Group | (Pinned & { ok: false }))[] {
  const units: (Group | (Pinned & { ok: false }))[] = [];
  const groups = new Map<string, Group>();
  for (const item of pinned) {
    if (!item.ok) {
      units.push(item);
      continue;
    }
    const key = pinnedReference(item.target);
    const group = groups.get(key);
    if (group === undefined) {
      const created: Group = { first: item, members: [item] };
      groups.set(key, created);
      units.push(created);
    } else {
      group.members.push(item);
    }
  }
  return units;
}

async function verifyGroup(
  registry: Registry,
  group: Group,
  policy: GatePolicy,
  verifier: EvidenceVerifier,
  clock: () => number,
): Promise<ImageVerdict> {
  const { target } = group.first;
  const startedAt = clock();
  // One read of each tag and blob for all requirements of this image; the tag re-check below must see
  // the registry as it is afterwards, so it goes to the client itself.
  const checks: GateCheck[] = await imageChecks(new ReadOnceRegistry(registry), target, policy, verifier);
  const tags = [
    ...new Set(
      group.members.flatMap((member) => (member.target.tag === undefined ? [] : [member.target.tag])),
    ),
  ];
  for (const tag of tags) checks.push(await tagCheck(registry, target.repo, tag, target.digest));
  return verdict(
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

function unpinnedVerdict(item: Pinned & { ok: false }): ImageVerdict {
  return verdict(item.entry, [], {
    repository: repositoryName(item.entry.reference),
    ...(item.entry.reference.tag === undefined ? {} : { tag: item.entry.reference.tag }),
    checks: [item.check],
    durationMs: item.pinMs,
  });
}

function verdict(
  entry: GateImage,
  aliases: readonly string[],
  facts: Pick<ImageVerdict, 'repository' | 'tag' | 'digest' | 'checks' | 'durationMs'>,
): ImageVerdict {
  const reasons = [...new Set(facts.checks.flatMap((check) => (check.passed ? [] : [check.reason])))];
  return { image: entry.image, aliases, ...facts, passed: reasons.length === 0, reasons };
}

function failuresOf(verdict: ImageVerdict): GateFailure[] {
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

function reportRevokedSignatures(verdict: ImageVerdict, logger: Logger): void {
  for (const check of verdict.checks) {
    for (const revoked of check.revokedSignatures ?? []) {
      logger.warning(
        `${verdict.image}: ${check.signatureRef ?? check.attestationRef} holds a ${check.check === 'signature' ? 'signature' : 'attestation'} by revoked key ${revoked.keyId} (layer ${revoked.layer}); it was not counted.`,
      );
    }
  }
}
