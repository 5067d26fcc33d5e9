import { SigilError, type Logger } from '@sigil/core';
import type { CredentialSource } from './credentials.js';
import { isSha256Digest, sha256Digest, verifyDigest } from './digest.js';
import { MANIFEST_ACCEPT, checkManifestContentType, manifestMediaType } from './manifest-media-type.js';
import { RegistryHttp, repositoryScope } from './registry-http.js';
import { unexpectedResponse } from './registry-errors.js';
import {
  badReference,
  blobPath,
  checkRepository,
  manifestPath,
  referenceSuffix,
  referrersPath,
  tagsPath,
  uploadsPath,
} from './registry-paths.js';
import {
  DEFAULT_RETRY_OPTIONS,
  systemRetryEnvironment,
  withRetries,
  type RetryEnvironment,
  type RetryOptions,
} from './retry.js';
import { SchemePolicy } from './scheme-policy.js';
import {
  MAX_REFERRER_PAGES,
  MAX_REFERRERS,
  filterReferrers,
  parseReferrersIndex,
  referrersTag,
  type Referrers,
  type ReferrersOptions,
  type PushedReferrer,
  type ReferrerPush,
} from './referrers.js';
import {
  DEFAULT_INDEX_UPDATE_POLICY,
  addToReferrersIndex,
  type ConditionalWrites,
  type IndexUpdatePolicy,
  type IndexWriteCondition,
} from './referrers-index-update.js';
import { nextLink, parseTagList } from './tag-list.js';
import { NodeHttpTransport, headerValue, type HttpResponse, type HttpSend } from './transport.js';
import {
  MEDIA_TYPES,
  type Descriptor,
  type ManifestResponse,
  type Registry,
  type RepositoryRef,
} from './types.js';

export interface RegistryClientOptions {
  /** The HTTP dependency; default: node:http/https with keep-alive agents (closed by `close()`). */
  readonly http?: HttpSend;
  /** In-flight requests across the client when `http` is not given (default 8). */
  readonly concurrency?: number;
  /** Hosts (`host` or `host:port`) that may use plain HTTP besides loopback. */
  readonly insecureRegistries?: readonly string[];
  /** The client's overall deadline, counted from construction (`timeout-seconds`; default 10 min). */
  readonly timeoutMs?: number;
  readonly retry?: Partial<RetryOptions>;
  /** Clock, sleep and randomness for the retry policy. */
  readonly environment?: RetryEnvironment;
  /** Where credentials come from (see createCredentialSource); default: anonymous. */
  readonly credentials?: CredentialSource;
  /** Gets one debug line per request (method, host, path, status); never headers or bodies. */
  readonly logger?: Pick<Logger, 'debug'>;
  /** Timing of fallback referrers index updates (see `IndexUpdatePolicy`); tests shorten it. */
  readonly referrersIndexUpdate?: Partial<IndexUpdatePolicy>;
}

/** Distribution refuses larger manifests; so do we. */
const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
const MAX_TAG_PAGE_BYTES = 16 * 1024 * 1024;
const MAX_TAG_PAGES = 1000;

/** The registry client: Distribution API v2 over HTTP, with auth, retries and digest checks. */
export class RegistryClient implements Registry {
  readonly #ownedTransport: NodeHttpTransport | undefined;
  readonly #http: RegistryHttp;
  readonly #retry: RetryOptions;
  readonly #env: RetryEnvironment;
  readonly #deadline: number;
  /** Registries that answered the referrers API with "no such endpoint": later lookups go to the fallback tag. */
  readonly #withoutReferrersApi = new Set<string>();
  /** What a probe showed about each registry's `If-Match` on manifest PUTs. */
  readonly #conditionalWrites = new Map<string, Exclude<ConditionalWrites, 'unknown'>>();
  readonly #indexUpdate: IndexUpdatePolicy;

