import { SigilError } from '@sigil/core';
import { isLoopbackHost } from '@sigil/oci';

/**
 * Tool downloads use HTTPS; plain HTTP only to a loopback host (a mirror on the runner itself), the
 * registry client's rule. Every URL requested — the first and each redirect — must pass.
 */
export function isAllowedDownloadUrl(url: URL): boolean {
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && isLoopbackHost(url.hostname);
}

/**
 * A download base such as `download-url`: an absolute `https://` URL (or `http://` to loopback) without
 * credentials, query or fragment; returned without trailing slashes, ready for `<base>/<version>/<asset>`.
 */
export function parseDownloadBase(text: string, input: string): string {
  const problem = (detail: string, hint: string) =>
    new SigilError('INPUT_INVALID', `input \`${input}\` ${detail}`, { input, hint });
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw problem(
      `is not an absolute URL: ${JSON.stringify(text)}`,
      `Set \`${input}\` to a URL such as https://mirror.example.com/cosign/releases/download.`,
    );
  }
  if (!isAllowedDownloadUrl(url)) {
    throw problem(
      `must use https (plain http only to a loopback host), got ${url.protocol}//${url.host}`,
      `Serve the mirror over https and set \`${input}\` to its https:// URL.`,
    );
  }
  if (url.username !== '' || url.password !== '') {
    throw problem(
      'must not carry credentials (they would be printed in logs and error messages)',
      `Remove the user and password from \`${input}\`; the mirror must allow anonymous downloads.`,
    );
  }
  if (url.search !== '' || url.hash !== '') {
    throw problem(
      'must not have a query or fragment (assets are fetched from `<download-url>/<version>/<asset>`)',
      `Set \`${input}\` to the folder that holds one subfolder per release version.`,
    );
  }
  return url.href.replace(/\/+$/, '');
}
