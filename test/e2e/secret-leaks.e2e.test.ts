import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  findFreePort,
  pushTestImage,
  startRegistry,
  startTokenServer,
  type DistActionRun,
  type StartedRegistry,
  type StartedTokenServer,
} from '@sigil/testing';
import { createCredentialSource, RegistryClient } from '@sigil/oci';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanupRuns, requireBundle, runBundle, type ActionName } from './bundle.js';
import { capturedTexts, errorAnnotations, findSecrets } from './captured-output.js';
import { pinned, startE2eRegistry, type E2eRegistry } from './e2e-registry.js';
import { createKeyMaterial, randomPassword, type KeyMaterial } from './key-material.js';

/**
 * Every scenario that hands an action a secret — a key password (input or COSIGN_PASSWORD), a PEM in an
 * env variable, registry credentials (inputs or the Docker config), wrong ones, and registries that fail —
 * and a scan of EVERYTHING each run printed or wrote (stdout, stderr, decoded annotations and debug
 * messages, GITHUB_OUTPUT, the step summary, the report, every file under its runner folders) for every
 * secret of the suite. A secret may appear only inside `::add-mask::`, and the secrets a step is given
 * must be masked before the action prints anything else.
 */
let registry: E2eRegistry;
let tokenServer: StartedTokenServer;
let tokenRegistry: StartedRegistry;
let work: string;
let fileKey: KeyMaterial;
let envKey: KeyMaterial;
let username: string;
let registryPassword: string;
const wrongKeyPassword = randomPassword();
const wrongRegistryPassword = randomPassword();
const notPemSecret = `not-a-pem-${randomPassword()}`;

/** Every secret of the suite by name, in every form a scan looks for. */
let secrets: Record<string, string[]>;

beforeAll(async () => {
  requireBundle('sign-image');
  requireBundle('verify-gate');
  work = mkdtempSync(join(tmpdir(), 'sigil-e2e-leaks-'));
  [registry, tokenServer, fileKey, envKey] = await Promise.all([
    startE2eRegistry('htpasswd'),
    startTokenServer(),
    createKeyMaterial(work),
    createKeyMaterial(work),
  ]);
  tokenRegistry = await startRegistry({ auth: { token: tokenServer.config } });
  ({ username, password: registryPassword } = registry.started.credentials!);
  const token = tokenServer.credentials;
  secrets = {
    'key file password and private key': [...fileKey.secrets],
    'env:// key password and private key': [...envKey.secrets],
    'registry password': [registryPassword],
    'registry Basic credentials': [basic(username, registryPassword)],
    'wrong key password': [wrongKeyPassword],
    'wrong registry password': [wrongRegistryPassword, basic(username, wrongRegistryPassword)],
    'token service password': [token.password, basic(token.username, token.password)],
    'docker config identity token': [tokenServer.identityToken],
    'non-PEM secret in an env:// variable': [notPemSecret],
  };
});

afterAll(async () => {
  await cleanupRuns();
  await Promise.all([registry?.stop(), tokenRegistry?.stop()]);
  await tokenServer?.stop();
  if (work !== undefined) rmSync(work, { recursive: true, force: true });
});

function basic(user: string, password: string): string {
  return Buffer.from(`${user}:${password}`).toString('base64');
}

function dockerConfig(auths: Record<string, Record<string, string>>): string {
  const dir = mkdtempSync(join(work, 'docker-config-'));
  writeFileSync(join(dir, 'config.json'), JSON.stringify({ auths }, null, '\t'), { mode: 0o600 });
  return dir;
}

async function freshImage(): Promise<string> {
  const repo = registry.uniqueRepo('leak');
  return pinned(repo, (await registry.pushImage(repo)).digest);
}

async function signedImage(): Promise<string> {
  const image = await freshImage();
  await scenario(
    'sign-image',
    {
      inputs: { images: image, key: fileKey.keyPath, 'key-password': fileKey.password, ...registryInputs() },
    },
    { exitCode: 0, masked: [fileKey.password, registryPassword] },
  );
  return image;
}

function registryInputs(password = registryPassword): Record<string, string> {
  return { 'registry-username': username, 'registry-password': password };
}

/**
 * Runs one scenario and checks, for its run: the expected outcome (so that the secret really was used),
 * no secret of the suite anywhere outside `::add-mask::`, and each of `masked` registered with
 * `::add-mask::` before the first line that is not itself a mask.
 */
