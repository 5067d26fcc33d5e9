import { describe, expect, it } from '@jest/globals';
import { InputReader, SecretMasker } from '@sigil/toolkit';
import { COSIGN_DEFAULT_VERSION, COSIGN_RELEASES_URL } from '@sigil/toolkit/tool-install';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { readInstallCosignInputs } from '../src/inputs.js';
import { refusalOf, type Refusal } from '@sigil/testing';

const environment = { workspace: '/home/runner/work/app/app', home: '/home/runner' };
const SHA = 'ab'.repeat(32);

function read(values: Record<string, string> = {}) {
  const reader = new InputReader((name) => values[name] ?? '', new SecretMasker(() => undefined));
  return readInstallCosignInputs(reader, environment);
}

function refusal(values: Record<string, string>): Refusal {
  return refusalOf(() => read(values));
}

describe('install-cosign inputs', () => {
  it('defaults to the pinned release from upstream, verified by checksum, in the tool cache', () => {
    const inputs = read();
    expect(inputs).toEqual({
      version: COSIGN_DEFAULT_VERSION,
      downloadUrl: COSIGN_RELEASES_URL,
      checksum: undefined,
      verify: 'checksum',
      installDir: undefined,
    });
    expect(Object.isFrozen(inputs)).toBe(true);
  });

  it("action.yml's defaults are the ones the code falls back to", () => {
    const actionYml = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'action.yml');
    const declared = (
      parseYaml(readFileSync(actionYml, 'utf8')) as { inputs: Record<string, { default?: string }> }
    ).inputs;
    expect({
      version: declared['cosign-version']?.default,
      downloadUrl: declared['download-url']?.default,
      verify: declared.verify?.default,
    }).toEqual({ version: COSIGN_DEFAULT_VERSION, downloadUrl: COSIGN_RELEASES_URL, verify: 'checksum' });
  });

  it('reads every input', () => {
    expect(
      read({
        'cosign-version': 'v2.6.5',
        'download-url': 'https://mirror.example.com/cosign/',
        checksum: SHA,
        verify: 'signature',
        'install-dir': 'bin',
      }),
    ).toEqual({
      version: 'v2.6.5',
      downloadUrl: 'https://mirror.example.com/cosign',
      checksum: SHA,
      verify: 'signature',
      installDir: '/home/runner/work/app/app/bin',
    });
  });

  it.each([
    'v3.1.3',
    'v0.6.0',
    'v10.20.30',
    'v3.1.3-rc.1',
    'v3.0.0-beta.2',
    'v1.0.0-0.3.7',
    'v1.0.0-x-y-z.--',
  ])('takes the release tag %s', (version) => {
    expect(read({ 'cosign-version': version }).version).toBe(version);
  });

  it('refuses a version without its leading v, suggesting it', () => {
    expect(refusal({ 'cosign-version': '3.1.3' })).toMatchObject({
      code: 'INPUT_INVALID',
      input: 'cosign-version',
      message: expect.stringContaining('got "3.1.3" (did you mean v3.1.3?)'),
    });
  });

  it.each([
    'latest',
    'v3',
    'v3.1',
    'v3.1.3.4',
    'v03.1.3',
    'V3.1.3',
    'v3.1.3+build.5',
    'v3.1.3-',
    'v3.1.3-rc.01',
    '../v3.1.3',
    'v3.1.3/x',
  ])('refuses %s as a cosign-version', (version) => {
    expect(refusal({ 'cosign-version': version })).toMatchObject({
      code: 'INPUT_INVALID',
      input: 'cosign-version',
      message: expect.stringContaining('must be a release tag such as v3.1.3'),
    });
  });

  it.each([
    ['upper-case hex', SHA.toUpperCase()],
    ['a sha256: prefix', `sha256:${SHA}`],
    ['63 digits', SHA.slice(1)],
    ['a file line', `${SHA}  cosign-linux-amd64`],
  ])('refuses a checksum with %s', (_name, checksum) => {
    expect(refusal({ checksum })).toMatchObject({
      code: 'INPUT_INVALID',
      input: 'checksum',
      message: expect.stringContaining('must be a sha256 as 64 lower-case hex digits'),
    });
  });

  it('refuses a verify mode it does not know', () => {
    expect(refusal({ verify: 'none' })).toMatchObject({ code: 'INPUT_INVALID', input: 'verify' });
  });

  it('refuses a plain-http mirror that is not on loopback', () => {
    expect(refusal({ 'download-url': 'http://mirror.example.com/cosign' })).toMatchObject({
      code: 'INPUT_INVALID',
      input: 'download-url',
    });
  });

  it.each([
    ['/opt/cosign', '/opt/cosign'],
    ['tools/bin', '/home/runner/work/app/app/tools/bin'],
    ['~', '/home/runner'],
    ['~/.cosign', '/home/runner/.cosign'],
  ])('resolves install-dir %s to %s', (given, resolved) => {
    expect(read({ 'install-dir': given }).installDir).toBe(resolved);
  });

  it("refuses another user's home in install-dir", () => {
    expect(refusal({ 'install-dir': '~root/bin' })).toMatchObject({
      code: 'INPUT_INVALID',
      input: 'install-dir',
    });
  });
});
