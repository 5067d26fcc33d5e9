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
const IMAGE_TYPES: ReadonlySet<string> = new Set([MEDIA_TYPES.ociManifest, MEDIA_TYPES.dockerManifest]);
const INDEX_TYPES: ReadonlySet<string> = new Set([MEDIA_TYPES.ociIndex, MEDIA_TYPES.dockerManifestList]);

/**
 * The served Content-Type, or the manifest's own `mediaType` when the registry sent a generic one.
 * The header is not covered by the digest, so it must agree with the bytes (CVE-2021-41190): a declared
 * `mediaType` must be the served one, an image manifest must not list `manifests`, and an index must not
 * carry `config` or `layers`. Otherwise one digest could be read as an image here and as an index
 * elsewhere — and the platforms of an index served as an image would never be checked.
 */
export function manifestMediaType(response: HttpResponse, what: string): string {
  const header = headerValue(response, 'content-type')?.split(';')[0]?.trim().toLowerCase() ?? '';
  const document = jsonObject(response.body);
  const declared =
    typeof document?.mediaType === 'string' && document.mediaType !== '' ? document.mediaType : undefined;
  const mediaType = GENERIC_TYPES.has(header) ? declared : header;
  if (mediaType === undefined) {
    throw new SigilError(
      'MANIFEST_INVALID',
      `${what}: the registry sent no media type and the manifest has none`,
    );
  }
  if (declared !== undefined && declared !== mediaType) {
    const shown = JSON.stringify(declared.slice(0, 100));
    throw ambiguous(what, `it is served as ${mediaType} but declares mediaType ${shown}`);
  }
  if (document !== undefined && IMAGE_TYPES.has(mediaType) && isPresent(document.manifests)) {
    throw ambiguous(what, `it is served as the image manifest ${mediaType} but lists "manifests"`);
  }
  if (
    document !== undefined &&
    INDEX_TYPES.has(mediaType) &&
    (isPresent(document.config) || isPresent(document.layers))
  ) {
    throw ambiguous(what, `it is served as the index ${mediaType} but carries "config" or "layers"`);
  }
  return mediaType;
}

function jsonObject(body: Uint8Array): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(body).toString('utf8'));
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined; // not JSON: nothing to compare; readers of the manifest refuse it
  }
}

/** Go's decoders, which the other clients use, treat `null` as absent. */
function isPresent(value: unknown): boolean {
  return value !== undefined && value !== null;
}

function ambiguous(what: string, problem: string): SigilError {
  return new SigilError('MANIFEST_INVALID', `${what}: the manifest is ambiguous: ${problem}`, {
    hint: 'The registry serves content that contradicts its media type; it is misconfigured or the content was tampered with. Push the image again with a current client.',
  });
}
