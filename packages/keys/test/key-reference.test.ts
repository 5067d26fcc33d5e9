import { describe, expect, it } from '@jest/globals';
import { parseKeyReference } from '@sigil/keys';
import { SigilError } from '@sigil/core';

function refusal(value: string): { code: string; input: string | undefined; message: string } {
  try {
    parseKeyReference(value, 'key');
  } catch (error) {
    if (error instanceof SigilError) return { code: error.code, input: error.input, message: error.message };
    throw error;
  }
  throw new Error(`expected ${value} to be refused`);
}

describe('parseKeyReference', () => {
  it('reads a file path, env://NAME and inline PEM', () => {
    expect(parseKeyReference(' keys/cosign.key ', 'key')).toEqual({ kind: 'file', path: 'keys/cosign.key' });
    expect(parseKeyReference('env://COSIGN_KEY', 'key')).toEqual({ kind: 'env', name: 'COSIGN_KEY' });
    expect(
      parseKeyReference('-----BEGIN PUBLIC KEY-----\nMFkw\n-----END PUBLIC KEY-----', 'key'),
    ).toMatchObject({
      kind: 'pem',
    });
  });

  it.each([
    ['awskms', 'awskms:///1234abcd-12ab-34cd-56ef-1234567890ab'],
    ['awskms', 'awskms:///mrk-1234abcd12ab34cd56ef1234567890ab'],
    ['awskms', 'awskms:///alias/release'],
    ['awskms', 'awskms://localhost:4566/alias/release'],
    ['awskms', 'awskms:///arn:aws:kms:us-east-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab'],
    ['awskms', 'awskms:///arn:aws-us-gov:kms:us-gov-west-1:111122223333:alias/release'],
    ['gcpkms', 'gcpkms://projects/acme/locations/global/keyRings/ci/cryptoKeys/release'],
    ['gcpkms', 'gcpkms://projects/acme/locations/global/keyRings/ci/cryptoKeys/release/versions/1'],
    ['gcpkms', 'gcpkms://projects/acme/locations/global/keyRings/ci/cryptoKeys/release/cryptoKeyVersions/12'],
    ['azurekms', 'azurekms://acme.vault.azure.net/release'],
    ['azurekms', 'azurekms://acme.vault.azure.net/release/0123abcd'],
    ['hashivault', 'hashivault://release'],
    ['hashivault', 'hashivault://release-2026.v1'],
    ['k8s', 'k8s://troubleshooting-agent/prod'],
    ['k8s', 'k8s://ci/cosign.keys'],
  ])('reads a %s key URI, kept verbatim: %s', (scheme, uri) => {
    expect(parseKeyReference(` ${uri} `, 'key')).toEqual({ kind: 'kms', scheme, uri });
  });

  it.each([
    ['an AWS alias without the empty host', 'awskms://alias/release'],
    ['an AWS key id that is not one', 'awskms:///release'],
    [
      'an AWS ARN of another service',
      'awskms:///arn:aws:s3:us-east-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
    ],
    ['a GCP key without a key ring', 'gcpkms://projects/acme/locations/global/cryptoKeys/release'],
    [
      'a GCP key version that is not a number',
      'gcpkms://projects/a/locations/b/keyRings/c/cryptoKeys/d/versions/latest',
    ],
    ['an Azure vault without a key', 'azurekms://acme.vault.azure.net'],
    ['a Vault key with a path', 'hashivault://transit/keys/release'],
    ['a k8s secret without a namespace', 'k8s://prod'],
    ['a k8s namespace in capitals', 'k8s://Agents/prod'],
    ['a k8s secret with a trailing slash', 'k8s://agents/prod/'],
    ['a k8s secret with a space', 'k8s://agents/prod key'],
    ['an upper-case scheme', 'K8S://agents/prod'],
  ])('refuses %s as INPUT_INVALID naming the input', (_case, uri) => {
    expect(refusal(uri)).toMatchObject({ code: 'INPUT_INVALID', input: 'key' });
  });

  it('says what shape a refused URI should have', () => {
    expect(refusal('k8s://prod').message).toContain('is not a valid k8s:// key URI');
    try {
      parseKeyReference('k8s://prod', 'public-keys');
    } catch (error) {
      expect((error as SigilError).hint).toContain('k8s://NAMESPACE/SECRET');
      expect((error as SigilError).input).toBe('public-keys');
    }
  });

  it('refuses an unknown scheme and a malformed env://', () => {
    expect(refusal('s3://bucket/cosign.key')).toMatchObject({
      code: 'INPUT_INVALID',
      message: expect.stringContaining('s3://'),
    });
    expect(refusal('env://1BAD')).toMatchObject({ code: 'INPUT_INVALID' });
  });
});
