import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createCredentialSource, parseDockerConfig, processExec } from '@sigil/oci';
import { credentialFromHelper, type ExecFunction } from '../src/credential-helper.js';
import { rm } from 'node:fs/promises';
import { helperKnowing, writeCredentialHelpers } from './helper-scripts.js';
import { failure } from './sigil-failure.js';

let dir: string;
let exec: ExecFunction;

beforeAll(async () => {
  dir = await writeCredentialHelpers({
    good: helperKnowing('ghcr.io', 'octocat', 's3cret-value'),
    hub: helperKnowing('https://index.docker.io/v1/', 'hubuser', 'hub-secret'),
    token: helperKnowing('acr.example.com', '<token>', 'refresh-token-value'),
    broken: 'echo "keychain locked" >&2; exit 2',
    chatty: 'echo "not json: s3cret-value"',
    partial: `echo '{"Username":"u"}'`,
  });
  exec = processExec({ env: { PATH: `${dir}:/usr/bin:/bin` } });
});

afterAll(() => rm(dir, { recursive: true, force: true }));

describe('credentialFromHelper', () => {
  it('reads Username and Secret', async () => {
    expect(await credentialFromHelper('good', 'ghcr.io', exec)).toEqual({
      kind: 'basic',
      username: 'octocat',
      password: 's3cret-value',
      source: 'credential helper docker-credential-good',
    });
  });

  it('treats a <token> username as an identity token', async () => {
    expect(await credentialFromHelper('token', 'acr.example.com', exec)).toEqual({
      kind: 'identity-token',
      token: 'refresh-token-value',
      source: 'credential helper docker-credential-token',
    });
  });

  it('answers undefined when the helper has no credentials for the server', async () => {
    expect(await credentialFromHelper('good', 'quay.io', exec)).toBeUndefined();
  });

  it('reports a failing helper with its message', async () => {
    const error = await failure(credentialFromHelper('broken', 'ghcr.io', exec));
    expect(error.code).toBe('CREDENTIAL_HELPER');
    expect(error.message).toBe('docker-credential-broken get failed for ghcr.io (exit 2): keychain locked');
  });

  it('never quotes output that is not JSON (it may hold the secret)', async () => {
    const error = await failure(credentialFromHelper('chatty', 'ghcr.io', exec));
    expect(error.code).toBe('CREDENTIAL_HELPER');
    expect(error.message).not.toContain('s3cret');
  });

  it('rejects output without Username and Secret', async () => {
    expect((await failure(credentialFromHelper('partial', 'ghcr.io', exec))).message).toContain(
      'did not print {"Username","Secret"}',
    );
  });

  it('says which helper is missing', async () => {
    const error = await failure(credentialFromHelper('nowhere', 'ghcr.io', exec));
    expect(error.code).toBe('CREDENTIAL_HELPER');
    expect(error.message).toBe('docker-credential-nowhere is not on PATH');
  });

  it('refuses helper names that could escape the docker-credential- prefix', async () => {
    expect((await failure(credentialFromHelper('../../bin/sh', 'ghcr.io', exec))).code).toBe(
      'CREDENTIAL_HELPER',
    );
  });
});

describe('createCredentialSource', () => {
  const config = parseDockerConfig(
    JSON.stringify({
      auths: {
        'ghcr.io': { auth: Buffer.from('from:auths').toString('base64') },
        'quay.io': { auth: Buffer.from('quay:auths').toString('base64') },
      },
      credHelpers: { 'ghcr.io': 'good' },
      credsStore: 'hub',
    }),
    '/cfg/config.json',
  );

  it('prefers explicit inputs for every registry', async () => {
    const source = createCredentialSource({
      explicit: { username: 'x', password: 'y' },
      dockerConfig: config,
      exec,
    });
    expect(await source('ghcr.io')).toMatchObject({
      username: 'x',
      source: 'registry-username/registry-password',
    });
    expect(await source('quay.io')).toMatchObject({ username: 'x' });
  });

  it('uses credHelpers, then credsStore, then auths', async () => {
    const source = createCredentialSource({ dockerConfig: config, exec });
    expect(await source('ghcr.io')).toMatchObject({ username: 'octocat', password: 's3cret-value' });
    expect(await source('docker.io')).toMatchObject({ username: 'hubuser', password: 'hub-secret' });
    expect(await source('quay.io')).toMatchObject({ username: 'quay', password: 'auths' });
    expect(await source('example.com')).toBeUndefined();
  });

  it('is anonymous without inputs or config', async () => {
    expect(await createCredentialSource({})('ghcr.io')).toBeUndefined();
  });
});
