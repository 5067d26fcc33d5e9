import type { Registry } from '@sigil/oci';
import { signatureRef, type SignatureVerdict } from '@sigil/signatures';
import { bundleSigner, mostSignificantBundle, outcomesOf, signatureReasonOf } from './bundle-checks.js';
import { COSIGN_SIGN_PREDICATE_TYPE } from '@sigil/bundles';
import { bundleEvidence, type BundleEvidence } from './bundle-evidence.js';
import { evidenceOrder } from './evidence-order.js';
import { nativeEvidenceVerifier, type EvidenceTarget, type EvidenceVerifier } from './evidence-verifier.js';
import type { GatePolicy } from './gate-policy.js';
import { layerSignaturePolicy } from './keyless-layer.js';
import type { SignatureCheck } from './gate-verdict.js';

/**
 * Checks the `signature` requirement for one digest: a signature by a trusted key (none revoked), or keyless by a
 * signer `policy.keyless` accepts, over a payload naming it, with the annotations the policy asks for — a legacy
 * `.sig` layer (keyless: cosign's certificate, chain and Rekor bundle annotations), or, when the `.sig`
 * tag does not pass it, a Sigstore bundle referrer (cosign v3) whose signed statement is a cosign signature
 * (`https://sigstore.dev/cosign/sign/v1`) naming the digest. An attestation bundle is never a signature
 * (`SIGNATURE_ONLY_ATTESTATIONS`). For a platform manifest of an index, no signature at all is
 * `PLATFORM_UNSIGNED`.
 */
export async function signatureCheck(
  registry: Registry,
  target: EvidenceTarget,
  policy: GatePolicy,
  platform?: string,
  verifier: EvidenceVerifier = nativeEvidenceVerifier,
): Promise<SignatureCheck> {
  const order = evidenceOrder(policy);
  const host = target.repo.registry;
  if (order.bundlesFirst(host)) {
    // The `.sig` tag is not read (yet): it counts as empty, and is read only if the bundles do not pass.
    const unread: SignatureVerdict = {
      image: target.image,
      digest: target.digest,
      signatureRef: signatureRef(target.repo, target.digest),
      verified: false,
      reason: 'NO_SIGNATURES',
      message: 'the .sig tag was not read: the Sigstore bundles decided',
      layers: [],
      acceptedKeyIds: [],
      revokedSignatures: [],
    };
    const early = bundleCheckOf(unread, await bundleEvidence(registry, target, policy), platform);
    if (early?.passed === true) return early;
  }
  const legacy = await verifier.verifySignatures(registry, target, await layerSignaturePolicy(policy));
  // With require-tlog a `.sig` layer counts only when its Rekor bundle was required and verified (the
  // signature policy's transparency, from the trusted root, or a keyless layer's, which verifies only at the
  // time its entry was integrated); otherwise the legacy evidence alone fails closed.
  const requireTlog =
    policy.transparency?.requireTlog === true &&
    policy.signature.transparency?.require !== true &&
    !legacy.layers.some((layer) => layer.verified && layer.identity !== undefined);
  const hadLegacy = legacy.reason !== 'NO_SIGNATURES' && legacy.reason !== 'IMAGE_NOT_FOUND';
  if (legacy.verified && !requireTlog) {
    order.learn(host, target.digest, true, false);
    return checkOf(legacy, platform);
  }
  const bundles = await bundleEvidence(registry, target, policy);
  const fromBundles = bundleCheckOf(legacy, bundles, platform);
  order.learn(host, target.digest, hadLegacy, fromBundles?.passed === true);
  if (legacy.verified)
    return fromBundles?.passed === true ? fromBundles : legacyWithoutLog(legacy, platform, bundles);
  return fromBundles ?? checkOf(legacy, platform, bundles);
}

/**
 * With `require-tlog`, a `.sig` signature passes only when its layer's Rekor bundle was required and verified
 * (the signature policy's `transparency`, which verify-gate sets from `trusted-root`); a policy without it
 * cannot tell, so the legacy evidence alone fails closed.
 */
function legacyWithoutLog(
  legacy: SignatureVerdict,
  platform: string | undefined,
  bundles: BundleEvidence,
): SignatureCheck {
  const {
    source: _source,
    passed: _passed,
    message: _message,
    ...evidence
  } = checkOf(legacy, platform, bundles);
  const where = platform === undefined ? '' : `platform ${platform} (${legacy.digest}): `;
  return {
    ...evidence,
    passed: false,
    reason: 'TLOG_MISSING',
    message: `${where}${legacy.message}, but require-tlog is on and neither a Sigstore bundle signature with a verified transparency-log entry was found nor were the .sig layers' Rekor bundles checked (no trusted transparency logs in the signature policy)`,
  };
}

