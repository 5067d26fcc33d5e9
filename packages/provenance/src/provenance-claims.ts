/**
 * What a provenance predicate claims about where an artifact came from, for policies such as the
 * gate's `provenance-source` and `provenance-builder`. Each reader takes the parsed predicate of a
 * SLSA v1 or v0.2 attestation (validated first) and answers `undefined` when the claim is absent.
 */

type Json = Readonly<Record<string, unknown>>;

/**
 * The source repository the provenance names, as a URL without `git+` and without `@ref`:
 * `https://github.com/owner/repo`. SLSA v1: `externalParameters.workflow.repository` (GitHub's build
 * types), else the first resolved dependency's URI. SLSA v0.2: `invocation.configSource.uri`, else the
 * first material's URI.
 */
export function provenanceSource(predicate: unknown): string | undefined {
  const root = record(predicate);
  const definition = record(root?.['buildDefinition']);
  if (definition !== undefined) {
    const workflow = record(record(definition['externalParameters'])?.['workflow']);
    const repository = text(workflow?.['repository']);
    if (repository !== undefined) return repositoryUrl(repository);
    const dependencies = definition['resolvedDependencies'];
    const first = Array.isArray(dependencies) ? record(dependencies[0]) : undefined;
    const uri = text(first?.['uri']);
    return uri === undefined ? undefined : repositoryUrl(uri);
  }
  const configUri = text(record(record(root?.['invocation'])?.['configSource'])?.['uri']);
  if (configUri !== undefined) return repositoryUrl(configUri);
  const materials = root?.['materials'];
  const material = text(Array.isArray(materials) ? record(materials[0])?.['uri'] : undefined);
  return material === undefined ? undefined : repositoryUrl(material);
}

/** The builder id: `runDetails.builder.id` (SLSA v1) or `builder.id` (v0.2). */
export function provenanceBuilderId(predicate: unknown): string | undefined {
  const root = record(predicate);
  const v1 = record(record(root?.['runDetails'])?.['builder']);
  if (v1 !== undefined) return text(v1['id']);
  return text(record(root?.['builder'])?.['id']);
}

/**
 * Whether a source URL names the `expected` repository. `expected` is a URL (`https://github.com/o/r`,
 * which must match host and path) or `owner/repo` (which matches that path on any host, e.g. a GHES
 * server). Letter case is ignored, as GitHub ignores it; a trailing `.git` or `/` is ignored.
 */
export function sourceMatches(source: string, expected: string): boolean {
  const actual = splitUrl(repositoryUrl(source));
  const wanted = expected.includes('://') ? splitUrl(repositoryUrl(expected)) : undefined;
  if (actual === undefined) return false;
  if (wanted !== undefined) return actual.host === wanted.host && actual.path === wanted.path;
  return actual.path === trimRepository(expected).toLowerCase();
}

/**
 * Whether `builderId` starts with `prefix` at a boundary: equal, or the prefix ends with `/` or `@`, or
 * the id continues with `/` or `@`. So `https://github.com/org/repo` does not admit `…/org/repo-fork`.
 */
export function builderIdMatches(builderId: string, prefix: string): boolean {
  if (prefix === '' || !builderId.startsWith(prefix)) return false;
  if (builderId.length === prefix.length || prefix.endsWith('/') || prefix.endsWith('@')) return true;
  const next = builderId[prefix.length];
  return next === '/' || next === '@';
}

// `git+https://host/owner/repo@refs/heads/main` → `https://host/owner/repo`
function repositoryUrl(uri: string): string {
  const withoutScheme = uri.startsWith('git+') ? uri.slice('git+'.length) : uri;
  const schemeEnd = withoutScheme.indexOf('://');
  const pathStart = schemeEnd === -1 ? 0 : withoutScheme.indexOf('/', schemeEnd + 3);
  const at = pathStart === -1 ? -1 : withoutScheme.indexOf('@', pathStart);
  return trimRepository(at === -1 ? withoutScheme : withoutScheme.slice(0, at));
}

function trimRepository(value: string): string {
  return value
    .trim()
    .replace(/\/+$/, '')
    .replace(/\.git$/, '');
}

function splitUrl(url: string): { host: string; path: string } | undefined {
  const match = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/([^/]+)\/(.+)$/.exec(url);
  if (match === null) return undefined;
  return { host: (match[1] ?? '').toLowerCase(), path: (match[2] ?? '').toLowerCase() };
}

function record(value: unknown): Json | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
