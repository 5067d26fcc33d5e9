import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SigilError } from '@sigil/core';
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
  it('defaults to the public-good Fulcio and Rekor with the `sigstore` audience, and masks the request token', async () => {
    const { key, masked } = read({});
    expect(await key).toEqual({
      engine: 'keyless',
      source: 'keyless',
      audience: 'sigstore',
      services: { fulcioURL: 'https://fulcio.sigstore.dev', rekorURL: 'https://rekor.sigstore.dev' },
      servicesFrom: 'public-good',
      tokenRequest: {
        url: RUNNER.ACTIONS_ID_TOKEN_REQUEST_URL,
        token: RUNNER.ACTIONS_ID_TOKEN_REQUEST_TOKEN,
      },
    });
    expect(masked).toContain(RUNNER.ACTIONS_ID_TOKEN_REQUEST_TOKEN);
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

  it.each([
    ['a key password', { 'key-password': 'x' }, 'INPUT_INVALID', 'key-password'],
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
    ['no log and no TSA', { 'tlog-upload': 'false' }, 'INPUT_INVALID', 'tlog-upload'],
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
    const { key } = read({}, {});
    expect(await key).toMatchObject({ engine: 'keyless', tokenRequest: {} });
  });
});