async function scenario(
  action: ActionName,
  step: { inputs: Record<string, string>; env?: Record<string, string> },
  expected: { exitCode: 0 | 1; code?: string; masked: string[]; maskedWhenFound?: string[] },
): Promise<DistActionRun> {
  // Step debug logging on: the most verbose output the runner can record is what gets scanned.
  const run = await runBundle(action, { ...step, env: { RUNNER_DEBUG: '1', ...step.env } });
  expect(run.stdout).toContain('::debug::');
  const errors = errorAnnotations(run);
  expect({ exitCode: run.exitCode, code: errors[0]?.match(/^\[([A-Z_]+)\]/)?.[1] }).toEqual({
    exitCode: expected.exitCode,
    code: expected.code,
  });
  expect(findSecrets(capturedTexts(run), secrets)).toEqual([]);
  expect(unmaskedBeforeUse(run, expected.masked)).toEqual([]);
  // Credentials read at the first registry request (Docker config, credential helpers) are masked then.
  for (const secret of expected.maskedWhenFound ?? []) expect(run.masks).toContain(secret);
  return run;
}

/** Of `values`, those not announced with `::add-mask::` before the action's first other line of output. */
function unmaskedBeforeUse(run: DistActionRun, values: readonly string[]): string[] {
  const lines = run.stdout.split('\n').map((line) => line.replace(/\r$/, ''));
  const firstOther = lines.findIndex((line) => line.trim() !== '' && !line.startsWith('::add-mask::'));
  const maskedEarly = new Set(
    lines.slice(0, firstOther === -1 ? lines.length : firstOther).flatMap((line) => {
      const value = line.startsWith('::add-mask::') ? line.slice('::add-mask::'.length) : undefined;
      return value === undefined ? [] : [decodeCommandData(value)];
    }),
  );
  return values
    .filter((value) => !maskedEarly.has(value))
    .map((value) => `${value.slice(0, 4)}…${value.slice(-4)}`);
}

function decodeCommandData(text: string): string {
  return text.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
}

describe('sign-image never prints a secret', () => {
  it('key file with key-password, registry-username / registry-password', async () => {
    const image = await freshImage();
    await scenario(
      'sign-image',
      {
        inputs: {
          images: image,
          key: fileKey.keyPath,
          'key-password': fileKey.password,
          ...registryInputs(),
        },
      },
      { exitCode: 0, masked: [fileKey.password, registryPassword, ...fileKey.pemLines] },
    );
  });

  it('key file with COSIGN_PASSWORD, registry auth from the Docker config', async () => {
    const image = await freshImage();
    const config = dockerConfig({ [registry.host]: { auth: basic(username, registryPassword) } });
    await scenario(
      'sign-image',
      {
        inputs: { images: image, key: fileKey.keyPath },
        env: { COSIGN_PASSWORD: fileKey.password, DOCKER_CONFIG: config },
      },
      {
        exitCode: 0,
        masked: [fileKey.password, ...fileKey.pemLines],
        maskedWhenFound: [registryPassword, basic(username, registryPassword)],
      },
    );
  });

  it('env:// PEM key with key-password', async () => {
    const image = await freshImage();
    await scenario(
      'sign-image',
      {
        inputs: {
          images: image,
          key: 'env://SIGIL_SIGNING_KEY',
          'key-password': envKey.password,
          ...registryInputs(),
        },
        env: { SIGIL_SIGNING_KEY: envKey.privateKeyPem },
      },
      { exitCode: 0, masked: [envKey.password, ...envKey.pemLines] },
    );
  });

  it('a wrong key-password (for a file key and for an env:// key)', async () => {
    const image = await freshImage();
    await scenario(
      'sign-image',
      {
        inputs: {
          images: image,
          key: fileKey.keyPath,
          'key-password': wrongKeyPassword,
          ...registryInputs(),
        },
      },
      { exitCode: 1, code: 'KEY_PASSWORD', masked: [wrongKeyPassword, registryPassword] },
    );
    await scenario(
      'sign-image',
      {
        inputs: { images: image, key: 'env://SIGIL_SIGNING_KEY', 'key-password': wrongKeyPassword },
        env: { SIGIL_SIGNING_KEY: envKey.privateKeyPem },
      },
      { exitCode: 1, code: 'KEY_PASSWORD', masked: [wrongKeyPassword] },
    );
    expect(await registry.tags(repoOf(image))).toEqual([]);
  });

  it('a wrong COSIGN_PASSWORD', async () => {
    await scenario(
      'sign-image',
      {
        inputs: { images: await freshImage(), key: fileKey.keyPath },
        env: { COSIGN_PASSWORD: wrongKeyPassword },
      },
      { exitCode: 1, code: 'KEY_PASSWORD', masked: [wrongKeyPassword] },
    );
  });

  it('an env:// variable that holds a secret but not a PEM key', async () => {
    await scenario(
      'sign-image',
      {
        inputs: {
          images: await freshImage(),
          key: 'env://SIGIL_SIGNING_KEY',
          'key-password': fileKey.password,
        },
        env: { SIGIL_SIGNING_KEY: notPemSecret },
      },
      { exitCode: 1, code: 'KEY_INVALID', masked: [notPemSecret, fileKey.password] },
    );
  });

  it('a wrong registry-password, and a wrong password in the Docker config', async () => {
    const image = await freshImage();
    await scenario(
      'sign-image',
      {
        inputs: {
          images: image,
          key: fileKey.keyPath,
          'key-password': fileKey.password,
          ...registryInputs(wrongRegistryPassword),
        },
      },
      { exitCode: 1, code: 'REGISTRY_AUTH', masked: [fileKey.password, wrongRegistryPassword] },
    );
    const config = dockerConfig({ [registry.host]: { auth: basic(username, wrongRegistryPassword) } });
    await scenario(
      'sign-image',
      {
        inputs: { images: image, key: fileKey.keyPath },
        env: { COSIGN_PASSWORD: fileKey.password, DOCKER_CONFIG: config },
      },
      { exitCode: 1, code: 'REGISTRY_AUTH', masked: [fileKey.password] },
    );
  });

  it('a registry that cannot be reached, with credentials', async () => {
    const closedPort = await findFreePort();
    const image = `127.0.0.1:${closedPort}/leak/unreachable@sha256:${'ab'.repeat(32)}`;
    await scenario(
      'sign-image',
      {
        inputs: {
          images: image,
          key: fileKey.keyPath,
          'key-password': fileKey.password,
          'timeout-seconds': '2',
          ...registryInputs(),
        },
      },
      { exitCode: 1, code: 'REGISTRY_UNREACHABLE', masked: [fileKey.password, registryPassword] },
    );
  });

  it('a token-auth registry with the identity token docker login stores', async () => {
    const client = new RegistryClient({
      timeoutMs: 60_000,
      credentials: createCredentialSource({ explicit: tokenServer.credentials }),
    });
    const repo = { registry: tokenRegistry.host, repository: 'leak/token' };
    const pushed = await pushTestImage(client, repo).finally(() => client.close());
    const config = dockerConfig({
      [tokenRegistry.host]: { auth: basic('<token>', ''), identitytoken: tokenServer.identityToken },
    });
    await scenario(
      'sign-image',
      {
        inputs: {
          images: pinned(repo, pushed.digest),
          key: fileKey.keyPath,
          'key-password': fileKey.password,
        },
        env: { DOCKER_CONFIG: config },
      },
      { exitCode: 0, masked: [fileKey.password] },
    );
    expect(tokenServer.stats.post).toBeGreaterThan(0);
  });
});

