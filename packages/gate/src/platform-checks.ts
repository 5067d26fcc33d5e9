import { manifestTree, pinnedReference, type ManifestTree, type PlatformManifest } from '@sigil/oci';
import { mapConcurrently } from '@sigil/core';
import type { Registry } from '@sigil/oci';
import { couldNotCheck } from './could-not-check.js';
import type { EvidenceTarget, EvidenceVerifier } from './evidence-verifier.js';
import type { GatePolicy } from './gate-policy.js';
import type { GateCheck } from './gate-verdict.js';
import { requirementCheck } from './requirement-check.js';
import { requirementName, type Requirement } from './requirement.js';

/** Platform manifests of one index checked at once. */
export const PLATFORM_CONCURRENCY = 4;

/** What a digest names (an image, or an index and its platform manifests), or why it could not be read. */
export type TreeRead =
  { readonly ok: true; readonly tree: ManifestTree } | { readonly ok: false; readonly error: unknown };

export async function readTree(registry: Registry, target: EvidenceTarget): Promise<TreeRead> {
  try {
    return { ok: true, tree: await manifestTree(registry, target) };
  } catch (error) {
    return { ok: false, error };
  }
}

/**
 * `platforms: all`: every manifest the index lists, each requirement that applies to it — attestations on
 * every runnable platform and nested index (not BuildKit's `unknown/unknown` attestation manifests), a
 * signature on every manifest. An index that cannot be read fails the first requirement (fail closed).
 */
export async function platformChecks(
  registry: Registry,
  verifier: EvidenceVerifier,
  target: EvidenceTarget,
  policy: GatePolicy,
  read: TreeRead,
): Promise<GateCheck[]> {
  const first = policy.requirements[0];
  if (first === undefined) return [];
  if (!read.ok) {
    const where = pinnedReference(target);
    const failure = couldNotCheck(read.error, `read ${where} to check its platforms`, target.digest);
    return [
      first.kind === 'signature'
        ? { check: 'signature', ...failure }
        : { check: requirementName(first), ...failure },
    ];
  }
  if (!read.tree.isIndex) return [];
  const perPlatform = await mapConcurrently(read.tree.platforms, PLATFORM_CONCURRENCY, (platform) =>
    Promise.all(
      policy.requirements
        .filter((requirement) => appliesTo(requirement, platform))
        .map((requirement) =>
          requirementCheck(
            registry,
            verifier,
            platformTarget(target, platform),
            requirement,
            policy,
            platform.platform,
          ),
        ),
    ),
  );
  return perPlatform.flat();
}

function appliesTo(requirement: Requirement, platform: PlatformManifest): boolean {
  if (requirement.kind === 'signature') return true;
  if (requirement.kind === 'sbom') return platform.runnable;
  return platform.runnable || platform.isIndex;
}

/** A platform manifest of an index, as a digest to check. */
export function platformTarget(target: EvidenceTarget, platform: PlatformManifest): EvidenceTarget {
  return {
    image: pinnedReference({ repo: target.repo, digest: platform.digest }),
    repo: target.repo,
    digest: platform.digest,
  };
}
