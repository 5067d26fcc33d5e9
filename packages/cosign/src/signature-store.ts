import { SigilError, isSigilError } from '@sigil/errors';
import { MEDIA_TYPES, sha256Digest, type Descriptor, type Registry, type RepositoryRef } from '@sigil/oci';
import { KeyedLock } from './keyed-lock.js';
import { mapConcurrently } from './map-concurrently.js';
import { SIMPLE_SIGNING_MEDIA_TYPE } from './payload.js';
import {
  MAX_SIGNATURE_LAYERS,
  SIGNATURE_ANNOTATION,
  parseSignatureManifest,
  signatureConfig,
  signatureLayerDescriptor,
  signatureManifestBytes,
  signatureTag,
  type SignatureManifest,
} from './signature-image.js';

/** Payloads are a few hundred bytes; a layer claiming more than this is not fetched. */
export const MAX_PAYLOAD_BYTES = 1024 * 1024;
const PAYLOAD_FETCH_CONCURRENCY = 8;

/** Why a layer's payload could not be obtained; the layer then cannot verify. */
export type PayloadProblem =
  /** The registry served bytes whose digest is not the descriptor's: tampered storage. */
  | 'PAYLOAD_DIGEST_MISMATCH'
  /** The manifest references a blob the registry does not have. */
  | 'PAYLOAD_MISSING'
  /** The descriptor claims more than MAX_PAYLOAD_BYTES. */
  | 'PAYLOAD_TOO_LARGE';

export type PayloadFetch =
  | { readonly ok: true; readonly bytes: Uint8Array }
  | { readonly ok: false; readonly problem: PayloadProblem; readonly message: string };

/** One layer of a `.sig` image, with its payload fetched and checked against the descriptor digest. */
export interface StoredSignatureLayer {
  /** Position in the signature manifest (0-based). */
  readonly index: number;
  readonly descriptor: Descriptor;
  readonly annotations: Readonly<Record<string, string>>;
  /** The `dev.cosignproject.cosign/signature` annotation, if present. */
  readonly signature: string | undefined;
  readonly payload: PayloadFetch;
}

export interface StoredSignatures {
  /** `<registry>/<repository>:sha256-<hex>.sig` */
  readonly ref: string;
  readonly tag: string;
  /** Digest of the signature manifest itself. */
  readonly manifestDigest: string;
  readonly layers: readonly StoredSignatureLayer[];
}

/** `<registry>/<repository>:sha256-<hex>.sig`, where the signatures of `imageDigest` live. */
export function signatureRef(repo: RepositoryRef, imageDigest: string): string {
  return `${repo.registry}/${repo.repository}:${signatureTag(imageDigest)}`;
}

/**
 * Reads the signatures of `imageDigest` from its repository. Returns undefined when the `.sig` tag
 * does not exist. A tag holding something other than an OCI signature manifest is an error
 * (MANIFEST_INVALID); registry failures propagate. A layer whose blob is missing or does not match its
 * digest is returned with the problem recorded, so one bad layer does not hide a good one.
 */
export async function readSignatures(
  registry: Registry,
  repo: RepositoryRef,
  imageDigest: string,
): Promise<StoredSignatures | undefined> {
  const tag = signatureTag(imageDigest);
  const ref = signatureRef(repo, imageDigest);
  const response = await registry.getManifest(repo, tag);
  if (response === undefined) return undefined;
  const manifest = parseSignatureManifest(response, ref);
  const layers = await mapConcurrently(
    manifest.layers,
    PAYLOAD_FETCH_CONCURRENCY,
    async (descriptor, index) => {
      const annotations = descriptor.annotations ?? {};
      return {
        index,
        descriptor,
        annotations,
        signature: annotations[SIGNATURE_ANNOTATION],
        payload: await fetchPayload(registry, repo, descriptor),
      };
    },
  );
  return { ref, tag, manifestDigest: response.digest, layers };
}

async function fetchPayload(
  registry: Registry,
  repo: RepositoryRef,
  descriptor: Descriptor,
): Promise<PayloadFetch> {
  if (descriptor.size > MAX_PAYLOAD_BYTES) {
    return {
      ok: false,
      problem: 'PAYLOAD_TOO_LARGE',
      message: `layer ${descriptor.digest} claims ${descriptor.size} bytes; payloads over ${MAX_PAYLOAD_BYTES} bytes are not fetched`,
    };
  }
  try {
    const bytes = await registry.getBlob(repo, descriptor.digest);
    if (bytes.length !== descriptor.size) {
      return {
        ok: false,
        problem: 'PAYLOAD_DIGEST_MISMATCH',
        message: `layer ${descriptor.digest} is ${bytes.length} bytes, but its descriptor says ${descriptor.size}`,
      };
    }
    return { ok: true, bytes };
  } catch (error) {
    if (isSigilError(error) && error.code === 'CONTENT_DIGEST_MISMATCH') {
      return { ok: false, problem: 'PAYLOAD_DIGEST_MISMATCH', message: error.message };
    }
    if (isSigilError(error) && error.code === 'BLOB_NOT_FOUND') {
      return { ok: false, problem: 'PAYLOAD_MISSING', message: error.message };
    }
    throw error;
  }
}

