import { manifestTree, type ImageTarget } from '@sigil/oci';
import { SigilError } from '@sigil/core';
import type { Registry } from '@sigil/oci';

/** One manifest syft scans and its SBOM is attested to. */
export interface ScanTarget {
  readonly target: Pick<ImageTarget, 'image' | 'repo' | 'digest'>;
  /** `os/arch[/variant]` when the manifest is a platform of an index. */
  readonly platform?: string;
}

/** What to scan for one image: itself, or each platform of its index (with what was left out). */
interface ScanPlan {
  readonly index: boolean;
  readonly scans: readonly ScanTarget[];
  /** Entries of the index that are not platform images (BuildKit attestation manifests), by digest. */
  readonly skipped: readonly { readonly digest: string; readonly why: string }[];
}

/**
 * An image manifest is scanned itself. An index gets one scan per runnable platform image it lists
 * (nested indexes included), each to be attested to that platform's digest — never one platform's SBOM
 * attached to the whole index. These are the manifests verify-gate requires an SBOM on (`manifestTree`).
 * `unknown/unknown` entries (BuildKit's attestation manifests) are not images and are skipped.
 */
export async function planScans(registry: Registry, target: ImageTarget): Promise<ScanPlan> {
  let tree;
  try {
    tree = await manifestTree(registry, target);
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'MANIFEST_NOT_FOUND') throw error;
    throw new SigilError(
      'MANIFEST_NOT_FOUND',
      `${target.image} does not exist in the registry; nothing to scan.`,
      {
        cause: error,
        field: 'image-reference',
        hint: 'Push the image before attesting it, and check the digest.',
      },
    );
  }
  if (!tree.isIndex) return { index: false, scans: [{ target }], skipped: [] };
  const scans: ScanTarget[] = [];
  const skipped: { digest: string; why: string }[] = [];
  for (const manifest of tree.platforms) {
    if (manifest.isIndex) continue;
    if (!manifest.runnable) {
      skipped.push({
        digest: manifest.digest,
        why: `${manifest.platform} is not a platform image (an attestation manifest)`,
      });
      continue;
    }
    const image = `${target.repo.registry}/${target.repo.repository}@${manifest.digest}`;
    scans.push({
      target: { image, repo: target.repo, digest: manifest.digest },
      platform: manifest.platform,
    });
  }
  if (scans.length === 0) {
    throw new SigilError('MANIFEST_INVALID', `the index ${target.image} lists no platform image to scan`, {
      field: 'image-reference',
      hint: 'Attest a platform image, or give an SBOM for the index in `sbom`.',
    });
  }
  return { index: true, scans, skipped };
}
