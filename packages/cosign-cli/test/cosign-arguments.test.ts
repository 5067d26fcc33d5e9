import { describe, expect, it } from '@jest/globals';
import { parseVersionText, type CosignKey } from '@sigil/cosign-cli';
import {
  cosignAttestArguments,
  cosignKeyArgument,
  cosignPublicKeyArguments,
  cosignSignArguments,
  cosignVerifyArguments,
  cosignVerifyAttestationArguments,
  cosignVersionArguments,
  type CosignImageCommand,
} from '../src/cosign-arguments.js';
import { type CosignVersion } from '../src/cosign-version.js';
import { SigilError } from '@sigil/core';

const V3 = parseVersionText('v3.1.3') as CosignVersion;
const V2 = parseVersionText('v2.6.5') as CosignVersion;
const DIGEST = `sha256:${'c'.repeat(64)}`;
const FILE_KEY: CosignKey = { kind: 'file', path: '/runner/work/app/cosign.key' };

function command(overrides: Partial<CosignImageCommand> = {}): CosignImageCommand {
  return {
    version: V3,
    key: FILE_KEY,
    repo: { registry: 'ghcr.io', repository: 'acme/app' },
    digest: DIGEST,
    insecureRegistries: [],
    timeoutSeconds: 600,
    ...overrides,
  };
}

const sign = (overrides: Partial<Parameters<typeof cosignSignArguments>[0]> = {}) =>
  cosignSignArguments({ ...command(), recursive: false, annotations: {}, ...overrides });
const attest = (overrides: Partial<Parameters<typeof cosignAttestArguments>[0]> = {}) =>
  cosignAttestArguments({
    ...command(),
    predicateType: 'https://spdx.dev/Document',
    predicatePath: '/runner/temp/sigil-cosign-x/predicate.json',
    replace: false,
    ...overrides,
  });

describe('cosign sign arguments', () => {
  it('signs key-based, by digest, in the legacy format without the transparency log (v3)', () => {
    expect(sign()).toEqual([
      'sign',
      '--key=/runner/work/app/cosign.key',
      '--use-signing-config=false',
      '--new-bundle-format=false',
      '--tlog-upload=false',
      '--yes',
      '--timeout=600s',
      `ghcr.io/acme/app@${DIGEST}`,
    ]);
  });

  it('needs no format flags with cosign v2, whose default is the legacy .sig format', () => {
    expect(sign({ version: V2 })).toEqual([
      'sign',
      '--key=/runner/work/app/cosign.key',
      '--tlog-upload=false',
      '--yes',
      '--timeout=600s',
      `ghcr.io/acme/app@${DIGEST}`,
    ]);
  });

  it.each<[string, Partial<Parameters<typeof cosignSignArguments>[0]>, string[]]>([
    ['recursive', { recursive: true }, ['--recursive']],
    ['one annotation', { annotations: { env: 'prod' } }, ['--annotations=env=prod']],
    [
      'annotations in input order',
      { annotations: { 'git-sha': 'abc123', team: 'payments' } },
      ['--annotations=git-sha=abc123', '--annotations=team=payments'],
    ],
    ['a value with = in it', { annotations: { query: 'a=b' } }, ['--annotations=query=a=b']],
    // cosign reads -a as a CSV list: a comma would split the pair, so the pair is one quoted field.
    ['a value with a comma', { annotations: { owners: 'ann,bob' } }, ['--annotations="owners=ann,bob"']],
    ['a value with a quote', { annotations: { note: 'say "hi"' } }, ['--annotations="note=say ""hi"""']],
    [
      'a loopback registry',
      { repo: { registry: '127.0.0.1:5000', repository: 'app' } },
      ['--allow-http-registry'],
    ],
    ['localhost', { repo: { registry: 'localhost:5000', repository: 'app' } }, ['--allow-http-registry']],
    [
      'a registry listed in insecure-registries',
      {
        repo: { registry: 'registry.internal:5000', repository: 'app' },
        insecureRegistries: ['registry.internal:5000'],
      },
      ['--allow-http-registry'],
    ],
    [
      'a registry not listed',
      { repo: { registry: 'registry.internal:5000', repository: 'app' }, insecureRegistries: ['other:5000'] },
      [],
    ],
    ['the run deadline', { timeoutSeconds: 42 }, ['--timeout=42s']],
  ])('%s', (_case, overrides, expected) => {
    const plain = sign();
    const args = sign(overrides);
    const added = args.slice(0, -1).filter((arg) => !plain.includes(arg));
    expect(added).toEqual(expected);
    expect(args.at(-1)).toMatch(/@sha256:[0-9a-f]{64}$/);
  });

  it('never signs a tag: a digest that is not sha256 hex is refused', () => {
    expect(() => sign({ digest: 'v1' })).toThrow(SigilError);
    expect(() => sign({ digest: `sha256:${'C'.repeat(64)}` })).toThrow(/by digest only/);
  });

  it('refuses annotations cosign would misread', () => {
    expect(() => sign({ annotations: { 'a=b': 'c' } })).toThrow(
      expect.objectContaining({ code: 'INPUT_INVALID' }),
    );
    expect(() => sign({ annotations: { a: 'line\nbreak' } })).toThrow(
      expect.objectContaining({ field: 'annotations' }),
    );
  });
});

