import {
  manifestTree,
  pinnedReference,
  type ImageTarget,
  type ManifestTree,
  type PlatformManifest,
} from '@sigil/oci';
import { mapConcurrently } from '@sigil/core';
import type { Registry } from '@sigil/oci';
import { attestationCheck } from './attestation-check.js';
import { nativeEvidenceVerifier, type EvidenceVerifier } from './evidence-verifier.js';
import type { GatePolicy } from './gate-policy.js';
import type { GateCheck } from './gate-verdict.js';
import { requirementName, type Requirement } from './requirement.js';
import { couldNotCheck, signatureCheck } from './signature-check.js';

const PLATFORM_CONCURRENCY = 4;

type Target = Pick<ImageTarget, 'image' | 'repo' | 'digest'>;
type Tree =
  { readonly ok: true; readonly tree: ManifestTree } | { readonly ok: false; readonly error: unknown };

/**
 * Every requirement of `policy` for one pinned image, in requirement order, then (with `platforms: all`)
 * for each platform manifest of an index, in index order. For each digest the `.sig` and `.att` tags are
 * read at once; `registry` should share reads (`ReadOnceRegistry`), so every attestation requirement is
 * judged from one read of the `.att` tag.
 *
 * Multi-platform images (an index) — the rule:
 * - `signature`, `provenance` and predicate-type URIs are checked on the index digest; with
 *   `platforms: all` also on every manifest it lists (attestations: every runnable platform and nested
 *   index, not BuildKit's `unknown/unknown` attestation manifests; signatures: every manifest, as before).
 * - `sbom` describes what runs, and what runs is a platform image: attest-sbom writes one SBOM per
 *   platform and none for the index. With `platforms: index`, an index meets `sbom` with an SBOM of its
 *   own (as `cosign attest` on an index writes it) or, when it has none that verifies, when every runnable
 *   platform has one. With `platforms: all`, every runnable platform must carry its own verified SBOM; an
 *   SBOM on the index is not needed and never stands in for a platform's. An index listing no runnable
 *   platform fails `sbom`.
 *
 * `verifier` judges each requirement for each digest (default: sigil's native verification).
 */
export async function imageChecks(
  registry: Registry,
  target: Target,
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
    tree === undefined ? [] : await allPlatformChecks(registry, verifier, target, policy, await tree);
  return [...own.flat(), ...platforms];
}

async function ownChecks(
  registry: Registry,
  verifier: EvidenceVerifier,
  target: Target,
  requirement: Requirement,
  policy: GatePolicy,
  tree: Promise<Tree> | undefined,
): Promise<GateCheck[]> {
  if (requirement.kind !== 'sbom')
    return [await requirementCheck(registry, verifier, target, requirement, policy)];
  if (tree !== undefined) {
    // platforms: all — an index's SBOMs are its platforms' (checked with them); a tree error is reported there.
    const read = await tree;
    if (!read.ok) return [];
    if (!read.tree.isIndex) return [await requirementCheck(registry, verifier, target, requirement, policy)];
    return read.tree.platforms.some((platform) => platform.runnable) ? [] : [noRunnablePlatform(target)];
  }
  const own = await requirementCheck(registry, verifier, target, requirement, policy);
  if (own.passed) return [own];
  const read = await readTree(registry, target);
  if (!read.ok || !read.tree.isIndex) return [own];
  const runnable = read.tree.platforms.filter((platform) => platform.runnable);
  if (runnable.length === 0) return [own];
  const perPlatform = await mapConcurrently(runnable, PLATFORM_CONCURRENCY, (platform) =>
    requirementCheck(
      registry,
      verifier,
      platformTarget(target, platform),
      requirement,
      policy,
      platform.platform,
    ),
  );
  if (perPlatform.some((check) => !check.passed)) return perPlatform;
  const viaPlatforms: GateCheck = {
    check: 'sbom',
    passed: true,
    digest: target.digest,
    message: `the index carries no verified SBOM of its own; each of its ${runnable.length} platform manifest(s) does`,
  };
  return [viaPlatforms, ...perPlatform];
}

/** `platforms: all`: every manifest the index lists, each requirement that applies to it. */
async function allPlatformChecks(
  registry: Registry,
  verifier: EvidenceVerifier,
  target: Target,
  policy: GatePolicy,
  read: Tree,
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

async function requirementCheck(
  registry: Registry,
  verifier: EvidenceVerifier,
  target: Target,
  requirement: Requirement,
  policy: GatePolicy,
  platform?: string,
): Promise<GateCheck> {
  if (requirement.kind === 'signature') {
    return signatureCheck(await verifier.verifySignatures(registry, target, policy.signature), platform);
  }
  return attestationCheck(registry, target, requirement, policy, platform, verifier);
}

async function readTree(registry: Registry, target: Target): Promise<Tree> {
  try {
    return { ok: true, tree: await manifestTree(registry, target) };
  } catch (error) {
    return { ok: false, error };
  }
}

function platformTarget(target: Target, platform: PlatformManifest): Target {
  return {
    image: pinnedReference({ repo: target.repo, digest: platform.digest }),
    repo: target.repo,
    digest: platform.digest,
  };
}

function noRunnablePlatform(target: Target): GateCheck {
  return {
    check: 'sbom',
    passed: false,
    reason: 'ATTESTATION_MISSING',
    digest: target.digest,
    message: `${pinnedReference(target)} is an index that lists no runnable platform manifest to carry an SBOM`,
  };
}
