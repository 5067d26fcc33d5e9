import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SigilError } from '@sigil/core';
import { startTufRepository } from '@sigil/testing/tuf-repository';
import { InputReader, SecretMasker, readSigningKey, readTlogUpload } from '../src/index.js';

const workspace = mkdtempSync(path.join(tmpdir(), 'keyless-inputs-'));
const service = (url: string) => ({
  url,
  majorApiVersion: 1,
  validFor: { start: '2024-01-01T00:00:00Z' },
  operator: 'example',
});
const config = (extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    mediaType: 'application/vnd.dev.sigstore.signingconfig.v0.2+json',
    caUrls: [service('https://fulcio.corp.example')],
    oidcUrls: [],
    rekorTlogUrls: [service('https://rekor.corp.example')],
    tsaUrls: [service('https://tsa.corp.example/api/v1/timestamp')],
    rekorTlogConfig: { selector: 'ANY' },
    tsaConfig: { selector: 'ANY' },
    ...extra,
  });
writeFileSync(path.join(workspace, 'signing_config.json'), config());
writeFileSync(
  path.join(workspace, 'tsa-only.json'),
  config({ rekorTlogUrls: [], rekorTlogConfig: { selector: 'ANY' } }),
);
writeFileSync(path.join(workspace, 'duplicate.json'), '{"mediaType":"a","mediaType":"b"}');
const rekorV2 = { ...service('https://log2026-1.rekor.corp.example'), majorApiVersion: 2 };
writeFileSync(
  path.join(workspace, 'rekor-v2.json'),
  config({ rekorTlogUrls: [service('https://rekor.corp.example'), rekorV2] }),
);
writeFileSync(
  path.join(workspace, 'rekor-v2-no-tsa.json'),
  config({ rekorTlogUrls: [rekorV2], tsaUrls: [] }),
);

const RUNNER = {
  ACTIONS_ID_TOKEN_REQUEST_URL: 'https://pipelines.example/idtoken?api-version=2',
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'request-token-secret',
};

function read(inputs: Record<string, string>, env: Record<string, string> = RUNNER) {
  const masked: string[] = [];
  const secrets = new SecretMasker((value) => masked.push(value));
  const reader = new InputReader((name) => inputs[name] ?? '', secrets);
  const environment = { workspace, variable: (name: string) => env[name] };
  return {
    masked,
    key: readSigningKey(reader, environment, secrets).then((key) => readTlogUpload(reader, key, 'bundle')),
  };
}

async function refusal(inputs: Record<string, string>): Promise<SigilError> {
  try {
    await read(inputs).key;
  } catch (error) {
    if (error instanceof SigilError) return error;
    throw error;
  }
  throw new Error('expected the inputs to be refused');
}

