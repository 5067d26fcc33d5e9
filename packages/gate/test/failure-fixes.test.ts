import { describe, expect, it } from '@jest/globals';
import { fixFor, isAbsence } from '@sigil/gate';

describe('fixFor', () => {
  it('says what to do for a judged reason, by the reason first whatever the check', () => {
    expect(fixFor({ check: 'signature', reason: 'IDENTITY_MISMATCH' })).toMatch(
      /^A trusted signature made in another repository was copied here/,
    );
    expect(fixFor({ check: 'sbom', reason: 'KEY_REVOKED' })).toBe(
      'Sign (or attest) again with a key in `public-keys` that is not in `revoked-keys`',
    );
    expect(fixFor({ check: 'tag', reason: 'TAG_MOVED' })).toBe(
      'Deploy by digest, and find out who moved the tag',
    );
    expect(fixFor({ check: 'reference', reason: 'IMAGE_NOT_FOUND' })).toBe(
      'Push the image, or correct its reference in `images`',
    );
    expect(fixFor({ check: 'reference', reason: 'REFERENCE_INVALID' })).toBe(
      'Fix the image references in `images`',
    );
  });

  it('then by the requirement: sign, attest what is missing, or re-attest what failed', () => {
    expect(fixFor({ check: 'signature', reason: 'SIGNATURE_UNTRUSTED' })).toBe(
      'Sign the images with a key listed in `public-keys`',
    );
    expect(fixFor({ check: 'sbom', reason: 'NO_ATTESTATIONS' })).toMatch(
      /^Attest an SBOM to each image with attest-sbom/,
    );
    expect(fixFor({ check: 'provenance', reason: 'ATTESTATION_MISSING' })).toMatch(
      /^Attest SLSA v1 provenance to each image with attest-provenance/,
    );
    expect(fixFor({ check: 'https://example.com/test-result/v1', reason: 'NO_ATTESTATIONS' })).toBe(
      'Attest a https://example.com/test-result/v1 predicate to each image with a key in `public-keys`, or remove it from `require`',
    );
    expect(fixFor({ check: 'provenance', reason: 'PROVENANCE_SOURCE_MISMATCH' })).toMatch(
      /`provenance-source`/,
    );
    expect(fixFor({ check: 'sbom', reason: 'PREDICATE_INVALID' })).toMatch(
      /^Re-attest with a key in `public-keys`/,
    );
  });

  it('leaves a check that could not be made to the caller, who knows the registry inputs', () => {
    for (const reason of ['REGISTRY_AUTH', 'TIMEOUT', 'MANIFEST_INVALID', 'INTERNAL'] as const) {
      expect(fixFor({ check: 'signature', reason })).toBeUndefined();
      expect(fixFor({ check: 'tag', reason })).toBeUndefined();
    }
  });
});

describe('isAbsence', () => {
  it('is true only when nothing of the required kind is there', () => {
    expect(isAbsence('NO_ATTESTATIONS')).toBe(true);
    expect(isAbsence('ATTESTATION_MISSING')).toBe(true);
    expect(isAbsence('ATTESTATION_UNTRUSTED')).toBe(false);
    expect(isAbsence('NO_SIGNATURES')).toBe(false);
  });
});
