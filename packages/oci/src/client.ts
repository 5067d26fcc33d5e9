import { SigilError, type Logger } from '@sigil/errors';
import { Authenticator } from './authenticator.js';
import type { CredentialSource } from './credentials.js';
import { isSha256Digest, sha256Digest, verifyDigest } from './digest.js';
import { unexpectedResponse } from './registry-errors.js';
import {
  DEFAULT_RETRY_OPTIONS,
  TransientFailure,
  isRetryableStatus,
  parseRetryAfter,
  systemRetryEnvironment,
  withRetries,
  type RetryEnvironment,
  type RetryOptions,
} from './retry.js';
import { SchemePolicy } from './scheme-policy.js';
import {
  NodeHttpTransport,
  headerValue,
  type HttpMethod,
  type HttpRequest,
  type HttpResponse,
  type HttpSend,
} from './transport.js';
import { MEDIA_TYPES, type ManifestResponse, type Registry, type RepositoryRef } from './types.js';

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
}

const MANIFEST_ACCEPT = [
  MEDIA_TYPES.ociManifest,
  MEDIA_TYPES.ociIndex,
  MEDIA_TYPES.dockerManifest,
  MEDIA_TYPES.dockerManifestList,
].join(', ');
/** Distribution refuses larger manifests; so do we. */
export const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
const MAX_REDIRECTS = 5;
const REPOSITORY = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

interface Call {
  readonly method: HttpMethod;
  /** A path below the registry root, or an absolute URL (upload locations, redirects). */
  readonly target: string | URL;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: Uint8Array;
  readonly maxBodyBytes?: number;
  readonly followRedirects?: boolean;
}

/** The registry client: Distribution API v2 over HTTP, with auth, retries and digest checks. */
export class RegistryClient implements Registry {
  readonly #send: HttpSend;
  readonly #ownedTransport: NodeHttpTransport | undefined;
  readonly #policy: SchemePolicy;
  readonly #retry: RetryOptions;
  readonly #env: RetryEnvironment;
  readonly #deadline: number;
  readonly #auth: Authenticator;
  readonly #logger: Pick<Logger, 'debug'> | undefined;

