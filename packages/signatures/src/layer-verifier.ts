import { SigilError } from '@sigil/core';
import { isManifestDigest } from '@sigil/oci';
import { dockerRepositoryOf } from '@sigil/oci';
import type {
  KeylessIdentity,
  KeylessLayerFailureReason,
  LayerFailure,
  LayerFailureReason,
  LayerVerdict,
  SignedBy,
} from './layer-verdict.js';
import { SIMPLE_SIGNING_MEDIA_TYPE } from './payload.js';
import { parseSimpleSigningPayload, type SimpleSigningPayload } from './payload-parser.js';
import type { PublicKey } from '@sigil/keys';
import { encodingProblem, findVerifyingKey, keyAcceptsEncoding } from '@sigil/keys';
import { classifyEcdsaSignature, decodeSignatureAnnotation } from '@sigil/keys';
import {
  CERTIFICATE_ANNOTATION,
  CHAIN_ANNOTATION,
  REKOR_BUNDLE_ANNOTATION,
  SIGNATURE_ANNOTATION,
} from './signature-image.js';
import { quoteForMessage } from '@sigil/core';
import type { LegacyKeylessSignature } from '@sigil/transparency';
import { verifyRekorBundle } from '@sigil/transparency/rekor-set';

/** One layer of a cosign `.sig` manifest: its media type, the blob as stored, its annotations. */
export interface SignatureLayer {
  readonly mediaType: string;
  readonly payload: Uint8Array;
  readonly annotations: Readonly<Record<string, string>>;
}

export interface LayerPolicy {
  /** The digest of the image being verified: the payload must sign exactly this. */
  readonly digest: string;
  /** When set, the payload's docker-reference must name this repository (tags ignored). */
  readonly identity?: string;
  readonly trustedKeys: readonly PublicKey[];
  readonly revokedKeys: readonly PublicKey[];
  /** Annotations the payload's `optional` must hold with exactly these values. */
  readonly annotations?: Readonly<Record<string, string>>;
  /** The transparency logs a layer's Rekor bundle is verified against, and whether one is required. */
  readonly transparency?: LayerTransparency;
  /**
   * Verifies layers signed with a certificate (keyless) that no trusted key verifies; without it such a layer
   * is `KEYLESS_NOT_CONFIGURED`. Its Rekor bundle is the verifier's to check (`transparency` is for key-based
   * layers): a keyless signature has no other time to be verified at.
   */
  readonly keyless?: KeylessLayerVerifier;
}

/** What a keyless verifier is given of a layer: the payload and the annotations cosign writes. */
export type KeylessLayer = LegacyKeylessSignature;

type KeylessLayerVerdict =
  | { readonly ok: true; readonly identity: KeylessIdentity }
  | {
      readonly ok: false;
      readonly reason: KeylessLayerFailureReason;
      readonly message: string;
      readonly identity?: KeylessIdentity;
    };

/**
 * Verifies a keyless layer's certificate, log entry and signature and judges its signer; the payload's claims
 * (digest, repository, annotations) are checked after it, as for a trusted key.
 */
export type KeylessLayerVerifier = (layer: KeylessLayer) => KeylessLayerVerdict;

/**
 * Trusted Rekor keys (by log ID, the sha256 of the key) that verify a layer's `dev.sigstore.cosign/bundle`
 * (its SignedEntryTimestamp, and that the logged hashedrekord entry is this payload, signature and key);
 * `require`: a layer without one does not count.
 */
export interface LayerTransparency {
  readonly rekorKeys: readonly PublicKey[];
  readonly require: boolean;
}

/**
 * Verifies one signature layer. The signature is checked over the exact stored bytes first; nothing in
 * the payload is read until a trusted key, or for a keyless layer (one with a certificate) `policy.keyless`,
 * has vouched for it. A layer a trusted key verifies is judged by that key, certificate or not.
 */
export function verifySignatureLayer(layer: SignatureLayer, policy: LayerPolicy): LayerVerdict {
  const expectedRepository = checkPolicy(policy);
  if (layer.mediaType !== SIMPLE_SIGNING_MEDIA_TYPE) {
    return failure(
      'MEDIA_TYPE',
      `layer media type is ${quoteForMessage(layer.mediaType)}, not ${SIMPLE_SIGNING_MEDIA_TYPE}`,
    );
  }
  const annotation = layer.annotations[SIGNATURE_ANNOTATION];
  if (annotation === undefined)
    return failure('SIGNATURE_MISSING', `layer has no ${SIGNATURE_ANNOTATION} annotation`);
  const decoded = decodeSignatureAnnotation(annotation);
  if (!decoded.ok) return failure('SIGNATURE_ENCODING', decoded.message);
  const signature = decoded.signature;
  const encoding = classifyEcdsaSignature(signature);
  const candidates = [...policy.revokedKeys, ...policy.trustedKeys];
  if (encoding !== 'der' && !candidates.some((key) => keyAcceptsEncoding(key, signature, encoding))) {
    return failure('SIGNATURE_ENCODING', encodingProblem(encoding, signature));
  }
  const revoked = findVerifyingKey(policy.revokedKeys, [layer.payload], signature, encoding);
  if (revoked !== undefined) {
    return failure('KEY_REVOKED', `the signature was made with revoked key ${revoked.id}`, {
      keyId: revoked.id,
    });
  }
  const trusted = findVerifyingKey(policy.trustedKeys, [layer.payload], signature, encoding);
  if (trusted === undefined) {
    const certificate = layer.annotations[CERTIFICATE_ANNOTATION];
    if (certificate !== undefined)
      return verifyKeylessLayer(layer, annotation, certificate, policy, expectedRepository);
    return failure(
      'SIGNATURE_UNTRUSTED',
      `the signature does not verify with any of the ${policy.trustedKeys.length} trusted key(s)`,
    );
  }
  const claims = checkClaims(layer.payload, policy, expectedRepository, { keyId: trusted.id });
  if (!claims.ok || policy.transparency === undefined) return claims;
  return checkRekorBundle(layer, annotation, trusted, policy.transparency) ?? claims;
}

