import { parseReference, repositoryName } from '@sigil/oci';

/**
 * The repository a docker reference names, as `<registry>/<path>`, with any tag or digest removed and
 * Docker Hub spelled one way (`docker.io`, `index.docker.io`, `busybox` and `library/busybox` are the
 * same repository). `undefined` when the text is not a valid docker reference. One parser for the
 * whole product: the same rules that read the `images` input read the identity inside a payload.
 */
export function dockerRepositoryOf(reference: string): string | undefined {
  try {
    return repositoryName(parseReference(reference));
  } catch {
    return undefined;
  }
}