  constructor(options: RegistryClientOptions = {}) {
    if (options.http === undefined) {
      this.#ownedTransport = new NodeHttpTransport({ concurrency: options.concurrency ?? 8 });
      this.#send = this.#ownedTransport.send;
    } else {
      this.#send = options.http;
    }
    this.#policy = new SchemePolicy(options.insecureRegistries);
    this.#retry = { ...DEFAULT_RETRY_OPTIONS, ...options.retry };
    this.#env = options.environment ?? systemRetryEnvironment;
    this.#deadline = this.#env.now() + (options.timeoutMs ?? 600_000);
    this.#auth = new Authenticator({
      ...(options.credentials === undefined ? {} : { credentials: options.credentials }),
      send: (request) => this.#transmit(request),
      now: () => this.#env.now(),
    });
    this.#logger = options.logger;
  }

  /** Closes the keep-alive connections of the default transport. */
  close(): void {
    this.#ownedTransport?.close();
  }

  async resolveDigest(repo: RepositoryRef, reference: string): Promise<string | undefined> {
    const path = this.#manifestPath(repo, reference);
    const what = `resolve ${repo.repository}${referenceSuffix(reference)}`;
    const response = await this.#retrying(repo, what, () =>
      this.#call(repo, ['pull'], { method: 'HEAD', target: path, headers: { accept: MANIFEST_ACCEPT } }),
    );
    if (response.status === 404) return undefined;
    if (response.status !== 200) throw unexpectedResponse(response, repo.registry, what);
    const served = headerValue(response, 'docker-content-digest');
    if (served !== undefined && isSha256Digest(served)) {
      if (isSha256Digest(reference) && served !== reference) {
        throw mismatch(`manifest ${repo.repository}@${reference}`, served, reference);
      }
      return served;
    }
    return (await this.getManifest(repo, reference))?.digest;
  }

  async getManifest(repo: RepositoryRef, reference: string): Promise<ManifestResponse | undefined> {
    const path = this.#manifestPath(repo, reference);
    const what = `get manifest ${repo.repository}${referenceSuffix(reference)}`;
    const response = await this.#retrying(repo, what, () =>
      this.#call(repo, ['pull'], {
        method: 'GET',
        target: path,
        headers: { accept: MANIFEST_ACCEPT },
        maxBodyBytes: MAX_MANIFEST_BYTES,
      }),
    );
    if (response.status === 404) return undefined;
    if (response.status !== 200) throw unexpectedResponse(response, repo.registry, what);
    const bytes = response.body;
    const digest = isSha256Digest(reference)
      ? verifyDigest(bytes, reference, `manifest ${repo.repository}@${reference}`)
      : sha256Digest(bytes);
    const served = headerValue(response, 'docker-content-digest');
    if (served !== undefined && served.startsWith('sha256:') && served !== digest) {
      throw mismatch(`manifest ${repo.repository}${referenceSuffix(reference)}`, digest, served);
    }
    return { bytes, digest, mediaType: manifestMediaType(response, repo, reference) };
  }

  async putManifest(
    repo: RepositoryRef,
    reference: string,
    bytes: Uint8Array,
    mediaType: string,
  ): Promise<string> {
    const path = this.#manifestPath(repo, reference);
    const digest = sha256Digest(bytes);
    if (isSha256Digest(reference) && reference !== digest) {
      throw mismatch(`manifest to push to ${repo.repository}@${reference}`, digest, reference);
    }
    if (bytes.byteLength > MAX_MANIFEST_BYTES) {
      throw new SigilError('MANIFEST_INVALID', `manifest is ${bytes.byteLength} bytes, over the 4 MiB limit`);
    }
    const what = `push manifest ${repo.repository}${referenceSuffix(reference)}`;
    const response = await this.#retrying(repo, what, () =>
      this.#call(repo, ['pull', 'push'], {
        method: 'PUT',
        target: path,
        headers: { 'content-type': mediaType },
        body: bytes,
      }),
    );
    if (response.status !== 201 && response.status !== 200)
      throw unexpectedResponse(response, repo.registry, what);
    const served = headerValue(response, 'docker-content-digest');
    if (served !== undefined && served.startsWith('sha256:') && served !== digest) {
      throw mismatch(`pushed manifest ${repo.repository}${referenceSuffix(reference)}`, digest, served);
    }
    return digest;
  }

  async getBlob(repo: RepositoryRef, digest: string): Promise<Uint8Array> {
    const path = this.#blobPath(repo, digest);
    const what = `get blob ${repo.repository}@${digest}`;
    const response = await this.#retrying(repo, what, () =>
      this.#call(repo, ['pull'], { method: 'GET', target: path, followRedirects: true }),
    );
    if (response.status === 404) {
      throw new SigilError('BLOB_NOT_FOUND', `blob ${digest} is not in ${repo.registry}/${repo.repository}`);
    }
    if (response.status !== 200) throw unexpectedResponse(response, repo.registry, what);
    verifyDigest(response.body, digest, `blob ${repo.repository}@${digest}`);
    return response.body;
  }

  async hasBlob(repo: RepositoryRef, digest: string): Promise<boolean> {
    const path = this.#blobPath(repo, digest);
    const what = `check blob ${repo.repository}@${digest}`;
    const response = await this.#retrying(repo, what, () =>
      this.#call(repo, ['pull'], { method: 'HEAD', target: path, followRedirects: true }),
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
    const result = { digest, size: bytes.byteLength };
    const blobPath = this.#blobPath(repo, digest);
    const mountFrom =
      options.mountFrom !== undefined &&
      options.mountFrom.registry === repo.registry &&
      options.mountFrom.repository !== repo.repository
        ? this.#checkRepository(options.mountFrom)
        : undefined;
    const what = `push blob ${repo.repository}@${digest}`;
    // One attempt is a whole upload session, so a retry starts a new session.
    await this.#retrying(repo, what, async () => {
      // push scope already, so a Bearer registry issues one token for the whole upload
      const head = await this.#call(repo, pushScopes, { method: 'HEAD', target: blobPath });
      if (head.status === 200) return;
      if (head.status !== 404) throw unexpectedResponse(head, repo.registry, what);
      const uploads = `/v2/${repo.repository}/blobs/uploads/`;
      const start = mountFrom
        ? `${uploads}?mount=${encodeURIComponent(digest)}&from=${encodeURIComponent(mountFrom.repository)}`
        : uploads;
      const scopes = mountFrom ? [...pushScopes, scopeOf(mountFrom, 'pull')] : pushScopes;
      const started = await this.#call(repo, scopes, {
        method: 'POST',
        target: start,
        headers: { 'content-length': '0' },
      });
      if (started.status === 201 && mountFrom) return;
      if (started.status !== 202) throw unexpectedResponse(started, repo.registry, what);
      const location = this.#uploadLocation(repo, started, what);
      location.searchParams.set('digest', digest);
      const finished = await this.#call(repo, pushScopes, {
        method: 'PUT',
        target: location,
        headers: { 'content-type': 'application/octet-stream' },
        body: bytes,
      });
      if (finished.status !== 201) throw unexpectedResponse(finished, repo.registry, what);
      const served = headerValue(finished, 'docker-content-digest');
      if (served !== undefined && served.startsWith('sha256:') && served !== digest) {
        throw mismatch(`pushed blob ${repo.repository}`, digest, served);
      }
    });
    return result;
  }

  /** Deletes a manifest by digest; false if it was not there. */
  async deleteManifest(repo: RepositoryRef, digest: string): Promise<boolean> {
    if (!isSha256Digest(digest))
      throw badReference(repo, digest, 'a manifest is deleted by its sha256 digest');
    const path = this.#manifestPath(repo, digest);
    const what = `delete manifest ${repo.repository}@${digest}`;
    const response = await this.#retrying(repo, what, () =>
      this.#call(repo, ['pull', 'push'], { method: 'DELETE', target: path }),
    );
    if (response.status === 202 || response.status === 200) return true;
    if (response.status === 404) return false;
    throw unexpectedResponse(response, repo.registry, what);
  }

  /** Every tag of the repository (following `Link` pagination); empty if the repository does not exist. */
  async listTags(repo: RepositoryRef): Promise<string[]> {
    this.#checkRepository(repo);
    const tags: string[] = [];
    let target: string | URL = `/v2/${repo.repository}/tags/list`;
    const what = `list tags of ${repo.repository}`;
    for (let page = 0; page < 1000; page++) {
      const current = target;
      const response = await this.#retrying(repo, what, () =>
        this.#call(repo, ['pull'], { method: 'GET', target: current, maxBodyBytes: 16 * 1024 * 1024 }),
      );
      if (response.status === 404) return tags;
      if (response.status !== 200) throw unexpectedResponse(response, repo.registry, what);
      tags.push(...parseTagList(response, repo.registry, what));
      const next = nextLink(headerValue(response, 'link'));
      if (next === undefined) return tags;
      target = new URL(next, this.#policy.baseUrl(repo.registry));
    }
    throw new SigilError(
      'REGISTRY_PROTOCOL',
      `registry ${repo.registry} paginated the tags of ${repo.repository} endlessly`,
    );
  }

  #retrying<T>(repo: RepositoryRef, what: string, attempt: (remainingMs: number) => Promise<T>): Promise<T> {
    return withRetries(
      { host: repo.registry, what, deadline: this.#deadline, options: this.#retry, env: this.#env },
      attempt,
    );
  }

  /**
   * One request with authentication: a 401 is answered once through the authenticator; retryable
   * statuses become TransientFailure; redirects are followed for blob reads (without credentials
   * when they leave the registry).
   */
  async #call(repo: RepositoryRef, scopes: readonly string[], call: Call): Promise<HttpResponse> {
    const scopeList = normaliseScopes(repo, scopes);
    const base = this.#policy.baseUrl(repo.registry);
    let url = typeof call.target === 'string' ? new URL(call.target, base) : call.target;
    for (let hop = 0; ; hop++) {
      const sameOrigin = url.origin === base.origin;
      let authorization = sameOrigin ? this.#auth.cached(repo.registry, scopeList) : undefined;
      let response = await this.#sendOnce(call, url, authorization);
      if (response.status === 401 && sameOrigin) {
        authorization = await this.#auth.authorize(repo.registry, scopeList, response);
        response = await this.#sendOnce(call, url, authorization);
        if (response.status === 401) throw await this.#auth.rejected(repo.registry, scopeList);
      }
      if (isRetryableStatus(response.status)) {
        throw new TransientFailure(`HTTP ${response.status}`, {
          reached: true,
          status: response.status,
          retryAfterMs: parseRetryAfter(headerValue(response, 'retry-after'), this.#env.now()),
        });
      }
      const location = headerValue(response, 'location');
      if (!call.followRedirects || !isRedirect(response.status) || location === undefined) return response;
      if (hop >= MAX_REDIRECTS) {
        throw new SigilError(
          'REGISTRY_PROTOCOL',
          `registry ${repo.registry} redirected more than ${MAX_REDIRECTS} times`,
        );
      }
      url = new URL(location, url);
    }
  }

  #sendOnce(call: Call, url: URL, authorization: string | undefined): Promise<HttpResponse> {
    const headers: Record<string, string> = { ...call.headers };
    if (authorization !== undefined) headers.authorization = authorization;
    return this.#transmit({
      method: call.method,
      url,
      headers,
      ...(call.body === undefined ? {} : { body: call.body }),
      ...(call.maxBodyBytes === undefined ? {} : { maxBodyBytes: call.maxBodyBytes }),
    });
  }

  /** Every request leaves through here: scheme policy, then the transport with the remaining time. */
  async #transmit(request: Omit<HttpRequest, 'timeoutMs'>): Promise<HttpResponse> {
    this.#policy.assertAllowedUrl(request.url);
    const response = await this.#send({
      ...request,
      timeoutMs: Math.max(1, this.#deadline - this.#env.now()),
    });
    this.#logger?.debug(`${request.method} ${request.url.host}${request.url.pathname} → ${response.status}`);
    return response;
  }

  #uploadLocation(repo: RepositoryRef, response: HttpResponse, what: string): URL {
    const location = headerValue(response, 'location');
    if (location === undefined) {
      throw new SigilError(
        'REGISTRY_PROTOCOL',
        `registry ${repo.registry} started an upload without a Location to ${what}`,
      );
    }
    return new URL(location, this.#policy.baseUrl(repo.registry));
  }

  #checkRepository(repo: RepositoryRef): RepositoryRef {
    if (!REPOSITORY.test(repo.repository)) {
      throw new SigilError(
        'REFERENCE_INVALID',
        `repository "${repo.repository}" is not a valid repository name`,
      );
    }
    return repo;
  }

  #manifestPath(repo: RepositoryRef, reference: string): string {
    this.#checkRepository(repo);
    if (!isSha256Digest(reference) && !TAG.test(reference)) {
      throw badReference(repo, reference, 'expected a tag or sha256:<64 lowercase hex>');
    }
    return `/v2/${repo.repository}/manifests/${reference}`;
  }

  #blobPath(repo: RepositoryRef, digest: string): string {
    this.#checkRepository(repo);
    if (!isSha256Digest(digest))
      throw badReference(repo, digest, 'a blob is addressed by sha256:<64 lowercase hex>');
    return `/v2/${repo.repository}/blobs/${digest}`;
  }
}

