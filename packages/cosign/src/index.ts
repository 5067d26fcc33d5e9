export { generateKeyPair, encryptPrivateKey, loadPrivateKey } from './key-file.js';
export type { GeneratedKeyPair, KeyFileFormat } from './key-file.js';
export {
  DEFAULT_ENVIRONMENTS,
  generateEnvironmentKeys,
  type EnvironmentKey,
  type EnvironmentKeysRequest,
} from './environment-keys.js';
export { SigningKey } from './signing-key.js';
export {
  parsePublicKey,
  parsePublicKeys,
  publicKeyFromKeyObject,
  verifyPartsWithPublicKey,
  verifyWithPublicKey,
} from './public-key.js';
export type { PublicKey, PublicKeyAlgorithm, PublicKeyParseOptions } from './public-key.js';
export {
  SIMPLE_SIGNING_MEDIA_TYPE,
  SIMPLE_SIGNING_TYPE,
  reservedAnnotationKey,
  simpleSigningPayload,
} from './payload.js';
export { parseSimpleSigningPayload } from './payload-parser.js';
export type { PayloadParseResult, SimpleSigningPayload } from './payload-parser.js';
export type { JsonObject, JsonValue } from './strict-json.js';
export { isManifestDigest } from './digest.js';
export {
  MAX_SIGNATURE_LAYERS,
  SIGNATURE_ANNOTATION,
  cosignTag,
  parseSignatureManifest,
  signatureConfig,
  signatureTag,
  type CosignImageKind,
  type SignatureManifest,
} from './signature-image.js';
export {
  MAX_PAYLOAD_BYTES,
  appendSignature,
  readSignatures,
  signatureRef,
  type AppendedSignature,
  type NewSignature,
  type PayloadFetch,
  type PayloadProblem,
  type StoredSignatureLayer,
  type StoredSignatures,
} from './signature-store.js';
export { formatPlatform, indexChildren, isIndexMediaType, type IndexChild } from './image-index.js';
export { manifestTree, type ManifestTree, type PlatformManifest } from './platform-manifests.js';
export {
  parseImageList,
  pinnedReference,
  resolveImageTarget,
  uniqueTargets,
  type ImageEntry,
  type ImageTarget,
} from './image-target.js';
export {
  KEYLESS_RELEASE,
  KMS_SCHEMES,
  parseKeyReference,
  type KeyReference,
  type KmsScheme,
} from './key-reference.js';
export { validateKmsKeyUri } from './kms-key-uri.js';
// Signing engines: sigil's own, and the installed cosign CLI (KMS and k8s:// keys) behind one interface.
export type { EngineTarget, SigningEngine, SigningEngineName } from './signing-engine.js';
export { NativeSigningEngine } from './native-signing-engine.js';
export { CosignSigningEngine, type CosignSigningEngineOptions } from './cosign-signing-engine.js';
export type { LocatedCosign, CosignRunnerOptions } from './cosign-runner.js';
export type { CosignExec, CosignRunOptions, CosignRunResult } from './cosign-exec.js';
export {
  cosignAttestArguments,
  cosignKeyArgument,
  cosignPublicKeyArguments,
  cosignSignArguments,
  cosignVerifyArguments,
  cosignVerifyAttestationArguments,
  cosignVersionArguments,
  type CosignImageCommand,
  type CosignKey,
} from './cosign-arguments.js';
export {
  MINIMUM_COSIGN_VERSION,
  NEWEST_SUPPORTED_COSIGN_MAJOR,
  compareVersions,
  parseCosignVersionOutput,
  parseVersionText,
  requireSupportedCosign,
  type CosignVersion,
} from './cosign-version.js';
export { cosignFailure, cosignMessage, redactSecrets } from './cosign-failure.js';
export { mapConcurrently } from './map-concurrently.js';
export {
  signImage,
  signImages,
  type SignImageOutcome,
  type SignImagesOptions,
  type SignOptions,
  type SignedDigest,
} from './sign.js';
export {
  classifyEcdsaSignature,
  decodeSignatureAnnotation,
  isStrictDerEcdsaSignature,
} from './signature-encoding.js';
export type { EcdsaSignatureEncoding, SignatureAnnotationDecoding } from './signature-encoding.js';
export { verifySignatureLayer } from './layer-verifier.js';
export type { LayerPolicy, SignatureLayer } from './layer-verifier.js';
export type { LayerFailure, LayerFailureReason, LayerSuccess, LayerVerdict } from './layer-verdict.js';
export { SIGNATURE_SIGNIFICANCE, mostSignificant, mostSignificantFailure } from './layer-significance.js';
export { dockerRepositoryOf } from './docker-repository.js';
export { REKOR_BUNDLE_ANNOTATION, verifyRekorBundle } from './rekor-set.js';
export type { RekorSetCheck, RekorSetFailureReason, RekorSetVerdict } from './rekor-set.js';
// Sigstore bundle verification (sigstore-js) is the subpath export `@sigil/cosign/bundle`, so that the
// legacy `.sig` path (every current action) does not load sigstore-js at start-up.
export { imageManifestDigest } from './manifest-digest.js';
export {
  verifyImageSignatures,
  type LayerOutcome,
  type SignatureFailureReason,
  type SignaturePolicy,
  type SignatureVerdict,
} from './verify.js';
// In-toto attestations in the legacy `.att` format (DSSE envelopes).
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
