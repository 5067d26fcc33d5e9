import { describe, expect, it } from '@jest/globals';
import { generateKeyPair } from '@sigil/keys';
import { SigilError } from '@sigil/core';
import { InputReader, SecretMasker } from '@sigil/toolkit';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readSignImageInputs } from '../src/inputs.js';

const workspace = mkdtempSync(path.join(tmpdir(), 'sign-inputs-'));
const PASSWORD = 'correct horse';
const pair = await generateKeyPair(PASSWORD, { format: 'legacy' });
writeFileSync(path.join(workspace, 'cosign.key'), pair.privateKeyPem);
writeFileSync(path.join(workspace, 'not-a-key.txt'), 'hello\n');
const DIGEST = `sha256:${'a'.repeat(64)}`;

interface Setup {
  inputs?: Record<string, string>;
  env?: Record<string, string>;
}

function reading({ inputs = {}, env = {} }: Setup) {
  const masked: string[] = [];
  const secrets = new SecretMasker((value) => masked.push(value));
  const values: Record<string, string> = {
    images: `registry.example/team/app@${DIGEST}`,
    key: 'cosign.key',
    'key-password': PASSWORD,
    ...inputs,
  };
  const reader = new InputReader((name) => values[name] ?? '', secrets);
  const environment = { workspace, variable: (name: string) => env[name] };
  return { read: () => readSignImageInputs(reader, environment, secrets), masked };
}

async function failure(setup: Setup): Promise<{ code: string; input: string | undefined; message: string }> {
  try {
    await reading(setup).read();
  } catch (error) {
    if (error instanceof SigilError) return { code: error.code, input: error.input, message: error.message };
    throw error;
  }
  throw new Error('expected the inputs to be refused');
}

