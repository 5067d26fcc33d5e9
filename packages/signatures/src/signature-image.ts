import { SigilError, isRecord } from '@sigil/core';
import { MEDIA_TYPES, sha256Digest, type Descriptor, type ManifestResponse } from '@sigil/oci';
import { SIMPLE_SIGNING_MEDIA_TYPE } from './payload.js';

/** Layer annotation holding the std-base64 DER signature over the layer blob (spec §3.3). */
export const SIGNATURE_ANNOTATION = 'dev.cosignproject.cosign/signature';
/** cosign's Rekor bundle annotation on a `.sig` layer (the entry's SET and payload). */
export const REKOR_BUNDLE_ANNOTATION = 'dev.sigstore.cosign/bundle';
/** cosign's keyless annotations: the signing certificate and the rest of its chain (PEM). */
export const CERTIFICATE_ANNOTATION = 'dev.sigstore.cosign/certificate';
export const CHAIN_ANNOTATION = 'dev.sigstore.cosign/chain';
/** cosign refuses to grow a signature image beyond this many layers (`maxLayers`). */
export const MAX_SIGNATURE_LAYERS = 1000;

const DIGEST_PATTERN = /^sha256:[0-9a-f]{64}$/;
const ZERO_TIME = '0001-01-01T00:00:00Z';
const encoder = new TextEncoder();

/**
 * The two kinds of tag-based cosign images sigil reads and writes. They share the manifest and config
 * shape (spec §3.2, §4.1); only the tag suffix and the layers differ.
 */
export type CosignImageKind = 'sig' | 'att';

const KIND_NOUN: Readonly<Record<CosignImageKind, string>> = { sig: 'signature', att: 'attestation' };

/** The tag under which cosign stores the signatures of `digest`: `sha256-<hex>.sig`. */
export function signatureTag(digest: string): string {
  return cosignTag(digest, 'sig');
}

/** `sha256-<hex>.sig` or `sha256-<hex>.att`. */
export function cosignTag(digest: string, kind: CosignImageKind): string {
  if (!DIGEST_PATTERN.test(digest)) {
    throw new SigilError(
      'INTERNAL',
      `${kind === 'sig' ? 'signatureTag' : 'attestationTag'} needs a sha256 digest, got "${digest}"`,
    );
  }
  return `${digest.replace(':', '-')}.${kind}`;
}

/**
 * A parsed `.sig` manifest. `rawLayers` keeps each layer descriptor exactly as it was parsed (all its
 * fields, in their order), so that appending a layer re-serialises the others without losing anything.
 */
export interface SignatureManifest {
  readonly config: Descriptor;
  readonly layers: readonly Descriptor[];
  readonly rawLayers: readonly Readonly<Record<string, unknown>>[];
  readonly annotations: Readonly<Record<string, string>> | undefined;
}

/**
 * Parses what the registry serves under a `.sig` (or, with kind `att`, `.att`) tag. Only an OCI image
 * manifest is a signature image: containers/image rejects Docker media types there, and an index or anything else means the
 * tag holds something we must not overwrite.
 */
export function parseSignatureManifest(
  response: ManifestResponse,
  where: string,
  kind: CosignImageKind = 'sig',
): SignatureManifest {
  const invalid = (problem: string, cause?: unknown) => invalidManifest(kind, where, problem, cause);
  if (response.mediaType !== MEDIA_TYPES.ociManifest) {
    throw invalid(`is served as "${response.mediaType}", not as an OCI image manifest`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(response.bytes));
  } catch (cause) {
    throw invalid('is not valid UTF-8 JSON', cause);
  }
  if (!isRecord(parsed)) throw invalid('is not a JSON object');
  if (parsed['schemaVersion'] !== 2) throw invalid('does not have schemaVersion 2');
  if (parsed['mediaType'] !== undefined && parsed['mediaType'] !== MEDIA_TYPES.ociManifest) {
    throw invalid(`declares mediaType ${JSON.stringify(parsed['mediaType'])}, not an OCI image manifest`);
  }
  const config = parseDescriptor(parsed['config'], `${where} config`, kind);
  const layerValues = parsed['layers'];
  if (!Array.isArray(layerValues)) throw invalid('has no "layers" array');
  const rawLayers: Record<string, unknown>[] = [];
  const layers = layerValues.map((value: unknown, index) => {
    const descriptor = parseDescriptor(value, `${where} layer ${index}`, kind);
    rawLayers.push(value as Record<string, unknown>);
    return descriptor;
  });
  const annotations = parsed['annotations'];
  if (annotations !== undefined && !isStringRecord(annotations)) {
    throw invalid('has annotations that are not a string-to-string object');
  }
  return { config, layers, rawLayers, annotations };
}

