import { parseStrictJson, SigilError, type JsonObject, type JsonValue } from '@sigil/core';
import { checkServiceUrl } from './service-url.js';

/** The services a signing config names for signing now (`readSigningConfig`). */
export interface SigningServices {
  readonly fulcioURL: string;
  /** A Rekor log; absent when the config names no log (signatures are then not logged). */
  readonly rekorURL?: string;
  /** The log's API: 1 (Rekor v1) or 2 (Rekor v2, tiles: no integrated time, a TSA gives the time); with `rekorURL`. */
  readonly rekorVersion?: RekorVersion;
  /** An RFC 3161 TSA; absent when the config names none. */
  readonly tsaURL?: string;
}

/** The Rekor APIs sigil writes to. */
export type RekorVersion = 1 | 2;

const MEDIA_TYPE = 'application/vnd.dev.sigstore.signingconfig.v0.2+json';
const TOP_KEYS = new Set([
  'mediaType',
  'caUrls',
  'oidcUrls',
  'rekorTlogUrls',
  'tsaUrls',
  'rekorTlogConfig',
  'tsaConfig',
]);
const SERVICE_KEYS = new Set(['url', 'majorApiVersion', 'validFor', 'operator']);
const SELECTORS = ['ANY', 'ALL', 'EXACT'] as const;
type Selector = (typeof SELECTORS)[number];

interface Service {
  readonly url: string;
  readonly majorApiVersion: number;
  readonly start: number;
  readonly end: number | undefined;
}

/**
 * Reads a Sigstore signing config (`application/vnd.dev.sigstore.signingconfig.v0.2+json`, what `cosign
 * signing-config create` writes): text (no duplicate keys) or parsed JSON, no unknown fields. Picks the newest
 * Fulcio (API v1) and TSA (API v1) valid at `now`, and the log of the highest API version sigil speaks (Rekor v2,
 * else v1), newest first, as the Sigstore client specification asks. A config whose valid services speak only
 * other versions is `NOT_YET_SUPPORTED`; a selector asking for more than one log or TSA, too.
 */
export function readSigningConfig(json: unknown, now: Date = new Date()): SigningServices {
  const { fulcio, log } = readServices(json, now);
  if (fulcio === undefined) {
    invalid(`no Fulcio (caUrls, majorApiVersion 1) is valid now (${now.toISOString()})`);
  }
  return { fulcioURL: fulcio.url, ...log };
}

/**
 * The log and TSA of a signing config, for signing with a key (`tlog-upload`): read as `readSigningConfig` reads
 * them, without requiring a Fulcio (a key-based config such as `cosign signing-config create --no-default-fulcio`
 * writes may name none).
 */
export function readSigningConfigLog(
  json: unknown,
  now: Date = new Date(),
): Omit<SigningServices, 'fulcioURL'> {
  return readServices(json, now).log;
}

function readServices(
  json: unknown,
  now: Date,
): { readonly fulcio: Service | undefined; readonly log: Omit<SigningServices, 'fulcioURL'> } {
  const top = object(parse(json), 'the signing config');
  for (const key of top.keys())
    if (!TOP_KEYS.has(key)) invalid(`the signing config has an unknown field "${key}"`);
  if (top.get('mediaType') !== MEDIA_TYPE) {
    invalid(`its mediaType is ${JSON.stringify(top.get('mediaType') ?? null)}, not ${MEDIA_TYPE}`);
  }
  const time = now.getTime();
  const cas = services(top, 'caUrls');
  services(top, 'oidcUrls');
  const logs = services(top, 'rekorTlogUrls');
  const tsas = services(top, 'tsaUrls');
  const logSelector = selector(top, 'rekorTlogConfig');
  const tsaSelector = selector(top, 'tsaConfig');

  const fulcio = newestValid(cas, 1, time);
  const rekor = pick(logs, logSelector, time, 'Rekor', 'rekorTlogUrls', [2, 1]);
  const tsa = pick(tsas, tsaSelector, time, 'TSA', 'tsaUrls', [1]);
  return {
    fulcio,
    log: {
      ...(rekor === undefined
        ? {}
        : { rekorURL: rekor.url, rekorVersion: rekor.majorApiVersion as RekorVersion }),
      ...(tsa === undefined ? {} : { tsaURL: tsa.url }),
    },
  };
}

