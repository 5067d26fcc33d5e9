import { isSigilError, messageOf, type ErrorCode } from '@sigil/core';
import { repositoryName, type Registry } from '@sigil/oci';
import type { ImageTarget } from '@sigil/oci';
import { SIGNATURE_SIGNIFICANCE, mostSignificant } from './layer-significance.js';
import type { KeylessIdentity, LayerFailureReason } from './layer-verdict.js';
import { verifySignatureLayer, type KeylessLayerVerifier, type LayerTransparency } from './layer-verifier.js';
import type { PublicKey } from '@sigil/keys';
import {
  readSignatures,
  signatureRef,
  type PayloadProblem,
  type StoredSignatureLayer,
  type StoredSignatures,
} from './signature-store.js';

export interface SignaturePolicy {
  /** Any of these may verify (key rotation). */
  readonly trustedKeys: readonly PublicKey[];
  /** Signatures by these never count and are always reported. */
  readonly revokedKeys?: readonly PublicKey[];
  /** Annotations the signed payload must carry with exactly these values (`cosign verify -a`). */
  readonly annotations?: Readonly<Record<string, string>>;
  /** Trusted transparency logs for the layers' Rekor bundles (`trusted-root`), and whether one is required. */
  readonly transparency?: LayerTransparency;
  /**
   * Verifies keyless layers (signed with a certificate) no trusted key verifies, and judges their signer (the
   * gate's, from `trusted-root` and the certificate identities); without it they are `KEYLESS_NOT_CONFIGURED`.
   */
  readonly keyless?: KeylessLayerVerifier;
}

/**
 * Why a verified keyless signature's signer is not accepted, most significant first: the certificate outside its
 * validity, then claims about the build (source, workflow, runner), then the identity. Layers and bundles rank them
 * alike.
 */
export const KEYLESS_SIGNER_SIGNIFICANCE = [
  'CERTIFICATE_EXPIRED',
  'SOURCE_MISMATCH',
  'SIGNER_MISMATCH',
  'RUNNER_NOT_ALLOWED',
  'CERTIFICATE_ISSUER_MISMATCH',
  'CERTIFICATE_IDENTITY_MISMATCH',
] as const;

/**
 * The layer failures of `SIGNATURE_SIGNIFICANCE` with those of keyless layers placed as the gate ranks keyless
 * bundles: a trusted certificate authority's certificate for a signer the policy does not accept (or outside
 * its validity) right after a Rekor bundle that does not verify; a certificate no trusted authority issued, one
 * without an SCT, or keyless signatures no one configured, just above a signature by an unknown key.
 */
const LAYER_SIGNIFICANCE: readonly string[] = [
  ...SIGNATURE_SIGNIFICANCE.slice(0, SIGNATURE_SIGNIFICANCE.indexOf('TLOG_INVALID') + 1),
  ...KEYLESS_SIGNER_SIGNIFICANCE,
  ...SIGNATURE_SIGNIFICANCE.slice(
    SIGNATURE_SIGNIFICANCE.indexOf('TLOG_INVALID') + 1,
    SIGNATURE_SIGNIFICANCE.indexOf('SIGNATURE_UNTRUSTED'),
  ),
  'SCT_MISSING',
  'CERTIFICATE_UNTRUSTED',
  'KEYLESS_NOT_CONFIGURED',
  ...SIGNATURE_SIGNIFICANCE.slice(SIGNATURE_SIGNIFICANCE.indexOf('SIGNATURE_UNTRUSTED')),
];

/**
 * Why an image's signature requirement failed:
 * - a layer reason (the most significant one when no layer verified; see `LAYER_SIGNIFICANCE`);
 * - `PAYLOAD_DIGEST_MISMATCH`: the registry served payload bytes that do not hash to the layer's digest
 *   (storage was edited); `PAYLOAD_MISSING`, `PAYLOAD_TOO_LARGE`: see `PayloadProblem`;
 * - `NO_SIGNATURES`: there is no `.sig` tag, or it has no layers;
 * - `IMAGE_NOT_FOUND`: the digest does not exist in the repository;
 * - otherwise the code of the error that prevented checking (`REGISTRY_UNREACHABLE`, `REGISTRY_AUTH`,
 *   `TIMEOUT`, `MANIFEST_INVALID` …): could not check is a failure, never a pass.
 */
export type SignatureFailureReason =
  | LayerFailureReason
  | PayloadProblem
  | 'NO_SIGNATURES'
  | 'IMAGE_NOT_FOUND'
  | Exclude<ErrorCode, 'MANIFEST_NOT_FOUND'>;

/** What happened to one layer of the `.sig` image. */
export interface LayerOutcome {
  readonly index: number;
  /** Digest of the layer blob (the payload). */
  readonly digest: string;
  readonly verified: boolean;
  readonly reason?: LayerFailureReason | PayloadProblem;
  readonly message: string;
  /** The key the signature verified with, trusted or revoked, once known. */
  readonly keyId?: string;
  /** A keyless layer's signer, as its verified certificate names it. */
  readonly identity?: KeylessIdentity;
}

export interface SignatureVerdict {
  readonly image: string;
  readonly digest: string;
  /** Where the signatures were looked for: `<registry>/<repo>:sha256-<hex>.sig`. */
  readonly signatureRef: string;
  readonly verified: boolean;
  /** Set exactly when `verified` is false. */
  readonly reason?: SignatureFailureReason;
  /** One line for people: why it passed or failed. */
  readonly message: string;
  readonly layers: readonly LayerOutcome[];
  /** Ids (`PublicKey.id`) of the trusted keys that verified a layer (keyless layers name no key). */
  readonly acceptedKeyIds: readonly string[];
  /** Layers signed by a revoked key, reported even when another layer verifies. */
  readonly revokedSignatures: readonly { readonly layer: number; readonly keyId: string }[];
}

