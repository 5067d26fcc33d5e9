import { mapConcurrently } from '@sigil/core';
import { pinnedReference, type Registry } from '@sigil/oci';
import { attestationCheck } from './attestation-check.js';
import type { EvidenceTarget, EvidenceVerifier } from './evidence-verifier.js';
import type { GatePolicy } from './gate-policy.js';
import type { AttestationCheck } from './gate-verdict.js';
import { PLATFORM_CONCURRENCY, platformTarget, readTree, type TreeRead } from './platform-checks.js';

/**
 * The `sbom` requirement for one pinned digest. An SBOM describes what runs, and what runs is a platform
 * image: attest-sbom writes one SBOM per platform and none for the index.
 * - With `platforms: index` (no `tree`), an index meets `sbom` with an SBOM of its own (as `cosign attest`
 *   on an index writes it) or, when it has none that verifies, when every runnable platform has one.
 * - With `platforms: all`, every runnable platform must carry its own verified SBOM (checked with the
 *   platforms); an SBOM on the index is not needed and never stands in for a platform's. An index listing
 *   no runnable platform fails `sbom`.
 */
export async function sbomChecks(
  registry: Registry,
  verifier: EvidenceVerifier,
  target: EvidenceTarget,
  requirement: { readonly kind: 'sbom' },
  policy: GatePolicy,
  tree: Promise<TreeRead> | undefined,
): Promise<AttestationCheck[]> {
  const check = (digest: EvidenceTarget, platform?: string) =>
    attestationCheck(registry, digest, requirement, policy, platform, verifier);
  if (tree !== undefined) {
    // platforms: all — an index's SBOMs are its platforms' (checked with them); a tree error is reported there.
    const read = await tree;
    if (!read.ok) return [];
    if (!read.tree.isIndex) return [await check(target)];
    return read.tree.platforms.some((platform) => platform.runnable) ? [] : [noRunnablePlatform(target)];
  }
  const own = await check(target);
  if (own.passed) return [own];
  const read = await readTree(registry, target);
  if (!read.ok || !read.tree.isIndex) return [own];
  const runnable = read.tree.platforms.filter((platform) => platform.runnable);
  if (runnable.length === 0) return [own];
  const perPlatform = await mapConcurrently(runnable, PLATFORM_CONCURRENCY, (platform) =>
    check(platformTarget(target, platform), platform.platform),
  );
  if (perPlatform.some((platformCheck) => !platformCheck.passed)) return perPlatform;
  const viaPlatforms: AttestationCheck = {
    check: 'sbom',
    passed: true,
    digest: target.digest,
    message: `the index carries no verified SBOM of its own; each of its ${runnable.length} platform manifest(s) does`,
  };
  return [viaPlatforms, ...perPlatform];
}

function noRunnablePlatform(target: EvidenceTarget): AttestationCheck {
  return {
    check: 'sbom',
    passed: false,
    reason: 'ATTESTATION_MISSING',
    digest: target.digest,
    message: `${pinnedReference(target)} is an index that lists no runnable platform manifest to carry an SBOM`,
  };
}