  constructor(options: RegistryClientOptions = {}) {
    let send = options.http;
    if (send === undefined) {
      this.#ownedTransport = new NodeHttpTransport({ concurrency: options.concurrency ?? 8 });
      send = this.#ownedTransport.send;
    }
    this.#retry = { ...DEFAULT_RETRY_OPTIONS, ...options.retry };
    this.#env = options.environment ?? systemRetryEnvironment;
    this.#deadline = this.#env.now() + (options.timeoutMs ?? 600_000);
    this.#indexUpdate = { ...DEFAULT_INDEX_UPDATE_POLICY, ...options.referrersIndexUpdate };
    this.#http = new RegistryHttp({
      send,
      policy: new SchemePolicy(options.insecureRegistries),
      ...(options.credentials === undefined ? {} : { credentials: options.credentials }),
      now: () => this.#env.now(),
      deadline: this.#deadline,
      ...(options.logger === undefined ? {} : { logger: options.logger }),
    });
  }

  /** Closes the keep-alive connections of the default transport. */
  close(): void {
    this.#ownedTransport?.close();
  }

  async resolveDigest(repo: RepositoryRef, reference: string): Promise<string | undefined> {
    const path = manifestPath(repo, reference);
    const what = `resolve ${repo.repository}${referenceSuffix(reference)}`;
    const response = await this.#retrying(repo, what, () =>
      this.#http.request(repo, 'pull', {
        method: 'HEAD',
        target: path,
        headers: { accept: MANIFEST_ACCEPT },
      }),
    );
    if (response.status === 404) return undefined;
    if (response.status !== 200) throw unexpectedResponse(response, repo.registry, what);
    checkManifestContentType(response, what);
    const served = headerValue(response, 'docker-content-digest');
    if (served === undefined || !isSha256Digest(served))
      return (await this.getManifest(repo, reference))?.digest;
    if (isSha256Digest(reference) && served !== reference) throw mismatch(what, served, reference);
    return served;
  }

  async getManifest(repo: RepositoryRef, reference: string): Promise<ManifestResponse | undefined> {
    const path = manifestPath(repo, reference);
    const what = `get manifest ${repo.repository}${referenceSuffix(reference)}`;
    const response = await this.#retrying(repo, what, () =>
      this.#http.request(repo, 'pull', {
        method: 'GET',
        target: path,
        headers: { accept: MANIFEST_ACCEPT },
        maxBodyBytes: MAX_MANIFEST_BYTES,
      }),
    );
    if (response.status === 404) return undefined;
    if (response.status !== 200) throw unexpectedResponse(response, repo.registry, what);
    const bytes = response.body;
    const digest = isSha256Digest(reference) ? verifyDigest(bytes, reference, what) : sha256Digest(bytes);
    checkServedDigest(response, digest, what);
    return { bytes, digest, mediaType: manifestMediaType(response, what) };
  }

  async putManifest(
    repo: RepositoryRef,
    reference: string,
    bytes: Uint8Array,
    mediaType: string,
  ): Promise<string> {
    const { digest, response } = await this.#putManifest(repo, reference, bytes, mediaType);
    if (response.status !== 201 && response.status !== 200) {
      const what = `push manifest ${repo.repository}${referenceSuffix(reference)}`;
      throw unexpectedResponse(response, repo.registry, what);
    }
    return digest;
  }

  async #putManifest(
    repo: RepositoryRef,
    reference: string,
    bytes: Uint8Array,
    mediaType: string,
    headers: Readonly<Record<string, string>> = {},
    startBy?: number,
  ): Promise<{ digest: string; response: HttpResponse }> {
    const path = manifestPath(repo, reference);
    const what = `push manifest ${repo.repository}${referenceSuffix(reference)}`;
    const digest = sha256Digest(bytes);
    if (isSha256Digest(reference) && reference !== digest) throw mismatch(what, digest, reference);
    if (bytes.byteLength > MAX_MANIFEST_BYTES) {
      throw new SigilError(
        'MANIFEST_INVALID',
        `${what}: the manifest is ${bytes.byteLength} bytes, over 4 MiB`,
      );
    }
    const response = await this.#retrying(repo, what, () => {
      if (startBy !== undefined && this.#env.now() > startBy) throw new StaleWrite();
      return this.#http.request(repo, 'push', {
        method: 'PUT',
        target: path,
        headers: { 'content-type': mediaType, ...headers },
        body: bytes,
      });
    });
    if (response.status === 201 || response.status === 200) checkServedDigest(response, digest, what);
    return { digest, response };
  }

  /**
   * Pushes a referrer manifest by digest and makes it discoverable from its subject: a registry that
   * answers with `OCI-Subject`, or whose referrers API lists it, keeps the list itself; otherwise the
   * referrers tag schema's fallback index gets an entry (`addToReferrersIndex`: concurrent writers lose
   * nothing). The manifest is written before the index, so a reader never finds an entry without its
   * manifest. A registry that refuses the manifest (its size, media type or count) is `REFERRER_REFUSED`
   * with the registry's own words, and nothing is listed.
   */
  async pushReferrer(repo: RepositoryRef, push: ReferrerPush): Promise<PushedReferrer> {
    const what = `push referrer of ${repo.repository}@${push.subject}`;
    const digest = sha256Digest(push.manifest);
    const { response } = await this.#putManifest(repo, digest, push.manifest, MEDIA_TYPES.ociManifest);
    if (response.status !== 201 && response.status !== 200) {
      if ([400, 404, 405, 409, 413, 415, 422].includes(response.status))
        throw refused(unexpectedResponse(response, repo.registry, what));
      throw unexpectedResponse(response, repo.registry, what);
    }
    if (headerValue(response, 'oci-subject') === push.subject) return { digest, source: 'referrers-api' };
    if (!this.#withoutReferrersApi.has(repo.registry)) {
      const listed = await this.#referrersFromApi(repo, push.subject, what);
      if (listed !== undefined) {
        if (listed.some((entry) => entry.digest === digest)) return { digest, source: 'referrers-api' };
        throw new SigilError(
          'REGISTRY_PROTOCOL',
          `${what}: registry ${repo.registry} has the referrers API but does not list the referrer ${digest} it just accepted`,
        );
      }
    }
    await this.#addToFallbackIndex(repo, push, digest);
    return { digest, source: 'referrers-tag' };
  }

  async #addToFallbackIndex(repo: RepositoryRef, push: ReferrerPush, digest: string): Promise<void> {
    const tag = referrersTag(push.subject);
    const where = `${repo.registry}/${repo.repository}:${tag}`;
    const what = `update referrers index ${repo.repository}:${tag}`;
    const store = {
      read: async () => {
        const response = await this.#retrying(repo, what, () =>
          this.#http.request(repo, 'pull', {
            method: 'GET',
            target: manifestPath(repo, tag),
            headers: { accept: MEDIA_TYPES.ociIndex },
            maxBodyBytes: MAX_MANIFEST_BYTES,
          }),
        );
        if (response.status === 404) return undefined;
        if (response.status !== 200) throw unexpectedResponse(response, repo.registry, what);
        const mediaType = manifestMediaType(response, what);
        if (mediaType !== MEDIA_TYPES.ociIndex) {
          throw new SigilError(
            'MANIFEST_INVALID',
            `The referrers index ${where} is a ${mediaType}, not an OCI image index.`,
          );
        }
        checkServedDigest(response, sha256Digest(response.body), what);
        return { bytes: response.body, etag: headerValue(response, 'etag') };
      },
      write: async (bytes: Uint8Array, condition: IndexWriteCondition | undefined, startBy: number) => {
        const headers: Record<string, string> =
          condition === undefined
            ? {}
            : 'ifMatch' in condition
              ? { 'if-match': condition.ifMatch }
              : { 'if-none-match': condition.ifNoneMatch };
        let response: HttpResponse;
        try {
          ({ response } = await this.#putManifest(repo, tag, bytes, MEDIA_TYPES.ociIndex, headers, startBy));
        } catch (error) {
          if (error instanceof StaleWrite) return 'stale' as const;
          throw error;
        }
        if (response.status === 412) return 'conflict' as const;
        if (response.status === 201 || response.status === 200) return 'written' as const;
        const error = unexpectedResponse(response, repo.registry, what);
        throw [400, 413, 415].includes(response.status) ? refused(error) : error;
      },
    };
    const environment = {
      now: () => this.#env.now(),
      sleep: (ms: number) => this.#env.sleep(ms),
      random: () => this.#env.random(),
      conditional: () => this.#conditionalWrites.get(repo.registry) ?? ('unknown' as const),
      remember: (support: Exclude<ConditionalWrites, 'unknown'>) =>
        this.#conditionalWrites.set(repo.registry, support),
    };
    const entry = {
      mediaType: MEDIA_TYPES.ociManifest,
      digest,
      size: push.manifest.byteLength,
      artifactType: push.artifactType,
      ...(push.annotations === undefined ? {} : { annotations: push.annotations }),
    };
    await addToReferrersIndex(store, entry, where, environment, this.#indexUpdate);
  }

  async getBlob(repo: RepositoryRef, digest: string): Promise<Uint8Array> {
    const path = blobPath(repo, digest);
    const what = `get blob ${repo.repository}@${digest}`;
    const response = await this.#retrying(repo, what, () =>
      this.#http.request(repo, 'pull', { method: 'GET', target: path, followRedirects: true }),
    );
    if (response.status === 404) {
      throw new SigilError('BLOB_NOT_FOUND', `blob ${digest} is not in ${repo.registry}/${repo.repository}`);
    }
    if (response.status !== 200) throw unexpectedResponse(response, repo.registry, what);
    verifyDigest(response.body, digest, what);
    return response.body;
  }

  async hasBlob(repo: RepositoryRef, digest: string): Promise<boolean> {
    const path = blobPath(repo, digest);
    const what = `check blob ${repo.repository}@${digest}`;
    const response = await this.#retrying(repo, what, () =>
      this.#http.request(repo, 'pull', { method: 'HEAD', target: path, followRedirects: true }),
    );
    if (response.status === 200) return true;
    if (response.status === 404) return false;
    throw unexpectedResponse(response, repo.registry, what);
  }

  async putBlob(
    repo: RepositoryRef,
    bytes: Uint8Array,
    options: { mountFrom?: RepositoryRef } = {},
  ): Promise<{ digest: string; size: number }> {
    const digest = sha256Digest(bytes);
    const what = `push blob ${repo.repository}@${digest}`;
    const path = blobPath(repo, digest);
    const from = options.mountFrom;
    const mountable =
      from !== undefined && from.registry === repo.registry && from.repository !== repo.repository;
    const start = uploadsPath(repo, mountable ? { digest, from } : undefined);
    const extraScopes = mountable ? [repositoryScope(from, 'pull')] : [];
    // One attempt is a whole upload session, from HEAD on: a retry after a lost answer finds the blob.
    await this.#retrying(repo, what, async () => {
      const head = await this.#http.request(repo, 'push', { method: 'HEAD', target: path });
      if (head.status === 200) return;
      if (head.status !== 404) throw unexpectedResponse(head, repo.registry, what);
      const started = await this.#http.request(
        repo,
        'push',
        { method: 'POST', target: start, headers: { 'content-length': '0' } },
        extraScopes,
      );
      if (started.status === 201 && mountable) return;
      if (started.status !== 202) throw unexpectedResponse(started, repo.registry, what);
      const location = this.#uploadLocation(repo, started, what);
      location.searchParams.set('digest', digest);
      const finished = await this.#http.request(repo, 'push', {
        method: 'PUT',
        target: location,
        headers: { 'content-type': 'application/octet-stream' },
        body: bytes,
      });
      if (finished.status !== 201) throw unexpectedResponse(finished, repo.registry, what);
      checkServedDigest(finished, digest, what);
    });
    return { digest, size: bytes.byteLength };
  }

  /** Deletes a manifest by digest; false if it was not there. */
  async deleteManifest(repo: RepositoryRef, digest: string): Promise<boolean> {
    if (!isSha256Digest(digest))
      throw badReference(repo, digest, 'a manifest is deleted by its sha256 digest');
    const path = manifestPath(repo, digest);
    const what = `delete manifest ${repo.repository}@${digest}`;
    const response = await this.#retrying(repo, what, () =>
      this.#http.request(repo, 'push', { method: 'DELETE', target: path }),
    );
    if (response.status === 202 || response.status === 200) return true;
    if (response.status === 404) return false;
    throw unexpectedResponse(response, repo.registry, what);
  }

  /**
   * Every tag of the repository, following `Link` pagination (`pageSize` asks for pages of that many);
   * empty if the repository does not exist.
   */
  async listTags(repo: RepositoryRef, options: { pageSize?: number } = {}): Promise<string[]> {
    checkRepository(repo);
    const what = `list tags of ${repo.repository}`;
    const tags: string[] = [];
    let target: string | URL = tagsPath(repo);
    if (options.pageSize !== undefined) target = `${target}?n=${Math.max(1, Math.floor(options.pageSize))}`;
    for (let page = 0; page < MAX_TAG_PAGES; page++) {
      const current = target;
      const response = await this.#retrying(repo, what, () =>
        this.#http.request(repo, 'pull', {
          method: 'GET',
          target: current,
          maxBodyBytes: MAX_TAG_PAGE_BYTES,
        }),
      );
      if (response.status === 404) return tags;
      if (response.status !== 200) throw unexpectedResponse(response, repo.registry, what);
      tags.push(...parseTagList(response, what));
      const next = nextLink(headerValue(response, 'link'));
      if (next === undefined) return tags;
      target = new URL(next, this.#http.baseUrl(repo.registry));
    }
    throw new SigilError('REGISTRY_PROTOCOL', `${what}: registry ${repo.registry} paginated endlessly`);
  }

  /**
   * The manifests whose `subject` is `digest`: from the OCI 1.1 referrers API, following `Link` pages (at
   * most `MAX_REFERRER_PAGES` pages and `MAX_REFERRERS` entries), or, on a registry that answers the API's
   * path with 404/405/501/400 or a redirect (GHCR's 303; remembered for the client's lifetime), from the referrers tag schema's
   * fallback index under the tag `sha256-<hex>` (404: no referrers). A 404 naming an unknown repository or
   * manifest (`NAME_UNKNOWN`, `MANIFEST_UNKNOWN`: the API exists) falls back for this lookup only. A listing
   * that is not an OCI image index is `MANIFEST_INVALID`. `artifactTypes` filters here, client-side (see
   * `ReferrersOptions`).
   */
  async listReferrers(
    repo: RepositoryRef,
    digest: string,
    options: ReferrersOptions = {},
  ): Promise<Referrers> {
    const what = `list referrers of ${repo.repository}@${digest}`;
    if (!this.#withoutReferrersApi.has(repo.registry)) {
      const listed = await this.#referrersFromApi(repo, digest, what);
      if (listed !== undefined)
        return { source: 'referrers-api', descriptors: filterReferrers(listed, options.artifactTypes) };
    }
    const tag = referrersTag(digest);
    const fallback = await this.getManifest(repo, tag);
    if (fallback === undefined) return { source: 'referrers-tag', descriptors: [] };
    const where = `${repo.registry}/${repo.repository}:${tag}`;
    if (fallback.mediaType !== MEDIA_TYPES.ociIndex) {
      throw new SigilError(
        'MANIFEST_INVALID',
        `The referrers index ${where} is a ${fallback.mediaType}, not an OCI image index.`,
      );
    }
    const descriptors = parseReferrersIndex(fallback.bytes, where);
    if (descriptors.length > MAX_REFERRERS) throw tooManyReferrers(what, repo.registry);
    return { source: 'referrers-tag', descriptors: filterReferrers(descriptors, options.artifactTypes) };
  }

  async #referrersFromApi(
    repo: RepositoryRef,
    digest: string,
    what: string,
  ): Promise<Descriptor[] | undefined> {
    const descriptors: Descriptor[] = [];
    let target: string | URL = referrersPath(repo, digest);
    for (let page = 0; page < MAX_REFERRER_PAGES; page++) {
      const current = target;
      const response = await this.#retrying(repo, what, () =>
        this.#http.request(repo, 'pull', {
          method: 'GET',
          target: current,
          headers: { accept: MEDIA_TYPES.ociIndex },
          maxBodyBytes: MAX_MANIFEST_BYTES,
        }),
      );
      if (page === 0 && isNoReferrersApi(response)) {
        if (!namesUnknownContent(response)) this.#withoutReferrersApi.add(repo.registry);
        return undefined;
      }
      if (response.status !== 200) throw unexpectedResponse(response, repo.registry, what);
      descriptors.push(
        ...parseReferrersIndex(response.body, `${repo.registry}/${repo.repository} (referrers of ${digest})`),
      );
      if (descriptors.length > MAX_REFERRERS) throw tooManyReferrers(what, repo.registry);
      const next = nextLink(headerValue(response, 'link'));
      if (next === undefined) return descriptors;
      target = new URL(next, this.#http.baseUrl(repo.registry));
    }
    throw new SigilError('REGISTRY_PROTOCOL', `${what}: registry ${repo.registry} paginated endlessly`);
  }

  #retrying<T>(repo: RepositoryRef, what: string, attempt: () => Promise<T>): Promise<T> {
    const context = {
      host: repo.registry,
      what,
      deadline: this.#deadline,
      options: this.#retry,
      env: this.#env,
    };
    return withRetries(context, attempt);
  }

  #uploadLocation(repo: RepositoryRef, response: HttpResponse, what: string): URL {
    const location = headerValue(response, 'location');
    if (location === undefined) {
      throw new SigilError(
        'REGISTRY_PROTOCOL',
        `${what}: registry ${repo.registry} started an upload without a Location`,
      );
    }
    return new URL(location, this.#http.baseUrl(repo.registry));
  }
}