describe('cosign attest arguments', () => {
  it('attests the predicate file under its type URI, legacy format, no transparency log (v3)', () => {
    expect(attest()).toEqual([
      'attest',
      '--key=/runner/work/app/cosign.key',
      '--use-signing-config=false',
      '--new-bundle-format=false',
      '--tlog-upload=false',
      '--type=https://spdx.dev/Document',
      '--predicate=/runner/temp/sigil-cosign-x/predicate.json',
      '--yes',
      '--timeout=600s',
      `ghcr.io/acme/app@${DIGEST}`,
    ]);
  });

  it.each<[string, Partial<Parameters<typeof cosignAttestArguments>[0]>, string[]]>([
    ['replace', { replace: true }, ['--replace']],
    [
      'SLSA provenance v1',
      { predicateType: 'https://slsa.dev/provenance/v1' },
      ['--type=https://slsa.dev/provenance/v1'],
    ],
    ['v2 (no format flags)', { version: V2 }, []],
    [
      'a loopback registry',
      { repo: { registry: '[::1]:5000', repository: 'app' } },
      ['--allow-http-registry'],
    ],
  ])('%s', (_case, overrides, expected) => {
    const plain = attest();
    const added = attest(overrides)
      .slice(0, -1)
      .filter((arg) => !plain.includes(arg));
    expect(added).toEqual(expected);
    if (overrides.version === V2) {
      expect(attest(overrides)).not.toContain('--new-bundle-format=false');
      expect(attest(overrides)).not.toContain('--use-signing-config=false');
    }
  });

  it('refuses a predicate type that is not a URI (cosign would take a word such as spdxjson as its own type)', () => {
    expect(() => attest({ predicateType: 'spdxjson' })).toThrow(
      expect.objectContaining({ code: 'INPUT_INVALID' }),
    );
  });
});

describe('cosign verify and verify-attestation arguments', () => {
  it('verify reads the legacy .sig tag with a key, without the transparency log (v3)', () => {
    expect(cosignVerifyArguments({ ...command(), annotations: { env: 'prod' } })).toEqual([
      'verify',
      '--key=/runner/work/app/cosign.key',
      '--insecure-ignore-tlog',
      '--new-bundle-format=false',
      '--annotations=env=prod',
      '--output=json',
      '--timeout=600s',
      `ghcr.io/acme/app@${DIGEST}`,
    ]);
  });

  it('verify with v2 needs no format flag', () => {
    expect(cosignVerifyArguments(command({ version: V2 }))).toEqual([
      'verify',
      '--key=/runner/work/app/cosign.key',
      '--insecure-ignore-tlog',
      '--output=json',
      '--timeout=600s',
      `ghcr.io/acme/app@${DIGEST}`,
    ]);
  });

  it('verify-attestation checks one predicate type URI', () => {
    expect(
      cosignVerifyAttestationArguments({
        ...command({ repo: { registry: '127.0.0.1:5000', repository: 'app' } }),
        predicateType: 'https://slsa.dev/provenance/v1',
      }),
    ).toEqual([
      'verify-attestation',
      '--key=/runner/work/app/cosign.key',
      '--insecure-ignore-tlog',
      '--new-bundle-format=false',
      '--type=https://slsa.dev/provenance/v1',
      '--allow-http-registry',
      '--output=json',
      '--timeout=600s',
      `127.0.0.1:5000/app@${DIGEST}`,
    ]);
  });

  it('public-key and version', () => {
    expect(cosignPublicKeyArguments({ key: FILE_KEY, timeoutSeconds: 30 })).toEqual([
      'public-key',
      '--key=/runner/work/app/cosign.key',
      '--timeout=30s',
    ]);
    expect(cosignVersionArguments()).toEqual(['version', '--json']);
  });
});

