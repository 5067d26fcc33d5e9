import type { AttestationFailureReason, AttestationLayerOutcome } from '@sigil/attestations';
import type { LayerOutcome, SignatureFailureReason } from '@sigil/signatures';
import type { GateMode } from './gate-policy.js';
import type { RequirementName } from './requirement.js';

/**
 * Why an image failed the gate: a signature reason (see `SignatureFailureReason`), an attestation reason
 * (see `AttestationFailureReason`: `NO_ATTESTATIONS`, `ATTESTATION_MISSING`, `ATTESTATION_UNTRUSTED`,
 * `SUBJECT_MISMATCH`, `PREDICATE_INVALID` …), or
 * - `PLATFORM_UNSIGNED`: with `platforms: all`, a manifest listed by the index has no signature;
 * - `PROVENANCE_SOURCE_MISMATCH`, `PROVENANCE_BUILDER_MISMATCH`: the only verified provenance names
 *   another repository than `provenance-source`, or a builder outside `provenance-builder`;
 * - `TAG_MOVED`: the tag the digest was resolved from points elsewhere after verification, so the verdict
 *   would not apply to what a deployment by that tag pulls.
 */
export type GateReason =
  | SignatureFailureReason
  | AttestationFailureReason
  | 'PLATFORM_UNSIGNED'
  | 'PROVENANCE_SOURCE_MISMATCH'
  | 'PROVENANCE_BUILDER_MISMATCH'
  | 'TAG_MOVED';

/**
 * `reference`: the image could not be pinned to a digest. A requirement's name (`signature`, `sbom`,
 * `provenance` or a predicate-type URI): that requirement, for the digest named or (with `platform`) a
 * manifest of its index. `tag`: the tag still points at the digest.
 */
export type CheckName = 'reference' | 'tag' | RequirementName;

export interface GateCheck {
  readonly check: CheckName;
  readonly passed: boolean;
  /** Set exactly when `passed` is false. */
  readonly reason?: GateReason;
  readonly message: string;
  /** The digest this check is about (a platform manifest's for a platform check). */
  readonly digest?: string;
  /** `os/architecture[/variant]` for a platform manifest of an index. */
  readonly platform?: string;
  /** Signature checks: where the signatures were read, what each layer gave, which keys verified. */
  readonly signatureRef?: string;
  readonly layers?: readonly LayerOutcome[];
  readonly acceptedKeyIds?: readonly string[];
  readonly revokedSignatures?: readonly { readonly layer: number; readonly keyId: string }[];
  /** Attestation checks: where the attestations were read, and each layer's outcome for `predicateType`. */
  readonly attestationRef?: string;
  /** The predicate type that verified (or, for a failure, whose outcome is reported). */
  readonly predicateType?: string;
  readonly attestationLayers?: readonly AttestationLayerOutcome[];
  /** Provenance checks that passed: the source repository and builder id the accepted provenance names. */
  readonly provenance?: { readonly source?: string; readonly builderId?: string };
}

export interface ImageVerdict {
  /** The reference as the user wrote it. */
  readonly image: string;
  /** Other entries of the list that named the same digest (processed once, with this entry). */
  readonly aliases: readonly string[];
  /** `registry/repository` */
  readonly repository: string;
  /** The tag the digest was resolved from, if the image was given by tag. */
  readonly tag?: string;
  /** Undefined only when the reference could not be resolved. */
  readonly digest?: string;
  readonly passed: boolean;
  readonly checks: readonly GateCheck[];
  /** The reasons of the failed checks, each once, in check order. */
  readonly reasons: readonly GateReason[];
  readonly durationMs: number;
}

/** An entry of the `failed` output (the report adds `message`). */
export interface GateFailure {
  readonly image: string;
  readonly digest: string | null;
  readonly check: CheckName;
  readonly reason: GateReason;
  readonly message: string;
}

export interface GateResult {
  readonly mode: GateMode;
  /** Every image passed every check (the `verified` output). */
  readonly verified: boolean;
  /** Whether the step succeeds: `verified`, or anything in `audit` mode. */
  readonly passed: boolean;
  /** In input order, one per distinct digest. */
  readonly images: readonly ImageVerdict[];
  readonly failed: readonly GateFailure[];
  readonly durationMs: number;
}
