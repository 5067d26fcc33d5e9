import { SigilError } from '@sigil/errors';
import { isSha256Digest } from './digest.js';
import type { RepositoryRef } from './types.js';

/**
 * The Distribution API paths of a repository. Names and references are validated here, so nothing
 * a caller passes can reach another path.
 */
const REPOSITORY = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

export function checkRepository(repo: RepositoryRef): RepositoryRef {
  if (!REPOSITORY.test(repo.repository)) {
    throw new SigilError(
      'REFERENCE_INVALID',
      `repository "${repo.repository}" is not a valid repository name`,
    );
  }
  return repo;
}

export function manifestPath(repo: RepositoryRef, reference: string): string {
  checkRepository(repo);
  if (!isSha256Digest(reference) && !TAG.test(reference)) {
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
