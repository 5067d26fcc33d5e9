/** Tokens the spec lets omit `expires_in` live 60 s. */
export const DEFAULT_TOKEN_LIFETIME_SECONDS = 60;
/** Renew this long before expiry so a token never expires on the wire. */
const EXPIRY_MARGIN_MS = 10_000;

/** Bearer tokens per registry and scope set, kept until shortly before they expire. */
export class TokenCache {
  readonly #now: () => number;
  readonly #tokens = new Map<string, { token: string; expiresAt: number }>();

  constructor(now: () => number) {
    this.#now = now;
  }

  static key(registry: string, scopes: readonly string[]): string {
    return `${registry} ${[...scopes].sort().join(' ')}`;
  }

  get(key: string): string | undefined {
    const entry = this.#tokens.get(key);
    if (entry === undefined) return undefined;
    if (this.#now() >= entry.expiresAt) {
      this.#tokens.delete(key);
      return undefined;
    }
    return entry.token;
  }

  set(key: string, token: string, expiresInSeconds: number = DEFAULT_TOKEN_LIFETIME_SECONDS): void {
    const lifetimeMs = expiresInSeconds * 1000;
    const margin = Math.min(EXPIRY_MARGIN_MS, lifetimeMs / 2);
    this.#tokens.set(key, { token, expiresAt: this.#now() + lifetimeMs - margin });
  }

  delete(key: string): void {
    this.#tokens.delete(key);
  }
}
