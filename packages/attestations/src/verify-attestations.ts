import { isSigilError, messageOf, type ErrorCode } from '@sigil/core';
import type { Registry } from '@sigil/oci';
import {
  attestationRef,
  fetchEnvelope,
  MAX_ENVELOPE_BYTES,
  readAttestations,
  type StoredAttestationLayer,
  type StoredAttestations,
} from './attestation-store.js';
import {
  verifyAttestationLayer,
  type AttestationLayerFailureReason,
  type KeyLogVerifier,
  type KeylessAttestationVerifier,
  type KeylessIdentity,
  type PredicateValidation,
} from './attestation-layer-verifier.js';
import type { ImageTarget } from '@sigil/oci';
import { KEYLESS_SIGNER_SIGNIFICANCE, mostSignificant } from '@sigil/signatures';
import type { PayloadProblem } from '@sigil/signatures';
import { mapConcurrently } from '@sigil/core';
import type { PublicKey } from '@sigil/keys';

export interface AttestationPolicy {
  /** Any of these may verify (key rotation). */
  readonly trustedKeys: readonly PublicKey[];
  /** Attestations signed by these never count and are always reported. */
  readonly revokedKeys?: readonly PublicKey[];
  /** The predicate type URI required (e.g. `https://spdx.dev/Document`). */
  readonly predicateType: string;
  /** Checks the predicate of a verified statement of the required type (SBOM / SLSA validators). */
  readonly validatePredicate?: (predicate: unknown) => PredicateValidation;
  /** Envelopes larger than this are not fetched (default `MAX_ENVELOPE_BYTES`, 128 MiB). */
  readonly maxEnvelopeBytes?: number;
  /**
   * Verifies keyless layers (signed with a certificate) no trusted key verifies, and judges their signer (the
   * gate's, from `trusted-root` and the certificate identities); without it they are `KEYLESS_NOT_CONFIGURED`.
   */
  readonly keyless?: KeylessAttestationVerifier;
  /** Verifies the Rekor bundles of layers a trusted key verified (see `AttestationLayerPolicy.keyLog`). */
  readonly keyLog?: KeyLogVerifier;
}

/**
 * Why an image's attestation requirement failed:
 * - a layer reason (`AttestationLayerFailureReason`) or payload problem (`PayloadProblem`) — the most
 *   significant among the layers of the required predicate type, see `ATTESTATION_SIGNIFICANCE`;
 * - `NO_ATTESTATIONS`: there is no `.att` tag, or it has no layers;
 * - `ATTESTATION_MISSING`: no layer is of the required predicate type (by annotation or signed statement);
 * - `IMAGE_NOT_FOUND`: the digest does not exist in the repository (asked only when there is no `.att`);
 * - otherwise the code of the error that prevented checking (`REGISTRY_UNREACHABLE`, `REGISTRY_AUTH`,
 *   `TIMEOUT`, `MANIFEST_INVALID` …): could not check is a failure, never a pass.
 */
export type AttestationFailureReason =
  | AttestationLayerFailureReason
  | PayloadProblem
  | 'NO_ATTESTATIONS'
  | 'ATTESTATION_MISSING'
  | 'IMAGE_NOT_FOUND'
  | Exclude<ErrorCode, 'MANIFEST_NOT_FOUND'>;

/** What happened to one layer of the `.att` image. */
export interface AttestationLayerOutcome {
  readonly index: number;
  /** Digest of the layer blob (the DSSE envelope). */
  readonly digest: string;
  /** The layer's `predicateType` annotation (unsigned). */
  readonly predicateType: string | undefined;
  /** The signed statement's predicate type, once a trusted (or revoked) key vouched for the statement. */
  readonly statementPredicateType?: string;
  /** False when the layer was not examined: its annotation names another type and one of the required type verified. */
  readonly checked: boolean;
  /** True when this layer is a valid attestation of the required predicate type. */
  readonly verified: boolean;
  readonly reason?: AttestationLayerFailureReason | PayloadProblem;
  readonly message: string;
  /** The key the signature verified with, trusted or revoked, once known. */
  readonly keyId?: string;
  /** A keyless layer's signer, as its verified certificate names it. */
  readonly identity?: KeylessIdentity;
  /** A key-based layer whose Rekor bundle verified (`AttestationPolicy.keyLog`). */
  readonly logged?: true;
}

