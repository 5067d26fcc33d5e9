import type { SigilError } from '@sigil/core';
import type { ImageTarget } from '@sigil/oci';
import type { SignedDigest } from '@sigil/signatures';

/** Per image of the list: signed (with every digest that got a signature) or why not. */
export type ImageOutcome =
  | {
      readonly image: string;
      readonly ok: true;
      readonly target: ImageTarget;
      readonly signatures: readonly SignedDigest[];
    }
  | { readonly image: string; readonly ok: false; readonly target?: ImageTarget; readonly error: SigilError };