/**
 * Verifies the legacy `.sig` signatures of `target.digest`: the image passes when at least one layer's
 * signature verifies with a trusted (and not revoked) key, or keylessly as `policy.keyless` accepts, over a
 * payload that names this digest and this repository and carries the required annotations. Never throws for
 * registry trouble: every failure to check becomes a failed verdict with its own reason.
 */
export async function verifyImageSignatures(
  registry: Registry,
  target: Pick<ImageTarget, 'image' | 'repo' | 'digest'>,
  policy: SignaturePolicy,
): Promise<SignatureVerdict> {
  const base = {
    image: target.image,
    digest: target.digest,
    signatureRef: signatureRef(target.repo, target.digest),
  };
  let stored: StoredSignatures | undefined;
  try {
    // The `.sig` tag first: a signed image then costs two requests, not three. Whether the image exists is
    // asked only when it has no signatures, to tell IMAGE_NOT_FOUND from NO_SIGNATURES.
    stored = await readSignatures(registry, target.repo, target.digest);
    if (stored === undefined && (await registry.resolveDigest(target.repo, target.digest)) === undefined) {
      return failed(
        base,
        'IMAGE_NOT_FOUND',
        `${target.image}: ${target.digest} does not exist in the registry`,
      );
    }
  } catch (error) {
    const reason = isSigilError(error) && error.code !== 'MANIFEST_NOT_FOUND' ? error.code : 'INTERNAL';
    return failed(base, reason, `could not read the signatures of ${target.image}: ${messageOf(error)}`);
  }
  if (stored === undefined || stored.layers.length === 0) {
    return failed(base, 'NO_SIGNATURES', `no signatures found at ${base.signatureRef}`);
  }
  const layers = stored.layers.map((layer) => verifyLayer(layer, target, policy));
  const revokedSignatures = layers.flatMap((layer) =>
    layer.reason === 'KEY_REVOKED' && layer.keyId !== undefined
      ? [{ layer: layer.index, keyId: layer.keyId }]
      : [],
  );
  const acceptedKeyIds = [
    ...new Set(layers.flatMap((layer) => (layer.verified && layer.keyId ? [layer.keyId] : []))),
  ];
  const evidence = { ...base, layers, revokedSignatures, acceptedKeyIds };
  const verified = layers.filter((layer) => layer.verified);
  if (verified.length > 0) {
    return {
      ...evidence,
      verified: true,
      message: `${verified.length} of ${layers.length} signature(s) verified${keylessSigners(verified)}`,
    };
  }
  const failures = layers.filter((layer) => !layer.verified);
  const worst = mostSignificant(failures, LAYER_SIGNIFICANCE) ?? (failures[0] as LayerOutcome);
  return {
    ...evidence,
    verified: false,
    reason: worst.reason ?? 'INTERNAL',
    message: `none of ${layers.length} signature(s) verified; layer ${worst.index}: ${worst.message}`,
  };
}

function verifyLayer(
  layer: StoredSignatureLayer,
  target: Pick<ImageTarget, 'repo' | 'digest'>,
  policy: SignaturePolicy,
): LayerOutcome {
  const where = { index: layer.index, digest: layer.descriptor.digest };
  if (!layer.payload.ok) {
    return { ...where, verified: false, reason: layer.payload.problem, message: layer.payload.message };
  }
  const verdict = verifySignatureLayer(
    { mediaType: layer.descriptor.mediaType, payload: layer.payload.bytes, annotations: layer.annotations },
    {
      digest: target.digest,
      identity: repositoryName(target.repo),
      trustedKeys: policy.trustedKeys,
      revokedKeys: policy.revokedKeys ?? [],
      ...(policy.annotations === undefined ? {} : { annotations: policy.annotations }),
      ...(policy.transparency === undefined ? {} : { transparency: policy.transparency }),
      ...(policy.keyless === undefined ? {} : { keyless: policy.keyless }),
    },
  );
  const signer = {
    ...(verdict.keyId === undefined ? {} : { keyId: verdict.keyId }),
    ...(verdict.identity === undefined ? {} : { identity: verdict.identity }),
  };
  if (verdict.ok) {
    const message =
      verdict.identity === undefined ? 'verified' : `verified keyless: ${describeIdentity(verdict.identity)}`;
    return { ...where, verified: true, message, ...signer };
  }
  return { ...where, verified: false, reason: verdict.reason, message: verdict.message, ...signer };
}

/** `; keyless: certificate for "…" from "…"` for the keyless signers of verified layers, each once. */
function keylessSigners(verified: readonly LayerOutcome[]): string {
  const named = [
    ...new Set(
      verified.flatMap(({ identity }) => (identity === undefined ? [] : [describeIdentity(identity)])),
    ),
  ];
  return named.length === 0 ? '' : ` (keyless: ${named.join('; ')})`;
}

function describeIdentity({ subjectAlternativeName, issuer }: KeylessIdentity): string {
  return `certificate for ${JSON.stringify(subjectAlternativeName ?? null)} from ${JSON.stringify(issuer ?? null)}`;
}

function failed(
  base: Pick<SignatureVerdict, 'image' | 'digest' | 'signatureRef'>,
  reason: SignatureFailureReason,
  message: string,
): SignatureVerdict {
  return { ...base, verified: false, reason, message, layers: [], acceptedKeyIds: [], revokedSignatures: [] };
}
