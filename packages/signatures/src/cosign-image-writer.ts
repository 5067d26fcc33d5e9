import { MEDIA_TYPES, sha256Digest, type Registry, type RepositoryRef } from '@sigil/oci';
import { KeyedLock } from '@sigil/core';
import { signatureConfig, signatureManifestBytes, type SignatureManifest } from './signature-image.js';

/**
 * Appends to a `.sig` or `.att` tag are read-modify-write of one tag with no locking on the registry side,
 * so within this process they are serialised per tag (keyed by the tag's full reference).
 */
export const cosignTagLock = new KeyedLock();

/** The layers to keep from the current manifest (by position) and the layer to add after them. */
export interface CosignImageUpdate {
  readonly tag: string;
  readonly existing: SignatureManifest | undefined;
  /** Positions in `existing.layers` that stay, in order (all of them for a plain append). */
  readonly keep: readonly number[];
  /** The new layer's blob and its descriptor (see `signatureLayerDescriptor`). */
  readonly blob: Uint8Array;
  readonly layer: Readonly<Record<string, unknown>>;
}

/**
 * Writes the new manifest of a cosign tag: the new blob and the config first, then the manifest, so a
 * manifest never references a missing blob. Kept layers are re-serialised exactly as they were parsed;
 * the manifest's own annotations are kept. Returns the digest of the new manifest and its layer count.
 */
export async function writeCosignImage(
  registry: Registry,
  repo: RepositoryRef,
  update: CosignImageUpdate,
): Promise<{ manifestDigest: string; layerCount: number }> {
  const existing = update.existing;
  const keptRaw = existing === undefined ? [] : update.keep.map((index) => existing.rawLayers[index] ?? {});
  const keptDigests =
    existing === undefined ? [] : update.keep.map((index) => existing.layers[index]?.digest ?? '');
  const layers = [...keptRaw, update.layer];
  const blobDigest = update.layer['digest'];
  const newDigest = typeof blobDigest === 'string' ? blobDigest : sha256Digest(update.blob);
  const config = signatureConfig([...keptDigests, newDigest]);
  await registry.putBlob(repo, update.blob);
  const configBlob = await registry.putBlob(repo, config);
  const manifest = signatureManifestBytes(configBlob, layers, existing?.annotations);
  const manifestDigest = await registry.putManifest(repo, update.tag, manifest, MEDIA_TYPES.ociManifest);
  return { manifestDigest, layerCount: layers.length };
}
