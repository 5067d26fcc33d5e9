import { isManifestDigest } from '@sigil/oci';
import { SIMPLE_SIGNING_TYPE } from './payload.js';
import { parseStrictJsonBytes, quoteForMessage, type JsonObject, type JsonValue } from '@sigil/core';

/** A simple-signing payload that passed the strict parser. Only trust it once its signature verified. */
export interface SimpleSigningPayload {
  /** `critical.identity.docker-reference`, e.g. `registry.example/team/app` (cosign) or with a tag (skopeo). */
  readonly dockerReference: string;
  /** `critical.image.docker-manifest-digest`. */
  readonly dockerManifestDigest: string;
  /** `optional` as signed: `null`, or an object whose values may be of any JSON type. */
  readonly optional: JsonObject | null;
  /** The string-valued entries of `optional` (cosign `-a key=value` annotations, skopeo's `creator`). */
  readonly annotations: Readonly<Record<string, string>>;
  readonly creator?: string;
  /** `optional.timestamp`, Unix seconds (skopeo/podman write it). */
  readonly timestamp?: number;
}

export type PayloadParseResult =
  | { readonly ok: true; readonly payload: SimpleSigningPayload }
  | { readonly ok: false; readonly message: string };

class PayloadFormatError extends Error {}

/**
 * Parses a payload as strictly as containers/image (podman, skopeo) does, so that whatever sigil accepts
 * they accept too: exactly the keys `critical` and `optional`; `critical` exactly `identity`, `image`,
 * `type`; no duplicate key anywhere; `type` the cosign signature type; a valid digest; `optional` null or
 * an object whose `creator`, if present, is a string and `timestamp` an integer. cosign itself is laxer.
 */
export function parseSimpleSigningPayload(bytes: Uint8Array): PayloadParseResult {
  const parsed = parseStrictJsonBytes(bytes);
  if (!parsed.ok) return { ok: false, message: `payload is not valid JSON: ${parsed.message}` };
  try {
    return { ok: true, payload: readPayload(parsed.value) };
  } catch (error) {
    if (error instanceof PayloadFormatError) return { ok: false, message: error.message };
    throw error;
  }
}

function readPayload(document: JsonValue): SimpleSigningPayload {
  const top = exactObject(document, 'payload', ['critical', 'optional']);
  const critical = exactObject(top.get('critical'), 'critical', ['identity', 'image', 'type']);
  const type = critical.get('type');
  if (type !== SIMPLE_SIGNING_TYPE) {
    fail(`critical.type is ${describe(type)}, expected ${quoteForMessage(SIMPLE_SIGNING_TYPE)}`);
  }
  const identity = exactObject(critical.get('identity'), 'critical.identity', ['docker-reference']);
  const dockerReference = identity.get('docker-reference');
  if (typeof dockerReference !== 'string' || dockerReference === '') {
    fail('critical.identity.docker-reference is not a non-empty string');
  }
  const image = exactObject(critical.get('image'), 'critical.image', ['docker-manifest-digest']);
  const dockerManifestDigest = image.get('docker-manifest-digest');
  if (typeof dockerManifestDigest !== 'string' || !isManifestDigest(dockerManifestDigest)) {
    fail(`critical.image.docker-manifest-digest is not a valid digest: ${describe(dockerManifestDigest)}`);
  }
  return { dockerReference, dockerManifestDigest, ...readOptional(top.get('optional')) };
}

function readOptional(
  value: JsonValue | undefined,
): Pick<SimpleSigningPayload, 'optional' | 'annotations' | 'creator' | 'timestamp'> {
  if (value === null) return { optional: null, annotations: {} };
  if (!(value instanceof Map)) fail(`optional is ${describe(value)}, expected null or an object`);
  const creator = value.get('creator');
  if (creator !== undefined && typeof creator !== 'string') fail('optional.creator is not a string');
  const timestamp = value.get('timestamp');
  if (timestamp !== undefined && !(typeof timestamp === 'number' && Number.isSafeInteger(timestamp))) {
    fail('optional.timestamp is not an integer');
  }
  const annotations = Object.fromEntries(
    [...value].filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  );
  return {
    optional: value,
    annotations,
    ...(creator === undefined ? {} : { creator }),
    ...(timestamp === undefined ? {} : { timestamp }),
  };
}

function exactObject(value: JsonValue | undefined, path: string, keys: readonly string[]): JsonObject {
  if (!(value instanceof Map)) fail(`${path} is ${describe(value)}, expected an object`);
  for (const key of value.keys()) {
    if (!keys.includes(key)) fail(`${path} has an unknown key ${quoteForMessage(key)}`);
  }
  for (const key of keys) {
    if (!value.has(key)) fail(`${path} is missing the key ${quoteForMessage(key)}`);
  }
  return value;
}

function describe(value: JsonValue | undefined): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (value instanceof Map) return 'an object';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return quoteForMessage(value);
  return `${typeof value} ${String(value)}`;
}

function fail(message: string): never {
  throw new PayloadFormatError(message);
}
