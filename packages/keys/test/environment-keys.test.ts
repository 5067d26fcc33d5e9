import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SigilError } from '@sigil/core';
import {
  DEFAULT_ENVIRONMENTS,
  generateEnvironmentKeys,
  loadPrivateKey,
  parsePublicKey,
  verifyWithPublicKey,
} from '@sigil/keys';

const passwords: Record<string, string> = { dev: 'dev-pass', stage: 'stage-pass', prod: 'prod-pass' };

function folders(): { root: string; publicKeyDir: string; privateKeyDir: string } {
  const root = mkdtempSync(join(tmpdir(), 'sigil-env-keys-'));
  return { root, publicKeyDir: join(root, 'repo', 'infra', 'keys'), privateKeyDir: join(root, 'private') };
}

async function refusal(promise: Promise<unknown>): Promise<SigilError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof SigilError)) throw new Error(`expected a SigilError, got ${String(error)}`);
  return error;
}

describe('generateEnvironmentKeys', () => {
  it('writes one public key per environment under the chosen folder and an encrypted private key elsewhere', async () => {
    const { publicKeyDir, privateKeyDir } = folders();
    const keys = await generateEnvironmentKeys({
      environments: DEFAULT_ENVIRONMENTS,
      publicKeyDir,
      privateKeyDir,
      passwordFor: (environment) => passwords[environment] ?? '',
    });
    expect(keys.map((key) => key.environment)).toEqual(['dev', 'stage', 'prod']);
    expect(readdirSync(publicKeyDir).sort()).toEqual(['dev.pub', 'prod.pub', 'stage.pub']);
    expect(readdirSync(privateKeyDir).sort()).toEqual(['dev.key', 'prod.key', 'stage.key']);
    const payload = new TextEncoder().encode('{"critical":{}}');
    const ids = new Set<string>();
    for (const key of keys) {
      expect(statSync(key.privateKeyPath).mode & 0o777).toBe(0o600);
      const privatePem = readFileSync(key.privateKeyPath, 'utf8');
      expect(privatePem).toMatch(/^-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----\n/);
      const publicKey = parsePublicKey(readFileSync(key.publicKeyPath, 'utf8'));
      expect(publicKey.id).toBe(key.keyId);
      const signingKey = await loadPrivateKey(privatePem, passwords[key.environment] ?? '');
      expect(verifyWithPublicKey(publicKey, payload, signingKey.sign(payload))).toBe(true);
      // Each environment's password opens only its own key.
      const other = key.environment === 'prod' ? 'dev-pass' : 'prod-pass';
      expect((await refusal(loadPrivateKey(privatePem, other))).code).toBe('KEY_PASSWORD');
      ids.add(key.keyId);
    }
    expect(ids.size).toBe(3);
  });

  it('never overwrites a key and writes nothing when one target exists', async () => {
    const { publicKeyDir, privateKeyDir } = folders();
    await generateEnvironmentKeys({
      environments: ['prod'],
      publicKeyDir,
      privateKeyDir,
      passwordFor: () => 'p',
    });
    const before = readFileSync(join(publicKeyDir, 'prod.pub'), 'utf8');
    const error = await refusal(
      generateEnvironmentKeys({
        environments: ['dev', 'prod'],
        publicKeyDir,
        privateKeyDir,
        passwordFor: (environment) => `p-${environment}`,
      }),
    );
    expect(error.message).toContain('prod.pub already exists');
    expect(readFileSync(join(publicKeyDir, 'prod.pub'), 'utf8')).toBe(before);
    expect(readdirSync(publicKeyDir)).toEqual(['prod.pub']);
    expect(readdirSync(privateKeyDir)).toEqual(['prod.key']);
  });

  it('says which folder it could not use, and writes nothing', async () => {
    const { root, publicKeyDir } = folders();
    const privateKeyDir = join(root, 'not-a-folder');
    writeFileSync(privateKeyDir, 'a file where the private key folder should be');
    const error = await refusal(
      generateEnvironmentKeys({ environments: ['dev'], publicKeyDir, privateKeyDir, passwordFor: () => 'p' }),
    );
    expect(error.code).toBe('INPUT_INVALID');
    expect(error.message).toContain('not-a-folder');
    expect(readFileSync(privateKeyDir, 'utf8')).toContain('a file where');
    expect(readdirSync(root).sort()).toEqual(['not-a-folder']);
  });

  it('refuses private keys inside the public key folder', async () => {
    const { publicKeyDir } = folders();
    const error = await refusal(
      generateEnvironmentKeys({
        environments: ['prod'],
        publicKeyDir,
        privateKeyDir: join(publicKeyDir, 'private'),
        passwordFor: () => 'p',
      }),
    );
    expect(error).toMatchObject({ code: 'INPUT_INVALID', field: 'key-directory' });
  });

  it.each([
    [[], 'no environments given'],
    [['Prod'], '"Prod" is not an environment name'],
    [['prod/eu'], '"prod/eu" is not an environment name'],
    [['../prod'], '"../prod" is not an environment name'],
    [['dev', 'dev'], 'environment "dev" is listed twice'],
  ])('refuses the environment list %j', async (environments, message) => {
    const { publicKeyDir, privateKeyDir } = folders();
    const error = await refusal(
      generateEnvironmentKeys({
        environments,
        publicKeyDir,
        privateKeyDir,
        passwordFor: (environment) => `p-${environment}`,
      }),
    );
    expect(error).toMatchObject({ code: 'INPUT_INVALID', field: 'environment-names' });
    expect(error.message).toContain(message);
  });

  it('refuses one password for two environments before writing anything', async () => {
    const { root, publicKeyDir, privateKeyDir } = folders();
    const error = await refusal(
      generateEnvironmentKeys({
        environments: ['dev', 'stage', 'prod'],
        publicKeyDir,
        privateKeyDir,
        passwordFor: (environment) => (environment === 'dev' ? 'a' : 'b'),
      }),
    );
    expect(error).toMatchObject({ code: 'KEY_PASSWORD' });
    expect(error.message).toBe('the prod key would have the password of another environment');
    expect(readdirSync(root)).toEqual([]);
  });

  it('refuses an empty password before writing anything', async () => {
    const { root, publicKeyDir, privateKeyDir } = folders();
    const error = await refusal(
      generateEnvironmentKeys({
        environments: ['dev', 'prod'],
        publicKeyDir,
        privateKeyDir,
        passwordFor: (environment) => (environment === 'prod' ? '' : 'p'),
      }),
    );
    expect(error).toMatchObject({ code: 'KEY_PASSWORD' });
    expect(error.message).toContain('prod');
    expect(readdirSync(root)).toEqual([]);
  });
});
