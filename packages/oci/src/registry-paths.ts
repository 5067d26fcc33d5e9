import { SigilError } from '@sigil/core';
import { isSha256Digest } from './digest.js';
import { isRepositoryPath, isTag } from './reference.js';
import type { RepositoryRef } from './types.js';

/**
 * The Distribution API paths of a repository. Names and references are validated here, with the
 * grammar the reference parser uses, so nothing a caller passes can reach another path.
 */
export function checkRepository(repo: RepositoryRef): RepositoryRef {
  if (VALID_REPOSITORIES.has(repo.repository)) return repo;
  if (!isRepositoryPath(repo.repository)) {
    throw new SigilError(
      'REFERENCE_INVALID',
      `repository "${repo.repository}" is not a valid repository name`,
    );
  }
  // Every request names its repository: a gate of many images asks about the same few names thousands of times.
  if (VALID_REPOSITORIES.size < MAX_REMEMBERED_REPOSITORIES) VALID_REPOSITORIES.add(repo.repository);
  return repo;
}

const MAX_REMEMBERED_REPOSITORIES = 1024;
/** Names `isRepositoryPath` accepted: its answer for a string never changes. */
const VALID_REPOSITORIES = new Set<string>();

export function manifestPath(repo: RepositoryRef, reference: string): string {
  checkRepository(repo);
  if (!isSha256Digest(reference) && !isTag(reference)) {
    throw badReference(repo, reference, 'expected a tag or sha256:<64 lowercase hex>');
  }
  return `/v2/${repo.repository}/manifests/${reference}`;
}

export function blobPath(repo: RepositoryRef, digest: string): string {
  checkRepository(repo);
  if (!isSha256Digest(digest))
    throw badReference(repo, digest, 'a blob is addressed by sha256:<64 lowercase hex>');
  return `/v2/${repo.repository}/blobs/${digest}`;
}

/** Starts an upload; with `mountFrom`, asks the registry to mount the blob from that repository instead. */
export function uploadsPath(repo: RepositoryRef, mount?: { digest: string; from: RepositoryRef }): string {
  const path = `/v2/${checkRepository(repo).repository}/blobs/uploads/`;
  if (mount === undefined) return path;
  const from = checkRepository(mount.from).repository;
  return `${path}?mount=${encodeURIComponent(mount.digest)}&from=${encodeURIComponent(from)}`;
}

/** The OCI 1.1 referrers API for a manifest digest. */
export function referrersPath(repo: RepositoryRef, digest: string): string {
  checkRepository(repo);
  if (!isSha256Digest(digest))
    throw badReference(repo, digest, 'referrers are listed for a sha256:<64 lowercase hex> digest');
  return `/v2/${repo.repository}/referrers/${digest}`;
}

export function tagsPath(repo: RepositoryRef): string {
  return `/v2/${checkRepository(repo).repository}/tags/list`;
}

/** `:tag` or `@digest`, for messages. */
export function referenceSuffix(reference: string): string {
  return isSha256Digest(reference) ? `@${reference}` : `:${reference}`;
}

export function badReference(repo: RepositoryRef, reference: string, reason: string): SigilError {
  return new SigilError(
    'REFERENCE_INVALID',
    `"${reference}" is not a valid reference in ${repo.repository}: ${reason}`,
  );
}
