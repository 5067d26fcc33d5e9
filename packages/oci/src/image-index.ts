import { SigilError, isRecord } from '@sigil/core';
import { MEDIA_TYPES, type ManifestResponse, type Platform } from '@sigil/oci';

/** A manifest listed by an image index (OCI index or Docker manifest list). */
export interface IndexChild {
  readonly digest: string;
  readonly mediaType: string;
  readonly platform: Platform | undefined;
}

const INDEX_MEDIA_TYPES: ReadonlySet<string> = new Set([
  MEDIA_TYPES.ociIndex,
  MEDIA_TYPES.dockerManifestList,
]);
const DIGEST_PATTERN = /^sha256:[0-9a-f]{64}$/;

export function isIndexMediaType(mediaType: string): boolean {
  return INDEX_MEDIA_TYPES.has(mediaType);
}

/** `linux/arm64/v8`, `unknown/unknown`, or `unspecified platform` when the index gives none. */
export function formatPlatform(platform: Platform | undefined): string {
  if (platform === undefined) return 'unspecified platform';
  const parts = [platform.os, platform.architecture];
  if (platform.variant !== undefined && platform.variant !== '') parts.push(platform.variant);
  return parts.join('/');
}

/**
 * The children of an image index, in index order; undefined when `manifest` is not an index. A
 * malformed index is an error: what it lists decides what gets signed or must verify.
 */
export function indexChildren(manifest: ManifestResponse, where: string): IndexChild[] | undefined {
  if (!isIndexMediaType(manifest.mediaType)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(manifest.bytes));
  } catch (cause) {
    throw invalid(where, 'is not valid UTF-8 JSON', cause);
  }
  if (!isRecord(parsed) || !Array.isArray(parsed['manifests']))
    throw invalid(where, 'has no "manifests" array');
  return parsed['manifests'].map((entry: unknown, position) => {
    if (!isRecord(entry)) throw invalid(where, `entry ${position} is not an object`);
    const { digest, mediaType, platform } = entry;
    if (typeof digest !== 'string' || !DIGEST_PATTERN.test(digest)) {
      throw invalid(where, `entry ${position} has digest ${JSON.stringify(digest)}, not sha256:<64 hex>`);
    }
    if (typeof mediaType !== 'string' || mediaType === '')
      throw invalid(where, `entry ${position} has no mediaType`);
    return { digest, mediaType, platform: parsePlatform(platform) };
  });
}

function parsePlatform(value: unknown): Platform | undefined {
  if (!isRecord(value)) return undefined;
  const { architecture, os, variant } = value;
  if (typeof architecture !== 'string' || typeof os !== 'string') return undefined;
  return { architecture, os, ...(typeof variant === 'string' ? { variant } : {}) };
}

function invalid(where: string, problem: string, cause?: unknown): SigilError {
  return new SigilError('MANIFEST_INVALID', `The image index ${where} ${problem}.`, { cause });
}
