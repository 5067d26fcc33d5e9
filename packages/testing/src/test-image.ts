import { randomBytes } from 'node:crypto';
import { MEDIA_TYPES, sha256Digest, type Descriptor, type Registry, type RepositoryRef } from '@sigil/oci';

export interface PushedImage {
  /** Digest of the image manifest. */
  readonly digest: string;
  readonly manifest: Uint8Array;
  readonly config: Descriptor;
  readonly layer: Descriptor;
}

export interface PushedIndex {
  readonly digest: string;
  readonly index: Uint8Array;
  readonly images: readonly PushedImage[];
}

/** Pushes a small OCI image (random layer, config, manifest); tags it when `tag` is given. */
export async function pushTestImage(
  registry: Registry,
  repo: RepositoryRef,
  options: { tag?: string; platform?: { os: string; architecture: string } } = {},
): Promise<PushedImage> {
  const platform = options.platform ?? { os: 'linux', architecture: 'amd64' };
  const layerBytes = randomBytes(256);
  const layerPushed = await registry.putBlob(repo, layerBytes);
  const layer: Descriptor = { mediaType: 'application/vnd.oci.image.layer.v1.tar', ...layerPushed };
  const configBytes = Buffer.from(
    JSON.stringify({ ...platform, rootfs: { type: 'layers', diff_ids: [layer.digest] }, config: {} }),
  );
  const configPushed = await registry.putBlob(repo, configBytes);
  const config: Descriptor = { mediaType: MEDIA_TYPES.ociConfig, ...configPushed };
  const manifest = Buffer.from(
    JSON.stringify({ schemaVersion: 2, mediaType: MEDIA_TYPES.ociManifest, config, layers: [layer] }),
  );
  const reference = options.tag ?? sha256Digest(manifest);
  const digest = await registry.putManifest(repo, reference, manifest, MEDIA_TYPES.ociManifest);
  return { digest, manifest, config, layer };
}

/** Pushes one test image per platform and an OCI index over them; tags the index when `tag` is given. */
export async function pushTestIndex(
  registry: Registry,
  repo: RepositoryRef,
  options: { tag?: string; platforms?: readonly { os: string; architecture: string }[] } = {},
): Promise<PushedIndex> {
  const platforms = options.platforms ?? [
    { os: 'linux', architecture: 'amd64' },
    { os: 'linux', architecture: 'arm64' },
  ];
  const images: PushedImage[] = [];
  for (const platform of platforms) images.push(await pushTestImage(registry, repo, { platform }));
  const manifests: Descriptor[] = images.map((image, i) => ({
    mediaType: MEDIA_TYPES.ociManifest,
    digest: image.digest,
    size: image.manifest.byteLength,
    platform: platforms[i] ?? { os: 'linux', architecture: 'amd64' },
  }));
  const index = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: MEDIA_TYPES.ociIndex, manifests }));
  const reference = options.tag ?? sha256Digest(index);
  const digest = await registry.putManifest(repo, reference, index, MEDIA_TYPES.ociIndex);
  return { digest, index, images };
}
