import { describe, expect, it } from '@jest/globals';
import { InputReader, SecretMasker } from '@sigil/toolkit';
import { SYFT_DEFAULT_VERSION, SYFT_RELEASES_URL } from '@sigil/toolkit/tool-install';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { readInstallSyftInputs } from '../src/inputs.js';
import { refusalOf, type Refusal } from '@sigil/testing';

const environment = { workspace: '/home/runner/work/app/app', home: '/home/runner' };
const SHA = 'ab'.repeat(32);

function read(values: Record<string, string> = {}) {
  const reader = new InputReader((name) => values[name] ?? '', new SecretMasker(() => undefined));
  return readInstallSyftInputs(reader, environment);
}

function refusal(values: Record<string, string>): Refusal {
  return refusalOf(() => read(values));
}

describe('install-syft inputs', () => {
  it('defaults to the tested release from upstream, verified through its signed checksums, in the tool cache', () => {
    const inputs = read();
    expect(inputs).toEqual({
      version: 'v1.57.0',
      downloadUrl: 'https://github.com/anchore/syft/releases/download',
      checksum: undefined,
      verify: 'signature',
      trustedRoot: undefined,
      installDir: undefined,
    });
    expect(Object.isFrozen(inputs)).toBe(true);
  });

  it("action.yml's defaults are the ones the code falls back to, and the release the tests build", () => {
    const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
    const declared = (
      parseYaml(readFileSync(path.join(root, 'actions', 'install-syft', 'action.yml'), 'utf8')) as {
        inputs: Record<string, { default?: string }>;
      }
    ).inputs;
    const tested = (
      JSON.parse(readFileSync(path.join(root, 'tools', 'versions.json'), 'utf8')) as { syft: string }
    ).syft;
    expect({
      version: declared['syft-version']?.default,
      downloadUrl: declared['download-url']?.default,
      verify: declared.verify?.default,
    }).toEqual({ version: SYFT_DEFAULT_VERSION, downloadUrl: SYFT_RELEASES_URL, verify: 'signature' });
    expect(SYFT_DEFAULT_VERSION).toBe(tested);
  });

  it('reads every input', () => {
    expect(
      read({
        'syft-version': 'v1.58.0-rc.1',
        'download-url': 'https://mirror.example.com/syft/',
        checksum: SHA,
        verify: 'signature',
        'trusted-root': 'sigstore/trusted_root.json',
        'install-dir': '~/bin',
      }),
    ).toEqual({
      version: 'v1.58.0-rc.1',
      downloadUrl: 'https://mirror.example.com/syft',
      checksum: SHA,
      verify: 'signature',
      trustedRoot: '/home/runner/work/app/app/sigstore/trusted_root.json',
      installDir: '/home/runner/bin',
    });
  });

  it('takes verify: checksum with a checksum', () => {
    expect(read({ verify: 'checksum', checksum: SHA })).toMatchObject({ verify: 'checksum', checksum: SHA });
  });

  it('keeps an absolute trusted-root as it is', () => {
    expect(read({ 'trusted-root': '/etc/sigstore/trusted_root.json' }).trustedRoot).toBe(
      '/etc/sigstore/trusted_root.json',
    );
  });

  it('refuses a version without its leading v, naming syft-version and suggesting the tag', () => {
    expect(refusal({ 'syft-version': '1.57.0' })).toEqual({
      code: 'INPUT_INVALID',
      input: 'syft-version',
      message:
        'input `syft-version` must be a release tag such as v1.57.0 (vMAJOR.MINOR.PATCH, optionally -prerelease), ' +
        'got "1.57.0" (did you mean v1.57.0?)',
      hint: 'Set `syft-version` to the tag of a syft release, with its leading v, e.g. v1.57.0.',
    });
  });

  it.each(['latest', 'v1', 'v1.57', 'v1.57.0+build', '../v1.57.0'])(
    'refuses %s as a syft-version',
    (version) => {
      expect(refusal({ 'syft-version': version })).toMatchObject({
        code: 'INPUT_INVALID',
        input: 'syft-version',
      });
    },
  );

  it("refuses a checksum that is not 64 lower-case hex, pointing at the release's checksums file", () => {
    expect(refusal({ 'syft-version': 'v1.56.0', checksum: `sha256:${SHA}` })).toEqual({
      code: 'INPUT_INVALID',
      input: 'checksum',
      message: expect.stringContaining('must be a sha256 as 64 lower-case hex digits'),
      hint: "Copy the asset's line from the release's syft_1.56.0_checksums.txt: the 64 hex digits before the file name.",
    });
  });

  it('refuses trusted-root with verify: checksum, which verifies no signature', () => {
    expect(refusal({ verify: 'checksum', checksum: SHA, 'trusted-root': 'root.json' })).toMatchObject({
      code: 'INPUT_INVALID',
      input: 'trusted-root',
    });
  });

  it.each([
    ['verify', { verify: 'none' }],
    ['verify', { verify: 'sigstore' }],
    ['download-url', { 'download-url': 'http://mirror.example.com/syft' }],
    ['install-dir', { 'install-dir': '~root/bin' }],
  ])('refuses a bad %s', (input, values) => {
    expect(refusal(values)).toMatchObject({ code: 'INPUT_INVALID', input });
  });
});
