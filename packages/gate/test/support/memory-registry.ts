import { SigilError } from '@sigil/core';
import {
  repositoryName,
  sha256Digest,
  type ManifestResponse,
  type Registry,
  type RepositoryRef,
} from '@sigil/oci';

/**
 * A registry in memory, for evidence whose payload names a registry no test can listen on (a golden vector
 * signed for `192.168.64.2:5000/…`): manifests by tag and digest, blobs by digest (stored under the
 * digest of their bytes, so what is read back is what was written). No referrers API: the gate reads the `.sig` and `.att` tags only.
 */
export class MemoryRegistry implements Registry {
  readonly #manifests = new Map<string, ManifestResponse>();
  readonly #blobs = new Map<string, Uint8Array>();

  resolveDigest(repo: RepositoryRef, reference: string): Promise<string | undefined> {
    return Promise.resolve(this.#manifests.get(key(repo, reference))?.digest);
  }

  getManifest(repo: RepositoryRef, reference: string): Promise<ManifestResponse | undefined> {
    return Promise.resolve(this.#manifests.get(key(repo, reference)));
  }

  putManifest(repo: RepositoryRef, reference: string, bytes: Uint8Array, mediaType: string): Promise<string> {
    const digest = sha256Digest(bytes);
    const response = { bytes: new Uint8Array(bytes), digest, mediaType };
    this.#manifests.set(key(repo, digest), response);
    if (reference !== digest) this.#manifests.set(key(repo, reference), response);
    return Promise.resolve(digest);
  }

  getBlob(repo: RepositoryRef, digest: string): Promise<Uint8Array> {
    const blob = this.#blobs.get(key(repo, digest));
    if (blob === undefined) return Promise.reject(new SigilError('BLOB_NOT_FOUND', `no blob ${digest}`));
    return Promise.resolve(new Uint8Array(blob));
  }

  putBlob(repo: RepositoryRef, bytes: Uint8Array): Promise<{ digest: string; size: number }> {
    const digest = sha256Digest(bytes);
    this.#blobs.set(key(repo, digest), new Uint8Array(bytes));
    return Promise.resolve({ digest, size: bytes.length });
  }

  hasBlob(repo: RepositoryRef, digest: string): Promise<boolean> {
    return Promise.resolve(this.#blobs.has(key(repo, digest)));
  }
}

function key(repo: RepositoryRef, reference: string): string {
  return `${repositoryName(repo)}\n${reference}`;
}