const pushScopes = ['pull', 'push'] as const;

function scopeOf(repo: RepositoryRef, actions: string): string {
  return `repository:${repo.repository}:${actions}`;
}

/** `pull`/`push` actions on `repo` become one `repository:<repo>:<actions>` scope; full scopes pass through. */
function normaliseScopes(repo: RepositoryRef, scopes: readonly string[]): string[] {
  const actions = scopes.filter((s) => s === 'pull' || s === 'push');
  const others = scopes.filter((s) => s !== 'pull' && s !== 'push');
  return [...(actions.length > 0 ? [scopeOf(repo, actions.join(','))] : []), ...others];
}

function isRedirect(status: number): boolean {
  return status === 301 || status === 302 || status === 303 || status === 307 || status === 308;
}

function referenceSuffix(reference: string): string {
  return isSha256Digest(reference) ? `@${reference}` : `:${reference}`;
}

function badReference(repo: RepositoryRef, reference: string, reason: string): SigilError {
  return new SigilError(
    'REFERENCE_INVALID',
    `"${reference}" is not a valid reference in ${repo.repository}: ${reason}`,
  );
}

function mismatch(what: string, actual: string, expected: string): SigilError {
  return new SigilError(
    'CONTENT_DIGEST_MISMATCH',
    `${what} has digest ${actual} but the registry or the request says ${expected}`,
  );
}

