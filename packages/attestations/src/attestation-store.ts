import { SigilError } from '@sigil/core';
import type { Descriptor, Registry, RepositoryRef } from '@sigil/oci';
import { base64Length } from '@sigil/core';
import { cosignTagLock, writeCosignImage } from '@sigil/signatures';
import { DSSE_ENVELOPE_MEDIA_TYPE } from './dsse.js';
import { fetchLayerBlob, type PayloadFetch } from '@sigil/signatures';
import {
  MAX_SIGNATURE_LAYERS,
  SIGNATURE_ANNOTATION,
  cosignTag,
  parseSignatureManifest,
  signatureLayerDescriptor,
  type SignatureManifest,
} from '@sigil/signatures';

/** The `.att` layer annotation naming the statement's predicate type (literally `predicateType`). */
export const PREDICATE_TYPE_ANNOTATION = 'predicateType';
/** cosign's `maxLayers` applies to `.att` images as to `.sig` images. */
const MAX_ATTESTATION_LAYERS = MAX_SIGNATURE_LAYERS;
/**
 * Envelopes larger than this are not fetched: 128 MiB of envelope is a statement of about 96 MiB, twice
 * the largest SBOM sigil is built for (50 MB).
 */
export const MAX_ENVELOPE_BYTES = 128 * 1024 * 1024;

/** The tag under which cosign stores the attestations of `digest`: `sha256-<hex>.att`. */
export function attestationTag(digest: string): string {
  return cosignTag(digest, 'att');
}

/** `<registry>/<repository>:sha256-<hex>.att`, where the attestations of `imageDigest` live. */
export function attestationRef(repo: RepositoryRef, imageDigest: string): string {
  return `${repo.registry}/${repo.repository}:${attestationTag(imageDigest)}`;
}

/** One layer of an `.att` image as the manifest lists it; the envelope is fetched on demand. */
export interface StoredAttestationLayer {
  /** Position in the attestation manifest (0-based). */
  readonly index: number;
  readonly descriptor: Descriptor;
  readonly annotations: Readonly<Record<string, string>>;
  /** The `predicateType` annotation, if present (unsigned: only a label for choosing layers). */
  readonly predicateType: string | undefined;
}

export interface StoredAttestations {
  /** `<registry>/<repository>:sha256-<hex>.att` */
  readonly ref: string;
  readonly tag: string;
  /** Digest of the attestation manifest itself. */
  readonly manifestDigest: string;
  readonly manifest: SignatureManifest;
  readonly layers: readonly StoredAttestationLayer[];
}

/**
 * Reads the `.att` manifest of `imageDigest` (not the envelopes: they can be large, and a verifier needs
 * only the layers of the predicate type it checks; see `fetchEnvelope`). Undefined when the tag does not
 * exist; MANIFEST_INVALID when it holds something other than an OCI image manifest; registry failures
 * propagate.
 */
export async function readAttestations(
  registry: Registry,
  repo: RepositoryRef,
  imageDigest: string,
): Promise<StoredAttestations | undefined> {
  const tag = attestationTag(imageDigest);
  const ref = attestationRef(repo, imageDigest);
  const response = await registry.getManifest(repo, tag);
  if (response === undefined) return undefined;
  const manifest = parseSignatureManifest(response, ref, 'att');
  const layers = manifest.layers.map((descriptor, index) => {
    const annotations = descriptor.annotations ?? {};
    return { index, descriptor, annotations, predicateType: annotations[PREDICATE_TYPE_ANNOTATION] };
  });
  return { ref, tag, manifestDigest: response.digest, manifest, layers };
}

/** The envelope blob of one layer, checked against its descriptor (see `fetchLayerBlob`). */
export function fetchEnvelope(
  registry: Registry,
  repo: RepositoryRef,
  layer: StoredAttestationLayer,
  maxBytes: number = MAX_ENVELOPE_BYTES,
): Promise<PayloadFetch> {
  return fetchLayerBlob(registry, repo, layer.descriptor, maxBytes);
}

/** An attestation to store in an image's `.att` tag. */
export interface NewAttestation {
  readonly predicateType: string;
  /** Length in bytes of the signed statement: bounds which existing envelopes could be the same. */
  readonly statementLength: number;
  /**
   * Builds (signs) the envelope, with the layer's annotations besides the signature and predicate type (a keyless
   * signer's certificate, chain and Rekor bundle); called only when no equivalent layer is already stored.
   */
  readonly sign: () => Promise<{
    readonly envelope: Uint8Array;
    readonly annotations?: Readonly<Record<string, string>>;
    /** The index of the signature's transparency-log entry, when the signer logged it. */
    readonly tlogIndex?: string;
  }>;
  /**
   * Whether an existing envelope (with its layer's annotations) already says what the new one would: same
   * statement, by this signer (cosign's de-duplication idea; ECDSA signatures differ on every run, so bytes cannot).
   */
  readonly isEquivalent: (
    envelope: Uint8Array,
    annotations: Readonly<Record<string, string>>,
  ) => boolean | Promise<boolean>;
}

