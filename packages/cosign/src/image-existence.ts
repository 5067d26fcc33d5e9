import { SigilError } from '@sigil/errors';
import type { Registry, RepositoryRef } from '@sigil/oci';

const WORDING = {
  sign: { nothing: 'nothing to sign', push: 'signing' },
  attest: { nothing: 'nothing to attest', push: 'attesting' },
} as const;

/** Throws MANIFEST_NOT_FOUND (naming the `images` input) unless `digest` exists in `repo`. */
export async function requireImage(
  registry: Registry,
  repo: RepositoryRef,
  digest: string,
  image: string,
  action: keyof typeof WORDING,
): Promise<void> {
  if ((await registry.resolveDigest(repo, digest)) === undefined) throw imageNotFound(image, action);
}

export function imageNotFound(image: string, action: keyof typeof WORDING): SigilError {
  const wording = WORDING[action];
  return new SigilError(
    'MANIFEST_NOT_FOUND',
    `${image} does not exist in the registry; ${wording.nothing}.`,
    {
      input: 'images',
      hint: `Push the image before ${wording.push} it, and check the digest.`,
    },
  );
}