export interface AttestationVerdict {
  readonly image: string;
  readonly digest: string;
  /** Where the attestations were looked for: `<registry>/<repo>:sha256-<hex>.att`. */
  readonly attestationRef: string;
  readonly predicateType: string;
  readonly verified: boolean;
  /** Set exactly when `verified` is false. */
  readonly reason?: AttestationFailureReason;
  /** One line for people: why it passed or failed. */
  readonly message: string;
  readonly layers: readonly AttestationLayerOutcome[];
  /**
   * Ids (`PublicKey.id`) of the trusted keys that verified an attestation of the required type (keyless layers
   * name no key: their signer is the layer's `identity`).
   */
  readonly acceptedKeyIds: readonly string[];
  /** Examined layers signed by a revoked key, reported even when another layer verifies. */
  readonly revokedSignatures: readonly { readonly layer: number; readonly keyId: string }[];
  /** The first accepted statement, parsed (plain JSON values), when verified. */
  readonly statement?: unknown;
}

/**
 * When no attestation of the required type verifies, the image fails with the most significant outcome
 * among the layers of that type (by annotation or by signed statement), most significant first:
 * 1. `SUBJECT_MISMATCH`: a trusted key attested another image — an attestation copied or replayed.
 * 2. `PREDICATE_TYPE_MISMATCH`: a trusted statement stored under another type's label — relabelled.
 * 3. `PAYLOAD_DIGEST_MISMATCH`: the registry served an envelope that is not the one the manifest names.
 * 4. `KEY_REVOKED`: signed with a key known to be compromised or retired.
 * 5. `TLOG_INVALID`: a keyless layer whose Rekor bundle does not verify — forged or copied.
 * 6. The keyless signer problems (`KEYLESS_SIGNER_SIGNIFICANCE`): a trusted certificate authority's
 *    certificate outside its validity, or for a signer the policy does not accept — ranked as for `.sig` layers.
 * 7. `PREDICATE_INVALID`: a trusted signer attested this image, but the predicate fails validation.
 * 8. `TLOG_MISSING`: a keyless layer that was never logged, so no time vouches for its certificate.
 * 9. `STATEMENT_INVALID`, 10. `PAYLOAD_TYPE_INVALID`: a trusted signer signed something that is not an
 *    in-toto statement.
 * 11. `SIGNATURE_ENCODING`: a signer produced signature bytes no verifier accepts.
 * 12. `SCT_MISSING`, 13. `CERTIFICATE_UNTRUSTED`: a certificate no trusted CT log or certificate authority
 *    vouches for; 14. `KEYLESS_NOT_CONFIGURED`: keyless attestations no one said whose to trust.
 * 15. `ATTESTATION_UNTRUSTED`: signed by someone else, or edited after signing.
 * 16. `PAYLOAD_TOO_LARGE`, 17. `PAYLOAD_MISSING`: the envelope cannot be read.
 * 18. `ENVELOPE_INVALID`: not a DSSE envelope at all.
 * Ties go to the earliest layer.
 */
const ATTESTATION_SIGNIFICANCE: readonly (AttestationLayerFailureReason | PayloadProblem)[] = [
  'SUBJECT_MISMATCH',
  'PREDICATE_TYPE_MISMATCH',
  'PAYLOAD_DIGEST_MISMATCH',
  'KEY_REVOKED',
  'TLOG_INVALID',
  ...KEYLESS_SIGNER_SIGNIFICANCE,
  'PREDICATE_INVALID',
  'TLOG_MISSING',
  'STATEMENT_INVALID',
  'PAYLOAD_TYPE_INVALID',
  'SIGNATURE_ENCODING',
  'SCT_MISSING',
  'CERTIFICATE_UNTRUSTED',
  'KEYLESS_NOT_CONFIGURED',
  'ATTESTATION_UNTRUSTED',
  'PAYLOAD_TOO_LARGE',
  'PAYLOAD_MISSING',
  'ENVELOPE_INVALID',
];

const ENVELOPE_FETCH_CONCURRENCY = 4;

interface Examined {
  readonly outcome: AttestationLayerOutcome;
  /** Of the required type, by annotation or by signed statement. */
  readonly relevant: boolean;
  readonly statement?: unknown;
}

