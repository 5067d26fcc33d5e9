import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { MEDIA_TYPES, type Descriptor, type Platform, type Registry, type RepositoryRef } from '@sigil/oci';

/**
 * Builds and pushes small but real images: each layer is a gzip'd POSIX tar holding one file, the
 * config lists its diff_id, and a multi-platform image is an OCI index over one manifest per platform.
 */
export interface SampleImage {
  /** Digest of what the tag points at: the manifest, or the index for a multi-platform image. */
  readonly digest: string;
  readonly mediaType: string;
  /** Per-platform manifests of an index, in index order (empty for a single manifest). */
  readonly children: readonly { digest: string; platform: Platform }[];
}

export interface SampleImageOptions {
  /** File content that makes the image unique (defaults to the repository name). */
  readonly content?: string;
  /** Push an index with one manifest per platform instead of a single manifest. */
  readonly platforms?: readonly Platform[];
}

const encoder = new TextEncoder();

export async function pushSampleImage(
  registry: Registry,
  repo: RepositoryRef,
  tag: string,
  options: SampleImageOptions = {},
): Promise<SampleImage> {
  const content = options.content ?? repo.repository;
  if (options.platforms === undefined || options.platforms.length === 0) {
    const manifest = await pushPlatformManifest(registry, repo, content, {
      architecture: 'amd64',
      os: 'linux',
    });
    const digest = await registry.putManifest(repo, tag, manifest.bytes, MEDIA_TYPES.ociManifest);
    return { digest, mediaType: MEDIA_TYPES.ociManifest, children: [] };
  }
  const children: { digest: string; platform: Platform }[] = [];
  const descriptors: Descriptor[] = [];
  for (const platform of options.platforms) {
    const manifest = await pushPlatformManifest(
      registry,
      repo,
      `${content} ${platform.os}/${platform.architecture}`,
      platform,
    );
    const digest = await registry.putManifest(repo, manifest.digest, manifest.bytes, MEDIA_TYPES.ociManifest);
    children.push({ digest, platform });
    descriptors.push({ mediaType: MEDIA_TYPES.ociManifest, digest, size: manifest.bytes.length, platform });
  }
  const index = encoder.encode(
    JSON.stringify({ schemaVersion: 2, mediaType: MEDIA_TYPES.ociIndex, manifests: descriptors }),
  );
  const digest = await registry.putManifest(repo, tag, index, MEDIA_TYPES.ociIndex);
  return { digest, mediaType: MEDIA_TYPES.ociIndex, children };
}

async function pushPlatformManifest(
  registry: Registry,
  repo: RepositoryRef,
  content: string,
  platform: Platform,
): Promise<{ bytes: Uint8Array; digest: string }> {
  const tar = tarWithOneFile('app/message.txt', encoder.encode(`${content}\n`));
  const layer = gzipSync(tar, { level: 9 });
  const layerDescriptor = await registry.putBlob(repo, layer);
  const config = encoder.encode(
    JSON.stringify({
      architecture: platform.architecture,
      os: platform.os,
      ...(platform.variant === undefined ? {} : { variant: platform.variant }),
      config: { Cmd: ['/bin/cat', '/app/message.txt'] },
      rootfs: { type: 'layers', diff_ids: [sha256(tar)] },
    }),
  );
  const configDescriptor = await registry.putBlob(repo, config);
  const bytes = encoder.encode(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: MEDIA_TYPES.ociManifest,
      config: { mediaType: MEDIA_TYPES.ociConfig, ...configDescriptor },
      layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', ...layerDescriptor }],
    }),
  );
  return { bytes, digest: sha256(bytes) };
}

function sha256(bytes: Uint8Array): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

/** A POSIX ustar archive with a single regular file, mode 0644, owned by root, mtime 0. */
function tarWithOneFile(path: string, data: Uint8Array): Uint8Array {
  const header = new Uint8Array(512);
  const put = (offset: number, length: number, text: string): void => {
    header.set(encoder.encode(text).subarray(0, length), offset);
  };
  const octal = (value: number, length: number): string => value.toString(8).padStart(length - 1, '0') + '\0';
  put(0, 100, path);
  put(100, 8, octal(0o644, 8));
  put(108, 8, octal(0, 8));
  put(116, 8, octal(0, 8));
  put(124, 12, octal(data.length, 12));
  put(136, 12, octal(0, 12));
  put(148, 8, '        ');
  put(156, 1, '0');
  put(257, 6, 'ustar\0');
  put(263, 2, '00');
  const checksum = header.reduce((sum, byte) => sum + byte, 0);
  put(148, 8, checksum.toString(8).padStart(6, '0') + '\0 ');
  const padded = Math.ceil(data.length / 512) * 512;
  const archive = new Uint8Array(512 + padded + 1024);
  archive.set(header, 0);
  archive.set(data, 512);
  return archive;
}
