import { describe, expect, it } from '@jest/globals';
import { generateKeyPair } from '@sigil/keys';
import { SigilError } from '@sigil/core';
import { InputReader, SecretMasker } from '@sigil/toolkit';
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readAttestSbomInputs } from '../src/inputs.js';

const workspace = mkdtempSync(path.join(tmpdir(), 'sbom-inputs-'));
const tools = mkdtempSync(path.join(tmpdir(), 'sbom-inputs-tools-'));
const noTools = mkdtempSync(path.join(tmpdir(), 'sbom-inputs-empty-'));
const syft = path.join(tools, 'syft');
writeFileSync(syft, '#!/bin/sh\nexit 0\n');
chmodSync(syft, 0o755);
const PASSWORD = 'correct horse';
const pair = await generateKeyPair(PASSWORD, { format: 'legacy' });
writeFileSync(path.join(workspace, 'cosign.key'), pair.privateKeyPem);
writeFileSync(path.join(workspace, 'sbom.spdx.json'), '{}');
mkdirSync(path.join(workspace, 'rootfs'));
const DIGEST = `sha256:${'a'.repeat(64)}`;

function reading(inputs: Record<string, string> = {}, searchPath = tools) {
  const masked: string[] = [];
  const secrets = new SecretMasker((value) => masked.push(value));
  const values: Record<string, string> = {
    images: `registry.example/team/app@${DIGEST}`,
    key: 'cosign.key',
    'key-password': PASSWORD,
    ...inputs,
  };
  const reader = new InputReader((name) => values[name] ?? '', secrets);
  const environment = {
    workspace,
    path: searchPath,
    platform: 'linux' as const,
    variable: () => undefined,
  };
  return { read: () => readAttestSbomInputs(reader, environment, secrets), masked };
}

async function failure(inputs: Record<string, string>, searchPath = tools): Promise<SigilError> {
  try {
    await reading(inputs, searchPath).read();
  } catch (error) {
    if (error instanceof SigilError) return error;
    throw error;
  }
  throw new Error('expected the inputs to be refused');
}

describe('attest-sbom inputs', () => {
  it('scans each image with syft from PATH by default, with the defaults of action.yml', async () => {
    const { read, masked } = reading({ 'max-sbom-bytes': '16MiB', replace: 'true' });
    const inputs = await read();
    expect(inputs.sbom).toEqual({ kind: 'image-scan', syft });
    expect(inputs.predicateType).toBeUndefined();
    expect(inputs.maxSbomBytes).toBe(16 * 1024 * 1024);
    expect([inputs.replace, inputs.showSummary, inputs.key.source]).toEqual([true, true, 'file:cosign.key']);
    expect(inputs.registry).toEqual({
      credentials: undefined,
      insecureRegistries: [],
      concurrency: 8,
      timeoutSeconds: 600,
    });
    expect(Object.isFrozen(inputs)).toBe(true);
    expect(masked).toContain(PASSWORD);
  });

  it('takes a given SBOM file (no syft needed), a custom predicate type and a size in KB', async () => {
    const inputs = await reading(
      {
        sbom: 'sbom.spdx.json',
        'predicate-type': 'https://example.com/sbom/v1',
        'max-sbom-bytes': '100KB',
        replace: 'false',
      },
      noTools,
    ).read();
    expect(inputs.sbom).toEqual({
      kind: 'file',
      path: path.join(workspace, 'sbom.spdx.json'),
      given: 'sbom.spdx.json',
    });
    expect([inputs.predicateType, inputs.maxSbomBytes, inputs.replace]).toEqual([
      'https://example.com/sbom/v1',
      100_000,
      false,
    ]);
  });

  it('scans a directory given in scan', async () => {
    expect((await reading({ scan: 'rootfs' }).read()).sbom).toEqual({
      kind: 'directory-scan',
      directory: path.join(workspace, 'rootfs'),
      given: 'rootfs',
      syft,
    });
    expect((await reading({ scan: 'IMAGE' }).read()).sbom).toEqual({ kind: 'image-scan', syft });
  });

  it('without syft on PATH, says how to install it or give `sbom`', async () => {
    const refused = await failure({}, noTools);
    expect(refused).toMatchObject({ code: 'INPUT_INVALID', input: 'sbom' });
    expect(refused.message).toContain('needs syft, which is not on PATH');
    expect(refused.hint).toContain('https://github.com/anchore/syft#installation');
    expect((await failure({ scan: 'rootfs' }, noTools)).message).toContain('`scan: rootfs`');
  });

  it.each([
    ['both sbom and scan', { sbom: 'sbom.spdx.json', scan: 'image' }, 'scan', 'are both set'],
    ['an SBOM file that does not exist', { sbom: 'missing.json' }, 'sbom', 'does not exist'],
    ['a folder as the SBOM file', { sbom: 'rootfs' }, 'sbom', 'is not a file'],
    ['a scan directory that does not exist', { scan: 'nowhere' }, 'scan', 'does not exist'],
    ['a file as the scan directory', { scan: 'sbom.spdx.json' }, 'scan', 'is not a directory'],
    ['a predicate type that is no URI', { 'predicate-type': 'spdxjson' }, 'predicate-type', 'is not a URI'],
    [
      'CycloneDX for an SBOM syft writes as SPDX',
      { 'predicate-type': 'https://cyclonedx.org/bom' },
      'predicate-type',
      'syft writes SPDX JSON',
    ],
    ['a size that is no size', { 'max-sbom-bytes': 'big' }, 'max-sbom-bytes', 'is not a size'],
    ['replace that is not a boolean', { replace: 'always' }, 'replace', 'must be `true` or `false`'],
    ['an empty image list', { images: '#none' }, 'images', 'is required'],
  ])('refuses %s, naming the input', async (_case, inputs, input, says) => {
    const refused = await failure(inputs);
    expect(refused).toMatchObject({ code: 'INPUT_INVALID', input });
    expect(refused.message).toContain(says);
  });

  it('attests keyless as bundles by default, legacy on request, and refuses a keyless .att without a log', async () => {
    const keyless = { key: '', 'key-password': '', 'fulcio-url': 'https://fulcio.corp.example' };
    expect((await reading(keyless).read()).signatureFormat).toBe('bundle');
    expect((await reading({ ...keyless, 'signature-format': 'both' }).read()).signatureFormat).toBe('both');
    expect(
      await failure({
        ...keyless,
        'signature-format': 'legacy',
        'tlog-upload': 'false',
        'tsa-url': 'https://tsa.example/api/v1/timestamp',
      }),
    ).toMatchObject({ code: 'INPUT_INVALID', input: 'signature-format' });
  });

  it('hands a GCP KMS key to the cosign engine, and a key file too with `engine: cosign`', async () => {
    const uri = 'gcpkms://projects/p/locations/l/keyRings/r/cryptoKeys/k/versions/1';
    expect((await reading({ key: uri }).read()).key).toMatchObject({
      engine: 'cosign',
      key: { kind: 'kms', scheme: 'gcpkms', uri },
    });
    expect((await reading({ engine: 'cosign' }).read()).key).toMatchObject({
      engine: 'cosign',
      key: { kind: 'file' },
      chosenBy: { input: 'engine' },
    });
  });
});