function pick(
  list: readonly Service[],
  config: { selector: Selector; count: number | undefined } | undefined,
  time: number,
  what: string,
  field: string,
  spoken: readonly number[],
): Service | undefined {
  if (list.length === 0) return undefined;
  const valid = list.filter((service) => isValid(service, time));
  if (valid.length === 0) invalid(`no ${what} of ${field} is valid now`);
  const version = spoken.find((candidate) => valid.some((service) => service.majorApiVersion === candidate));
  if (version === undefined) {
    throw new SigilError(
      'NOT_YET_SUPPORTED',
      `the signing config's ${what} services valid now speak API version ${[...new Set(valid.map((service) => service.majorApiVersion))].join(', ')}; sigil speaks ${spoken.map((v) => `v${v}`).join(' and ')}`,
      {
        hint: `Use a signing config that lists a ${what} service of API version ${spoken.join(' or ')}.`,
      },
    );
  }
  const usable = valid.filter((service) => service.majorApiVersion === version);
  const wanted =
    config === undefined
      ? 1
      : config.selector === 'EXACT'
        ? (config.count ?? 1)
        : config.selector === 'ALL'
          ? usable.length
          : 1;
  if (wanted > 1) {
    throw new SigilError(
      'NOT_YET_SUPPORTED',
      `the signing config asks for ${wanted} ${what} services (${config?.selector}); sigil writes to one`,
    );
  }
  return newestValid(usable, version, time);
}

function newestValid(list: readonly Service[], version: number, time: number): Service | undefined {
  return list
    .filter((service) => service.majorApiVersion === version && isValid(service, time))
    .sort((a, b) => b.start - a.start)[0];
}

function isValid(service: Service, time: number): boolean {
  return service.start <= time && (service.end === undefined || time < service.end);
}

function services(top: JsonObject, field: string): Service[] {
  const value = top.get(field);
  if (value === undefined) return [];
  if (!Array.isArray(value)) invalid(`${field} is not a list`);
  return (value as readonly JsonValue[]).map((entry, index) => service(entry, `${field}[${index}]`));
}

function service(value: JsonValue, where: string): Service {
  const entry = object(value, where);
  for (const key of entry.keys())
    if (!SERVICE_KEYS.has(key)) invalid(`${where} has an unknown field "${key}"`);
  const url = entry.get('url');
  if (typeof url !== 'string') invalid(`${where}.url is not a string`);
  const problem = checkServiceUrl(url);
  if (problem !== undefined) invalid(`${where}.url ${problem}`);
  const version = entry.get('majorApiVersion');
  if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 1) {
    invalid(`${where}.majorApiVersion is not a positive integer`);
  }
  const operator = entry.get('operator');
  if (operator !== undefined && typeof operator !== 'string') invalid(`${where}.operator is not a string`);
  const validFor = object(entry.get('validFor'), `${where}.validFor`);
  for (const key of validFor.keys()) {
    if (key !== 'start' && key !== 'end') invalid(`${where}.validFor has an unknown field "${key}"`);
  }
  const start = timestamp(validFor.get('start'), `${where}.validFor.start`);
  if (start === undefined) invalid(`${where}.validFor.start is missing`);
  const end = timestamp(validFor.get('end'), `${where}.validFor.end`);
  if (end !== undefined && end <= start) invalid(`${where}.validFor ends before it starts`);
  return { url: url.replace(/\/+$/, ''), majorApiVersion: version, start, end };
}

function selector(
  top: JsonObject,
  field: string,
): { selector: Selector; count: number | undefined } | undefined {
  const value = top.get(field);
  if (value === undefined) return undefined;
  const config = object(value, field);
  for (const key of config.keys()) {
    if (key !== 'selector' && key !== 'count') invalid(`${field} has an unknown field "${key}"`);
  }
  const name = config.get('selector');
  if (!SELECTORS.includes(name as Selector)) invalid(`${field}.selector is not ANY, ALL or EXACT`);
  const count = config.get('count');
  if (count !== undefined && (typeof count !== 'number' || !Number.isSafeInteger(count) || count < 1)) {
    invalid(`${field}.count is not a positive integer`);
  }
  if (name === 'EXACT' && count === undefined) invalid(`${field}.selector EXACT needs a count`);
  return { selector: name as Selector, count: count as number | undefined };
}

/** RFC 3339 with a `Z` or offset, as protobuf's JSON writes a Timestamp. */
function timestamp(value: JsonValue | undefined, where: string): number | undefined {
  if (value === undefined) return undefined;
  if (
    typeof value !== 'string' ||
    !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/.test(value)
  ) {
    invalid(`${where} is not an RFC 3339 time`);
  }
  const time = Date.parse(value);
  if (Number.isNaN(time)) invalid(`${where} is not an RFC 3339 time`);
  return time;
}

function parse(json: unknown): JsonValue {
  let text: string;
  if (typeof json === 'string') text = json;
  else if (json instanceof Uint8Array) text = new TextDecoder().decode(json);
  else {
    try {
      text = JSON.stringify(json) ?? '';
    } catch {
      invalid('the signing config is not JSON');
    }
  }
  const parsed = parseStrictJson(text);
  if (!parsed.ok) invalid(`the signing config is not valid JSON: ${parsed.message}`);
  return parsed.value;
}

function object(value: JsonValue | undefined, what: string): JsonObject {
  if (!(value instanceof Map)) invalid(`${what} is not a JSON object`);
  return value;
}

function invalid(message: string): never {
  throw new SigilError('SIGNING_CONFIG_INVALID', message, {
    hint: 'Pass a Sigstore signing config v0.2 (`cosign signing-config create`, or the one of the Sigstore instance).',
  });
}