describe('sign-image inputs', () => {
  it('reads a typed, frozen inputs object with defaults', async () => {
    const { read, masked } = reading({
      inputs: {
        images: `# release\nregistry.example/team/app:v1, registry.example/team/app@${DIGEST}\n\nlocalhost:5000/x/y:latest`,
        annotations: 'git-sha=abc123\nteam=payments',
      },
    });
    const inputs = await read();
    expect(inputs.images.map((entry) => entry.image)).toEqual([
      'registry.example/team/app:v1',
      `registry.example/team/app@${DIGEST}`,
      'localhost:5000/x/y:latest',
    ]);
    expect(inputs.images[0]?.reference).toEqual({
      registry: 'registry.example',
      repository: 'team/app',
      tag: 'v1',
    });
    expect(inputs.key).toMatchObject({ engine: 'native', source: 'file:cosign.key' });
    expect(inputs.key.engine === 'native' && inputs.key.key.publicKey.pem).toBe(pair.publicKeyPem);
    expect(inputs.annotations).toEqual({ 'git-sha': 'abc123', team: 'payments' });
    expect([inputs.recursive, inputs.showSummary]).toEqual([false, true]);
    expect(inputs.registry).toEqual({
      credentials: undefined,
      insecureRegistries: [],
      concurrency: 8,
      timeoutSeconds: 600,
    });
    expect(Object.isFrozen(inputs)).toBe(true);
    expect(masked).toContain(PASSWORD);
  });

  it('takes the key from env://NAME and the password from COSIGN_PASSWORD, masking both', async () => {
    const { read, masked } = reading({
      inputs: { key: 'env://COSIGN_KEY', 'key-password': '' },
      env: { COSIGN_KEY: pair.privateKeyPem, COSIGN_PASSWORD: PASSWORD },
    });
    const inputs = await read();
    expect(inputs.key.source).toBe('env:COSIGN_KEY');
    expect(masked).toContain(PASSWORD);
    expect(masked).toContain(pair.privateKeyPem.trim());
  });

  it.each([
    ['a malformed reference', { images: 'registry.example/Team/App:v1' }, 'REFERENCE_INVALID', 'images'],
    [
      'a reference with a bad digest',
      { images: 'registry.example/app@sha256:abc' },
      'REFERENCE_INVALID',
      'images',
    ],
    ['an empty image list', { images: '# nothing\n' }, 'INPUT_INVALID', 'images'],
    ['a key file that is not PEM', { key: 'not-a-key.txt' }, 'KEY_INVALID', 'key'],
    ['a key file that does not exist', { key: 'missing.key' }, 'INPUT_INVALID', 'key'],
    ['the wrong password', { 'key-password': 'wrong' }, 'KEY_PASSWORD', 'key-password'],
    ['an env:// key whose variable is unset', { key: 'env://NOPE' }, 'INPUT_INVALID', 'key'],
    ['an env:// key with a bad name', { key: 'env://1BAD' }, 'INPUT_INVALID', 'key'],
    ['an unknown key URI', { key: 'pkcs11://token' }, 'INPUT_INVALID', 'key'],
    ['recursive that is not a boolean', { recursive: 'yes' }, 'INPUT_INVALID', 'recursive'],
    ['show-summary that is not a boolean', { 'show-summary': 'on' }, 'INPUT_INVALID', 'show-summary'],
    ['concurrency 0', { concurrency: '0' }, 'INPUT_INVALID', 'concurrency'],
    ['concurrency that is not a number', { concurrency: 'many' }, 'INPUT_INVALID', 'concurrency'],
    ['timeout-seconds that is negative', { 'timeout-seconds': '-5' }, 'INPUT_INVALID', 'timeout-seconds'],
    ['an annotation line without =', { annotations: 'team payments' }, 'INPUT_INVALID', 'annotations'],
    [
      'the reserved annotation timestamp (an integer in the payload)',
      { annotations: 'team=payments\ntimestamp=1700000000' },
      'INPUT_INVALID',
      'annotations',
    ],
    ['a username without password', { 'registry-username': 'bot' }, 'INPUT_INVALID', 'registry-password'],
    ['a password without username', { 'registry-password': 's3cret' }, 'INPUT_INVALID', 'registry-username'],
    [
      'an insecure registry with a scheme',
      { 'insecure-registries': 'http://reg:5000' },
      'INPUT_INVALID',
      'insecure-registries',
    ],
  ])('refuses %s, naming the input', async (_case, inputs, code, input) => {
    expect(await failure({ inputs })).toMatchObject({ code, input });
  });

  it.each([
    ['awskms', 'awskms:///alias/release'],
    ['gcpkms', 'gcpkms://projects/p/locations/l/keyRings/r/cryptoKeys/k'],
    ['azurekms', 'azurekms://vault.vault.azure.net/key'],
    ['hashivault', 'hashivault://release'],
    ['k8s', 'k8s://ci/cosign'],
  ])('hands a %s key to the cosign engine verbatim, whatever `engine` says', async (scheme, key) => {
    const inputs = await reading({ inputs: { key, engine: 'native', 'key-password': '' } }).read();
    expect(inputs.key).toEqual({
      engine: 'cosign',
      key: { kind: 'kms', scheme, uri: key },
      source: key,
      chosenBy: { kms: scheme },
    });
  });

  it.each([
    ['an AWS alias without the /// root', 'awskms://alias/release'],
    ['a GCP key without its key ring', 'gcpkms://projects/p/locations/l/cryptoKeys/k'],
    ['a Kubernetes secret without a namespace', 'k8s://cosign'],
    ['a Kubernetes namespace in capitals', 'k8s://CI/cosign'],
    ['an upper-case scheme', 'AWSKMS:///alias/release'],
  ])('refuses %s, naming `key`', async (_case, key) => {
    expect(await failure({ inputs: { key } })).toMatchObject({ code: 'INPUT_INVALID', input: 'key' });
  });

  it('with `engine: cosign`, leaves a key file to cosign: its absolute path and the password, not decrypted', async () => {
    const { read, masked } = reading({ inputs: { engine: 'cosign', 'key-password': 'not checked here' } });
    const inputs = await read();
    expect(inputs.key).toEqual({
      engine: 'cosign',
      key: { kind: 'file', path: path.join(workspace, 'cosign.key') },
      password: 'not checked here',
      source: 'file:cosign.key',
      chosenBy: { input: 'engine' },
    });
    expect(masked).toContain('not checked here');
  });

  it('with `engine: cosign`, passes an env:// key by name with its PEM (masked) for cosign to read', async () => {
    const { read, masked } = reading({
      inputs: { engine: 'cosign', key: 'env://COSIGN_KEY', 'key-password': '' },
      env: { COSIGN_KEY: pair.privateKeyPem, COSIGN_PASSWORD: PASSWORD },
    });
    expect(await read()).toMatchObject({
      key: {
        engine: 'cosign',
        key: { kind: 'env', name: 'COSIGN_KEY' },
        keyText: pair.privateKeyPem,
        password: PASSWORD,
        source: 'env:COSIGN_KEY',
      },
    });
    expect(masked).toEqual(expect.arrayContaining([PASSWORD, pair.privateKeyPem.trim()]));
  });

  it('refuses an engine it does not know, naming `engine`', async () => {
    expect(await failure({ inputs: { engine: 'podman' } })).toMatchObject({
      code: 'INPUT_INVALID',
      input: 'engine',
    });
  });

  it('signs keyless when no key is given: bundles by default, the token request masked, legacy on request', async () => {
    const env = {
      ACTIONS_ID_TOKEN_REQUEST_URL: 'https://token.example/x?a=1',
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'req-tok',
    };
    const keyless = { key: '', 'key-password': '', 'fulcio-url': 'https://fulcio.corp.example' };
    const { read, masked } = reading({ inputs: keyless, env });
    const inputs = await read();
    expect(inputs.key).toMatchObject({
      engine: 'keyless',
      audience: 'sigstore',
      servicesFrom: 'inputs',
      services: { fulcioURL: 'https://fulcio.corp.example', rekorURL: 'https://rekor.sigstore.dev' },
    });
    expect(inputs.signatureFormat).toBe('bundle');
    expect(masked).toContain('req-tok');
    const legacy = await reading({
      inputs: { ...keyless, 'signature-format': 'legacy' },
      env,
    }).read();
    expect(legacy.signatureFormat).toBe('legacy');
    expect(await failure({ inputs: { key: '' } })).toMatchObject({
      code: 'INPUT_INVALID',
      input: 'key-password',
    });
  });

  it('refuses key material pasted into `key`, masking it first', async () => {
    const { read, masked } = reading({ inputs: { key: pair.privateKeyPem } });
    await expect(read()).rejects.toMatchObject({ code: 'INPUT_INVALID', input: 'key' });
    const bodyLine = pair.privateKeyPem.split('\n')[1] ?? '';
    expect(masked).toContain(bodyLine);
  });
});