function manifestMediaType(response: HttpResponse, repo: RepositoryRef, reference: string): string {
  const header = headerValue(response, 'content-type')?.split(';')[0]?.trim();
  if (header !== undefined && header !== '' && header !== 'application/json' && header !== 'text/plain')
    return header;
  try {
    const parsed = JSON.parse(Buffer.from(response.body).toString('utf8')) as { mediaType?: unknown };
    if (typeof parsed.mediaType === 'string') return parsed.mediaType;
  } catch {
    // fall through to the error below
  }
  throw new SigilError(
    'MANIFEST_INVALID',
    `manifest ${repo.repository}${referenceSuffix(reference)} on ${repo.registry} has no media type`,
  );
}

function parseTagList(response: HttpResponse, host: string, what: string): string[] {
  try {
    const parsed = JSON.parse(Buffer.from(response.body).toString('utf8')) as { tags?: unknown };
    if (parsed.tags === null || parsed.tags === undefined) return [];
    if (Array.isArray(parsed.tags) && parsed.tags.every((t) => typeof t === 'string')) return parsed.tags;
  } catch {
    // fall through
  }
  throw new SigilError('REGISTRY_PROTOCOL', `registry ${host} sent an unreadable tag list to ${what}`);
}

function nextLink(link: string | undefined): string | undefined {
  if (link === undefined) return undefined;
  const match = /<([^>]+)>\s*;\s*rel="?next"?/.exec(link);
  return match?.[1];
}
