import { SigilError } from '@sigil/core';

/**
 * Why `url` cannot be a Sigstore service sigil sends a token or signatures to, or undefined: it must be https,
 * or http to a loopback address (a local test stack), with no credentials, query or fragment.
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

/**
 * Throws INPUT_INVALID naming the first input whose URL cannot be a Sigstore service (see `checkServiceUrl`);
 * inputs not given are skipped.
 *
 * @public Also read by the actions' inputs (`rekor-url`, `tsa-url`) through this subpath.
 */
export function checkServiceInputs(
  urls: readonly (readonly [input: string, url: string | undefined])[],
): void {
  for (const [input, url] of urls) {
    const problem = url === undefined ? undefined : checkServiceUrl(url);
    if (problem !== undefined)
      throw new SigilError('INPUT_INVALID', `input \`${input}\` ${JSON.stringify(url)} ${problem}`, {
        input,
        hint: 'Give the https:// base URL of the service (plain http only to a loopback address).',
      });
  }
}

/** How sigstore-js's clients retry and time out a request to Fulcio, Rekor or a TSA (`retries` 0 to 10). */
export function sigstoreFetchOptions(options: { readonly retries?: number; readonly timeoutMs?: number }): {
  readonly retry: {
    readonly retries: number;
    readonly factor: number;
    readonly minTimeout: number;
    readonly maxTimeout: number;
  };
  readonly timeout: number;
} {
  const retries = options.retries ?? 3;
  if (!Number.isSafeInteger(retries) || retries < 0 || retries > 10) {
    throw new SigilError('INPUT_INVALID', 'retries must be an integer from 0 to 10');
  }
  return {
    retry: { retries, factor: 2, minTimeout: 250, maxTimeout: 2_000 },
    timeout: options.timeoutMs ?? 30_000,
  };
}
