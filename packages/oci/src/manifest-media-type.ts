import { SigilError } from '@sigil/core';
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
const NOT_A_MANIFEST_HINT =
  'Check that the registry address points at the registry itself, not at a web page, login portal or proxy error page in front of it.';

/**
 * The Content-Type of an answer to a manifest request, when it says the answer cannot be a manifest of
 * a type sigil asked for (an HTML page from a proxy or portal that answers 200): a MANIFEST_INVALID
 * error naming it. Generic types are left to the body's own `mediaType`.
 */
export function checkManifestContentType(response: HttpResponse, what: string): void {
  const header = servedType(response);
  if (GENERIC_TYPES.has(header) || IMAGE_TYPES.has(header) || INDEX_TYPES.has(header)) return;
  throw new SigilError(
    'MANIFEST_INVALID',
    `${what}: the registry answered with ${JSON.stringify(header.slice(0, 100))}, not a manifest`,
    { hint: NOT_A_MANIFEST_HINT },
  );
}

/**
 * The served Content-Type, or the manifest's own `mediaType` when the registry sent a generic one.
 * The header is not covered by the digest, so it must agree with the bytes (CVE-2021-41190): a declared
 * `mediaType` must be the served one, an image manifest must not list `manifests`, and an index must not
 * carry `config` or `layers`. Otherwise one digest could be read as an image here and as an index
 * elsewhere — and the platforms of an index served as an image would never be checked.
 */
export function manifestMediaType(response: HttpResponse, what: string): string {
  checkManifestContentType(response, what);
  const header = servedType(response);
  const document = jsonObject(response.body);
  if (document === undefined) {
    throw new SigilError('MANIFEST_INVALID', `${what}: the registry's answer is not a JSON manifest`, {
      hint: NOT_A_MANIFEST_HINT,
    });
  }
  const declared =
    typeof document?.mediaType === 'string' && document.mediaType !== '' ? document.mediaType : undefined;
  const mediaType = GENERIC_TYPES.has(header) ? declared : header;
  if (mediaType === undefined) {
    throw new SigilError(
      'MANIFEST_INVALID',
      `${what}: the registry sent no media type and the manifest has none`,
    );
  }
  if (!IMAGE_TYPES.has(mediaType) && !INDEX_TYPES.has(mediaType)) {
    throw new SigilError(
      'MANIFEST_INVALID',
      `${what}: the manifest's media type ${JSON.stringify(mediaType.slice(0, 100))} is none sigil reads (OCI or Docker image manifest or index)`,
      { hint: NOT_A_MANIFEST_HINT },
    );
  }
  if (declared !== undefined && declared !== mediaType) {
    const shown = JSON.stringify(declared.slice(0, 100));
    throw ambiguous(what, `it is served as ${mediaType} but declares mediaType ${shown}`);
  }
  if (IMAGE_TYPES.has(mediaType) && isPresent(document.manifests)) {
    throw ambiguous(what, `it is served as the image manifest ${mediaType} but lists "manifests"`);
  }
  if (INDEX_TYPES.has(mediaType) && (isPresent(document.config) || isPresent(document.layers))) {
    throw ambiguous(what, `it is served as the index ${mediaType} but carries "config" or "layers"`);
  }
  return mediaType;
}

function servedType(response: HttpResponse): string {
  return headerValue(response, 'content-type')?.split(';')[0]?.trim().toLowerCase() ?? '';
}

function jsonObject(body: Uint8Array): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(body).toString('utf8'));
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
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
