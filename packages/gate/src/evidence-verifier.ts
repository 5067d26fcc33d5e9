import {
  verifyImageAttestations,
  type AttestationPolicy,
  type AttestationVerdict,
} from '@sigil/attestations';
import { verifyImageSignatures, type SignaturePolicy, type SignatureVerdict } from '@sigil/signatures';
import { type ImageTarget } from '@sigil/oci';
import type { Registry } from '@sigil/oci';

/** One digest to verify evidence for. */
export type EvidenceTarget = Pick<ImageTarget, 'image' | 'repo' | 'digest'>;

/**
 * What judges the signatures and attestations of one digest for the gate. Everything around it — pinning,
 * which digests are checked (`platforms`), the SBOM predicate types tried, tag re-checks, verdicts — is
 * the gate's and stays the same whichever verifier runs. `registry` is the gate's per-image reader
 * (reads shared across requirements); a verifier that reads the registry itself may ignore it.
 */
export interface EvidenceVerifier {
  verifySignatures(
    registry: Registry,
    target: EvidenceTarget,
    policy: SignaturePolicy,
  ): Promise<SignatureVerdict>;
  verifyAttestations(
    registry: Registry,
    target: EvidenceTarget,
    policy: AttestationPolicy,
  ): Promise<AttestationVerdict>;
}

/** sigil's own verification: every layer judged, revocation, per-layer evidence (the default). */
export const nativeEvidenceVerifier: EvidenceVerifier = {
  verifySignatures: verifyImageSignatures,
  verifyAttestations: verifyImageAttestations,
};