export interface AppendedAttestation {
  readonly ref: string;
  readonly tag: string;
  /** Digest of the attestation manifest afterwards (unchanged when de-duplicated). */
  readonly manifestDigest: string;
  readonly layerCount: number;
  /** True when an equivalent layer was already there and nothing was written. */
  readonly deduplicated: boolean;
  /** Layers of the same predicate type removed (`replace`). */
  readonly replaced: number;
  /** The new layer's transparency-log entry, when its signer logged it. */
  readonly tlogIndex?: string;
}

/**
 * Stores one attestation layer in the `.att` tag of `imageDigest` (read-modify-write): the DSSE envelope
 * as the blob, annotations `dev.cosignproject.cosign/signature: ""` and `predicateType`. Without
 * `replace` the layer is appended unless an equivalent one exists; with `replace` every layer annotated
 * with the same predicate type is removed first (as `cosign attest --replace`) — unless the only such
 * layer is equivalent, in which case nothing changes. Blobs go before the manifest; appends to one tag
 * within this process are serialised; a retry after a lost response finds its own layer and adds none.
 */
export async function appendAttestation(
  registry: Registry,
  repo: RepositoryRef,
  imageDigest: string,
  attestation: NewAttestation,
  options: { readonly replace?: boolean } = {},
): Promise<AppendedAttestation> {
  const tag = attestationTag(imageDigest);
  const ref = attestationRef(repo, imageDigest);
  return cosignTagLock.run(ref, async () => {
    const response = await registry.getManifest(repo, tag);
    const existing = response === undefined ? undefined : parseSignatureManifest(response, ref, 'att');
    const layers = existing?.layers ?? [];
    const sameType = layers.flatMap((layer, index) =>
      layer.annotations?.[PREDICATE_TYPE_ANNOTATION] === attestation.predicateType ? [index] : [],
    );
    const candidates = options.replace === true && sameType.length !== 1 ? [] : sameType;
    if (await hasEquivalentLayer(registry, repo, layers, candidates, attestation)) {
      return {
        ref,
        tag,
        manifestDigest: response?.digest ?? '',
        layerCount: layers.length,
        deduplicated: true,
        replaced: 0,
      };
    }
    const keep = [...layers.keys()].filter((index) => options.replace !== true || !sameType.includes(index));
    if (keep.length >= MAX_ATTESTATION_LAYERS) {
      throw new SigilError(
        'SIGNATURE_LIMIT',
        `${ref} already holds ${keep.length} attestations; cosign refuses to grow an attestation image beyond ${MAX_ATTESTATION_LAYERS} layers.`,
        {
          hint: 'Attest with replace (or delete the .att tag) to drop old attestations of this predicate type.',
        },
      );
    }
    const signed = await attestation.sign();
    const blob = signed.envelope;
    const layer = signatureLayerDescriptor(
      blob,
      {
        ...signed.annotations,
        [SIGNATURE_ANNOTATION]: '',
        [PREDICATE_TYPE_ANNOTATION]: attestation.predicateType,
      },
      DSSE_ENVELOPE_MEDIA_TYPE,
    );
    const written = await writeCosignImage(registry, repo, { tag, existing, keep, blob, layer });
    return {
      ref,
      tag,
      ...written,
      deduplicated: false,
      replaced: layers.length - keep.length,
      ...(signed.tlogIndex === undefined ? {} : { tlogIndex: signed.tlogIndex }),
    };
  });
}

/** Room for the envelope's JSON around the payload's base64 (several signatures, key ids, whitespace). */
const ENVELOPE_OVERHEAD = 64 * 1024;

async function hasEquivalentLayer(
  registry: Registry,
  repo: RepositoryRef,
  layers: readonly Descriptor[],
  candidates: readonly number[],
  attestation: NewAttestation,
): Promise<boolean> {
  const payloadText = base64Length(attestation.statementLength);
  for (const index of candidates) {
    const layer = layers[index] as Descriptor;
    const annotations = layer.annotations ?? {};
    if (
      layer.mediaType !== DSSE_ENVELOPE_MEDIA_TYPE ||
      annotations[SIGNATURE_ANNOTATION] !== '' ||
      layer.size < payloadText ||
      layer.size > payloadText + ENVELOPE_OVERHEAD
    ) {
      continue;
    }
    const blob = await fetchLayerBlob(registry, repo, layer, MAX_ENVELOPE_BYTES);
    if (blob.ok && (await attestation.isEquivalent(blob.bytes, annotations))) return true;
  }
  return false;
}
