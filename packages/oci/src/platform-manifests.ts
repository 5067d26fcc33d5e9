import { SigilError } from '@sigil/core';
import type { Registry } from '@sigil/oci';
import { formatPlatform, indexChildren, isIndexMediaType } from './image-index.js';
import { pinnedReference, type ImageTarget } from './image-target.js';

const MAX_INDEX_DEPTH = 4;

/** A manifest listed by an image index, directly or through nested indexes, in index order. */
export interface PlatformManifest {
  readonly digest: string;
  /** `os/architecture[/variant]`, `unknown/unknown`, or `unspecified platform`. */
  readonly platform: string;
  /** A nested index (listed by media type): its own manifests follow it in the list. */
  readonly isIndex: boolean;
  /**
   * An image a runtime can pull and run: not an index, and not a `unknown/unknown` entry (where BuildKit
   * stores its attestation manifests). Attestation requirements apply to runnable platforms only.
   */
  readonly runnable: boolean;
}

/** What the digest named is: a single manifest, or an index with its platform manifests. */
export type ManifestTree =
  { readonly isIndex: false } | { readonly isIndex: true; readonly platforms: readonly PlatformManifest[] };

/**
 * Reads the digest's manifest and, when it is an index, lists its manifests and those of nested indexes
 * (read in turn, at most four levels). A child's kind is taken from its media type in the index, which the
 * index digest covers. Throws `MANIFEST_NOT_FOUND` when the digest does not exist, `MANIFEST_INVALID` for
 * a malformed or too deeply nested index, and registry errors as they come.
 */
export async function manifestTree(
  registry: Registry,
  target: Pick<ImageTarget, 'repo' | 'digest'>,
): Promise<ManifestTree> {
  const platforms = await listPlatforms(registry, target, 0);
  return platforms === undefined ? { isIndex: false } : { isIndex: true, platforms };
}

async function listPlatforms(
  registry: Registry,
  target: Pick<ImageTarget, 'repo' | 'digest'>,
  depth: number,
): Promise<PlatformManifest[] | undefined> {
  const where = pinnedReference(target);
  const manifest = await registry.getManifest(target.repo, target.digest);
  if (manifest === undefined) throw new SigilError('MANIFEST_NOT_FOUND', `${where} does not exist`);
  const children = indexChildren(manifest, where);
  if (children === undefined) return undefined;
  if (depth >= MAX_INDEX_DEPTH) {
    throw new SigilError('MANIFEST_INVALID', `${where} nests indexes more than ${MAX_INDEX_DEPTH} deep`);
  }
  const listed: PlatformManifest[] = [];
  for (const child of children) {
    const platform = formatPlatform(child.platform);
    const isIndex = isIndexMediaType(child.mediaType);
    listed.push({
      digest: child.digest,
      platform,
      isIndex,
      runnable: !isIndex && platform !== 'unknown/unknown',
    });
    if (isIndex) {
      listed.push(
        ...((await listPlatforms(registry, { repo: target.repo, digest: child.digest }, depth + 1)) ?? []),
      );
    }
  }
  return listed;
}
