import type { Registry } from '@sigil/oci';
import { nativeEvidenceVerifier, type EvidenceTarget, type EvidenceVerifier } from './evidence-verifier.js';
import type { GatePolicy } from './gate-policy.js';
import type { GateCheck } from './gate-verdict.js';
import { platformChecks, readTree, type TreeRead } from './platform-checks.js';
import { requirementCheck } from './requirement-check.js';
import type { Requirement } from './requirement.js';
import { sbomChecks } from './sbom-check.js';

/**
 * Every requirement of `policy` for one pinned image, in requirement order, then (with `platforms: all`)
 * for each platform manifest of an index, in index order. For each digest the `.sig` and `.att` tags are
 * read at once; `registry` should share reads (`ReadOnceRegistry`), so every attestation requirement is
 * judged from one read of the `.att` tag.
 *
 * Multi-platform images (an index) — the rule:
 * - `signature`, `provenance` and predicate-type URIs are checked on the index digest; with
 *   `platforms: all` also on every manifest it lists (see `platformChecks`).
 * - `sbom` describes what runs, a platform image: see `sbomChecks`.
 *
 * `verifier` judges each requirement for each digest (default: sigil's native verification).
 */
export async function imageChecks(
  registry: Registry,
  target: EvidenceTarget,
  policy: GatePolicy,
  verifier: EvidenceVerifier = nativeEvidenceVerifier,
): Promise<GateCheck[]> {
  const tree = policy.platforms === 'all' ? readTree(registry, target) : undefined;
  const own = await Promise.all(
    policy.requirements.map((requirement) =>
      ownChecks(registry, verifier, target, requirement, policy, tree),
    ),
  );
  const platforms =
    tree === undefined ? [] : await platformChecks(registry, verifier, target, policy, await tree);
  return [...own.flat(), ...platforms];
}

/** One requirement for the digest named (`sbom` of an index may be met through its platforms). */
async function ownChecks(
  registry: Registry,
  verifier: EvidenceVerifier,
  target: EvidenceTarget,
  requirement: Requirement,
  policy: GatePolicy,
  tree: Promise<TreeRead> | undefined,
): Promise<GateCheck[]> {
  if (requirement.kind === 'sbom') return sbomChecks(registry, verifier, target, requirement, policy, tree);
  return [await requirementCheck(registry, verifier, target, requirement, policy)];
}