describe('keyless signing inputs (no `key`)', () => {
  it('discovers the services through TUF: the public-good signing config by default, a private one with tuf-url', async () => {
    // Where the network reaches the public-good TUF repository its signing config loads; here it does not.
    const outcome = await read({}).key.then(
      (key) => (key.engine === 'keyless' ? key.servicesFrom : key.engine),
      (error: unknown) => (error instanceof SigilError ? `${error.code}: ${error.message}` : String(error)),
    );
    expect(outcome).toMatch(
      /^(tuf:public-good|TRUST_ROOT_UNAVAILABLE: the signing config .*tuf-repo-cdn\.sigstore\.dev)/,
    );
    const repository = await startTufRepository({
      dir: workspace,
      targets: { 'signing_config.v0.2.json': config() },
    });
    try {
      const { key, masked } = read({
        'tuf-url': repository.url,
        'tuf-root': path.basename(repository.rootPath),
      });
      expect(await key).toEqual({
        engine: 'keyless',
        source: 'keyless',
        audience: 'sigstore',
        services: {
          fulcioURL: 'https://fulcio.corp.example',
          rekorURL: 'https://rekor.corp.example',
          rekorVersion: 1,
          tsaURL: 'https://tsa.corp.example/api/v1/timestamp',
        },
        servicesFrom: `tuf:${repository.url}`,
        tokenRequest: {
          url: RUNNER.ACTIONS_ID_TOKEN_REQUEST_URL,
          token: RUNNER.ACTIONS_ID_TOKEN_REQUEST_TOKEN,
        },
      });
      expect(masked).toContain(RUNNER.ACTIONS_ID_TOKEN_REQUEST_TOKEN);
      // A fresh runner (no TUF cache) downloads the target again, which no longer matches its signed metadata.
      rmSync(path.join(workspace, 'sigil-tuf'), { recursive: true, force: true });
      repository.tamper(
        'targets/signing_config.v0.2.json',
        config({ caUrls: [service('https://fulcio.attacker.example')] }),
      );
      await expect(
        read({ 'tuf-url': repository.url, 'tuf-root': repository.rootPath }).key,
      ).rejects.toMatchObject({ code: 'TRUST_ROOT_UNAVAILABLE' });
    } finally {
      await repository.stop();
    }
  });

  it('takes a private Sigstore from the URL inputs, and a TSA-only one with `tlog-upload: false`', async () => {
    expect(
      await read({
        'fulcio-url': 'https://fulcio.corp.example',
        'rekor-url': 'https://rekor.corp.example',
        'tsa-url': 'https://tsa.corp.example/api/v1/timestamp',
        'oidc-audience': 'corp-sigstore',
      }).key,
    ).toMatchObject({
      audience: 'corp-sigstore',
      servicesFrom: 'inputs',
      services: {
        fulcioURL: 'https://fulcio.corp.example',
        rekorURL: 'https://rekor.corp.example',
        tsaURL: 'https://tsa.corp.example/api/v1/timestamp',
      },
    });
    const tsaOnly = await read({
      'tlog-upload': 'false',
      'tsa-url': 'https://tsa.corp.example/api/v1/timestamp',
    }).key;
    expect(tsaOnly).toMatchObject({
      services: {
        fulcioURL: 'https://fulcio.sigstore.dev',
        tsaURL: 'https://tsa.corp.example/api/v1/timestamp',
      },
    });
    expect(tsaOnly.engine === 'keyless' && tsaOnly.services.rekorURL).toBeUndefined();
  });

  it('reads every service from `signing-config`, and drops its log with `tlog-upload: false`', async () => {
    expect(await read({ 'signing-config': 'signing_config.json' }).key).toMatchObject({
      servicesFrom: 'signing-config',
      services: {
        fulcioURL: 'https://fulcio.corp.example',
        rekorURL: 'https://rekor.corp.example',
        tsaURL: 'https://tsa.corp.example/api/v1/timestamp',
      },
    });
    const unlogged = await read({ 'signing-config': 'signing_config.json', 'tlog-upload': 'false' }).key;
    expect(unlogged.engine === 'keyless' && unlogged.services).toEqual({
      fulcioURL: 'https://fulcio.corp.example',
      tsaURL: 'https://tsa.corp.example/api/v1/timestamp',
    });
  });

  it('takes the Rekor v2 log of a signing config that lists v1 and v2 (as cosign v3), with its TSA', async () => {
    expect(await read({ 'signing-config': 'rekor-v2.json' }).key).toMatchObject({
      services: {
        rekorURL: 'https://log2026-1.rekor.corp.example',
        rekorVersion: 2,
        tsaURL: 'https://tsa.corp.example/api/v1/timestamp',
      },
    });
  });

  it.each([
    ['a key password', { 'key-password': 'x' }, 'INPUT_INVALID', 'key-password'],
    [
      'a Rekor v2 log without a TSA (nothing would date the signature)',
      { 'signing-config': 'rekor-v2-no-tsa.json' },
      'INPUT_INVALID',
      'signing-config',
    ],
    ['engine: cosign', { engine: 'cosign' }, 'NOT_YET_SUPPORTED', 'engine'],
    ['an audience with a space', { 'oidc-audience': 'sig store' }, 'INPUT_INVALID', 'oidc-audience'],
    ['an http Fulcio', { 'fulcio-url': 'http://fulcio.example' }, 'INPUT_INVALID', 'fulcio-url'],
    [
      'signing-config with a URL input',
      { 'signing-config': 'signing_config.json', 'fulcio-url': 'https://fulcio.example' },
      'INPUT_INVALID',
      'fulcio-url',
    ],
    ['a missing signing config', { 'signing-config': 'absent.json' }, 'INPUT_INVALID', 'signing-config'],
    [
      'duplicate keys in the config',
      { 'signing-config': 'duplicate.json' },
      'SIGNING_CONFIG_INVALID',
      'signing-config',
    ],
    [
      'a config without a log, logging',
      { 'signing-config': 'tsa-only.json' },
      'INPUT_INVALID',
      'tlog-upload',
    ],
    [
      'no log and no TSA',
      { 'tlog-upload': 'false', 'fulcio-url': 'https://fulcio.example' },
      'INPUT_INVALID',
      'tlog-upload',
    ],
    ['tuf-url without tuf-root', { 'tuf-url': 'https://tuf.example' }, 'INPUT_INVALID', 'tuf-root'],
    ['tuf-root without tuf-url', { 'tuf-root': 'signing_config.json' }, 'INPUT_INVALID', 'tuf-url'],
    [
      'tuf-url with fulcio-url',
      {
        'tuf-url': 'https://tuf.example',
        'tuf-root': 'signing_config.json',
        'fulcio-url': 'https://f.example',
      },
      'INPUT_INVALID',
      'fulcio-url',
    ],
    [
      'a tuf-root that is not a file',
      { 'tuf-url': 'https://tuf.example', 'tuf-root': 'absent.json' },
      'INPUT_INVALID',
      'tuf-root',
    ],
    [
      'rekor-url with tlog-upload false',
      { 'tlog-upload': 'false', 'rekor-url': 'https://rekor.example', 'tsa-url': 'https://tsa.example' },
      'INPUT_INVALID',
      'rekor-url',
    ],
  ])('refuses %s, naming the input', async (_case, inputs, code, input) => {
    expect(await refusal(inputs)).toMatchObject({ code, input });
  });

  it('masks a key password given without a key before refusing it', async () => {
    const { key, masked } = read({ 'key-password': 'hunter2-secret' });
    await expect(key).rejects.toMatchObject({ code: 'INPUT_INVALID', input: 'key-password' });
    expect(masked).toContain('hunter2-secret');
  });

  it('reads no token request when the job has no id-token permission (the engine names it when signing)', async () => {
    const { key } = read({ 'fulcio-url': 'https://fulcio.example' }, {});
    expect(await key).toMatchObject({ engine: 'keyless', tokenRequest: {} });
  });
});