/**
 * What a registry without the referrers API answers for its path: 404, 405, 501, 400, or a redirect away
 * from the API (GHCR answers 303 to a github.com page that is a 404; go-containerregistry follows it and
 * falls back, we fall back without following).
 */
function isNoReferrersApi(response: HttpResponse): boolean {
  return [404, 405, 501, 400].includes(response.status) || (response.status >= 300 && response.status < 400);
}

/** A 404 in the registry's error format naming an unknown repository or manifest: the API itself exists. */
function namesUnknownContent(response: HttpResponse): boolean {
  if (response.status !== 404) return false;
  try {
    const body = JSON.parse(new TextDecoder().decode(response.body)) as { errors?: { code?: unknown }[] };
    return (
      Array.isArray(body.errors) &&
      body.errors.some(({ code }) => code === 'NAME_UNKNOWN' || code === 'MANIFEST_UNKNOWN')
    );
  } catch {
    return false;
  }
}

/** A write not attempted (again) because what it would write was read too long ago; not retried. */
class StaleWrite extends Error {
  override readonly name = 'StaleWrite';

  constructor() {
    super('the bytes to write were read too long ago');
  }
}

/** A registry's refusal of a referrer or of the index that lists it: named, with its own words. */
function refused(error: SigilError): SigilError {
  return new SigilError('REFERRER_REFUSED', `${error.message}; nothing was listed`, {
    cause: error,
    hint: 'The registry refuses this referrer (its size, media type or count): write `signature-format: legacy` for this registry, or raise its limits.',
  });
}

function tooManyReferrers(what: string, host: string): SigilError {
  return new SigilError(
    'REGISTRY_PROTOCOL',
    `${what}: registry ${host} lists more than ${MAX_REFERRERS} referrers`,
  );
}

/** A Docker-Content-Digest the registry sends must name the bytes we hold. */
function checkServedDigest(response: HttpResponse, digest: string, what: string): void {
  const served = headerValue(response, 'docker-content-digest');
  if (served !== undefined && served.startsWith('sha256:') && served !== digest)
    throw mismatch(what, digest, served);
}

function mismatch(what: string, actual: string, expected: string): SigilError {
  return new SigilError(
    'CONTENT_DIGEST_MISMATCH',
    `${what}: the content has digest ${actual} but the registry or the request says ${expected}`,
  );
}
