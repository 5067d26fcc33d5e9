import { repositoryName, type ImageTarget, type Registry, type RepositoryRef } from '@sigil/oci';
import { couldNotCheck } from './could-not-check.js';
import type { TagCheck } from './gate-verdict.js';

/**
 * Each distinct tag that the entries naming one digest were resolved from, re-checked in turn after that
 * digest was verified (against the registry itself: what a deployment by tag would pull now).
 */
export async function tagChecks(registry: Registry, targets: readonly ImageTarget[]): Promise<TagCheck[]> {
  const [pinned] = targets;
  if (pinned === undefined) return [];
  const tags = [...new Set(targets.flatMap((target) => (target.tag === undefined ? [] : [target.tag])))];
  const checks: TagCheck[] = [];
  for (const tag of tags) checks.push(await tagCheck(registry, pinned.repo, tag, pinned.digest));
  return checks;
}

/**
 * After verification, the tag must still point at the digest that was verified: a deployment by tag pulls
 * what the tag names now, and the verdict says nothing about that.
 */
async function tagCheck(
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
