import { SigilError } from '@sigil/core';
import type { HttpResponse } from './transport.js';

/** The first `{code, message}` of a Distribution error body, as `CODE: message`, if there is one. */
function distributionError(response: HttpResponse): string | undefined {
  if (response.body.byteLength === 0 || response.body.byteLength > 64 * 1024) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(response.body).toString('utf8')) as {
      errors?: { code?: unknown; message?: unknown }[];
    };
    const first = Array.isArray(parsed.errors) ? parsed.errors[0] : undefined;
    if (first === undefined) return undefined;
    const code = typeof first.code === 'string' ? first.code : 'UNKNOWN';
    return typeof first.message === 'string' ? `${code}: ${first.message}` : code;
  } catch {
    return undefined;
  }
}

/** The error for a response the operation did not expect. */
export function unexpectedResponse(response: HttpResponse, host: string, what: string): SigilError {
  const detail = distributionError(response);
  const suffix = detail === undefined ? '' : ` (${detail})`;
  const message = `registry ${host} answered HTTP ${response.status} to ${what}${suffix}`;
  if (response.status === 403) {
    return new SigilError('REGISTRY_DENIED', message, {
      hint: 'The credentials are valid but lack permission for this repository; grant access or use other credentials.',
    });
  }
  if (response.status === 400 && /^(MANIFEST_|TAG_INVALID|BLOB_UNKNOWN)/.test(detail ?? '')) {
    return new SigilError('MANIFEST_INVALID', message);
  }
  return new SigilError('REGISTRY_PROTOCOL', message);
}
