/**
 * Credentials for one registry. `source` says where they came from (for messages, never the secret):
 * `registry-username/registry-password`, `docker config <path>`, `credential helper docker-credential-<name>`.
 */
export type RegistryCredential =
  | { readonly kind: 'basic'; readonly username: string; readonly password: string; readonly source: string }
  /** An OAuth2 refresh token (`identitytoken`), exchanged at the token realm. */
  | { readonly kind: 'identity-token'; readonly token: string; readonly source: string }
  /** A bearer token sent to the registry as is (`registrytoken`). */
  | { readonly kind: 'registry-token'; readonly token: string; readonly source: string };

/** Finds the credentials for a registry host (`host[:port]`); undefined means anonymous. */
export type CredentialSource = (registry: string) => Promise<RegistryCredential | undefined>;

/** The input a user edits to fix credentials from `source`. */
export function credentialInput(credential: RegistryCredential | undefined): string {
  return credential?.source === EXPLICIT_SOURCE ? 'registry-password' : 'registry-username';
}

export const EXPLICIT_SOURCE = 'registry-username/registry-password';
