import { describe, expect, it } from '@jest/globals';
import { SigilError } from '@sigil/core';
import { generateKeyPair } from '@sigil/keys';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { InputReader, SecretMasker, readSigningKey, readTlogUpload } from '../src/index.js';

const workspace = mkdtempSync(path.join(tmpdir(), 'tlog-upload-inputs-'));
const PASSWORD = 'correct horse';
const pair = await generateKeyPair(PASSWORD, { format: 'legacy' });
writeFileSync(path.join(workspace, 'cosign.key'), pair.privateKeyPem);
const service = (url: string, majorApiVersion = 1) => ({
  url,
  majorApiVersion,
  validFor: { start: '2024-01-01T00:00:00Z' },
});
/** What a key-based signing config holds: a log and a TSA, no Fulcio. */
const config = (extra: Record<string, unknown>) =>
  JSON.stringify({
    mediaType: 'application/vnd.dev.sigstore.signingconfig.v0.2+json',
    caUrls: [],
    rekorTlogUrls: [
      service('https://rekor.corp.example'),
      service('https://log2026-1.rekor.corp.example', 2),
    ],
    tsaUrls: [service('https://tsa.corp.example/api/v1/timestamp')],
    rekorTlogConfig: { selector: 'ANY' },
    tsaConfig: { selector: 'ANY' },
    ...extra,
  });
writeFileSync(path.join(workspace, 'signing_config.json'), config({}));
writeFileSync(path.join(workspace, 'no-log.json'), config({ rekorTlogUrls: [] }));

async function read(inputs: Record<string, string>) {
  const secrets = new SecretMasker(() => undefined);
  const values: Record<string, string> = { key: 'cosign.key', 'key-password': PASSWORD, ...inputs };
  const reader = new InputReader((name) => values[name] ?? '', secrets);
  const key = await readSigningKey(reader, { workspace, variable: () => undefined }, secrets);
  return readTlogUpload(reader, key, 'bundle');
}

async function refusal(inputs: Record<string, string>): Promise<SigilError> {
  try {
    await read(inputs);
  } catch (error) {
    if (error instanceof SigilError) return error;
    throw error;
  }
  throw new Error('expected the inputs to be refused');
}

describe('tlog-upload with a key and a signing config', () => {
  it('logs in the signing config’s log (Rekor v2 when it lists one) and timestamps with its TSA', async () => {
    expect(await read({ 'tlog-upload': 'true', 'signing-config': 'signing_config.json' })).toMatchObject({
      engine: 'native',
      tlog: {
        rekorURL: 'https://log2026-1.rekor.corp.example',
        rekorVersion: 2,
        tsaURL: 'https://tsa.corp.example/api/v1/timestamp',
      },
    });
  });

  it.each<[string, Record<string, string>, string, string]>([
    [
      'a signing config with nothing uploaded',
      { 'signing-config': 'signing_config.json' },
      'INPUT_INVALID',
      'signing-config',
    ],
    [
      'a signing config with rekor-url',
      {
        'tlog-upload': 'true',
        'signing-config': 'signing_config.json',
        'rekor-url': 'https://rekor.example',
      },
      'INPUT_INVALID',
      'rekor-url',
    ],
    [
      'a signing config without a log',
      { 'tlog-upload': 'true', 'signing-config': 'no-log.json' },
      'INPUT_INVALID',
      'signing-config',
    ],
    [
      'a signing config for the cosign engine',
      { 'tlog-upload': 'true', 'signing-config': 'signing_config.json', engine: 'cosign' },
      'NOT_YET_SUPPORTED',
      'signing-config',
    ],
    [
      'a signing config that cannot be read',
      { 'tlog-upload': 'true', 'signing-config': 'absent.json' },
      'INPUT_INVALID',
      'signing-config',
    ],
  ])('refuses %s, naming the input', async (_, inputs, code, input) => {
    expect(await refusal(inputs)).toMatchObject({ code, input });
  });
});