/** A signature to append to an image's `.sig` tag. */
export interface NewSignature {
  /** The exact payload bytes that were signed; they become the layer blob. */
  readonly payload: Uint8Array;
  /** std base64 of the DER signature over `payload`. */
  readonly signature: string;
  /** Layer annotations besides the signature (certificate, chain, Rekor bundle); none for key-based signing. */
  readonly annotations?: Readonly<Record<string, string>>;
  /**
   * Whether an existing signature (std base64) over the same payload verifies with the signer's key.
   * This is cosign's de-duplication test: such a layer already says what the new one would.
   */
  readonly verifiesWithSignerKey: (signature: string) => boolean;
}

export interface AppendedSignature {
  readonly ref: string;
  readonly tag: string;
  /** Digest of the signature manifest after the append (unchanged when de-duplicated). */
  readonly manifestDigest: string;
  readonly layerCount: number;
  /** True when an equivalent layer was already there and nothing was written. */
  readonly deduplicated: boolean;
}

const appendLock = new KeyedLock();

/**
 * Appends one signature layer to the `.sig` tag of `imageDigest` (read-modify-write), unless an
 * equivalent layer exists (cosign's de-duplication). Blobs are uploaded before the manifest, so a
 * manifest never references a missing blob. Because equivalent layers are detected, repeating the
 * call after a lost response leaves one layer, not two. Appends to the same tag within this process
 * are serialised; the registry offers no locking across processes.
 */
export async function appendSignature(
  registry: Registry,
  repo: RepositoryRef,
  imageDigest: string,
  signature: NewSignature,
): Promise<AppendedSignature> {
  const tag = signatureTag(imageDigest);
  const ref = signatureRef(repo, imageDigest);
  return appendLock.run(ref, async () => {
    const response = await registry.getManifest(repo, tag);
    const existing = response === undefined ? undefined : parseSignatureManifest(response, ref);
    const extraAnnotations = signature.annotations ?? {};
    if (existing !== undefined && hasEquivalentLayer(existing, signature, extraAnnotations)) {
      return {
        ref,
        tag,
        manifestDigest: response?.digest ?? '',
        layerCount: existing.layers.length,
        deduplicated: true,
      };
    }
    const previousLayers = existing?.rawLayers ?? [];
    if (previousLayers.length >= MAX_SIGNATURE_LAYERS) {
      throw new SigilError(
        'SIGNATURE_LIMIT',
        `${ref} already holds ${previousLayers.length} signatures; cosign refuses to grow a signature image beyond ${MAX_SIGNATURE_LAYERS} layers.`,
        { hint: 'Delete the .sig tag (or old signatures in it) before signing this digest again.' },
      );
    }
    const newLayer = signatureLayerDescriptor(signature.payload, {
      ...extraAnnotations,
      [SIGNATURE_ANNOTATION]: signature.signature,
    });
    const layers = [...previousLayers, newLayer];
    const layerDigests = [
      ...(existing?.layers.map((layer) => layer.digest) ?? []),
      sha256Digest(signature.payload),
    ];
    const config = signatureConfig(layerDigests);
    await registry.putBlob(repo, signature.payload);
    const configBlob = await registry.putBlob(repo, config);
    const manifest = signatureManifestBytes(configBlob, layers, existing?.annotations);
    const manifestDigest = await registry.putManifest(repo, tag, manifest, MEDIA_TYPES.ociManifest);
    return { ref, tag, manifestDigest, layerCount: layers.length, deduplicated: false };
  });
}

function hasEquivalentLayer(
  existing: SignatureManifest,
  signature: NewSignature,
  extraAnnotations: Readonly<Record<string, string>>,
): boolean {
  const payloadDigest = sha256Digest(signature.payload);
  return existing.layers.some((layer) => {
    const annotations = layer.annotations ?? {};
    const stored = annotations[SIGNATURE_ANNOTATION];
    return (
      layer.mediaType === SIMPLE_SIGNING_MEDIA_TYPE &&
      layer.digest === payloadDigest &&
      Object.entries(extraAnnotations).every(([key, value]) => annotations[key] === value) &&
      stored !== undefined &&
      stored !== '' &&
      signature.verifiesWithSignerKey(stored)
    );
  });
}