/** A layer signed with a certificate that no trusted key verifies: `policy.keyless` decides, then the claims. */
function verifyKeylessLayer(
  layer: SignatureLayer,
  signature: string,
  certificate: string,
  policy: LayerPolicy,
  expectedRepository: string | undefined,
): LayerVerdict {
  if (policy.keyless === undefined) {
    return failure(
      'KEYLESS_NOT_CONFIGURED',
      `the layer is signed with a certificate (keyless) and verifies with none of the ${policy.trustedKeys.length} trusted key(s); no keyless signer is trusted`,
    );
  }
  const chain = layer.annotations[CHAIN_ANNOTATION];
  const rekorBundle = layer.annotations[REKOR_BUNDLE_ANNOTATION];
  const verdict = policy.keyless({
    payload: layer.payload,
    signature,
    certificate,
    ...(chain === undefined ? {} : { chain }),
    ...(rekorBundle === undefined ? {} : { rekorBundle }),
  });
  if (!verdict.ok) {
    return failure(
      verdict.reason,
      verdict.message,
      verdict.identity === undefined ? undefined : { identity: verdict.identity },
    );
  }
  return checkClaims(layer.payload, policy, expectedRepository, { identity: verdict.identity });
}

/** A trusted layer's Rekor bundle against the trusted logs: undefined when it verifies (or is not required). */
function checkRekorBundle(
  layer: SignatureLayer,
  signature: string,
  signer: PublicKey,
  transparency: LayerTransparency,
): LayerFailure | undefined {
  const bundle = layer.annotations[REKOR_BUNDLE_ANNOTATION];
  if (bundle === undefined) {
    return transparency.require
      ? failure(
          'TLOG_MISSING',
          `the layer carries no Rekor bundle (${REKOR_BUNDLE_ANNOTATION}) and require-tlog is on`,
          { keyId: signer.id },
        )
      : undefined;
  }
  const verdict = verifyRekorBundle({
    bundle,
    rekorKeys: transparency.rekorKeys,
    payload: layer.payload,
    signature,
    signerKey: signer,
  });
  if (verdict.ok) return undefined;
  return failure(
    'TLOG_INVALID',
    `the layer's Rekor bundle does not verify against trusted-root: ${verdict.message}`,
    { keyId: signer.id },
  );
}

function checkClaims(
  payloadBytes: Uint8Array,
  policy: LayerPolicy,
  expectedRepository: string | undefined,
  signer: SignedBy,
): LayerVerdict {
  const parsed = parseSimpleSigningPayload(payloadBytes);
  if (!parsed.ok) return failure('PAYLOAD_INVALID', `signed payload rejected: ${parsed.message}`, signer);
  const payload = parsed.payload;
  if (payload.dockerManifestDigest !== policy.digest) {
    return failure(
      'CLAIM_DIGEST_MISMATCH',
      `the payload signs ${payload.dockerManifestDigest}, not the image digest ${policy.digest}`,
      signer,
    );
  }
  if (
    expectedRepository !== undefined &&
    dockerRepositoryOf(payload.dockerReference) !== expectedRepository
  ) {
    return failure(
      'IDENTITY_MISMATCH',
      `the payload names ${quoteForMessage(payload.dockerReference)}, not repository ${expectedRepository}` +
        ' (a signature copied from another repository)',
      signer,
    );
  }
  const annotationProblem = findAnnotationProblem(payload, policy.annotations ?? {});
  if (annotationProblem !== undefined) return failure('ANNOTATION_MISMATCH', annotationProblem, signer);
  return { ok: true, ...signer, payload };
}

function findAnnotationProblem(
  payload: SimpleSigningPayload,
  required: Readonly<Record<string, string>>,
): string | undefined {
  for (const [key, value] of Object.entries(required)) {
    const signed = payload.optional?.get(key);
    if (signed === undefined) return `required annotation ${quoteForMessage(key)} is absent from the payload`;
    if (signed !== value) {
      const shown = typeof signed === 'string' ? quoteForMessage(signed) : `a ${typeof signed} value`;
      return `annotation ${quoteForMessage(key)} is ${shown} in the payload, the policy requires ${quoteForMessage(value)}`;
    }
  }
  return undefined;
}

function checkPolicy(policy: LayerPolicy): string | undefined {
  if (!isManifestDigest(policy.digest)) {
    throw new SigilError(
      'INTERNAL',
      `verifySignatureLayer was given an invalid digest ${quoteForMessage(policy.digest)}`,
    );
  }
  if (policy.identity === undefined) return undefined;
  const repository = dockerRepositoryOf(policy.identity);
  if (repository === undefined) {
    throw new SigilError(
      'REFERENCE_INVALID',
      `${quoteForMessage(policy.identity)} is not a repository reference`,
    );
  }
  return repository;
}

function failure(reason: LayerFailureReason, message: string, signer?: Partial<SignedBy>): LayerFailure {
  return {
    ok: false,
    reason,
    message,
    ...(signer?.keyId === undefined ? {} : { keyId: signer.keyId }),
    ...(signer?.identity === undefined ? {} : { identity: signer.identity }),
  };
}
