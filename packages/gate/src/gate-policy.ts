import type { ImageEntry } from '@sigil/oci';
import type { SignaturePolicy } from '@sigil/signatures';
import type { LoadedTrustedRoot } from '@sigil/transparency';
import type { KeylessPolicy } from './keyless-policy.js';
import type { ProvenancePolicy, Requirement } from './requirement.js';

/**
 * `index`: the digest named (an index, for a multi-platform image) must meet every requirement — except
 * that an index meets `sbom` through its platforms when it carries no SBOM of its own. `all`: every
 * platform manifest must meet every requirement too (see `imageChecks` for the exact rule).
 */
export type PlatformsRequirement = 'index' | 'all';
/** `enforce`: a failed image fails the gate. `audit`: failures are reported, the gate never fails. */
export type GateMode = 'enforce' | 'audit';

export interface GatePolicy {
  /**
   * The trusted and revoked keys, for signatures and attestations alike, and the annotations every
   * accepted signature must carry.
   */
  readonly signature: SignaturePolicy;
  /** What every image must carry, in the order the checks are reported. Never empty. */
  readonly requirements: readonly Requirement[];
  /** Who may sign keyless (certificate identities, GitHub claims); none: keyless evidence is not trusted. */
  readonly keyless?: KeylessPolicy;
  /** Transparency-log entries and timestamps of Sigstore bundles (`trusted-root`, `require-tlog`). */
  readonly transparency?: TransparencyPolicy;
  /** What every provenance attestation must name (`provenance-source`, `provenance-builder`). */
  readonly provenance?: ProvenancePolicy;
  readonly platforms: PlatformsRequirement;
  readonly mode: GateMode;
  /** Images verified at once (default 8). */
  readonly concurrency?: number;
}

/** One entry of the image list: the text the user wrote and its parsed reference. */
export type GateImage = ImageEntry;

/**
 * How the gate treats a Sigstore bundle's transparency-log entries and timestamps. Without a trusted root
 * they are set aside unchecked (trust comes from the key, as with `cosign verify --insecure-ignore-tlog`).
 * With one, every entry and timestamp a bundle carries must verify against it (one that does not makes the
 * bundle fail, whatever key signed it), and with `requireTlog` every bundle needs a verified entry.
 */
export interface TransparencyPolicy {
  /** Also the root keyless certificates must chain to (Fulcio CAs, CT logs): keyless needs one. */
  readonly trustedRoot?: LoadedTrustedRoot;
  /**
   * `true`: every bundle must carry a transparency-log entry verified against `trustedRoot` (which it needs).
   * `auto`: keyless bundles must, key-based ones need not. `false`: none must (a keyless bundle then needs a
   * verified timestamp from a timestamp authority).
   */
  readonly requireTlog: boolean | 'auto';
}
