import { SigilError } from '@sigil/core';
import { sha256Digest, type Descriptor, type Registry, type RepositoryRef } from '@sigil/oci';
import { cosignTagLock, writeCosignImage } from './cosign-image-writer.js';
import { fetchLayerBlob, type PayloadFetch } from './layer-blob.js';
import { mapConcurrently } from '@sigil/core';
import { SIMPLE_SIGNING_MEDIA_TYPE } from './payload.js';
import {
  MAX_SIGNATURE_LAYERS,
  SIGNATURE_ANNOTATION,
  parseSignatureManifest,
  signatureLayerDescriptor,
  signatureTag,
  type SignatureManifest,
} from './signature-image.js';

export type { PayloadFetch, PayloadProblem } from './layer-blob.js';

/** Payloads are a few hundred bytes; a layer claiming more than this is not fetched. */
const MAX_PAYLOAD_BYTES = 1024 * 1024;
const PAYLOAD_FETCH_CONCURRENCY = 8;

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
        payload: await fetchLayerBlob(registry, repo, descriptor, MAX_PAYLOAD_BYTES),
      };
    },
  );
  return { ref, tag, manifestDigest: response.digest, layers };
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
  /** The new layer's transparency-log entry, when its signer logged it. */
  readonly tlogIndex?: string;
}

/** Who signs a `.sig` layer: asked to sign only when no layer of its own over the same payload is there. */
export interface LayerSigner {
  /**
   * Whether a stored layer over the same payload (its annotations, the signature among them) is this signer's:
   * cosign's de-duplication test, such a layer already says what the new one would.
   */
  readonly signedLayer: (annotations: Readonly<Record<string, string>>) => boolean | Promise<boolean>;
  /** The signature (std base64) and the layer's other annotations (certificate, chain, Rekor bundle). */
  readonly sign: () => Promise<{
    readonly signature: string;
    readonly annotations?: Readonly<Record<string, string>>;
    /** The index of the signature's transparency-log entry, when the signer logged it. */
    readonly tlogIndex?: string;
  }>;
}

/**
 * Appends one signature layer to the `.sig` tag of `imageDigest` (read-modify-write), unless an
 * equivalent layer exists (cosign's de-duplication). Blobs are uploaded before the manifest, so a
 * manifest never references a missing blob. Because equivalent layers are detected, repeating the
 * call after a lost response leaves one layer, not two. Appends to the same tag within this process
 * are serialised; the registry offers no locking across processes.
 */
export function appendSignature(
  registry: Registry,
  repo: RepositoryRef,
  imageDigest: string,
  signature: NewSignature,
): Promise<AppendedSignature> {
  const extraAnnotations = signature.annotations ?? {};
  return appendSignedLayer(registry, repo, imageDigest, signature.payload, {
    signedLayer: (annotations) => {
      const stored = annotations[SIGNATURE_ANNOTATION];
      return (
        Object.entries(extraAnnotations).every(([key, value]) => annotations[key] === value) &&
        stored !== undefined &&
        stored !== '' &&
        signature.verifiesWithSignerKey(stored)
      );
    },
    sign: () => Promise.resolve({ signature: signature.signature, annotations: extraAnnotations }),
  });
}

/**
 * `appendSignature` for a signer that signs only when needed (a keyless signer logs each signature): the
 * existing layers over the same payload are offered to `signer.signedLayer` first, under the tag's lock.
 */
export async function appendSignedLayer(
  registry: Registry,
  repo: RepositoryRef,
  imageDigest: string,
  payload: Uint8Array,
  signer: LayerSigner,
): Promise<AppendedSignature> {
  const tag = signatureTag(imageDigest);
  const ref = signatureRef(repo, imageDigest);
  return cosignTagLock.run(ref, async () => {
    const response = await registry.getManifest(repo, tag);
    const existing = response === undefined ? undefined : parseSignatureManifest(response, ref);
    if (existing !== undefined && (await hasEquivalentLayer(existing, payload, signer))) {
      return {
        ref,
        tag,
        manifestDigest: response?.digest ?? '',
        layerCount: existing.layers.length,
        deduplicated: true,
      };
    }
    const previousCount = existing?.layers.length ?? 0;
    if (previousCount >= MAX_SIGNATURE_LAYERS) {
      throw new SigilError(
        'SIGNATURE_LIMIT',
        `${ref} already holds ${previousCount} signatures; cosign refuses to grow a signature image beyond ${MAX_SIGNATURE_LAYERS} layers.`,
        { hint: 'Delete the .sig tag (or old signatures in it) before signing this digest again.' },
      );
    }
    const signed = await signer.sign();
    const layer = signatureLayerDescriptor(payload, {
      ...signed.annotations,
      [SIGNATURE_ANNOTATION]: signed.signature,
    });
    const { manifestDigest, layerCount } = await writeCosignImage(registry, repo, {
      tag,
      existing,
      keep: [...Array(previousCount).keys()],
      blob: payload,
      layer,
    });
    return {
      ref,
      tag,
      manifestDigest,
      layerCount,
      deduplicated: false,
      ...(signed.tlogIndex === undefined ? {} : { tlogIndex: signed.tlogIndex }),
    };
  });
}

async function hasEquivalentLayer(
  existing: SignatureManifest,
  payload: Uint8Array,
  signer: LayerSigner,
): Promise<boolean> {
  const payloadDigest = sha256Digest(payload);
  for (const layer of existing.layers) {
    if (layer.mediaType !== SIMPLE_SIGNING_MEDIA_TYPE || layer.digest !== payloadDigest) continue;
    if (await signer.signedLayer(layer.annotations ?? {})) return true;
  }
  return false;
}
