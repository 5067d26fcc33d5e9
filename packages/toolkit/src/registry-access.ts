import { readFile } from 'node:fs/promises';
import { SigilError } from '@sigil/core';
import {
  RegistryClient,
  createCredentialSource,
  type CredentialSource,
  parseDockerConfig,
  processExec,
  type DockerConfig,
} from '@sigil/oci';
import type { RunnerEnvironment } from './environment.js';
import type { InputReader } from './input-reader.js';

/** How to reach registries: the registry inputs shared by every sigil action. */
export interface RegistrySettings {
  /** `registry-username` / `registry-password`, for every image's registry, ahead of the Docker config. */
  readonly credentials: { readonly username: string; readonly password: string } | undefined;
  readonly insecureRegistries: readonly string[];
  readonly concurrency: number;
  readonly timeoutSeconds: number;
}

const HOST =
  /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

export function readRegistrySettings(inputs: InputReader): RegistrySettings {
  const username = inputs.string('registry-username');
  const password = inputs.secret('registry-password');
  if ((username === undefined) !== (password === undefined)) {
    const missing = username === undefined ? 'registry-username' : 'registry-password';
    throw new SigilError('INPUT_INVALID', `input \`${missing}\` is empty, but its partner is set`, {
      input: missing,
      hint: 'Set both `registry-username` and `registry-password`, or neither (to use the Docker config).',
    });
  }
  const insecureRegistries = inputs.list('insecure-registries');
  for (const host of insecureRegistries) {
    if (!HOST.test(host)) {
      throw new SigilError(
        'INPUT_INVALID',
        `input \`insecure-registries\`: "${host}" is not a host or host:port`,
        {
          input: 'insecure-registries',
          hint: 'List registry hosts such as registry.internal:5000, one per line, without http:// or a path.',
        },
      );
    }
  }
  return {
    credentials: username === undefined || password === undefined ? undefined : { username, password },
    insecureRegistries,
    concurrency: inputs.integer('concurrency', { min: 1, max: 64, default: 8 }),
    timeoutSeconds: inputs.integer('timeout-seconds', { min: 1, max: 21_600, default: 600 }),
  };
}

/**
 * The registry client of a run: credentials from the inputs, else the Docker config (`docker/login-action`
 * writes it) with its credential helpers; plain HTTP for loopback and `insecure-registries`; one deadline
 * for the whole run from `timeout-seconds`.
 */
export async function createRegistryClient(
  settings: RegistrySettings,
  environment: Pick<RunnerEnvironment, 'dockerConfigPath' | 'path' | 'home'> &
    Partial<Pick<RunnerEnvironment, 'helperEnvironment'>>,
  mask: (secret: string) => void,
  logger?: { debug(message: string): void },
): Promise<RegistryClient> {
  const credentials = await createRunCredentialSource(settings, environment, mask);
  return new RegistryClient({
    credentials,
    concurrency: settings.concurrency,
    insecureRegistries: settings.insecureRegistries,
    timeoutMs: settings.timeoutSeconds * 1000,
    ...(logger === undefined ? {} : { logger }),
  });
}

/**
 * Where a run finds registry credentials: the registry inputs, else the Docker config with its credential
 * helpers; each secret masked as it is found. The registry client uses it, and so does the cosign engine
 * (which hands cosign what it finds in a temporary Docker config).
 */
export async function createRunCredentialSource(
  settings: Pick<RegistrySettings, 'credentials'>,
  environment: Pick<RunnerEnvironment, 'dockerConfigPath' | 'path' | 'home'> &
    Partial<Pick<RunnerEnvironment, 'helperEnvironment'>>,
  mask: (secret: string) => void,
): Promise<CredentialSource> {
  const dockerConfig = await readDockerConfig(environment.dockerConfigPath);
  return maskedAsFound(
    createCredentialSource({
      ...(settings.credentials === undefined ? {} : { explicit: settings.credentials }),
      ...(dockerConfig === undefined ? {} : { dockerConfig }),
      exec: processExec({
        env: { ...environment.helperEnvironment, PATH: environment.path, HOME: environment.home },
      }),
    }),
    mask,
  );
}

/**
 * Masks every secret the moment a credential is found (Docker config `auths`, identity and registry
 * tokens, a credential helper's answer), before the client can use it, and the Basic form of a password.
 */
function maskedAsFound(source: CredentialSource, mask: (secret: string) => void): CredentialSource {
  return async (registry) => {
    const credential = await source(registry);
    if (credential?.kind === 'basic') {
      mask(credential.password);
      mask(Buffer.from(`${credential.username}:${credential.password}`).toString('base64'));
    } else if (credential !== undefined) {
      mask(credential.token);
    }
    return credential;
  };
}

async function readDockerConfig(path: string): Promise<DockerConfig | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return undefined;
    throw new SigilError('INPUT_INVALID', `the Docker config ${path} cannot be read`, {
      cause: error,
      hint: 'Fix the file permissions, or point DOCKER_CONFIG at a readable folder.',
    });
  }
  return parseDockerConfig(text, path);
}