/**
 * Verifies the legacy `.att` attestations of `target.digest` against `policy`: the image passes when at
 * least one layer's DSSE signature verifies with a trusted (and not revoked) key over the PAE of the exact
 * payload (or, for a layer signed with a certificate, keylessly as `policy.keyless` accepts), the payload
 * type is in-toto, the statement parses, one subject's digest is the image digest, the statement's predicate
 * type is the required one and equals the layer's `predicateType` annotation, and `validatePredicate`
 * accepts the predicate.
 *
 * Layers labelled with the required type are fetched and checked first; only when none of them verifies
 * are the other layers examined, to find an attestation of the required type stored under another label
 * (`PREDICATE_TYPE_MISMATCH`) — so a passing image costs the envelopes of its own type only. Never throws
 * for registry trouble: every failure to check becomes a failed verdict with its own reason.
 */
export async function verifyImageAttestations(
  registry: Registry,
  target: Pick<ImageTarget, 'image' | 'repo' | 'digest'>,
  policy: AttestationPolicy,
): Promise<AttestationVerdict> {
  const base = {
    image: target.image,
    digest: target.digest,
    attestationRef: attestationRef(target.repo, target.digest),
    predicateType: policy.predicateType,
  };
  let stored: StoredAttestations | undefined;
  try {
    stored = await readAttestations(registry, target.repo, target.digest);
    if (stored === undefined && (await registry.resolveDigest(target.repo, target.digest)) === undefined) {
      return failed(
        base,
        'IMAGE_NOT_FOUND',
        `${target.image}: ${target.digest} does not exist in the registry`,
      );
    }
  } catch (error) {
    return failed(
      base,
      codeOf(error),
      `could not read the attestations of ${target.image}: ${messageOf(error)}`,
    );
  }
  if (stored === undefined || stored.layers.length === 0) {
    return failed(base, 'NO_ATTESTATIONS', `no attestations found at ${base.attestationRef}`);
  }
  const labelled = stored.layers.filter((layer) => layer.predicateType === policy.predicateType);
  const others = stored.layers.filter((layer) => layer.predicateType !== policy.predicateType);
  const examine = (layers: readonly StoredAttestationLayer[]) =>
    mapConcurrently(layers, ENVELOPE_FETCH_CONCURRENCY, (layer) =>
      examineLayer(registry, target, policy, layer),
    );
  let examined: Examined[];
  try {
    examined = await examine(labelled);
    if (!examined.some((entry) => entry.outcome.verified)) examined.push(...(await examine(others)));
  } catch (error) {
    return failed(
      base,
      codeOf(error),
      `could not read the attestations of ${target.image}: ${messageOf(error)}`,
    );
  }
  const byIndex = new Map(examined.map((entry) => [entry.outcome.index, entry]));
  const layers = stored.layers.map((layer) => byIndex.get(layer.index)?.outcome ?? unchecked(layer));
  const revokedSignatures = layers.flatMap((layer) =>
    layer.reason === 'KEY_REVOKED' && layer.keyId !== undefined
      ? [{ layer: layer.index, keyId: layer.keyId }]
      : [],
  );
  const accepted = examined.filter((entry) => entry.outcome.verified);
  const acceptedKeyIds = [...new Set(accepted.flatMap((entry) => entry.outcome.keyId ?? []))];
  const evidence = { ...base, layers, revokedSignatures, acceptedKeyIds };
  const first = accepted[0];
  if (first !== undefined) {
    return {
      ...evidence,
      verified: true,
      message: `${accepted.length} of ${layers.length} attestation(s) verified as ${policy.predicateType}${keylessSigners(accepted)}`,
      statement: first.statement,
    };
  }
  const relevant = examined.filter((entry) => entry.relevant).map((entry) => entry.outcome);
  const worst = mostSignificantOutcome(relevant);
  if (worst === undefined) {
    const found = [...new Set(stored.layers.map((layer) => layer.predicateType ?? '(unlabelled)'))];
    return {
      ...evidence,
      verified: false,
      reason: 'ATTESTATION_MISSING',
      message: `none of ${layers.length} attestation(s) is of predicate type ${policy.predicateType}; found: ${found.join(', ')}`,
    };
  }
  return {
    ...evidence,
    verified: false,
    reason: worst.reason ?? 'INTERNAL',
    message: `none of ${relevant.length} attestation(s) of type ${policy.predicateType} verified; layer ${worst.index}: ${worst.message}`,
  };
}

