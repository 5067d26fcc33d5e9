import type { Registry } from '@sigil/oci';
import { attestationCheck } from './attestation-check.js';
import type { EvidenceTarget, EvidenceVerifier } from './evidence-verifier.js';
import type { GatePolicy } from './gate-policy.js';
import type { AttestationCheck, SignatureCheck } from './gate-verdict.js';
import type { Requirement } from './requirement.js';
import { signatureCheck } from './signature-check.js';

/** One requirement for one digest (`platform` for a platform manifest of an index): its signature or attestation check. */
export function requirementCheck(
  registry: Registry,
  verifier: EvidenceVerifier,
  target: EvidenceTarget,
  requirement: Requirement,
  policy: GatePolicy,
  platform?: string,
): Promise<SignatureCheck | AttestationCheck> {
  return requirement.kind === 'signature'
    ? signatureCheck(registry, target, policy, platform, verifier)
    : attestationCheck(registry, target, requirement, policy, platform, verifier);
}
