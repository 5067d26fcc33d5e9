import {
  formatPlatform,
  indexChildren,
  mapConcurrently,
  pinnedReference,
  verifyImageSignatures,
  type ImageTarget,
  type SignaturePolicy,
} from '@sigil/cosign';
import type { Registry } from '@sigil/oci';
import type { GateCheck } from './gate-verdict.js';
import { errorCheck, signatureCheck } from './signature-check.js';

const CHILD_CONCURRENCY = 4;
const MAX_INDEX_DEPTH = 4;

/**
 * `platforms: all`: when the digest is an index, every manifest it lists (and, for nested indexes, theirs)
 * must verify on its own, as podman and skopeo check the platform manifest they pull. A single-platform
 * image yields no checks. Not being able to read the index is a failed check.
 */
export async function platformChecks(
  registry: Registry,
  target: Pick<ImageTarget, 'repo' | 'digest'>,
  policy: SignaturePolicy,
  depth = 0,
): Promise<GateCheck[]> {
  const where = pinnedReference(target);
  let children;
  try {
    const manifest = await registry.getManifest(target.repo, target.digest);
    if (manifest === undefined) {
      return [
        {
          check: 'signature',
          passed: false,
          reason: 'IMAGE_NOT_FOUND',
          message: `${where} no longer exists`,
          digest: target.digest,
        },
      ];
    }
    children = indexChildren(manifest, where);
  } catch (error) {
    return [errorCheck('signature', error, `read ${where} to check its platforms`, target.digest)];
  }
  if (children === undefined) return [];
  if (depth >= MAX_INDEX_DEPTH) {
    return [
      {
        check: 'signature',
        passed: false,
        reason: 'MANIFEST_INVALID',
        message: `${where} nests indexes more than ${MAX_INDEX_DEPTH} deep`,
        digest: target.digest,
      },
    ];
  }
  const perChild = await mapConcurrently(children, CHILD_CONCURRENCY, async (child) => {
    const childTarget = {
      image: pinnedReference({ repo: target.repo, digest: child.digest }),
      repo: target.repo,
      digest: child.digest,
    };
    const verdict = await verifyImageSignatures(registry, childTarget, policy);
    const own = signatureCheck(verdict, formatPlatform(child.platform));
    return [own, ...(await platformChecks(registry, childTarget, policy, depth + 1))];
  });
  return perChild.flat();
}
