export {
  IN_TOTO_PAYLOAD_TYPE,
  STATEMENT_TYPES,
  inTotoStatement,
  inTotoStatementParts,
  type StatementInput,
  type StatementSubject,
  type StatementVersion,
} from './in-toto-statement.js';
export {
  parseInTotoStatement,
  type ParsedStatement,
  type ParsedSubject,
  type StatementParse,
} from './statement-parser.js';
export {
  DSSE_ENVELOPE_MEDIA_TYPE,
  dsseEnvelopeBytes,
  parseDsseEnvelope,
  preAuthEncoding,
  preAuthEncodingHeader,
  type DsseEnvelope,
  type DsseEnvelopeParse,
  type DsseSignature,
} from './dsse.js';
export {
  MAX_ATTESTATION_LAYERS,
  MAX_ENVELOPE_BYTES,
  PREDICATE_TYPE_ANNOTATION,
  appendAttestation,
  attestationRef,
  attestationTag,
  fetchEnvelope,
  readAttestations,
  type AppendedAttestation,
  type NewAttestation,
  type StoredAttestationLayer,
  type StoredAttestations,
} from './attestation-store.js';
export { attestImage, type AttestationInput, type AttestOptions, type AttestedDigest } from './attest.js';
export {
  verifyAttestationLayer,
  type AttestationLayer,
  type AttestationLayerFailureReason,
  type AttestationLayerPolicy,
  type AttestationLayerVerdict,
  type PredicateValidation,
} from './attestation-layer-verifier.js';
export {
  ATTESTATION_SIGNIFICANCE,
  mostSignificantOutcome,
  verifyImageAttestations,
  type AttestationFailureReason,
  type AttestationLayerOutcome,
  type AttestationPolicy,
  type AttestationVerdict,
} from './verify-attestations.js';
export { holdsEquivalentAttestation } from './attestation-equivalence.js';
