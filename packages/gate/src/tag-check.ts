import { repositoryName, type Registry, type RepositoryRef } from '@sigil/oci';
import type { TagCheck } from './gate-verdict.js';
import { couldNotCheck } from './signature-check.js';

/**
 * After verification, the tag must still point at the digest that was verified: a deployment by tag pulls
 * what the tag names now, and the verdict says nothing about that.
 */
export async function tagCheck(
  registry: Registry,
  repo: RepositoryRef,
  tag: string,
  digest: string,
): Promise<TagCheck> {
  const reference = `${repositoryName(repo)}:${tag}`;
  let now: string | undefined;
  try {
    now = await registry.resolveDigest(repo, tag);
  } catch (error) {
    return { check: 'tag', ...couldNotCheck(error, `re-resolve ${reference} after verification`, digest) };
  }
  if (now === digest)
    return { check: 'tag', passed: true, message: `${reference} still points at ${digest}`, digest };
  return {
    check: 'tag',
    passed: false,
    reason: 'TAG_MOVED',
    message:
      now === undefined
        ? `${reference} was deleted after it was resolved to ${digest}; the verdict does not apply to the tag`
        : `${reference} moved from ${digest} to ${now} during verification; the verdict does not apply to what the tag now names`,
    digest,
  };
}
