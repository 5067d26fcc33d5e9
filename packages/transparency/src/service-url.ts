/**
 * Why `url` cannot be a Sigstore service sigil sends a token or signatures to, or undefined: it must be https,
 * or http to a loopback address (a local test stack), with no credentials, query or fragment.
 *
 * @public Also read by the actions' inputs (`rekor-url`, `tsa-url`) through this subpath.
 */
export function checkServiceUrl(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'is not a URL';
  }
  if (parsed.username !== '' || parsed.password !== '') return 'carries credentials';
  if (parsed.search !== '' || parsed.hash !== '') return 'has a query or fragment';
  if (parsed.protocol === 'https:') return undefined;
  if (parsed.protocol === 'http:' && LOOPBACK.has(parsed.hostname)) return undefined;
  return 'is not https (plain http only to a loopback address)';
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);
