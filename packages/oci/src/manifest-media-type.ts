import { SigilError } from '@sigil/errors';
import { headerValue, type HttpResponse } from './transport.js';
import { MEDIA_TYPES } from './types.js';

/** The manifest types sigil reads: OCI and Docker images and indexes. */
export const MANIFEST_ACCEPT = [
  MEDIA_TYPES.ociManifest,
  MEDIA_TYPES.ociIndex,
  MEDIA_TYPES.dockerManifest,
  MEDIA_TYPES.dockerManifestList,
].join(', ');

const GENERIC_TYPES = new Set(['', 'application/json', 'text/plain', 'application/octet-stream']);

/** The served Content-Type, or the manifest's own `mediaType` when the registry sent a generic one. */
export function manifestMediaType(response: HttpResponse, what: string): string {
  const header = headerValue(response, 'content-type')?.split(';')[0]?.trim().toLowerCase() ?? '';
  if (!GENERIC_TYPES.has(header)) return header;
  try {
    const parsed = JSON.parse(Buffer.from(response.body).toString('utf8')) as { mediaType?: unknown };
    if (typeof parsed.mediaType === 'string' && parsed.mediaType !== '') return parsed.mediaType;
  } catch {
    // not JSON: no media type to find
  }
  throw new SigilError(
    'MANIFEST_INVALID',
    `${what}: the registry sent no media type and the manifest has none`,
  );
}
