import { SigilError } from '@sigil/core';

/**
 * Plain HTTP is used only for loopback registries (`localhost`, `127.0.0.0/8`, `[::1]`) and hosts the
 * user listed in `insecure-registries`; everything else is HTTPS. Every URL the client requests —
 * registry endpoints, upload locations, redirects and token realms — passes `assertAllowedUrl`.
 */
export class SchemePolicy {
  readonly #insecure: ReadonlySet<string>;
  /** The answers of `allowsPlainHttp`, asked for every request: a client talks to a handful of hosts. */
  readonly #plainHttp = new Map<string, boolean>();

  constructor(insecureRegistries: readonly string[] = []) {
    this.#insecure = new Set(insecureRegistries.map((entry) => entry.trim().toLowerCase()).filter(Boolean));
  }

  /** `http` or `https` for a registry host (`host[:port]`). */
  schemeFor(registry: string): 'http' | 'https' {
    return this.allowsPlainHttp(registry) ? 'http' : 'https';
  }

  /** `<scheme>://<registry>` */
  baseUrl(registry: string): URL {
    return new URL(`${this.schemeFor(registry)}://${registry}`);
  }

  allowsPlainHttp(registry: string): boolean {
    const known = this.#plainHttp.get(registry);
    if (known !== undefined) return known;
    const lower = registry.toLowerCase();
    const allowed =
      isLoopbackHost(hostOf(lower)) || this.#insecure.has(lower) || this.#insecure.has(hostOf(lower));
    // Bounded: redirects and token realms can name hosts without end.
    if (this.#plainHttp.size < MAX_REMEMBERED_HOSTS) this.#plainHttp.set(registry, allowed);
    return allowed;
  }

  /** Throws REGISTRY_INSECURE for a plain-HTTP URL to a host that may not use it. */
  assertAllowedUrl(url: URL): void {
    if (url.protocol === 'https:') return;
    if (url.protocol === 'http:' && this.allowsPlainHttp(url.host)) return;
    throw new SigilError(
      'REGISTRY_INSECURE',
      `refusing to send a request to ${url.protocol}//${url.host}: plain HTTP is allowed only for loopback hosts and insecure-registries`,
      {
        field: 'plain-http-registries',
        hint: `If ${url.host} really serves plain HTTP on a trusted network, list it in insecure-registries.`,
      },
    );
  }
}

const MAX_REMEMBERED_HOSTS = 256;

/** `host` without its port (and without the brackets of an IPv6 literal). */
function hostOf(registry: string): string {
  if (registry.startsWith('[')) {
    const close = registry.indexOf(']');
    return close < 0 ? registry : registry.slice(0, close + 1);
  }
  const colon = registry.indexOf(':');
  return colon < 0 ? registry : registry.slice(0, colon);
}

export function isLoopbackHost(host: string): boolean {
  const lower = host.toLowerCase();
  if (lower === 'localhost' || lower === '[::1]' || lower === '::1') return true;
  const octets = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(lower);
  return octets !== null && octets.slice(1).every((octet) => Number(octet) <= 255);
}
