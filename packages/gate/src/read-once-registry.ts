import { SigilError } from '@sigil/core';
import {
  repositoryName,
  type ManifestResponse,
  type Referrers,
  type ReferrersOptions,
  type Registry,
  type RepositoryRef,
} from '@sigil/oci';

/**
 * A read-only view of a registry for the checks of one image: each manifest, digest and blob is
 * requested at most once, and concurrent readers share the request in flight. Every requirement that
 * reads the `.att` tag (an SBOM, provenance, any predicate type) is then served by one read of the tag
 * and one read of each layer, and a platform index read for two reasons is read once. Failures are shared
 * too: a requirement cannot pass on a retry that another requirement's read did not get. Content checks
 * stay with the client underneath (a blob is verified against its digest before it is returned).
 *
 * Made afresh for each image and dropped after it, so nothing is served from before the gate started;
 * a re-check that must see the registry now (the tag check) uses the client itself.
 */
export class ReadOnceRegistry implements Registry {
  readonly #registry: Registry;
  readonly #manifests = new Map<string, Promise<ManifestResponse | undefined>>();
  readonly #digests = new Map<string, Promise<string | undefined>>();
  readonly #blobs = new Map<string, Promise<Uint8Array>>();
  readonly #referrers = new Map<string, Promise<Referrers>>();
  /** The referrers of a digest, listed once; absent when the registry underneath cannot list them. */
  readonly listReferrers?: (
    repo: RepositoryRef,
    digest: string,
    options?: ReferrersOptions,
  ) => Promise<Referrers>;

  constructor(registry: Registry) {
    this.#registry = registry;
    if (registry.listReferrers !== undefined) {
      this.listReferrers = (repo, digest, options = {}) =>
        once(this.#referrers, key(repo, `${digest}\n${(options.artifactTypes ?? ['*']).join(',')}`), () =>
          registry.listReferrers!(repo, digest, options),
        );
    }
  }

  getManifest(repo: RepositoryRef, reference: string): Promise<ManifestResponse | undefined> {
    return once(this.#manifests, key(repo, reference), () => this.#registry.getManifest(repo, reference));
  }

  resolveDigest(repo: RepositoryRef, reference: string): Promise<string | undefined> {
    return once(this.#digests, key(repo, reference), () => this.#registry.resolveDigest(repo, reference));
  }

  getBlob(repo: RepositoryRef, digest: string): Promise<Uint8Array> {
    return once(this.#blobs, key(repo, digest), () => this.#registry.getBlob(repo, digest));
  }

  hasBlob(repo: RepositoryRef, digest: string): Promise<boolean> {
    return this.#registry.hasBlob(repo, digest);
  }

  putManifest(repo: RepositoryRef): Promise<string> {
    return Promise.reject(readOnly(repo));
  }

  putBlob(repo: RepositoryRef): Promise<{ digest: string; size: number }> {
    return Promise.reject(readOnly(repo));
  }
}

function key(repo: RepositoryRef, reference: string): string {
  return `${repositoryName(repo)}\n${reference}`;
}

function once<T>(cache: Map<string, Promise<T>>, id: string, load: () => Promise<T>): Promise<T> {
  let pending = cache.get(id);
  if (pending === undefined) {
    pending = load();
    cache.set(id, pending);
  }
  return pending;
}

function readOnly(repo: RepositoryRef): SigilError {
  return new SigilError(
    'INTERNAL',
    `the gate does not write to registries (asked to write to ${repositoryName(repo)})`,
  );
}