describe('verify-gate never prints a secret', () => {
  it('registry-username / registry-password, and the Docker config', async () => {
    const image = await signedImage();
    await scenario(
      'verify-gate',
      {
        inputs: {
          images: image,
          'public-keys': fileKey.publicKeyPath,
          require: 'signature',
          ...registryInputs(),
        },
      },
      { exitCode: 0, masked: [registryPassword] },
    );
    const config = dockerConfig({ [registry.host]: { auth: basic(username, registryPassword) } });
    await scenario(
      'verify-gate',
      {
        inputs: { images: image, 'public-keys': fileKey.publicKeyPath, require: 'signature' },
        env: { DOCKER_CONFIG: config },
      },
      { exitCode: 0, masked: [] },
    );
  });

  it('a wrong registry-password', async () => {
    await scenario(
      'verify-gate',
      {
        inputs: {
          images: await freshImage(),
          'public-keys': fileKey.publicKeyPath,
          ...registryInputs(wrongRegistryPassword),
        },
      },
      { exitCode: 1, code: 'REGISTRY_AUTH', masked: [wrongRegistryPassword] },
    );
  });

  it('a private key in the variable revoked-keys names', async () => {
    await scenario(
      'verify-gate',
      {
        inputs: {
          images: await freshImage(),
          'public-keys': fileKey.publicKeyPath,
          'revoked-keys': 'env://REVOKED_KEY',
          ...registryInputs(),
        },
        env: { REVOKED_KEY: envKey.privateKeyPem },
      },
      { exitCode: 1, code: 'KEY_INVALID', masked: [registryPassword, ...envKey.pemLines] },
    );
  });

  it('a private key pasted where the public key belongs', async () => {
    await scenario(
      'verify-gate',
      { inputs: { images: await freshImage(), 'public-keys': fileKey.privateKeyPem, ...registryInputs() } },
      // Masked as sign-image masks `key`: each line of the pasted key, before anything else is printed.
      { exitCode: 1, code: 'KEY_INVALID', masked: [registryPassword, ...fileKey.pemLines] },
    );
  });
});

function repoOf(image: string) {
  const at = image.indexOf('@');
  const slash = image.indexOf('/');
  return { registry: image.slice(0, slash), repository: image.slice(slash + 1, at) };
}
