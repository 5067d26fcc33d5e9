import { SigilError, type Logger } from '@sigil/core';
import { Authenticator } from './authenticator.js';
import type { CredentialSource } from './credentials.js';
import { TransientFailure, isRetryableStatus, parseRetryAfter } from './retry.js';
import type { SchemePolicy } from './scheme-policy.js';
import {
  headerValue,
  type HttpMethod,
  type HttpRequest,
  type HttpResponse,
  type HttpSend,
} from './transport.js';
import type { RepositoryRef } from './types.js';

/** `pull` reads; `push` writes (and reads: Distribution asks for `pull,push`). */
export type RepositoryAccess = 'pull' | 'push';

export interface RegistryRequest {
  readonly method: HttpMethod;
  /** A path below the registry root, or an absolute URL (upload locations, pagination). */
  readonly target: string | URL;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: Uint8Array;
  readonly maxBodyBytes?: number;
  /** Follow 3xx (blob downloads are often redirected to storage). */
  readonly followRedirects?: boolean;
}

export interface RegistryHttpOptions {
  readonly send: HttpSend;
  readonly policy: SchemePolicy;
  readonly credentials?: CredentialSource;
  readonly now: () => number;
  /** Absolute time (per `now`) at which every request is cut. */
  readonly deadline: number;
  readonly logger?: Pick<Logger, 'debug'>;
}

const MAX_REDIRECTS = 5;

/**
 * One authenticated request to a registry: answers a 401 once through the Authenticator, turns
 * retryable statuses into TransientFailure, follows redirects without credentials when they leave
 * the registry. Every URL passes the scheme policy; the logger sees method, host, path and status only.
 */
export class RegistryHttp {
  readonly #send: HttpSend;
  readonly #policy: SchemePolicy;
  readonly #now: () => number;
  readonly #deadline: number;
  readonly #logger: Pick<Logger, 'debug'> | undefined;
  readonly #auth: Authenticator;
  readonly #bases = new Map<string, { readonly href: string; readonly origin: string }>();

  constructor(options: RegistryHttpOptions) {
    this.#send = options.send;
    this.#policy = options.policy;
    this.#now = options.now;
    this.#deadline = options.deadline;
    this.#logger = options.logger;
    this.#auth = new Authenticator({
      ...(options.credentials === undefined ? {} : { credentials: options.credentials }),
      send: (request) => this.#transmit(request),
      now: options.now,
    });
  }

  baseUrl(registry: string): URL {
    return this.#policy.baseUrl(registry);
  }

  /** `baseUrl` as text, for every request: a URL is not built twice per request for the same few registries. */
  #base(registry: string): { readonly href: string; readonly origin: string } {
    let base = this.#bases.get(registry);
    if (base === undefined) {
      const url = this.baseUrl(registry);
      base = { href: url.href, origin: url.origin };
      if (this.#bases.size < 256) this.#bases.set(registry, base);
    }
    return base;
  }

  /** `extraScopes` adds scopes beyond `repo` (e.g. pull on the source of a cross-repository mount). */
  async request(
    repo: RepositoryRef,
    access: RepositoryAccess,
    request: RegistryRequest,
    extraScopes: readonly string[] = [],
  ): Promise<HttpResponse> {
    const scopes = [repositoryScope(repo, access), ...extraScopes];
    const base = this.#base(repo.registry);
    let url = typeof request.target === 'string' ? new URL(request.target, base.href) : request.target;
    for (let hop = 0; ; hop++) {
      const sameOrigin = url.origin === base.origin;
      let authorization = sameOrigin ? this.#auth.cached(repo.registry, scopes) : undefined;
      let response = await this.#sendWith(request, url, authorization);
      if (response.status === 401 && sameOrigin) {
        authorization = await this.#auth.authorize(repo.registry, scopes, response);
        response = await this.#sendWith(request, url, authorization);
        if (response.status === 401) throw await this.#auth.rejected(repo.registry, scopes);
      }
      if (isRetryableStatus(response.status)) {
        throw new TransientFailure(`HTTP ${response.status}`, {
          reached: true,
          status: response.status,
          retryAfterMs: parseRetryAfter(headerValue(response, 'retry-after'), this.#now()),
        });
      }
      const location = headerValue(response, 'location');
      if (!request.followRedirects || !isRedirect(response.status) || location === undefined) return response;
      if (hop >= MAX_REDIRECTS) {
        throw new SigilError(
          'REGISTRY_PROTOCOL',
          `registry ${repo.registry} redirected more than ${MAX_REDIRECTS} times`,
        );
      }
      url = new URL(location, url);
    }
  }

  #sendWith(request: RegistryRequest, url: URL, authorization: string | undefined): Promise<HttpResponse> {
    const headers: Record<string, string> = { ...request.headers };
    if (authorization !== undefined) headers.authorization = authorization;
    return this.#transmit({
      method: request.method,
      url,
      headers,
      ...(request.body === undefined ? {} : { body: request.body }),
      ...(request.maxBodyBytes === undefined ? {} : { maxBodyBytes: request.maxBodyBytes }),
    });
  }

  /** Every request, token requests included, leaves through here. */
  async #transmit(request: Omit<HttpRequest, 'timeoutMs'>): Promise<HttpResponse> {
    this.#policy.assertAllowedUrl(request.url);
    const response = await this.#send({ ...request, timeoutMs: Math.max(1, this.#deadline - this.#now()) });
    this.#logger?.debug(`${request.method} ${request.url.host}${request.url.pathname} → ${response.status}`);
    return response;
  }
}

/** `repository:<name>:pull` or `repository:<name>:pull,push`. */
export function repositoryScope(repo: RepositoryRef, access: RepositoryAccess): string {
  return `repository:${repo.repository}:${access === 'push' ? 'pull,push' : 'pull'}`;
}

function isRedirect(status: number): boolean {
  return status === 301 || status === 302 || status === 303 || status === 307 || status === 308;
}
