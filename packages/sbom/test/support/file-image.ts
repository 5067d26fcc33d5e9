import { MEDIA_TYPES, sha256Digest, type Descriptor, type Registry, type RepositoryRef } from '@sigil/oci';
import { tarLayer } from './tar-layer.js';

export interface Platform {
  readonly os: string;
  readonly architecture: string;
}

export interface PushedFileImage {
  readonly digest: string;
  /** Size of the manifest, for an index entry. */
  readonly size: number;
  readonly platform: Platform;
}

/** Pushes an OCI image whose one gzip layer holds `files`, so scanners find real packages in it. */
export async function pushFileImage(
  registry: Registry,
  repo: RepositoryRef,
  files: Readonly<Record<string, string>>,
  options: { tag?: string; platform?: Platform } = {},
): Promise<PushedFileImage> {
  const platform = options.platform ?? { os: 'linux', architecture: 'amd64' };
  const layer = tarLayer(files);
  const layerDescriptor: Descriptor = {
    mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip',
    ...(await registry.putBlob(repo, layer.gzip)),
  };
  const configBytes = Buffer.from(
    JSON.stringify({ ...platform, rootfs: { type: 'layers', diff_ids: [layer.diffId] }, config: {} }),
  );
  const config: Descriptor = {
    mediaType: MEDIA_TYPES.ociConfig,
    ...(await registry.putBlob(repo, configBytes)),
  };
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: MEDIA_TYPES.ociManifest,
      config,
      layers: [layerDescriptor],
    }),
  );
  const digest = await registry.putManifest(
    repo,
    options.tag ?? sha256Digest(manifest),
    manifest,
    MEDIA_TYPES.ociManifest,
  );
  return { digest, size: manifest.byteLength, platform };
}

/** Pushes an OCI index over one file image per platform. */
export async function pushFileIndex(
  registry: Registry,
  repo: RepositoryRef,
  images: readonly { platform: Platform; files: Readonly<Record<string, string>> }[],
): Promise<{ digest: string; images: PushedFileImage[] }> {
  const pushed: PushedFileImage[] = [];
  const manifests: Descriptor[] = [];
  for (const { platform, files } of images) {
    const image = await pushFileImage(registry, repo, files, { platform });
    pushed.push(image);
    manifests.push({ mediaType: MEDIA_TYPES.ociManifest, digest: image.digest, size: image.size, platform });
  }
  const index = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: MEDIA_TYPES.ociIndex, manifests }));
  const digest = await registry.putManifest(repo, sha256Digest(index), index, MEDIA_TYPES.ociIndex);
  return { digest, images: pushed };
}
