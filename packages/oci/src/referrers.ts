import { SigilError, parseStrictJsonBytesToPlain, isRecord } from '@sigil/core';
import { isSha256Digest } from './digest.js';
import { MEDIA_TYPES, type Descriptor } from './types.js';

/**
 * Where a referrers list came from: the OCI 1.1 referrers API (`GET /v2/<name>/referrers/<digest>`), or the
 * referrers tag schema's fallback index (the tag `sha256-<hex>`) on registries without the API.
 */
export type ReferrersSource = 'referrers-api' | 'referrers-tag';

/** The manifests that name a digest as their `subject`, as the registry (or the fallback index) lists them. */
export interface Referrers {
  readonly source: ReferrersSource;
  /** In listing order, filtered by `artifactTypes` when given (see `listReferrers`). */
  readonly descriptors: readonly Descriptor[];
}

export interface ReferrersOptions {
  /**
   * Keep only descriptors whose `artifactType` is one of these, and those whose listing cannot tell (no
   * `artifactType`, or the empty config's media type, which registries that list `config.mediaType`
   * report): a reader must check the manifest of those itself.
   */
  readonly artifactTypes?: readonly string[];
}

/** A referrer manifest to push (see `Registry.pushReferrer`). */
export interface ReferrerPush {
  /** The OCI image manifest bytes, naming `subject` as its subject. */
  readonly manifest: Uint8Array;
  readonly subject: string;
  /** Copied into the fallback index entry, as the referrers API lists it. */
  readonly artifactType: string;
  readonly annotations?: Readonly<Record<string, string>>;
}

/** The pushed referrer's manifest digest, and where readers find it listed. */
export interface PushedReferrer {
  readonly digest: string;
  readonly source: ReferrersSource;
}

/** More entries than this in one listing (all pages) is refused: no image has that many signatures. */
export const MAX_REFERRERS = 4096;
/** Pages of the referrers API followed through `Link` before the listing is refused. */
export const MAX_REFERRER_PAGES = 64;

/** The fallback tag of the referrers tag schema for `digest`: `sha256-<hex>` (no suffix). */
export function referrersTag(digest: string): string {
  if (!isSha256Digest(digest))
    throw new SigilError('REFERENCE_INVALID', `"${digest}" is not a sha256 digest`);
  return `sha256-${digest.slice('sha256:'.length)}`;
}

/**
 * The descriptors of an OCI image index (a referrers API page or the fallback index). Anything else is
 * `MANIFEST_INVALID`: the listing decides which evidence is looked at.
 */
export function parseReferrersIndex(bytes: Uint8Array, where: string): Descriptor[] {
  const parsed = parseStrictJsonBytesToPlain(bytes, 16);
  if (!parsed.ok) throw invalid(where, `is not JSON (${parsed.message})`);
  const index = parsed.value;
  if (!isRecord(index)) throw invalid(where, 'is not a JSON object');
  if (index['schemaVersion'] !== 2) throw invalid(where, 'does not have schemaVersion 2');
  if (index['mediaType'] !== undefined && index['mediaType'] !== MEDIA_TYPES.ociIndex)
    throw invalid(where, `has mediaType ${JSON.stringify(index['mediaType'])}, not an OCI image index`);
  const manifests = index['manifests'];
  if (!Array.isArray(manifests)) throw invalid(where, 'has no "manifests" array');
  return manifests.map((entry: unknown, position) => descriptorOf(entry, position, where));
}

function descriptorOf(entry: unknown, position: number, where: string): Descriptor {
  if (!isRecord(entry)) throw invalid(where, `entry ${position} is not an object`);
  const { mediaType, digest, size, artifactType, annotations } = entry;
  if (typeof digest !== 'string' || !isSha256Digest(digest))
    throw invalid(where, `entry ${position} has digest ${JSON.stringify(digest)}, not sha256:<64 hex>`);
  if (typeof mediaType !== 'string' || mediaType === '')
    throw invalid(where, `entry ${position} has no mediaType`);
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0)
    throw invalid(where, `entry ${position} has no valid size`);
  if (artifactType !== undefined && typeof artifactType !== 'string')
    throw invalid(where, `entry ${position} has an artifactType that is not a string`);
  const labels = stringRecord(annotations);
  return {
    mediaType,
    digest,
    size,
    ...(artifactType === undefined || artifactType === '' ? {} : { artifactType }),
    ...(labels === undefined ? {} : { annotations: labels }),
  };
}

/** Client-side `?artifactType=` filtering (registries may ignore the parameter; ggcr's does). */
export function filterReferrers(
  descriptors: readonly Descriptor[],
  artifactTypes: readonly string[] | undefined,
): Descriptor[] {
  if (artifactTypes === undefined) return [...descriptors];
  return descriptors.filter(
    ({ artifactType }) =>
      artifactType === undefined ||
      artifactType === MEDIA_TYPES.ociEmpty ||
      artifactTypes.includes(artifactType),
  );
}

function stringRecord(value: unknown): Record<string, string> | undefined {
  if (!isRecord(value)) return undefined;
  const entries = Object.entries(value).filter(
    (entry): entry is [string, string] => typeof entry[1] === 'string',
  );
  return Object.fromEntries(entries);
}

function invalid(where: string, problem: string): SigilError {
  return new SigilError('MANIFEST_INVALID', `The referrers index ${where} ${problem}.`);
}
