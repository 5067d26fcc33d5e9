/** What a predicate check answers: the gate counts an attestation only on `ok: true`. */
export type PredicateCheck = { readonly ok: true } | { readonly ok: false; readonly message: string };

type Json = Readonly<Record<string, unknown>>;

class Invalid extends Error {}

/**
 * Checks that `predicate` (parsed JSON) is a SLSA Provenance v1 predicate
 * (https://slsa.dev/spec/v1.0/provenance): `buildDefinition` with a `buildType` URI and
 * `externalParameters` object, optional `internalParameters`, `resolvedDependencies` as resource
 * descriptors, and `runDetails` with a `builder.id` URI; optional metadata with RFC 3339 times. Unknown
 * fields are allowed, as the spec says consumers must ignore them. The message names the first bad field.
 */
export function validateSlsaV1Predicate(predicate: unknown): PredicateCheck {
  return checking(() => {
    const root = object(predicate, 'predicate');
    const definition = object(root['buildDefinition'], 'buildDefinition');
    uri(definition['buildType'], 'buildDefinition.buildType');
    object(definition['externalParameters'], 'buildDefinition.externalParameters');
    optional(definition['internalParameters'], (value) =>
      object(value, 'buildDefinition.internalParameters'),
    );
    optional(definition['resolvedDependencies'], (value) =>
      resourceDescriptors(value, 'buildDefinition.resolvedDependencies'),
    );
    const details = object(root['runDetails'], 'runDetails');
    const builder = object(details['builder'], 'runDetails.builder');
    uri(builder['id'], 'runDetails.builder.id');
    optional(builder['version'], (value) => stringMap(value, 'runDetails.builder.version'));
    optional(builder['builderDependencies'], (value) =>
      resourceDescriptors(value, 'runDetails.builder.builderDependencies'),
    );
    optional(details['metadata'], (value) => {
      const metadata = object(value, 'runDetails.metadata');
      optional(metadata['invocationId'], (id) => string(id, 'runDetails.metadata.invocationId'));
      optional(metadata['startedOn'], (time) => timestamp(time, 'runDetails.metadata.startedOn'));
      optional(metadata['finishedOn'], (time) => timestamp(time, 'runDetails.metadata.finishedOn'));
    });
    optional(details['byproducts'], (value) => resourceDescriptors(value, 'runDetails.byproducts'));
  });
}

/**
 * Checks that `predicate` is a SLSA Provenance v0.2 predicate (https://slsa.dev/spec/v0.2/provenance),
 * as `cosign attest --type slsaprovenance` stores it: `builder.id` and `buildType` URIs, optional
 * `invocation`, `metadata` and `materials`.
 */
export function validateSlsaV02Predicate(predicate: unknown): PredicateCheck {
  return checking(() => {
    const root = object(predicate, 'predicate');
    uri(object(root['builder'], 'builder')['id'], 'builder.id');
    uri(root['buildType'], 'buildType');
    optional(root['invocation'], (value) => {
      const invocation = object(value, 'invocation');
      optional(invocation['configSource'], (source) => {
        const configSource = object(source, 'invocation.configSource');
        optional(configSource['uri'], (text) => uri(text, 'invocation.configSource.uri'));
        optional(configSource['digest'], (digest) => stringMap(digest, 'invocation.configSource.digest'));
        optional(configSource['entryPoint'], (text) => string(text, 'invocation.configSource.entryPoint'));
      });
    });
    optional(root['metadata'], (value) => {
      const metadata = object(value, 'metadata');
      optional(metadata['buildInvocationId'], (id) => string(id, 'metadata.buildInvocationId'));
      optional(metadata['buildStartedOn'], (time) => timestamp(time, 'metadata.buildStartedOn'));
      optional(metadata['buildFinishedOn'], (time) => timestamp(time, 'metadata.buildFinishedOn'));
    });
    optional(root['materials'], (value) => {
      array(value, 'materials').forEach((item, index) => {
        const material = object(item, `materials[${index}]`);
        optional(material['uri'], (text) => uri(text, `materials[${index}].uri`));
        optional(material['digest'], (digest) => stringMap(digest, `materials[${index}].digest`));
      });
    });
  });
}

function checking(check: () => void): PredicateCheck {
  try {
    check();
    return { ok: true };
  } catch (error) {
    if (error instanceof Invalid) return { ok: false, message: error.message };
    throw error;
  }
}

function optional(value: unknown, check: (value: unknown) => unknown): void {
  if (value !== undefined) check(value);
}

function object(value: unknown, path: string): Json {
  if (value === undefined) throw new Invalid(`${path} is missing`);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new Invalid(`${path} is not a JSON object`);
  }
  return value as Json;
}

function array(value: unknown, path: string): readonly unknown[] {
  if (!Array.isArray(value)) throw new Invalid(`${path} is not a JSON array`);
  return value;
}

function string(value: unknown, path: string): string {
  if (value === undefined) throw new Invalid(`${path} is missing`);
  if (typeof value !== 'string') throw new Invalid(`${path} is not a string`);
  return value;
}

// A URI as SLSA uses them: a scheme, then something (https://…, git+https://…, pkg:…, urn:…).
function uri(value: unknown, path: string): string {
  const text = string(value, path);
  if (!/^[A-Za-z][A-Za-z0-9+.-]*:\S+$/.test(text)) throw new Invalid(`${path} is not a URI: ${quote(text)}`);
  return text;
}

function stringMap(value: unknown, path: string): void {
  for (const [key, entry] of Object.entries(object(value, path))) string(entry, `${path}.${key}`);
}

// RFC 3339 as the spec requires (a time zone is mandatory), and a real date.
function timestamp(value: unknown, path: string): void {
  const text = string(value, path);
  const shaped = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$/.test(text);
  if (!shaped || Number.isNaN(Date.parse(text))) {
    throw new Invalid(`${path} is not an RFC 3339 timestamp: ${quote(text)}`);
  }
}

function resourceDescriptors(value: unknown, path: string): void {
  array(value, path).forEach((item, index) => {
    const at = `${path}[${index}]`;
    const descriptor = object(item, at);
    optional(descriptor['uri'], (text) => uri(text, `${at}.uri`));
    optional(descriptor['name'], (text) => string(text, `${at}.name`));
    optional(descriptor['digest'], (digest) => stringMap(digest, `${at}.digest`));
    optional(descriptor['content'], (content) => string(content, `${at}.content`));
    if (
      descriptor['uri'] === undefined &&
      descriptor['digest'] === undefined &&
      descriptor['content'] === undefined
    ) {
      throw new Invalid(`${at} has none of uri, digest, content`);
    }
  });
}

function quote(text: string): string {
  return JSON.stringify(text.length > 80 ? `${text.slice(0, 77)}...` : text);
}
