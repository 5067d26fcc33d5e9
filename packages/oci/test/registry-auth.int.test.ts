import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  RegistryClient,
  createCredentialSource,
  parseDockerConfig,
  processExec,
  type RepositoryRef,
} from '@sigil/oci';
import { type CredentialSourceOptions } from '../src/credential-source.js';
import {
  pushTestImage,
  startRegistry,
  startTokenServer,
  type StartedRegistry,
  type StartedTokenServer,
} from '@sigil/testing';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { helperKnowing, writeCredentialHelpers } from './helper-scripts.js';
import { failure } from './sigil-failure.js';

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

function clientWith(options: CredentialSourceOptions): RegistryClient {
  const client = new RegistryClient({ credentials: createCredentialSource(options), timeoutMs: 60_000 });
  cleanups.push(async () => client.close());
  return client;
}

/** Writes a Docker config into a fresh $DOCKER_CONFIG and loads it the way the action does. */
async function dockerConfig(content: object) {
  const dir = await mkdtemp(join(tmpdir(), 'sigil-docker-config-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  const path = join(dir, 'config.json');
  await writeFile(path, JSON.stringify(content));
  return parseDockerConfig(await readFile(path, 'utf8'), path);
}

const basicAuth = (username: string, password: string) =>
  Buffer.from(`${username}:${password}`).toString('base64');

describe('htpasswd registry (Basic auth)', () => {
  let registry: StartedRegistry;
  let repo: RepositoryRef;
  beforeAll(async () => {
    registry = await startRegistry({ auth: 'htpasswd' });
    cleanups.push(() => registry.stop());
    repo = { registry: registry.host, repository: 'auth/basic' };
  });

  it('pushes and pulls with registry-username/registry-password', async () => {
    const client = clientWith({ explicit: registry.credentials! });
    const image = await pushTestImage(client, repo, { tag: 'v1' });
    expect(await client.resolveDigest(repo, 'v1')).toBe(image.digest);
  });

  it('pushes with the auth of a docker config, and explicit inputs take precedence over it', async () => {
    const { username, password } = registry.credentials!;
    const good = await dockerConfig({
      auths: { [`http://${registry.host}/v2/`]: { auth: basicAuth(username, password) } },
    });
    await pushTestImage(clientWith({ dockerConfig: good }), repo, { tag: 'from-config' });
    const error = await failure(
      clientWith({ dockerConfig: good, explicit: { username, password: 'not-it' } }).resolveDigest(
        repo,
        'v1',
      ),
    );
    expect(error.code).toBe('REGISTRY_AUTH');
  });

  it('says REGISTRY_AUTH naming registry-password for a wrong password', async () => {
    const client = clientWith({ explicit: { username: registry.credentials!.username, password: 'wrong' } });
    const error = await failure(client.getManifest(repo, 'v1'));
    expect(error.code).toBe('REGISTRY_AUTH');
    expect(error.input).toBe('registry-password');
    expect(error.message).toContain(
      `registry ${registry.host} rejected the credentials from registry-username`,
    );
    expect(error.message).not.toContain('wrong');
  });

  it('says REGISTRY_AUTH (log in) without any credentials', async () => {
    const error = await failure(clientWith({}).getManifest(repo, 'v1'));
    expect(error.code).toBe('REGISTRY_AUTH');
    expect(error.message).toContain('requires authentication and no credentials were found');
    expect(error.hint).toContain(`docker login ${registry.host}`);
  });
});

describe('token registry (Bearer via the token service)', () => {
  let tokens: StartedTokenServer;
  let registry: StartedRegistry;
  let repo: RepositoryRef;
  beforeAll(async () => {
    tokens = await startTokenServer({
      users: [
        { username: 'writer', password: 'writer-password-1' },
        { username: 'reader', password: 'reader-password-1', actions: ['pull'] },
      ],
    });
    cleanups.push(() => tokens.stop());
    registry = await startRegistry({ auth: { token: tokens.config } });
    cleanups.push(() => registry.stop());
    repo = { registry: registry.host, repository: 'auth/bearer' };
  });

  it('pushes and pulls with credentials from a docker config, reusing cached tokens', async () => {
    const config = await dockerConfig({
      auths: { [registry.host]: { auth: basicAuth('writer', 'writer-password-1') } },
    });
    const client = clientWith({ dockerConfig: config });
    const image = await pushTestImage(client, repo, { tag: 'v1' });
    const issuedAfterPush = tokens.stats.get;
    for (let i = 0; i < 5; i++) expect(await client.resolveDigest(repo, 'v1')).toBe(image.digest);
    expect(await client.getBlob(repo, image.config.digest)).toHaveLength(image.config.size);
    // one pull token serves all reads: at most one more token was issued
    expect(tokens.stats.get - issuedAfterPush).toBeLessThanOrEqual(1);
    expect(issuedAfterPush).toBeLessThanOrEqual(3);
  });

  it('exchanges a docker identitytoken for access tokens (OAuth2 refresh_token)', async () => {
    const config = await dockerConfig({
      auths: { [registry.host]: { identitytoken: tokens.identityToken } },
    });
    const before = tokens.stats.post;
    const image = await pushTestImage(clientWith({ dockerConfig: config }), repo, {
      tag: 'via-identity-token',
    });
    expect(tokens.stats.post).toBeGreaterThan(before);
    expect(await clientWith({ dockerConfig: config }).resolveDigest(repo, 'via-identity-token')).toBe(
      image.digest,
    );
  });

  it('says REGISTRY_AUTH for a wrong password, naming the docker config and docker login', async () => {
    const config = await dockerConfig({ auths: { [registry.host]: { auth: basicAuth('writer', 'nope') } } });
    const error = await failure(clientWith({ dockerConfig: config }).getManifest(repo, 'v1'));
    expect(error.code).toBe('REGISTRY_AUTH');
    expect(error.message).toContain(`rejected the credentials from docker config ${config.path}`);
    expect(error.hint).toContain('docker login');
  });

  it('says REGISTRY_DENIED when valid credentials lack push access', async () => {
    const client = clientWith({ explicit: { username: 'reader', password: 'reader-password-1' } });
    expect(await client.resolveDigest(repo, 'v1')).toMatch(/^sha256:/);
    const error = await failure(client.putBlob(repo, Buffer.from('reader cannot push this')));
    expect(error.code).toBe('REGISTRY_DENIED');
    expect(error.message).toContain(`repository:${repo.repository}:pull,push`);
  });

  it('gets credentials from a credential helper found on the PATH given to exec', async () => {
    const dir = await writeCredentialHelpers({
      sigiltest: helperKnowing(registry.host, 'writer', 'writer-password-1'),
    });
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const config = await dockerConfig({ credHelpers: { [registry.host]: 'sigiltest' } });
    const exec = processExec({ env: { PATH: `${dir}:/usr/bin:/bin` } });
    const client = clientWith({ dockerConfig: config, exec });
    await pushTestImage(client, repo, { tag: 'via-helper' });
    expect(await client.resolveDigest(repo, 'via-helper')).toMatch(/^sha256:/);

    const store = await dockerConfig({ credsStore: 'sigiltest' });
    expect(await clientWith({ dockerConfig: store, exec }).resolveDigest(repo, 'via-helper')).toMatch(
      /^sha256:/,
    );
  });

  it('says CREDENTIAL_HELPER when the configured helper is not installed', async () => {
    const config = await dockerConfig({ credHelpers: { [registry.host]: 'absent' } });
    const exec = processExec({ env: { PATH: '/nonexistent' } });
    const error = await failure(clientWith({ dockerConfig: config, exec }).getManifest(repo, 'v1'));
    expect(error.code).toBe('CREDENTIAL_HELPER');
    expect(error.message).toBe('docker-credential-absent is not on PATH');
  });
});
