import type { AttestationFailureReason, AttestationLayerOutcome } from '@sigil/attestations';
import type { ErrorCode } from '@sigil/core';
import type { LayerOutcome, SignatureFailureReason } from '@sigil/signatures';
import type { BundleReason, EvidenceSource } from './bundle-checks.js';
import type { BundleOutcome } from './bundle-evidence.js';
import type { GateMode } from './gate-policy.js';
import type { ProvenanceMismatch } from './predicate-policy.js';
import type { RequirementName } from './requirement.js';

/**
 * The reason of a check that could not be made: the code of the error that prevented it (`REGISTRY_AUTH`,
 * `TIMEOUT`, `MANIFEST_INVALID` …), or `IMAGE_NOT_FOUND` for a digest or tag the registry does not have.
 * Could not check is a failure, never a pass; here gate reasons and error codes meet.
 */
export type CouldNotCheckReason = 'IMAGE_NOT_FOUND' | Exclude<ErrorCode, 'MANIFEST_NOT_FOUND'>;

/**
 * Why a signature check failed: a signature reason (see `SignatureFailureReason`), or `PLATFORM_UNSIGNED`:
 * with `platforms: all`, a manifest listed by the index has no signature.
 */
type SignatureCheckReason = SignatureFailureReason | 'PLATFORM_UNSIGNED' | BundleReason;

/**
 * Why an attestation check failed: an attestation reason (see `AttestationFailureReason`:
 * `NO_ATTESTATIONS`, `ATTESTATION_MISSING`, `ATTESTATION_UNTRUSTED`, `SUBJECT_MISMATCH`, `PREDICATE_INVALID`
 * …), or `PROVENANCE_SOURCE_MISMATCH`, `PROVENANCE_BUILDER_MISMATCH`: the only verified provenance names
 * another repository than `provenance-source`, or a builder outside `provenance-builder`.
 */
export type AttestationCheckReason =
  | AttestationFailureReason
  | ProvenanceMismatch['reason']
  | Exclude<BundleReason, 'SIGNATURE_ONLY_ATTESTATIONS'>;

/**
 * Why a tag check failed: `TAG_MOVED`, the tag the digest was resolved from points elsewhere after
 * verification (or is gone), so the verdict would not apply to what a deployment by that tag pulls; or the
 * tag could not be re-read.
 */
type TagCheckReason = 'TAG_MOVED' | CouldNotCheckReason;

/** Why an image failed the gate: the reason of one of its failed checks. */
export type GateReason = SignatureCheckReason | AttestationCheckReason | TagCheckReason;

/**
 * `reference`: the image could not be pinned to a digest. A requirement's name (`signature`, `sbom`,
 * `provenance` or a predicate-type URI): that requirement, for the digest named or (with `platform`) a
 * manifest of its index. `tag`: the tag still points at the digest.
 */
type CheckName = 'reference' | 'tag' | RequirementName;

/** The name of an attestation requirement's check: `sbom`, `provenance` or a predicate-type URI. */
export type AttestationCheckName = Exclude<RequirementName, 'signature'>;

/** Passed, or failed for `reason` (set exactly when `passed` is false). */
type CheckOutcome<Reason extends GateReason> =
  | { readonly passed: true; readonly reason?: undefined }
  | { readonly passed: false; readonly reason: Reason };

interface CheckFacts {
  readonly message: string;
  /** The digest this check is about (a platform manifest's for a platform check). */
  readonly digest?: string;
}

/** A signature or attestation by a revoked key: never counted, always reported. */
interface RevokedSignature {
  readonly layer: number;
  readonly keyId: string;
}

/** Where the signatures were read, what each layer gave, which keys verified. */
interface SignatureEvidence {
  /** `os/architecture[/variant]` for a platform manifest of an index. */
  readonly platform?: string;
  readonly signatureRef?: string;
  readonly layers?: readonly LayerOutcome[];
  readonly acceptedKeyIds?: readonly string[];
  readonly revokedSignatures?: readonly RevokedSignature[];
  /** Where the evidence that decided came from (the `.sig` tag, or Sigstore bundle referrers). */
  readonly source?: EvidenceSource;
  /** The Sigstore bundle referrers judged for this digest, when the `.sig` tag did not pass it. */
  readonly bundles?: readonly BundleOutcome[];
}

/** Where the attestations were read, and each layer's outcome for `predicateType`. */
interface AttestationEvidence {
  /** `os/architecture[/variant]` for a platform manifest of an index. */
  readonly platform?: string;
  readonly attestationRef?: string;
  /** The predicate type that verified (or, for a failure, whose outcome is reported). */
  readonly predicateType?: string;
  readonly attestationLayers?: readonly AttestationLayerOutcome[];
  readonly acceptedKeyIds?: readonly string[];
  readonly revokedSignatures?: readonly RevokedSignature[];
  /** Provenance checks that passed: the source repository and builder id the accepted provenance names. */
  readonly provenance?: { readonly source?: string; readonly builderId?: string };
  /** Where the evidence that decided came from (the `.att` tag, or Sigstore bundle referrers). */
  readonly source?: EvidenceSource;
  /** The Sigstore bundle referrers judged for this digest, when the `.att` tag did not pass it. */
  readonly bundles?: readonly BundleOutcome[];
}

/** The evidence fields a kind of check never carries, declared absent, so that every check reads alike. */
type NoEvidenceBut<Carried> = {
  readonly [Field in Exclude<keyof (SignatureEvidence & AttestationEvidence), keyof Carried>]?: undefined;
};

interface SignatureFacts extends CheckFacts, SignatureEvidence, NoEvidenceBut<SignatureEvidence> {
  readonly check: 'signature';
}

interface AttestationFacts extends CheckFacts, AttestationEvidence, NoEvidenceBut<AttestationEvidence> {
  readonly check: AttestationCheckName;
}

interface TagFacts extends CheckFacts, NoEvidenceBut<object> {
  readonly check: 'tag';
}

interface ReferenceFacts extends CheckFacts, NoEvidenceBut<object> {
  readonly check: 'reference';
}

/** The `signature` requirement, for the digest named or a platform manifest of its index. */
export type SignatureCheck = SignatureFacts & CheckOutcome<SignatureCheckReason>;

/** An attestation requirement (`sbom`, `provenance`, a predicate type), for a digest or a platform manifest. */
export type AttestationCheck = AttestationFacts & CheckOutcome<AttestationCheckReason>;

/** After verification, the tag the digest was resolved from still points at it. */
export type TagCheck = TagFacts & CheckOutcome<TagCheckReason>;

/** The image could not be pinned to a digest: a reference check is only ever a failed one. */
export type ReferenceCheck = ReferenceFacts & {
  readonly passed: false;
  readonly reason: CouldNotCheckReason;
};

/**
 * One check of one image, told apart by `check`: a signature, an attestation requirement, the tag
 * re-check, or the reference that could not be pinned. A failed check always has its `reason`.
 */
export type GateCheck = SignatureCheck | AttestationCheck | TagCheck | ReferenceCheck;

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
