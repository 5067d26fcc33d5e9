import { describe, expect, it } from '@jest/globals';
import { SigilError } from '@sigil/core';
import { DEFAULT_MAX_SBOM_BYTES, formatBytes, parseMaxSbomBytes, preflightSbomSize } from '@sigil/sbom';
import { SBOM_SIZE_LIMITS, sbomLimitsExceeded } from '../src/sbom-size.js';

const MIB = 1024 * 1024;

function refusal(run: () => void): SigilError {
  try {
    run();
  } catch (error) {
    if (error instanceof SigilError) return error;
    throw error;
  }
  throw new Error('expected a SigilError');
}

describe('SBOM_SIZE_LIMITS', () => {
  it('holds the three limits an SBOM attestation meets, and the default max-sbom-bytes is the largest', () => {
    expect(Object.values(SBOM_SIZE_LIMITS).map((limit) => [limit.store, limit.bytes])).toEqual([
      ['the GitHub attestation store', 16 * MIB],
      ['Rekor v2', 4 * MIB],
      ['the public Rekor v1 instance', 100 * 1024],
    ]);
    expect(DEFAULT_MAX_SBOM_BYTES).toBe(16 * MIB);
    expect(sbomLimitsExceeded(5 * MIB).map((limit) => limit.label)).toEqual(['4 MiB', '100 KB']);
  });
});

describe('preflightSbomSize', () => {
  it('lets an SBOM at or under max-sbom-bytes through', () => {
    expect(() => preflightSbomSize(16 * MIB, DEFAULT_MAX_SBOM_BYTES)).not.toThrow();
    expect(() => preflightSbomSize(0, 1)).not.toThrow();
  });

  it.each([
    [
      'over the default: the GitHub store bites',
      20 * MIB,
      DEFAULT_MAX_SBOM_BYTES,
      'The SBOM is 20 MiB (20971520 bytes), over max-sbom-bytes (16 MiB, the limit of the GitHub attestation store); it would be refused by the GitHub attestation store (16 MiB), Rekor v2 (4 MiB), the public Rekor v1 instance (100 KB)',
    ],
    [
      'set to Rekor v2: Rekor v2 bites',
      5 * MIB,
      4 * MIB,
      'The SBOM is 5 MiB (5242880 bytes), over max-sbom-bytes (4 MiB, the limit of Rekor v2); it would be refused by Rekor v2 (4 MiB), the public Rekor v1 instance (100 KB)',
    ],
    [
      'set to the public Rekor v1 instance',
      150 * 1024,
      100 * 1024,
      'The SBOM is 150 KiB (153600 bytes), over max-sbom-bytes (100 KiB, the limit of the public Rekor v1 instance); it would be refused by the public Rekor v1 instance (100 KB)',
    ],
    [
      'a limit of the user’s own, under every service limit',
      60_000,
      50_000,
      'The SBOM is 58.6 KiB (60000 bytes), over max-sbom-bytes (48.8 KiB); it is within every service limit sigil knows of, so only max-sbom-bytes stops it',
    ],
  ])('names the limit and what to do when %s', (_case, size, max, message) => {
    const error = refusal(() => preflightSbomSize(size, max));
    expect(error).toMatchObject({ code: 'INPUT_INVALID', field: 'sbom-size-limit', message });
    expect(error.hint).toMatch(/^Split the SBOM per platform/);
    expect(error.hint).toContain(
      'SYFT_FILE_METADATA_SELECTION=none and SYFT_RELATIONSHIPS_PACKAGE_FILE_OWNERSHIP=false',
    );
    expect(error.hint).toContain('attest its digest');
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses max-sbom-bytes %p', (max) => {
    expect(refusal(() => preflightSbomSize(10, max))).toMatchObject({
      code: 'INPUT_INVALID',
      field: 'sbom-size-limit',
    });
  });
});

describe('parseMaxSbomBytes', () => {
  it.each([
    ['16777216', 16 * MIB],
    ['16MiB', 16 * MIB],
    ['4 MiB', 4 * MIB],
    ['100KB', 100_000],
    ['100kib', 102_400],
    ['1.5 MiB', 1.5 * MIB],
    [' 2GB ', 2_000_000_000],
  ])('reads %p as %d bytes', (text, bytes) => {
    expect(parseMaxSbomBytes(text)).toBe(bytes);
  });

  it.each(['', '16 MiBs', '-5', '0', 'lots', '16M'])('refuses %p, naming max-sbom-bytes', (text) => {
    expect(refusal(() => parseMaxSbomBytes(text))).toMatchObject({
      code: 'INPUT_INVALID',
      field: 'sbom-size-limit',
    });
  });
});

describe('formatBytes', () => {
  it('writes bytes, KiB and MiB', () => {
    expect([formatBytes(900), formatBytes(1536), formatBytes(20 * MIB + 512 * 1024)]).toEqual([
      '900 bytes',
      '1.5 KiB',
      '20.5 MiB',
    ]);
  });
});
