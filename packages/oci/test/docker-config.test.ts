import { describe, expect, it } from '@jest/globals';
import { SigilError, causeChain } from '@sigil/core';
import { credentialHelperServerUrl, parseDockerConfig } from '@sigil/oci';
import { credentialFromAuths, dockerConfigHost } from '../src/docker-config.js';

const b64 = (text: string) => Buffer.from(text).toString('base64');

describe('dockerConfigHost', () => {
  it.each([
    ['https://index.docker.io/v1/', 'index.docker.io'],
    ['docker.io', 'index.docker.io'],
    ['registry-1.docker.io', 'index.docker.io'],
    ['https://ghcr.io', 'ghcr.io'],
    ['GHCR.io/v2/', 'ghcr.io'],
    ['http://127.0.0.1:5000/v2/', '127.0.0.1:5000'],
    ['localhost:5000', 'localhost:5000'],
  ])('%s → %s', (key, host) => {
    expect(dockerConfigHost(key)).toBe(host);
  });

  it('uses https://index.docker.io/v1/ as the helper server URL for Docker Hub only', () => {
    expect(credentialHelperServerUrl('index.docker.io')).toBe('https://index.docker.io/v1/');
    expect(credentialHelperServerUrl('ghcr.io')).toBe('ghcr.io');
  });
});

describe('credentialFromAuths', () => {
  const config = parseDockerConfig(
    JSON.stringify({
      auths: {
        'https://index.docker.io/v1/': { auth: b64('hubuser:hub:pass:with:colons') },
        'ghcr.io': { username: 'gh', password: 'ghp_x' },
        'acr.example.com': {
          auth: b64('00000000-0000-0000-0000-000000000000:'),
          identitytoken: 'refresh-me',
        },
        'tok.example.com': { registrytoken: 'bearer-me' },
        'empty.example.com': {},
      },
      credsStore: 'desktop',
    }),
    '/cfg/config.json',
  );
  const source = 'docker config /cfg/config.json';
  it.each([
    ['index.docker.io', { kind: 'basic', username: 'hubuser', password: 'hub:pass:with:colons', source }],
    ['ghcr.io', { kind: 'basic', username: 'gh', password: 'ghp_x', source }],
    ['acr.example.com', { kind: 'identity-token', token: 'refresh-me', source }],
    ['tok.example.com', { kind: 'registry-token', token: 'bearer-me', source }],
    ['empty.example.com', undefined],
    ['quay.io', undefined],
  ])('%s', (registry, credential) => {
    expect(credentialFromAuths(config, registry)).toEqual(credential);
  });
  it('keeps credsStore', () => {
    expect(config.credsStore).toBe('desktop');
  });
});

describe('parseDockerConfig rejects malformed files with REGISTRY_AUTH naming the file', () => {
  it.each([
    ['{', 'is not valid JSON'],
    ['[]', 'is not a JSON object'],
    ['{"auths":[]}', 'has a "auths" that is not an object'],
    ['{"auths":{"ghcr.io":"x"}}', 'auths entry for "ghcr.io" that is not an object'],
    ['{"auths":{"ghcr.io":{"auth":5}}}', 'whose auth is not a string'],
    ['{"credHelpers":{"ghcr.io":1}}', 'credHelpers entry for "ghcr.io" that is not a string'],
    ['{"credsStore":true}', 'credsStore that is not a string'],
  ])('%s', (text, problem) => {
    let error: unknown;
    try {
      parseDockerConfig(text, '/cfg/config.json');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SigilError);
    expect((error as SigilError).code).toBe('REGISTRY_AUTH');
    expect((error as SigilError).message).toMatch(/^the Docker config \/cfg\/config\.json /);
    expect((error as SigilError).message).toContain(problem);
  });

  it('does not quote a credential from a file that is not JSON, in the message or its causes', () => {
    const auth = b64('robot:s3cret-token');
    let error: unknown;
    try {
      parseDockerConfig(`{"auths":{"ghcr.io":{"auth":${auth}}}}`, '/c.json');
    } catch (e) {
      error = e;
    }
    expect((error as SigilError).message).toBe('the Docker config /c.json is not valid JSON');
    expect(causeChain(error).join('\n')).not.toContain(auth.slice(0, 8));
  });

  it('rejects an auth that is not base64 user:password without echoing it', () => {
    const config = parseDockerConfig('{"auths":{"ghcr.io":{"auth":"bm9jb2xvbg=="}}}', '/c.json');
    expect(() => credentialFromAuths(config, 'ghcr.io')).toThrow(
      'the Docker config /c.json has an "auth" for ghcr.io that is not base64 of "user:password"',
    );
  });
});
