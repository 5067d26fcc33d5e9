import { SigilError } from '@sigil/core';
import { redactSecrets } from './secret-redaction.js';

export interface RunnerIdTokenRequest {
  /** The job's `ACTIONS_ID_TOKEN_REQUEST_URL` (undefined or empty when the job may not ask for a token). */
  readonly requestUrl: string | undefined;
  /** The job's `ACTIONS_ID_TOKEN_REQUEST_TOKEN`. */
  readonly requestToken: string | undefined;
  /** The `aud` the token is minted for (`sigstore` for public Fulcio). */
  readonly audience: string;
  readonly fetchFn?: typeof fetch;
  /** Retries on a 5xx, 408, 429 or a network failure (default 3). */
  readonly retries?: number;
  /** Per attempt (default 15 s). */
  readonly timeoutMs?: number;
}

const PERMISSION_HINT =
  'Give the job `permissions: id-token: write` (workflows triggered by pull requests from forks get no ' +
  'token, whatever the permissions say).';

/**
 * Asks the runner for the job's OIDC identity token, as `@actions/core`'s `getIDToken` does: `GET` the request
 * URL with `&audience=<audience>` appended, the request token as Bearer, and read `value` of the JSON answer.
 * Neither the request token nor the identity token is ever part of an error message.
 *
 * @public For the keyless signing actions (issue 11), which do not use it yet.
 */
export async function fetchRunnerIdToken(request: RunnerIdTokenRequest): Promise<string> {
  const { requestUrl, requestToken, audience } = request;
  if (!requestUrl || !requestToken) {
    const missing = [
      ...(requestUrl ? [] : ['ACTIONS_ID_TOKEN_REQUEST_URL']),
      ...(requestToken ? [] : ['ACTIONS_ID_TOKEN_REQUEST_TOKEN']),
    ];
    throw new SigilError(
      'ID_TOKEN_PERMISSION',
      `the runner offers this job no OIDC identity token (${missing.join(' and ')} not set): keyless signing needs the id-token: write permission`,
      { hint: PERMISSION_HINT },
    );
  }
  if (audience === '') throw new SigilError('INPUT_INVALID', 'the identity token audience is empty');
  let url: URL;
  try {
    url = new URL(`${requestUrl}&audience=${encodeURIComponent(audience)}`);
  } catch {
    throw new SigilError('ID_TOKEN_REQUEST_FAILED', 'ACTIONS_ID_TOKEN_REQUEST_URL is not a URL');
  }
  const where = `${url.origin}${url.pathname}`;
  const secrets = [requestToken];
  const fetchFn = request.fetchFn ?? fetch;
  const retries = request.retries ?? 3;
  const timeoutMs = request.timeoutMs ?? 15_000;
  let lastProblem = '';
  for (let attempt = 0; attempt <= retries; attempt++) {
    if (attempt > 0) await delay(Math.min(250 * 2 ** (attempt - 1), 2_000));
    let response: Response;
    try {
      response = await fetchFn(url, {
        headers: { Authorization: `Bearer ${requestToken}`, Accept: 'application/json' },
        signal: AbortSignal.timeout(timeoutMs),
        redirect: 'error',
      });
    } catch (error) {
      lastProblem = redactSecrets(describeNetworkError(error), secrets);
      continue;
    }
    if (response.status >= 500 || response.status === 408 || response.status === 429) {
      await response.body?.cancel();
      lastProblem = `HTTP ${response.status}`;
      continue;
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new SigilError(
        'ID_TOKEN_REQUEST_FAILED',
        `the runner's token endpoint ${where} refused the request: HTTP ${response.status}`,
        {
          hint:
            response.status === 401 || response.status === 403
              ? 'ACTIONS_ID_TOKEN_REQUEST_TOKEN is not this job’s (it is only valid in the job it was issued to).'
              : PERMISSION_HINT,
        },
      );
    }
    return readTokenAnswer(await response.text(), where, secrets);
  }
  throw new SigilError(
    'ID_TOKEN_REQUEST_FAILED',
    `the runner's token endpoint ${where} failed ${retries + 1} times (last: ${lastProblem})`,
    { hint: 'Re-run the job; the runner’s token service was unavailable.' },
  );
}

function readTokenAnswer(text: string, where: string, secrets: readonly string[]): string {
  let value: unknown;
  try {
    value = (JSON.parse(text) as { value?: unknown } | null)?.value;
  } catch {
    throw new SigilError(
      'ID_TOKEN_REQUEST_FAILED',
      `the runner's token endpoint ${where} did not answer JSON`,
    );
  }
  if (typeof value !== 'string' || !/^[\w-]+\.[\w-]+\.[\w-]+$/.test(value)) {
    throw new SigilError(
      'ID_TOKEN_REQUEST_FAILED',
      `the runner's token endpoint ${where} answered ${value === undefined ? 'without a `value`' : 'a `value` that is not a JWT'}`,
    );
  }
  // The request token never comes back in a real answer; never hand it on if it did.
  if (secrets.some((secret) => value.includes(secret))) {
    throw new SigilError(
      'ID_TOKEN_REQUEST_FAILED',
      `the runner's token endpoint ${where} answered a bad token`,
    );
  }
  return value;
}

function describeNetworkError(error: unknown): string {
  if (error instanceof Error) {
    if (error.name === 'TimeoutError' || error.name === 'AbortError') return 'timed out';
    const cause = (error as { cause?: unknown }).cause;
    const code = (cause as { code?: unknown } | undefined)?.code;
    return typeof code === 'string' ? `${error.message} (${code})` : error.message;
  }
  return String(error);
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
