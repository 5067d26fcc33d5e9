/** A GITHUB_TOKEN permission level, and the scopes a workflow or job grants. */
type Level = 'none' | 'read' | 'write';
export type Permissions = Readonly<Record<string, Level>>;

const SCOPES = [
  'actions',
  'attestations',
  'checks',
  'contents',
  'deployments',
  'discussions',
  'id-token',
  'issues',
  'models',
  'packages',
  'pages',
  'pull-requests',
  'repository-projects',
  'security-events',
  'statuses',
] as const;
const RANK: Record<Level, number> = { none: 0, read: 1, write: 2 };

/**
 * A `permissions:` value as GitHub reads it: `read-all`, `write-all`, `{}` (none), or a map in which every
 * scope not named is `none`. `undefined` (not declared) is `fallback`. `id-token` has no `read`.
 */
export function parsePermissions(value: unknown, fallback: Permissions, where: string): Permissions {
  if (value === undefined || value === null) return fallback;
  const all = (level: Level) =>
    Object.fromEntries(
      SCOPES.map((scope) => [scope, scope === 'id-token' && level === 'read' ? 'none' : level]),
    );
  if (value === 'read-all') return all('read');
  if (value === 'write-all') return all('write');
  if (typeof value !== 'object' || Array.isArray(value))
    throw new Error(`${where}: permissions must be a map`);
  const granted: Record<string, Level> = all('none');
  for (const [scope, level] of Object.entries(value)) {
    if (!(SCOPES as readonly string[]).includes(scope))
      throw new Error(`${where}: unknown permission ${scope}`);
    if (level !== 'none' && level !== 'read' && level !== 'write')
      throw new Error(`${where}: permission ${scope} must be none, read or write`);
    if (scope === 'id-token' && level === 'read') throw new Error(`${where}: id-token is write or none`);
    granted[scope] = level;
  }
  return granted;
}

/** The token of a run that declares no permissions (GitHub's "restricted" default: contents and packages read). */
export const RESTRICTED_DEFAULT: Permissions = Object.freeze({
  ...Object.fromEntries(SCOPES.map((scope) => [scope, 'none'])),
  contents: 'read',
  packages: 'read',
});

/**
 * A called workflow's job may not ask for more than its caller's job has: GitHub fails the run with
 * "The nested job '<job>' is requesting '<scope>: <level>', but is only allowed '<scope>: <allowed>'".
 */
export function exceeding(requested: Permissions, allowed: Permissions): string[] {
  return SCOPES.filter((scope) => RANK[requested[scope] ?? 'none'] > RANK[allowed[scope] ?? 'none']).map(
    (scope) => `'${scope}: ${requested[scope]}', but is only allowed '${scope}: ${allowed[scope] ?? 'none'}'`,
  );
}
