import { SigilError } from '@sigil/core';
import type { Registry } from '@sigil/oci';
import type { ImageTarget } from './image-target.js';

const WORDING = {
  sign: { nothing: 'nothing to sign', push: 'signing' },
  attest: { nothing: 'nothing to attest', push: 'attesting' },
} as const;

/** Throws MANIFEST_NOT_FOUND (naming the `images` input) unless the target's digest exists in its repository. */
export async function requireImage(
  registry: Registry,
  target: Pick<ImageTarget, 'image' | 'repo' | 'digest'> & { readonly tag?: string | undefined },
  action: keyof typeof WORDING,
): Promise<void> {
  // A digest just resolved from a tag was served by the registry a moment ago: asking again proves nothing.
  if (target.tag !== undefined) return;
  if ((await registry.resolveDigest(target.repo, target.digest)) === undefined) {
    throw imageNotFound(target.image, action);
  }
}

export function imageNotFound(image: string, action: keyof typeof WORDING): SigilError {
  const wording = WORDING[action];
  return new SigilError(
    'MANIFEST_NOT_FOUND',
    `${image} does not exist in the registry; ${wording.nothing}.`,
    {
      field: 'image-reference',
      hint: `Push the image before ${wording.push} it, and check the digest.`,
    },
  );
}
