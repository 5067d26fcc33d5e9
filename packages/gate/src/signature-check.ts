import type { Registry } from '@sigil/oci';
import type { SignatureVerdict } from '@sigil/signatures';
import { nativeEvidenceVerifier, type EvidenceTarget, type EvidenceVerifier } from './evidence-verifier.js';
import type { GatePolicy } from './gate-policy.js';
import type { SignatureCheck } from './gate-verdict.js';

/**
 * Checks the `signature` requirement for one digest: a signature by a trusted key (none revoked) over a
 * payload naming it, with the annotations the policy asks for. For a platform manifest of an index, no
 * signature at all is `PLATFORM_UNSIGNED`.
 */
export async function signatureCheck(
  registry: Registry,
  target: EvidenceTarget,
  policy: GatePolicy,
  platform?: string,
  verifier: EvidenceVerifier = nativeEvidenceVerifier,
): Promise<SignatureCheck> {
  return checkOf(await verifier.verifySignatures(registry, target, policy.signature), platform);
}

/** A signature verdict as a gate check, keeping its evidence (layers, keys, revoked signatures). */
function checkOf(verdict: SignatureVerdict, platform: string | undefined): SignatureCheck {
  const evidence = {
    check: 'signature' as const,
    digest: verdict.digest,
    ...(platform === undefined ? {} : { platform }),
    signatureRef: verdict.signatureRef,
    layers: verdict.layers,
    acceptedKeyIds: verdict.acceptedKeyIds,
    revokedSignatures: verdict.revokedSignatures,
  };
  const where = platform === undefined ? '' : `platform ${platform} (${verdict.digest}): `;
  if (verdict.verified) return { ...evidence, passed: true, message: `${where}${verdict.message}` };
  const unsignedPlatform = platform !== undefined && verdict.reason === 'NO_SIGNATURES';
  return {
    ...evidence,
    passed: false,
    reason: unsignedPlatform ? 'PLATFORM_UNSIGNED' : (verdict.reason ?? 'INTERNAL'),
    message: unsignedPlatform
      ? `platform ${platform} (${verdict.digest}) is not signed: ${verdict.message}`
      : `${where}${verdict.message}`,
  };
}
