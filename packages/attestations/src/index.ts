export { parseInTotoStatement, type ParsedStatement } from './statement-parser.js';
export { parseDsseEnvelope } from './dsse.js';
export { attestationRef, attestationTag, readAttestations } from './attestation-store.js';
export {
  attestImage,
  type AttestationInput,
  type AttestOptions,
  type AttestedDigest,
  type EnvelopeSigner,
} from './attest.js';
export {
  verifyImageAttestations,
  type AttestationFailureReason,
  type AttestationLayerOutcome,
  type AttestationPolicy,
  type AttestationVerdict,
} from './verify-attestations.js';
export { holdsEquivalentAttestation, jsonEqual } from './attestation-equivalence.js';
export { preAuthEncodingHeader } from './dsse.js';
export { IN_TOTO_PAYLOAD_TYPE, inTotoStatementParts } from './in-toto-statement.js';
