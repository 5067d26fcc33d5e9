import type { AttestedDigest } from '@sigil/attestations';
import type { ImageWorkOutcome } from '@sigil/toolkit';

/** One digest that now carries the provenance; `platform` for a platform of an index (`recursive`). */
export interface AttestedProvenance extends AttestedDigest {
  readonly platform?: string;
}

/** Per image of the list: the attestations its digest (and with `recursive` its platforms) now carry, or why not. */
export type ImageOutcome = ImageWorkOutcome<readonly AttestedProvenance[]>;
