import type { ImageEntry, SignaturePolicy } from '@sigil/cosign';

/** `index`: the digest named (an index, for a multi-platform image) must verify. `all`: every manifest it lists too. */
export type PlatformsRequirement = 'index' | 'all';
/** `enforce`: a failed image fails the gate. `audit`: failures are reported, the gate never fails. */
export type GateMode = 'enforce' | 'audit';

export interface GatePolicy {
  readonly signature: SignaturePolicy;
  readonly platforms: PlatformsRequirement;
  readonly mode: GateMode;
  /** Images verified at once (default 8). */
  readonly concurrency?: number;
}

/** One entry of the image list: the text the user wrote and its parsed reference. */
export type GateImage = ImageEntry;
