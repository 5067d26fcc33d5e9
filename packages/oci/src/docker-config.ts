import { SigilError, isRecord } from '@sigil/core';
import type { RegistryCredential } from './credentials.js';
import { DOCKER_HUB_REGISTRY } from './reference.js';

/** One `auths` entry as docker login writes it. */
interface DockerAuthEntry {
  readonly auth?: string;
  readonly username?: string;
  readonly password?: string;
  readonly identitytoken?: string;
  readonly registrytoken?: string;
}

/** The parts of `config.json` that carry credentials; keys of `auths` and `credHelpers` are normalised hosts. */
export interface DockerConfig {
  readonly path: string;
  readonly auths: ReadonlyMap<string, DockerAuthEntry>;
  readonly credHelpers: ReadonlyMap<string, string>;
  readonly credsStore?: string;
}

/** The server address docker login uses for Docker Hub (in `auths` and for credential helpers). */
const DOCKER_HUB_SERVER_URL = 'https://index.docker.io/v1/';
const DOCKER_HUB_ALIASES = new Set([
  'index.docker.io',
  'docker.io',
  'registry-1.docker.io',
  'registry.hub.docker.com',
]);

/** The host a Docker config key stands for: scheme and path dropped, lower case, Docker Hub aliases merged. */
export function dockerConfigHost(key: string): string {
  const withoutScheme = key.trim().replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
  const host = withoutScheme.split('/')[0]?.toLowerCase() ?? '';
  return DOCKER_HUB_ALIASES.has(host) ? DOCKER_HUB_REGISTRY : host;
}

/** The address credential helpers know a registry by. */
export function credentialHelperServerUrl(registry: string): string {
  return dockerConfigHost(registry) === DOCKER_HUB_REGISTRY ? DOCKER_HUB_SERVER_URL : registry;
}

export function parseDockerConfig(text: string, path: string): DockerConfig {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Not kept as the cause: V8 quotes the text around the error, which may be a credential.
    throw configError(path, 'is not valid JSON');
  }
  if (!isRecord(parsed)) throw configError(path, 'is not a JSON object');
  const auths = new Map<string, DockerAuthEntry>();
  for (const [key, value] of Object.entries(objectField(parsed, 'auths', path))) {
    if (!isRecord(value)) throw configError(path, `has an auths entry for "${key}" that is not an object`);
    auths.set(dockerConfigHost(key), authEntry(value, key, path));
  }
  const credHelpers = new Map<string, string>();
  for (const [key, value] of Object.entries(objectField(parsed, 'credHelpers', path))) {
    if (typeof value !== 'string')
      throw configError(path, `has a credHelpers entry for "${key}" that is not a string`);
    credHelpers.set(dockerConfigHost(key), value);
  }
  const credsStore = parsed.credsStore;
  if (credsStore !== undefined && typeof credsStore !== 'string') {
    throw configError(path, 'has a credsStore that is not a string');
  }
  return { path, auths, credHelpers, ...(credsStore ? { credsStore } : {}) };
}

/** Credentials stored directly in `auths` for a registry; undefined when there are none. */
export function credentialFromAuths(config: DockerConfig, registry: string): RegistryCredential | undefined {
  const entry = config.auths.get(dockerConfigHost(registry));
  if (entry === undefined) return undefined;
  const source = `docker config ${config.path}`;
  if (entry.registrytoken) return { kind: 'registry-token', token: entry.registrytoken, source };
  if (entry.identitytoken) return { kind: 'identity-token', token: entry.identitytoken, source };
  if (entry.auth) {
    const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon <= 0 || !/^[A-Za-z0-9+/=\s]+$/.test(entry.auth)) {
      throw configError(config.path, `has an "auth" for ${registry} that is not base64 of "user:password"`);
    }
    return { kind: 'basic', username: decoded.slice(0, colon), password: decoded.slice(colon + 1), source };
  }
  if (entry.username && entry.password) {
    return { kind: 'basic', username: entry.username, password: entry.password, source };
  }
  return undefined;
}

function authEntry(value: Record<string, unknown>, key: string, path: string): DockerAuthEntry {
  const entry: Record<string, string> = {};
  for (const field of ['auth', 'username', 'password', 'identitytoken', 'registrytoken'] as const) {
    const v = value[field];
    if (v === undefined || v === null) continue;
    if (typeof v !== 'string')
      throw configError(path, `has an auths entry for "${key}" whose ${field} is not a string`);
    entry[field] = v;
  }
  return entry;
}

function objectField(parsed: Record<string, unknown>, name: string, path: string): Record<string, unknown> {
  const value = parsed[name];
  if (value === undefined || value === null) return {};
  if (!isRecord(value)) throw configError(path, `has a "${name}" that is not an object`);
  return value;
}

function configError(path: string, problem: string): SigilError {
  return new SigilError('REGISTRY_AUTH', `the Docker config ${path} ${problem}`, {
    hint: 'Fix or remove the file, or run docker login (docker/login-action) again.',
  });
}
