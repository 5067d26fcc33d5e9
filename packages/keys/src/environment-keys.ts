import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { link, lstat, mkdir, rm, writeFile } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { SigilError, messageOf } from '@sigil/core';
import { generateKeyPair } from './key-file.js';
import { parsePublicKey } from './public-key.js';

/** The environments a promotion pipeline usually signs for, in promotion order. */
export const DEFAULT_ENVIRONMENTS: readonly string[] = ['dev', 'stage', 'prod'];

const ENVIRONMENT_NAME = /^[a-z][a-z0-9-]{0,31}$/;

export interface EnvironmentKeysRequest {
  /** Environment names: lowercase letters, digits and `-`, starting with a letter; each at most once. */
  readonly environments: readonly string[];
  /** Where `<environment>.pub` is written: the folder verify-gate reads (`infra/keys` by convention). */
  readonly publicKeyDir: string;
  /** Where `<environment>.key` (encrypted, mode 0600) is written; never inside `publicKeyDir`. */
  readonly privateKeyDir: string;
  /** The password that encrypts each environment's private key; an empty one is refused. */
  readonly passwordFor: (environment: string) => string;
}

export interface EnvironmentKey {
  readonly environment: string;
  readonly publicKeyPath: string;
  readonly privateKeyPath: string;
  /** sha256 of the public key's DER (`PublicKey.id`), as reports and the gate name keys. */
  readonly keyId: string;
}

/**
 * Generates one ECDSA P-256 cosign key pair per environment: `<publicKeyDir>/<env>.pub` (PEM, for the
 * repository and verify-gate's `public-keys`) and `<privateKeyDir>/<env>.key` (a cosign key file,
 * scrypt + secretbox as `cosign generate-key-pair` writes it, mode 0600). All or nothing: every key is
 * generated before the first write, no existing file is ever replaced, and a failed write removes the key
 * files this call wrote. Each environment needs its own password. Keys that live in a secret manager are created there with cosign instead (see
 * docs/keys.md); this is for key files.
 */
export async function generateEnvironmentKeys(request: EnvironmentKeysRequest): Promise<EnvironmentKey[]> {
  const environments = checkedEnvironments(request.environments);
  const publicKeyDir = resolve(request.publicKeyDir);
  const privateKeyDir = resolve(request.privateKeyDir);
  if (isWithin(privateKeyDir, publicKeyDir)) {
    throw new SigilError(
      'INPUT_INVALID',
      `the private key folder ${privateKeyDir} is inside the public key folder ${publicKeyDir}`,
      {
        field: 'key-directory',
        hint: 'Keep private keys out of the folder that is committed; write them outside the repository.',
      },
    );
  }
  const passwords = environments.map((environment) => {
    const password = request.passwordFor(environment);
    if (password.length === 0) {
      throw new SigilError('KEY_PASSWORD', `no password for the ${environment} key`, {
        field: 'key-password',
        hint: 'Give every environment its own non-empty password; cosign reads it from COSIGN_PASSWORD.',
      });
    }
    return password;
  });
  const shared = environments.find(
    (environment, index) => passwords.indexOf(passwords[index] ?? '') !== index,
  );
  if (shared !== undefined) {
    throw new SigilError('KEY_PASSWORD', `the ${shared} key would have the password of another environment`, {
      field: 'key-password',
      hint: "Give every environment its own password: one leaked password must not open another stage's key.",
    });
  }

  const planned = await Promise.all(
    environments.map(async (environment, index) => {
      const pair = await generateKeyPair(passwords[index] ?? '');
      return {
        environment,
        pair,
        publicKeyPath: join(publicKeyDir, `${environment}.pub`),
        privateKeyPath: join(privateKeyDir, `${environment}.key`),
        keyId: parsePublicKey(pair.publicKeyPem).id,
      };
    }),
  );
  const written: string[] = [];
  try {
    for (const key of planned) {
      for (const path of [key.publicKeyPath, key.privateKeyPath]) await refuseExisting(path);
    }
    await mkdir(publicKeyDir, { recursive: true });
    await mkdir(privateKeyDir, { recursive: true, mode: 0o700 });
    for (const key of planned) {
      await writeNew(key.privateKeyPath, key.pair.privateKeyPem, 0o600);
      written.push(key.privateKeyPath);
      await writeNew(key.publicKeyPath, key.pair.publicKeyPem, 0o644);
      written.push(key.publicKeyPath);
    }
  } catch (error) {
    await Promise.all(written.map((path) => rm(path, { force: true })));
    if (error instanceof SigilError) throw error;
    throw new SigilError('INPUT_INVALID', `could not write the environment keys: ${messageOf(error)}`, {
      cause: error,
      hint: 'Check that both folders can be created and written; no key file was left behind.',
    });
  }
  return planned.map(({ environment, publicKeyPath, privateKeyPath, keyId }) => ({
    environment,
    publicKeyPath,
    privateKeyPath,
    keyId,
  }));
}

function checkedEnvironments(environments: readonly string[]): string[] {
  if (environments.length === 0) {
    throw new SigilError('INPUT_INVALID', 'no environments given', {
      field: 'environment-names',
      hint: `Name at least one, e.g. ${DEFAULT_ENVIRONMENTS.join(', ')}.`,
    });
  }
  const seen = new Set<string>();
  for (const environment of environments) {
    if (!ENVIRONMENT_NAME.test(environment)) {
      throw new SigilError('INPUT_INVALID', `"${environment}" is not an environment name`, {
        field: 'environment-names',
        hint: 'Use lowercase letters, digits and -, starting with a letter (at most 32), e.g. prod or eu-prod.',
      });
    }
    if (seen.has(environment)) {
      throw new SigilError('INPUT_INVALID', `environment "${environment}" is listed twice`, {
        field: 'environment-names',
        hint: 'List each environment once.',
      });
    }
    seen.add(environment);
  }
  return [...environments];
}

function isWithin(path: string, folder: string): boolean {
  const rel = relative(folder, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

async function refuseExisting(path: string): Promise<void> {
  const existing = await lstat(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (existing !== undefined) {
    throw new SigilError('INPUT_INVALID', `${path} already exists; keys are never overwritten`, {
      hint: 'Move the old key away first (rotation: keep the old public key in public-keys until every image is re-signed).',
    });
  }
}

/**
 * Writes `content` to `path`, which must not exist: the bytes go to a temporary name in the same folder
 * first and are hard-linked into place (link fails if `path` appeared meanwhile), so `path` is either
 * absent or complete.
 */
async function writeNew(path: string, content: string, mode: number): Promise<void> {
  const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  await writeFile(temporary, content, {
    mode,
    flag: constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY,
  });
  try {
    await link(temporary, path);
  } finally {
    await rm(temporary, { force: true });
  }
}
