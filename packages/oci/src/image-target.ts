import { SigilError, isSigilError, silentLogger, type Logger } from '@sigil/core';
import {
  parseReference,
  repositoryName,
  type ImageReference,
  type Registry,
  type RepositoryRef,
} from '@sigil/oci';

/** An image pinned to a digest: what is signed or verified. */
export interface ImageTarget {
  /** The reference as the user wrote it. */
  readonly image: string;
  readonly repo: RepositoryRef;
  readonly digest: string;
  /** The tag the digest was resolved from, when the user gave a tag and no digest. */
  readonly tag: string | undefined;
}

/**
 * Pins a reference to a digest. A digest reference is used as is (a tag next to it is ignored, as
 * docker does); a tag is resolved once, with a warning that the digest is what counts from now on.
 */
export async function resolveImageTarget(
  registry: Registry,
  image: string,
  reference: ImageReference,
  logger: Logger = silentLogger,
): Promise<ImageTarget> {
  const repo: RepositoryRef = { registry: reference.registry, repository: reference.repository };
  if (reference.digest !== undefined) return { image, repo, digest: reference.digest, tag: undefined };
  const tag = reference.tag ?? 'latest';
  const digest = await registry.resolveDigest(repo, tag);
  if (digest === undefined) {
    throw new SigilError(
      'MANIFEST_NOT_FOUND',
      `${repositoryName(repo)}:${tag} does not exist (no such tag).`,
      {
        field: 'image-reference',
        hint: 'Push the image first, or reference it by digest (registry/repo@sha256:…).',
      },
    );
  }
  logger.warning(
    `${image} is a tag; it was resolved to ${digest}, and that digest is what is used. Reference images by digest to pin them.`,
  );
  return { image, repo, digest, tag };
}

/** `registry/repository@sha256:…` */
export function pinnedReference(target: { repo: RepositoryRef; digest: string }): string {
  return `${repositoryName(target.repo)}@${target.digest}`;
}

/**
 * The one "each digest once" rule: items naming the same `registry/repository@digest` form one group,
 * at the first one's position, members in input order; an item without a target (not pinned) stands alone.
 */
export function groupByDigest<T>(
  items: readonly T[],
  targetOf: (item: T) => Pick<ImageTarget, 'repo' | 'digest'> | undefined,
): T[][] {
  const groups: T[][] = [];
  const byDigest = new Map<string, T[]>();
  for (const item of items) {
    const target = targetOf(item);
    if (target === undefined) {
      groups.push([item]);
      continue;
    }
    const id = pinnedReference(target);
    const group = byDigest.get(id);
    if (group === undefined) {
      const created = [item];
      byDigest.set(id, created);
      groups.push(created);
    } else {
      group.push(item);
    }
  }
  return groups;
}

/** The first target for each `registry/repository@digest`, in input order. */
export function uniqueTargets<T extends Pick<ImageTarget, 'repo' | 'digest'>>(targets: readonly T[]): T[] {
  return groupByDigest(targets, (target) => target).map(([first]) => first as T);
}

/** One entry of an image list: the text the user wrote and its parsed reference. */
export interface ImageEntry {
  readonly image: string;
  readonly reference: ImageReference;
}

/**
 * Parses the entries of an image list input strictly: every entry must be a valid reference, and the list
 * must not be empty. Errors name `input`.
 */
export function parseImageList(entries: readonly string[], input: string): ImageEntry[] {
  if (entries.length === 0) {
    throw new SigilError('INPUT_INVALID', `input \`${input}\` lists no image`, {
      input,
      hint: `List one image per line in \`${input}\`, as registry/repo:tag or registry/repo@sha256:<hex>.`,
    });
  }
  return entries.map((image) => {
    try {
      return { image, reference: parseReference(image) };
    } catch (error) {
      const message = isSigilError(error) ? error.message : String(error);
      throw new SigilError('REFERENCE_INVALID', `input \`${input}\`: ${message}`, {
        cause: error,
        input,
        hint: 'Write each image as registry/repository:tag or registry/repository@sha256:<64 lowercase hex>.',
      });
    }
  });
}