/**
 * The config blob go-containerregistry writes for a signature image: `empty.Image` plus one history
 * entry per layer, `diff_ids` listing the (uncompressed) payload digests — byte-identical to cosign's.
 */
export function signatureConfig(layerDigests: readonly string[]): Uint8Array {
  return encoder.encode(
    JSON.stringify({
      architecture: '',
      created: ZERO_TIME,
      history: layerDigests.map(() => ({ created: ZERO_TIME })),
      os: '',
      rootfs: { type: 'layers', diff_ids: layerDigests },
      config: {},
    }),
  );
}

/**
 * The descriptor of a new signature (or, with the DSSE media type, attestation) layer, in
 * go-containerregistry's field order, its annotations sorted by key as Go marshals cosign's annotation map.
 */
export function signatureLayerDescriptor(
  payload: Uint8Array,
  annotations: Readonly<Record<string, string>>,
  mediaType: string = SIMPLE_SIGNING_MEDIA_TYPE,
): Record<string, unknown> {
  return {
    mediaType,
    size: payload.length,
    digest: sha256Digest(payload),
    annotations: Object.fromEntries(
      Object.entries(annotations).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    ),
  };
}

/** The manifest bytes of a signature image, in go-containerregistry's field order. */
export function signatureManifestBytes(
  config: { digest: string; size: number },
  layers: readonly Readonly<Record<string, unknown>>[],
  annotations?: Readonly<Record<string, string>>,
): Uint8Array {
  return encoder.encode(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: MEDIA_TYPES.ociManifest,
      config: { mediaType: MEDIA_TYPES.ociConfig, size: config.size, digest: config.digest },
      layers,
      ...(annotations === undefined ? {} : { annotations }),
    }),
  );
}

function parseDescriptor(value: unknown, where: string, kind: CosignImageKind): Descriptor {
  const invalid = (at: string, problem: string) => invalidManifest(kind, at, problem);
  if (!isRecord(value)) throw invalid(where, 'is not a descriptor object');
  const { mediaType, digest, size, annotations } = value;
  if (typeof mediaType !== 'string' || mediaType === '') throw invalid(where, 'has no mediaType');
  if (typeof digest !== 'string' || !DIGEST_PATTERN.test(digest)) {
    throw invalid(where, `has digest ${JSON.stringify(digest)}, not sha256:<64 lowercase hex>`);
  }
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) {
    throw invalid(where, `has size ${JSON.stringify(size)}, not a non-negative integer`);
  }
  if (annotations !== undefined && !isStringRecord(annotations)) {
    throw invalid(where, 'has annotations that are not a string-to-string object');
  }
  return { mediaType, digest, size, ...(annotations === undefined ? {} : { annotations }) };
}

function invalidManifest(kind: CosignImageKind, where: string, problem: string, cause?: unknown): SigilError {
  return new SigilError('MANIFEST_INVALID', `The ${KIND_NOUN[kind]} manifest ${where} ${problem}.`, {
    cause,
    hint: `Something other than a cosign ${KIND_NOUN[kind]} image is stored under this .${kind} tag; inspect or delete it.`,
  });
}

function isStringRecord(value: unknown): value is Record<string, string> {
  return isRecord(value) && Object.values(value).every((entry) => typeof entry === 'string');
}