async function examineLayer(
  registry: Registry,
  target: Pick<ImageTarget, 'repo' | 'digest'>,
  policy: AttestationPolicy,
  layer: StoredAttestationLayer,
): Promise<Examined> {
  const where = {
    index: layer.index,
    digest: layer.descriptor.digest,
    predicateType: layer.predicateType,
    checked: true,
  };
  const labelledRequired = layer.predicateType === policy.predicateType;
  const blob = await fetchEnvelope(
    registry,
    target.repo,
    layer,
    policy.maxEnvelopeBytes ?? MAX_ENVELOPE_BYTES,
  );
  if (!blob.ok) {
    return {
      outcome: { ...where, verified: false, reason: blob.problem, message: blob.message },
      relevant: labelledRequired,
    };
  }
  const verdict = verifyAttestationLayer(
    { mediaType: layer.descriptor.mediaType, envelope: blob.bytes, annotations: layer.annotations },
    {
      digest: target.digest,
      predicateType: policy.predicateType,
      trustedKeys: policy.trustedKeys,
      revokedKeys: policy.revokedKeys ?? [],
      ...(policy.validatePredicate === undefined ? {} : { validatePredicate: policy.validatePredicate }),
      ...(policy.keyless === undefined ? {} : { keyless: policy.keyless }),
      ...(policy.keyLog === undefined ? {} : { keyLog: policy.keyLog }),
    },
  );
  const signer = {
    ...(verdict.keyId === undefined ? {} : { keyId: verdict.keyId }),
    ...(verdict.identity === undefined ? {} : { identity: verdict.identity }),
  };
  if (verdict.ok) {
    const statementPredicateType = verdict.statement.predicateType;
    const keyless = verdict.identity === undefined ? '' : ` keyless: ${describeIdentity(verdict.identity)}`;
    return {
      outcome: {
        ...where,
        ...(verdict.logged === true ? { logged: true as const } : {}),
        statementPredicateType,
        verified: verdict.ofRequiredType,
        message: verdict.ofRequiredType
          ? `verified${keyless}`
          : `a valid attestation of another type (${statementPredicateType})`,
        ...signer,
      },
      relevant: verdict.ofRequiredType,
      statement: verdict.statement.document,
    };
  }
  return {
    outcome: {
      ...where,
      verified: false,
      reason: verdict.reason,
      message: verdict.message,
      ...signer,
      ...(verdict.statementPredicateType === undefined
        ? {}
        : { statementPredicateType: verdict.statementPredicateType }),
    },
    relevant: labelledRequired || verdict.statementPredicateType === policy.predicateType,
  };
}

function unchecked(layer: StoredAttestationLayer): AttestationLayerOutcome {
  return {
    index: layer.index,
    digest: layer.descriptor.digest,
    predicateType: layer.predicateType,
    checked: false,
    verified: false,
    message: 'not examined: labelled with another predicate type',
  };
}

/** ` (keyless: certificate for "…" from "…")` for the keyless signers of accepted layers, each once. */
function keylessSigners(accepted: readonly Examined[]): string {
  const named = [
    ...new Set(
      accepted.flatMap(({ outcome: { identity } }) =>
        identity === undefined ? [] : [describeIdentity(identity)],
      ),
    ),
  ];
  return named.length === 0 ? '' : ` (keyless: ${named.join('; ')})`;
}

function describeIdentity({ subjectAlternativeName, issuer }: KeylessIdentity): string {
  return `certificate for ${JSON.stringify(subjectAlternativeName ?? null)} from ${JSON.stringify(issuer ?? null)}`;
}

/** See `ATTESTATION_SIGNIFICANCE`; ties go to the earliest layer. */
function mostSignificantOutcome(
  outcomes: readonly AttestationLayerOutcome[],
): AttestationLayerOutcome | undefined {
  const failures = outcomes.filter((outcome) => !outcome.verified).sort((a, b) => a.index - b.index);
  return mostSignificant(failures, ATTESTATION_SIGNIFICANCE);
}

function failed(
  base: Pick<AttestationVerdict, 'image' | 'digest' | 'attestationRef' | 'predicateType'>,
  reason: AttestationFailureReason,
  message: string,
): AttestationVerdict {
  return { ...base, verified: false, reason, message, layers: [], acceptedKeyIds: [], revokedSignatures: [] };
}

function codeOf(error: unknown): AttestationFailureReason {
  return isSigilError(error) && error.code !== 'MANIFEST_NOT_FOUND' ? error.code : 'INTERNAL';
}
