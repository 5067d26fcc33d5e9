import { decodeBase64Strict, isRecord, parseStrictJsonBytesToPlain } from '@sigil/core';
import { IN_TOTO_PAYLOAD_TYPE, preAuthEncodingHeader } from '@sigil/attestations';
import { verifyPartsWithPublicKey, type PublicKey } from '@sigil/keys';
import { MEDIA_TYPES } from '@sigil/oci';
import { PREDICATE_TYPE_ANNOTATION, isBundleLayerMediaType } from './bundle-format.js';

/** No bundle blob is read that is larger than this (an SBOM attestation can be large; none is this large). */
const MAX_BUNDLE_BYTES = 128 * 1024 * 1024;

/** A referrer manifest holding a Sigstore bundle, as read (nothing in it is signed). */
export interface BundleReferrer {
  /** `subject.digest`: the digest it claims to be about. */
  readonly subjectDigest: unknown;
  readonly artifactType: unknown;
  /** The `dev.sigstore.bundle.predicateType` annotation, when it is a string. */
  readonly label?: string;
  /** Its one layer, whose media type says it is a Sigstore bundle. */
  readonly layer: Readonly<Record<string, unknown>>;
}

/**
 * A referrer manifest, read strictly, when it can hold a Sigstore bundle: an OCI image manifest with exactly one
 * layer, of a Sigstore bundle media type. Undefined for anything else (another artifact, an image, an index):
 * such a referrer is skipped, as cosign skips it. The reader and the writer's dedupe read referrers this way.
 */
export function parseBundleReferrer(manifest: {
  readonly bytes: Uint8Array;
  readonly mediaType: string;
}): BundleReferrer | undefined {
  if (manifest.mediaType !== MEDIA_TYPES.ociManifest) return undefined;
  const parsed = parseStrictJsonBytesToPlain(manifest.bytes, 16);
  if (!parsed.ok || !isRecord(parsed.value)) return undefined;
  const { layers, subject, annotations, artifactType } = parsed.value;
  if (!Array.isArray(layers) || layers.length !== 1) return undefined;
  const layer: unknown = layers[0];
  if (!isRecord(layer) || !isBundleLayerMediaType(layer['mediaType'])) return undefined;
  const label = isRecord(annotations) ? annotations[PREDICATE_TYPE_ANNOTATION] : undefined;
  return {
    subjectDigest: isRecord(subject) ? subject['digest'] : undefined,
    artifactType,
    ...(typeof label === 'string' ? { label } : {}),
    layer,
  };
}

/** The bundle layer's blob digest, when its descriptor is one a reader fetches (a digest, a size within bounds). */
export function bundleBlobDigest(layer: Readonly<Record<string, unknown>>): string | undefined {
  const { digest, size } = layer;
  if (typeof digest !== 'string' || typeof size !== 'number' || size > MAX_BUNDLE_BYTES) return undefined;
  return digest;
}

/** A key-signed DSSE bundle's envelope, decoded: the exact payload bytes and the one signature. */
export interface BundleEnvelope {
  readonly payloadType: string;
  readonly payload: Uint8Array;
  readonly signature: Uint8Array;
}

const ENVELOPE_KEYS = new Set(['payload', 'payloadType', 'signatures']);
const SIGNATURE_KEYS = new Set(['sig', 'keyid']);

/**
 * The `dsseEnvelope` of a parsed bundle, strictly: `payload` (strict base64), `payloadType`, and exactly one
 * signature (a bundle's DSSE envelope carries one: the bundle has one verification material) with a strict
 * base64 `sig` and an optional string `keyid`; no other keys. A message for anything else.
 */
export function readBundleEnvelope(
  bundle: Readonly<Record<string, unknown>>,
):
  | { readonly ok: true; readonly envelope: BundleEnvelope }
  | { readonly ok: false; readonly message: string } {
  const envelope = bundle['dsseEnvelope'];
  if (!isRecord(envelope)) return { ok: false, message: 'it has no DSSE envelope' };
  const unknown = Object.keys(envelope).find((key) => !ENVELOPE_KEYS.has(key));
  if (unknown !== undefined)
    return { ok: false, message: `its DSSE envelope has an unknown key ${JSON.stringify(unknown)}` };
  const { payload, payloadType, signatures } = envelope;
  if (typeof payloadType !== 'string') return { ok: false, message: 'its DSSE envelope has no payloadType' };
  const payloadBytes = typeof payload === 'string' ? decodeBase64Strict(payload) : undefined;
  if (payloadBytes === undefined)
    return { ok: false, message: 'its DSSE payload is not standard padded base64' };
  if (!Array.isArray(signatures) || signatures.length !== 1)
    return { ok: false, message: 'its DSSE envelope does not carry exactly one signature' };
  const [entry] = signatures as unknown[];
  if (!isRecord(entry) || Object.keys(entry).some((key) => !SIGNATURE_KEYS.has(key)))
    return { ok: false, message: 'its DSSE signature is not {sig, keyid}' };
  if (entry['keyid'] !== undefined && typeof entry['keyid'] !== 'string')
    return { ok: false, message: 'its DSSE signature has a non-string keyid' };
  const signature = typeof entry['sig'] === 'string' ? decodeBase64Strict(entry['sig']) : undefined;
  if (signature === undefined || signature.length === 0)
    return { ok: false, message: 'its DSSE signature is not standard padded base64' };
  return { ok: true, envelope: { payloadType, payload: payloadBytes, signature } };
}

/** Whether `key` signed the envelope: the signature over its DSSE pre-authentication encoding verifies. */
export function envelopeSignedBy(envelope: BundleEnvelope, key: PublicKey): boolean {
  const header = preAuthEncodingHeader(envelope.payloadType, envelope.payload.length);
  return verifyPartsWithPublicKey(key, [header, envelope.payload], envelope.signature);
}

/** Whether the envelope holds an in-toto statement (`application/vnd.in-toto+json`), as cosign and sigil sign. */
export function holdsInTotoStatement(envelope: BundleEnvelope): boolean {
  return envelope.payloadType === IN_TOTO_PAYLOAD_TYPE;
}

/**
 * A log entry's `logIndex` as bundle JSON holds it: protobuf JSON leaves out a zero, so an entry without one is
 * the log's first, at index 0.
 */
export function entryLogIndex(entry: Readonly<Record<string, unknown>>): unknown {
  return entry['logIndex'] ?? '0';
}

/**
 * The signing certificate (DER) of a bundle's verification material: v0.3's `certificate`, or the first of v0.1/v0.2's
 * `x509CertificateChain`; undefined when there is none or its bytes are not strict base64. Nothing is verified.
 */
export function bundleLeafCertificate(material: Readonly<Record<string, unknown>>): Uint8Array | undefined {
  const chain = material['x509CertificateChain'];
  const certificate = isRecord(material['certificate'])
    ? material['certificate']
    : isRecord(chain) && Array.isArray(chain['certificates']) && isRecord(chain['certificates'][0])
      ? chain['certificates'][0]
      : undefined;
  const raw = certificate?.['rawBytes'];
  return typeof raw === 'string' ? decodeBase64Strict(raw) : undefined;
}
