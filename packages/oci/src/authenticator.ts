import { SigilError } from '@sigil/core';
import { parseChallenges, type Challenge } from './challenge.js';
import { credentialInput, type CredentialSource, type RegistryCredential } from './credentials.js';
import { TokenCache } from './token-cache.js';
import { basicAuthorization, fetchToken, loginNeeded, type TokenSend } from './token-client.js';
import type { HttpResponse } from './transport.js';

export interface AuthenticatorOptions {
  readonly credentials?: CredentialSource;
  /** Sends token requests (the registry client applies its scheme policy and deadline). */
  readonly send: TokenSend;
  readonly now: () => number;
}

type Scheme = { kind: 'basic'; header: string } | { kind: 'bearer'; challenge: Challenge };

/**
 * Answers a registry's 401 challenges: Basic with the registry's credentials, or a Bearer token per
 * scope set from the challenge's realm, cached until it expires. Never logs a credential or token.
 */
export class Authenticator {
  readonly #credentials: CredentialSource;
  readonly #send: TokenSend;
  readonly #now: () => number;
  readonly #schemes = new Map<string, Scheme>();
  readonly #tokens: TokenCache;
  readonly #pending = new Map<string, Promise<string>>();

  constructor(options: AuthenticatorOptions) {
    this.#credentials = options.credentials ?? (async () => undefined);
    this.#send = options.send;
    this.#now = options.now;
    this.#tokens = new TokenCache(options.now);
  }

  /** The Authorization header to send up front, once the registry's scheme is known. */
  cached(registry: string, scopes: readonly string[]): string | undefined {
    const scheme = this.#schemes.get(registry);
    if (scheme?.kind === 'basic') return scheme.header;
    if (scheme?.kind === 'bearer') {
      const token = this.#tokens.get(TokenCache.key(registry, scopes));
      return token === undefined ? undefined : `Bearer ${token}`;
    }
    return undefined;
  }

  /** After a 401: a fresh Authorization header for the challenge, or REGISTRY_AUTH. */
  async authorize(registry: string, scopes: readonly string[], response: HttpResponse): Promise<string> {
    const challenges = parseChallenges(response.headers['www-authenticate'] ?? []);
    const bearer = challenges.find((c) => c.scheme === 'bearer');
    const basic = challenges.find((c) => c.scheme === 'basic');
    const credential = await this.#credentials(registry);
    if (bearer !== undefined) {
      this.#schemes.set(registry, { kind: 'bearer', challenge: bearer });
      return `Bearer ${await this.#freshToken(registry, scopes, bearer, credential)}`;
    }
    if (basic !== undefined) {
      if (credential === undefined) throw loginNeeded(registry);
      if (credential.kind !== 'basic') {
        throw new SigilError(
          'REGISTRY_AUTH',
          `registry ${registry} asks for a user and password (Basic auth), but ${credential.source} holds a token for it`,
          {
            field: 'registry-user',
            hint: `Set registry-username and registry-password, or log in to ${registry} with a password.`,
          },
        );
      }
      const header = basicAuthorization(credential.username, credential.password);
      this.#schemes.set(registry, { kind: 'basic', header });
      return header;
    }
    throw new SigilError(
      'REGISTRY_PROTOCOL',
      `registry ${registry} answered 401 without a Basic or Bearer challenge (WWW-Authenticate)`,
    );
  }

  /** The error for a 401 that persisted after `authorize`. */
  async rejected(registry: string, scopes: readonly string[]): Promise<SigilError> {
    const credential = await this.#credentials(registry);
    const scheme = this.#schemes.get(registry);
    if (credential === undefined) return loginNeeded(registry);
    if (scheme?.kind === 'bearer' && credential.kind !== 'registry-token') {
      return new SigilError(
        'REGISTRY_DENIED',
        `registry ${registry} accepted the credentials from ${credential.source} but they do not grant ${scopes.join(' ')}`,
        {
          input: credentialInput(credential),
          hint: 'Grant this account access to the repository, or use other credentials.',
        },
      );
    }
    return new SigilError(
      'REGISTRY_AUTH',
      `registry ${registry} rejected the credentials from ${credential.source}`,
      {
        input: credentialInput(credential),
        hint: `Check registry-username and registry-password, or run docker login ${registry} (docker/login-action) again.`,
      },
    );
  }

  #freshToken(
    registry: string,
    scopes: readonly string[],
    challenge: Challenge,
    credential: RegistryCredential | undefined,
  ): Promise<string> {
    const key = TokenCache.key(registry, scopes);
    this.#tokens.delete(key);
    const pending = this.#pending.get(key);
    if (pending !== undefined) return pending;
    const fetching = this.#fetch(registry, scopes, challenge, credential).then((grant) => {
      this.#tokens.set(key, grant.token, grant.expiresInSeconds);
      return grant.token;
    });
    this.#pending.set(key, fetching);
    const forget = () => this.#pending.delete(key);
    fetching.then(forget, forget);
    return fetching;
  }

  async #fetch(
    registry: string,
    scopes: readonly string[],
    challenge: Challenge,
    credential: RegistryCredential | undefined,
  ): Promise<{ token: string; expiresInSeconds: number }> {
    if (credential?.kind === 'registry-token') return { token: credential.token, expiresInSeconds: 3600 };
    const realm = challenge.params.realm;
    if (realm === undefined || realm === '') {
      throw new SigilError(
        'REGISTRY_PROTOCOL',
        `registry ${registry} sent a Bearer challenge without a realm`,
      );
    }
    const challenged = (challenge.params.scope ?? '').split(' ').filter(Boolean);
    return fetchToken(
      this.#send,
      {
        registry,
        realm,
        service: challenge.params.service,
        scopes: [...new Set([...scopes, ...challenged])],
        credential,
      },
      this.#now,
    );
  }
}
