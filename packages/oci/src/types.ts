/**
 * The contract of the registry client. packages/cosign and packages/gate depend only on these
 * types, so they can be tested against any implementation of `Registry` (the real one talks to a
 * Docker Distribution registry in the integration tests).
 */

import type { PushedReferrer, ReferrerPush, Referrers, ReferrersOptions } from './referrers.js';

/** A parsed, normalised image reference. */
export interface ImageReference {
  /** Normalised registry host with port, e.g. `index.docker.io`, `127.0.0.1:5000`, `ghcr.io`. */
  readonly registry: string;
  /** Repository path, e.g. `library/busybox`, `acme/backend`. */
  readonly repository: string;
  readonly tag?: string;
  /** `sha256:<64 lowercase hex>` when the reference carries a digest. */
  readonly digest?: string;
}

/** A repository within a registry: where manifests, blobs and tags live. */
export interface RepositoryRef {
  readonly registry: string;
  readonly repository: string;
}

export interface Platform {
  readonly architecture: string;
  readonly os: string;
  readonly variant?: string;
  readonly 'os.version'?: string;
}

export interface Descriptor {
  readonly mediaType: string;
  readonly digest: string;
  readonly size: number;
  readonly annotations?: Readonly<Record<string, string>>;
  readonly platform?: Platform;
  readonly artifactType?: string;
}

/** A manifest exactly as the registry served it: the bytes are what digests are computed over. */
export interface ManifestResponse {
  readonly bytes: Uint8Array;
  /** `sha256:<hex>` of `bytes` (checked against Docker-Content-Digest and any requested digest). */
  readonly digest: string;
  readonly mediaType: string;
}

export const MEDIA_TYPES = {
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  ociConfig: 'application/vnd.oci.image.config.v1+json',
  ociEmpty: 'application/vnd.oci.empty.v1+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerManifestList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  dockerConfig: 'application/vnd.docker.container.image.v1+json',
} as const;

/**
 * What sigil needs from a registry. Every method retries transient failures (5xx, 429 with
 * Retry-After, 408, connection resets) within the client's overall deadline, and throws a
 * `SigilError` (REGISTRY_*, MANIFEST_NOT_FOUND, BLOB_NOT_FOUND, CONTENT_DIGEST_MISMATCH, TIMEOUT)
 * when it cannot succeed. Content is always checked against its digest.
 */
export interface Registry {
  /** HEAD (falling back to GET) of a tag or digest; returns the manifest digest, or undefined on 404. */
  resolveDigest(repo: RepositoryRef, reference: string): Promise<string | undefined>;
  /** GET a manifest by tag or digest; undefined on 404. Accepts OCI and Docker images and indexes. */
  getManifest(repo: RepositoryRef, reference: string): Promise<ManifestResponse | undefined>;
  /** PUT a manifest under a tag or its digest; returns its digest. */
  putManifest(repo: RepositoryRef, reference: string, bytes: Uint8Array, mediaType: string): Promise<string>;
  /** GET a blob, verified against `digest`. */
  getBlob(repo: RepositoryRef, digest: string): Promise<Uint8Array>;
  /** Upload a blob unless the registry already has it (HEAD first; cross-repo mount when `mountFrom` is given). */
  putBlob(
    repo: RepositoryRef,
    bytes: Uint8Array,
    options?: { mountFrom?: RepositoryRef },
  ): Promise<{ digest: string; size: number }>;
  /** True if the blob exists in the repository. */
  hasBlob(repo: RepositoryRef, digest: string): Promise<boolean>;
  /**
   * The manifests that name `digest` as their subject (OCI 1.1 referrers API, else the referrers tag
   * schema's fallback index). Optional: a registry view without it offers no referrers.
   */
  listReferrers?(repo: RepositoryRef, digest: string, options?: ReferrersOptions): Promise<Referrers>;
  /**
   * Pushes a referrer manifest by digest and lists it under its subject (the registry's referrers API, else
   * the fallback index). Optional: a registry view without it cannot write referrers.
   */
  pushReferrer?(repo: RepositoryRef, push: ReferrerPush): Promise<PushedReferrer>;
}
