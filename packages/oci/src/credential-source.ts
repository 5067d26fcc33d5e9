import { SigilError } from '@sigil/core';
import { credentialFromHelper, type ExecFunction } from './credential-helper.js';
import { EXPLICIT_SOURCE, type CredentialSource, type RegistryCredential } from './credentials.js';
import {
  credentialFromAuths,
  credentialHelperServerUrl,
  dockerConfigHost,
  type DockerConfig,
} from './docker-config.js';

export interface CredentialSourceOptions {
  /** `registry-username` / `registry-password`: used for every registry, ahead of the Docker config. */
  readonly explicit?: { readonly username: string; readonly password: string };
  readonly dockerConfig?: DockerConfig;
  /** Runs credential helpers; needed when the Docker config names `credHelpers` or `credsStore`. */
  readonly exec?: ExecFunction;
}

/**
 * Credentials in the order docker uses them: explicit inputs first, then the registry's
 * `credHelpers` entry, then `credsStore`, then `auths`. Each registry is looked up once.
 */
export function createCredentialSource(options: CredentialSourceOptions): CredentialSource {
  const cache = new Map<string, Promise<RegistryCredential | undefined>>();
  return (registry) => {
    const host = dockerConfigHost(registry);
    let found = cache.get(host);
    if (found === undefined) {
      found = lookUp(options, registry);
      cache.set(host, found);
      found.catch(() => cache.delete(host));
    }
    return found;
  };
}

async function lookUp(
  options: CredentialSourceOptions,
  registry: string,
): Promise<RegistryCredential | undefined> {
  const { explicit, dockerConfig } = options;
  if (explicit !== undefined) {
    return {
      kind: 'basic',
      username: explicit.username,
      password: explicit.password,
      source: EXPLICIT_SOURCE,
    };
  }
  if (dockerConfig === undefined) return undefined;
  const helper = dockerConfig.credHelpers.get(dockerConfigHost(registry));
  if (helper !== undefined) return fromHelper(helper, registry, dockerConfig, options.exec);
  if (dockerConfig.credsStore !== undefined) {
    const stored = await fromHelper(dockerConfig.credsStore, registry, dockerConfig, options.exec);
    if (stored !== undefined) return stored;
  }
  return credentialFromAuths(dockerConfig, registry);
}

function fromHelper(
  helper: string,
  registry: string,
  config: DockerConfig,
  exec: ExecFunction | undefined,
): Promise<RegistryCredential | undefined> {
  if (exec === undefined) {
    throw new SigilError(
      'CREDENTIAL_HELPER',
      `the Docker config ${config.path} names credential helper docker-credential-${helper}, but no way to run programs was given`,
    );
  }
  return credentialFromHelper(helper, credentialHelperServerUrl(registry), exec);
}
