import { SigilError } from '@sigil/core';
import { credentialInput, type RegistryCredential } from './credentials.js';
import { TransientFailure, isRetryableStatus, parseRetryAfter } from './retry.js';
import { DEFAULT_TOKEN_LIFETIME_SECONDS } from './token-cache.js';
import type { HttpRequest, HttpResponse } from './transport.js';
import { headerValue } from './transport.js';

export interface TokenRequest {
  readonly registry: string;
  readonly realm: string;
  readonly service: string | undefined;
  readonly scopes: readonly string[];
  readonly credential: RegistryCredential | undefined;
}

export interface TokenGrant {
  readonly token: string;
  readonly expiresInSeconds: number;
}

/** Sends one request (scheme policy and deadline applied by the caller). */
export type TokenSend = (request: Omit<HttpRequest, 'timeoutMs'>) => Promise<HttpResponse>;

const CLIENT_ID = 'sigil';
const MAX_TOKEN_RESPONSE_BYTES = 1024 * 1024;

/**
 * Gets a bearer token from the challenge's realm (distribution token spec): an identity token is
 * exchanged with an OAuth2 `refresh_token` POST; user and password go as Basic auth on a GET;
 * without credentials the GET is anonymous.
 */
export async function fetchToken(
  send: TokenSend,
  request: TokenRequest,
  now: () => number,
): Promise<TokenGrant> {
  let realm: URL;
  try {
    realm = new URL(request.realm);
  } catch (error) {
    throw new SigilError('REGISTRY_PROTOCOL', `registry ${request.registry} sent an invalid token realm`, {
      cause: error,
    });
  }
  const response =
    request.credential?.kind === 'identity-token'
      ? await send(refreshTokenPost(realm, request, request.credential.token))
      : await send(tokenGet(realm, request));
  if (response.status === 200) return parseGrant(response, request.registry);
  if (response.status === 401 || response.status === 403) throw tokenRefused(request);
  if (isRetryableStatus(response.status)) {
    throw new TransientFailure(`token service answered HTTP ${response.status}`, {
      reached: true,
      status: response.status,
      retryAfterMs: parseRetryAfter(headerValue(response, 'retry-after'), now()),
    });
  }
  throw new SigilError(
    'REGISTRY_PROTOCOL',
    `the token service of registry ${request.registry} (${realm.host}) answered HTTP ${response.status}`,
  );
}

function tokenGet(realm: URL, request: TokenRequest): Omit<HttpRequest, 'timeoutMs'> {
  const url = new URL(realm);
  if (request.service !== undefined) url.searchParams.set('service', request.service);
  for (const scope of request.scopes) url.searchParams.append('scope', scope);
  const headers: Record<string, string> = { accept: 'application/json' };
  const credential = request.credential;
  if (credential?.kind === 'basic') {
    url.searchParams.set('account', credential.username);
    headers.authorization = basicAuthorization(credential.username, credential.password);
  }
  url.searchParams.set('client_id', CLIENT_ID);
  return { method: 'GET', url, headers, maxBodyBytes: MAX_TOKEN_RESPONSE_BYTES };
}

function refreshTokenPost(
  realm: URL,
  request: TokenRequest,
  refreshToken: string,
): Omit<HttpRequest, 'timeoutMs'> {
  const form = new URLSearchParams({
    grant_type: 'refresh_token',
    refresh_token: refreshToken,
    client_id: CLIENT_ID,
  });
  if (request.service !== undefined) form.set('service', request.service);
  if (request.scopes.length > 0) form.set('scope', request.scopes.join(' '));
  return {
    method: 'POST',
    url: realm,
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: Buffer.from(form.toString()),
    maxBodyBytes: MAX_TOKEN_RESPONSE_BYTES,
  };
}

export function basicAuthorization(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}

function parseGrant(response: HttpResponse, registry: string): TokenGrant {
  let parsed: { token?: unknown; access_token?: unknown; expires_in?: unknown } | undefined;
  try {
    parsed = JSON.parse(Buffer.from(response.body).toString('utf8')) as typeof parsed;
  } catch {
    parsed = undefined;
  }
  const token =
    typeof parsed?.access_token === 'string' && parsed.access_token ? parsed.access_token : parsed?.token;
  if (typeof token !== 'string' || token === '') {
    throw new SigilError(
      'REGISTRY_PROTOCOL',
      `the token service of registry ${registry} answered without a token`,
    );
  }
  const expires = parsed?.expires_in;
  const expiresInSeconds =
    typeof expires === 'number' && Number.isFinite(expires) && expires > 0
      ? expires
      : DEFAULT_TOKEN_LIFETIME_SECONDS;
  return { token, expiresInSeconds };
}

function tokenRefused(request: TokenRequest): SigilError {
  const { credential, registry } = request;
  if (credential === undefined) return loginNeeded(registry);
  return new SigilError(
    'REGISTRY_AUTH',
    `registry ${registry} rejected the credentials from ${credential.source}`,
    {
      input: credentialInput(credential),
      hint: `Check registry-username and registry-password, or run docker login ${registry} (docker/login-action) again.`,
    },
  );
}

export function loginNeeded(registry: string): SigilError {
  return new SigilError(
    'REGISTRY_AUTH',
    `registry ${registry} requires authentication and no credentials were found for it`,
    {
      field: 'registry-user',
      hint: `Set registry-username and registry-password, or run docker login ${registry} (docker/login-action) before this step.`,
    },
  );
}