describe('--key', () => {
  it.each<[string, CosignKey, string]>([
    ['a key file (absolute path)', FILE_KEY, '/runner/work/app/cosign.key'],
    ['a Windows key file', { kind: 'file', path: 'D:\\a\\app\\cosign.key' }, 'D:\\a\\app\\cosign.key'],
    ['env://NAME, read by cosign itself', { kind: 'env', name: 'COSIGN_KEY' }, 'env://COSIGN_KEY'],
    [
      'AWS KMS alias',
      { kind: 'kms', scheme: 'awskms', uri: 'awskms:///alias/release' },
      'awskms:///alias/release',
    ],
    [
      'AWS KMS key id with an endpoint',
      { kind: 'kms', scheme: 'awskms', uri: 'awskms://localhost:4566/1234abcd-12ab-34cd-56ef-1234567890ab' },
      'awskms://localhost:4566/1234abcd-12ab-34cd-56ef-1234567890ab',
    ],
    [
      'AWS KMS key ARN',
      {
        kind: 'kms',
        scheme: 'awskms',
        uri: 'awskms:///arn:aws:kms:us-east-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
      },
      'awskms:///arn:aws:kms:us-east-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
    ],
    [
      'AWS KMS alias ARN',
      { kind: 'kms', scheme: 'awskms', uri: 'awskms:///arn:aws:kms:us-east-2:111122223333:alias/release' },
      'awskms:///arn:aws:kms:us-east-2:111122223333:alias/release',
    ],
    [
      'GCP KMS key',
      {
        kind: 'kms',
        scheme: 'gcpkms',
        uri: 'gcpkms://projects/acme/locations/global/keyRings/ci/cryptoKeys/release',
      },
      'gcpkms://projects/acme/locations/global/keyRings/ci/cryptoKeys/release',
    ],
    [
      'GCP KMS key version',
      {
        kind: 'kms',
        scheme: 'gcpkms',
        uri: 'gcpkms://projects/acme/locations/europe-west1/keyRings/ci/cryptoKeys/release/cryptoKeyVersions/3',
      },
      'gcpkms://projects/acme/locations/europe-west1/keyRings/ci/cryptoKeys/release/cryptoKeyVersions/3',
    ],
    [
      'Azure Key Vault key',
      { kind: 'kms', scheme: 'azurekms', uri: 'azurekms://acme.vault.azure.net/release' },
      'azurekms://acme.vault.azure.net/release',
    ],
    [
      'Azure Key Vault key version',
      { kind: 'kms', scheme: 'azurekms', uri: 'azurekms://acme.vault.azure.net/release/0123abcd' },
      'azurekms://acme.vault.azure.net/release/0123abcd',
    ],
    [
      'HashiCorp Vault transit key',
      { kind: 'kms', scheme: 'hashivault', uri: 'hashivault://release' },
      'hashivault://release',
    ],
    [
      'Kubernetes secret',
      { kind: 'kms', scheme: 'k8s', uri: 'k8s://troubleshooting-agent/prod' },
      'k8s://troubleshooting-agent/prod',
    ],
  ])('%s is passed verbatim', (_case, key, expected) => {
    expect(cosignKeyArgument(key)).toBe(expected);
    expect(cosignSignArguments({ ...command({ key }), recursive: false, annotations: {} })[1]).toBe(
      `--key=${expected}`,
    );
  });

  it.each<[string, CosignKey]>([
    ['a relative key path', { kind: 'file', path: 'cosign.key' }],
    ['an env name with a space', { kind: 'env', name: 'COSIGN KEY' }],
    ['a k8s URI with an extra segment', { kind: 'kms', scheme: 'k8s', uri: 'k8s://ns/name/extra' }],
    ['a hashivault URI with a slash', { kind: 'kms', scheme: 'hashivault', uri: 'hashivault://a/b' }],
    ['an AWS alias with a space', { kind: 'kms', scheme: 'awskms', uri: 'awskms:///alias/re lease' }],
  ])('refuses %s', (_case, key) => {
    expect(() => cosignKeyArgument(key)).toThrow(SigilError);
  });
});
