import { SigilError } from '@sigil/core';
import { redactSecrets } from './secret-redaction.js';

export type SigstoreService = 'Fulcio' | 'Rekor' | 'TSA';

const RETRIED = (status: number) => status >= 500 || status === 408 || status === 429;

/**
 * A sigstore-js failure (its `InternalError`, whose cause is an `HTTPError` with `statusCode` or a network
 * error) as a `SigilError` naming the service and URL. sigstore-js's own messages are not passed on (its
 * FulcioSigner quotes the token); the server's message is, with every secret redacted, and no cause is kept.
 */
export function sigstoreFailure(
  service: SigstoreService,
  url: string,
  error: unknown,
  secrets: readonly string[],
): SigilError {
  const cause = (error as { cause?: unknown } | null)?.cause ?? error;
  const status = (cause as { statusCode?: unknown } | null)?.statusCode;
  const detail = redactSecrets(serverMessage(cause), secrets).slice(0, 300);
  if (typeof status === 'number') {
    if (service === 'Fulcio' && (status === 401 || status === 403)) {
      return new SigilError(
        'ID_TOKEN_REFUSED',
        `Fulcio at ${url} refused the identity token (HTTP ${status}${detail === '' ? '' : `: ${detail}`})`,
        {
          hint:
            'The token must be fresh and minted for the audience Fulcio expects: `oidc-audience` must be ' +
            '`sigstore` for public Fulcio (fulcio.sigstore.dev).',
        },
      );
    }
    if (RETRIED(status)) {
      return new SigilError(
        'SIGSTORE_UNREACHABLE',
        `${service} at ${url} kept failing (HTTP ${status}${detail === '' ? '' : `: ${detail}`}), retries exhausted`,
        { hint: `Re-run the job when ${service} is available.` },
      );
    }
    return new SigilError(
      'SIGSTORE_REFUSED',
      `${service} at ${url} refused the request (HTTP ${status}${detail === '' ? '' : `: ${detail}`})`,
    );
  }
  return new SigilError(
    'SIGSTORE_UNREACHABLE',
    `${service} at ${url} could not be reached, retries exhausted${detail === '' ? '' : ` (${detail})`}`,
    { hint: `Check that ${url} is right and reachable from the runner, or re-run the job.` },
  );
}

/** HTTPError's message is `(<status>) <server message>`; a network error's, what failed. */
function serverMessage(cause: unknown): string {
  if (!(cause instanceof Error)) return '';
  const code = (cause as { code?: unknown }).code;
  const message = cause.message.replace(/^\(\d+\)\s*/, '');
  return typeof code === 'string' && !message.includes(code) ? `${code}: ${message}` : message;
}