/** A signature verdict as a gate check, keeping its evidence (layers, keys, revoked signatures). */
function checkOf(
  verdict: SignatureVerdict,
  platform: string | undefined,
  bundles?: BundleEvidence,
): SignatureCheck {
  const evidence = {
    check: 'signature' as const,
    digest: verdict.digest,
    ...(platform === undefined ? {} : { platform }),
    signatureRef: verdict.signatureRef,
    layers: verdict.layers,
    acceptedKeyIds: verdict.acceptedKeyIds,
    revokedSignatures: verdict.revokedSignatures,
    ...(verdict.verified ? { source: 'sig-tag' as const } : {}),
    ...(bundles === undefined || bundles.bundles.length === 0
      ? {}
      : { bundles: outcomesOf(bundles.bundles) }),
  };
  const where = platform === undefined ? '' : `platform ${platform} (${verdict.digest}): `;
  if (verdict.verified) return { ...evidence, passed: true, message: `${where}${verdict.message}` };
  const unsignedPlatform = platform !== undefined && verdict.reason === 'NO_SIGNATURES';
  const unread =
    verdict.reason === 'NO_SIGNATURES' && bundles?.error !== undefined ? bundles.error : undefined;
  if (unread !== undefined) {
    return {
      ...evidence,
      passed: false,
      reason: unread.code === 'MANIFEST_NOT_FOUND' ? 'INTERNAL' : unread.code,
      message: `${where}${verdict.message}; the Sigstore bundle referrers could not be read: ${unread.message}`,
    };
  }
  return {
    ...evidence,
    passed: false,
    reason: unsignedPlatform ? 'PLATFORM_UNSIGNED' : (verdict.reason ?? 'INTERNAL'),
    message: unsignedPlatform
      ? `platform ${platform} (${verdict.digest}) is not signed: ${verdict.message}`
      : `${where}${verdict.message}`,
  };
}

/**
 * The check from the bundles, when they decide it: a verified cosign signature bundle passes; otherwise
 * the most significant failed bundle is reported when the `.sig` tag had nothing to say (no signatures) or
 * the bundle shows tampering; verified attestations alone are `SIGNATURE_ONLY_ATTESTATIONS`.
 */
function bundleCheckOf(
  legacy: SignatureVerdict,
  evidence: BundleEvidence,
  platform: string | undefined,
): SignatureCheck | undefined {
  const { bundles, source } = evidence;
  if (bundles.length === 0 || source === undefined) return undefined;
  const where = platform === undefined ? '' : `platform ${platform} (${legacy.digest}): `;
  const base = {
    check: 'signature' as const,
    digest: legacy.digest,
    ...(platform === undefined ? {} : { platform }),
    signatureRef: legacy.signatureRef,
    layers: legacy.layers,
    revokedSignatures: legacy.revokedSignatures,
    bundles: outcomesOf(bundles),
  };
  const signatures = bundles.filter(
    ({ outcome }) => outcome.verified && outcome.predicateType === COSIGN_SIGN_PREDICATE_TYPE,
  );
  const first = signatures[0];
  if (first !== undefined) {
    return {
      ...base,
      source,
      acceptedKeyIds: [...new Set(signatures.flatMap(({ outcome }) => outcome.keyId ?? []))],
      passed: true,
      message: `${where}verified cosign signature in Sigstore bundle ${first.outcome.manifest} (${source}) by ${bundleSigner(first.outcome)}`,
    };
  }
  const relevant = bundles.filter(
    ({ outcome }) =>
      outcome.predicateType === undefined || outcome.predicateType === COSIGN_SIGN_PREDICATE_TYPE,
  );
  const failed = mostSignificantBundle(relevant);
  const absent = legacy.reason === 'NO_SIGNATURES' || legacy.reason === 'IMAGE_NOT_FOUND';
  if (failed?.problem !== undefined) {
    const reason = signatureReasonOf(failed.problem);
    const tampering =
      reason === 'CLAIM_DIGEST_MISMATCH' ||
      reason === 'REFERRER_SUBJECT_MISMATCH' ||
      reason === 'TLOG_INVALID' ||
      reason === 'TIMESTAMP_INVALID';
    if (!absent && !tampering) return undefined;
    return {
      ...base,
      acceptedKeyIds: [],
      passed: false,
      reason,
      message: `${where}no signature verified (.sig: ${legacy.message}); Sigstore bundle ${failed.manifest}: ${failed.message}`,
    };
  }
  const attestations = bundles.filter(({ outcome }) => outcome.verified);
  if (absent && attestations.length > 0) {
    const types = [...new Set(attestations.map(({ outcome }) => outcome.predicateType))].join(', ');
    return {
      ...base,
      acceptedKeyIds: [],
      passed: false,
      reason: 'SIGNATURE_ONLY_ATTESTATIONS',
      message: `${where}no signature: the only verified Sigstore bundles are attestations (${types}), which are not signatures. Sign the digest (sign-image, or \`cosign sign\`)`,
    };
  }
  return undefined;
}
