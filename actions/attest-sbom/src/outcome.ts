import type { AttestedDigest } from '@sigil/attestations';
import type { ImageWorkOutcome } from '@sigil/toolkit';
import type { SbomFacts } from './prepared-sbom.js';

/** One digest that now carries an SBOM attestation, and which SBOM. */
export interface AttestedSbom {
  readonly attestation: AttestedDigest;
  readonly platform?: string;
  readonly sbom: SbomFacts;
}

/** What was done for one image: its attestations (one per platform of an index) and what was skipped. */
export interface ImageAttestations {
  readonly index: boolean;
  readonly attested: readonly AttestedSbom[];
  readonly skipped: readonly { readonly digest: string; readonly why: string }[];
}

export type ImageOutcome = ImageWorkOutcome<ImageAttestations>;
