import { SigilError } from '@sigil/core';

export interface SbomSizeLimit {
  /** Where the limit applies, as a message can name it. */
  readonly store: string;
  readonly bytes: number;
  /** The limit as people quote it. */
  readonly label: string;
}

/**
 * Size limits an SBOM attestation meets on its way, largest first. The GitHub attestation store
 * (actions/attest) refuses predicates over 16 MiB; Rekor v2 refuses entries over 4 MiB; the public
 * Rekor v1 instance (rekor.sigstore.dev) accepts attestations up to 100 KB (100 × 1024 bytes,
 * rekor-server's max_attestation_size). Legacy `.att` storage in a registry has no limit of its own.
 */
export const SBOM_SIZE_LIMITS = Object.freeze({
  githubAttestationStore: { store: 'the GitHub attestation store', bytes: 16 * 1024 * 1024, label: '16 MiB' },
  rekorV2: { store: 'Rekor v2', bytes: 4 * 1024 * 1024, label: '4 MiB' },
  publicRekorV1: { store: 'the public Rekor v1 instance', bytes: 100 * 1024, label: '100 KB' },
} satisfies Record<string, SbomSizeLimit>);

/** The default of `max-sbom-bytes`: what the GitHub attestation store accepts. */
export const DEFAULT_MAX_SBOM_BYTES = SBOM_SIZE_LIMITS.githubAttestationStore.bytes;

const WHAT_TO_DO =
  'Split the SBOM per platform (attest-sbom scans each platform of an index on its own), drop file-level entries (syft: SYFT_FILE_METADATA_SELECTION=none and SYFT_RELATIONSHIPS_PACKAGE_FILE_OWNERSHIP=false; --select-catalogers keeps only the catalogers you need), or store the SBOM as an artifact (actions/upload-artifact, a bucket) and attest its digest; raise max-sbom-bytes only if every store the attestation goes to accepts that size.';

/** The known limits a size is over, largest first. */
export function sbomLimitsExceeded(size: number): SbomSizeLimit[] {
  return Object.values(SBOM_SIZE_LIMITS).filter((limit) => size > limit.bytes);
}

/**
 * Refuses an SBOM larger than `maxBytes` (the `max-sbom-bytes` input) before anything is signed or
 * uploaded, naming the limit that would bite — the largest known limit at or under `maxBytes` that
 * the SBOM is over — and what to do about it.
 */
export function preflightSbomSize(size: number, maxBytes: number, source = 'The SBOM'): void {
  if (!Number.isSafeInteger(maxBytes) || maxBytes <= 0) {
    throw new SigilError(
      'INPUT_INVALID',
      `max-sbom-bytes ${maxBytes} is not a positive whole number of bytes`,
      {
        field: 'sbom-size-limit',
        hint: `Give a size such as ${DEFAULT_MAX_SBOM_BYTES} or 16MiB.`,
      },
    );
  }
  if (size <= maxBytes) return;
  const exceeded = sbomLimitsExceeded(size);
  const biting = exceeded.find((limit) => limit.bytes <= maxBytes);
  const configured =
    biting?.bytes === maxBytes
      ? `max-sbom-bytes (${formatBytes(maxBytes)}, the limit of ${biting.store})`
      : `max-sbom-bytes (${formatBytes(maxBytes)})`;
  const limits =
    exceeded.length === 0
      ? 'it is within every service limit sigil knows of, so only max-sbom-bytes stops it'
      : `it would be refused by ${exceeded.map((limit) => `${limit.store} (${limit.label})`).join(', ')}`;
  throw new SigilError(
    'INPUT_INVALID',
    `${source} is ${formatBytes(size)} (${size} bytes), over ${configured}; ${limits}`,
    { field: 'sbom-size-limit', hint: WHAT_TO_DO },
  );
}

const UNITS: Readonly<Record<string, number>> = {
  '': 1,
  b: 1,
  kb: 1000,
  kib: 1024,
  mb: 1000 ** 2,
  mib: 1024 ** 2,
  gb: 1000 ** 3,
  gib: 1024 ** 3,
};

/** `max-sbom-bytes` as written in a workflow: `16777216`, `16MiB`, `4 MiB`, `100KB` (SI) or `100KiB`. */
export function parseMaxSbomBytes(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  const factor = match === null ? undefined : UNITS[(match[2] ?? '').toLowerCase()];
  const bytes = match === null || factor === undefined ? Number.NaN : Math.floor(Number(match[1]) * factor);
  if (!Number.isSafeInteger(bytes) || bytes <= 0) {
    throw new SigilError('INPUT_INVALID', `max-sbom-bytes "${text}" is not a size`, {
      field: 'sbom-size-limit',
      hint: 'Give bytes (16777216) or a number with KB, KiB, MB, MiB, GB or GiB (16MiB).',
    });
  }
  return bytes;
}

/** `20.5 MiB`, `512 KiB`, `900 bytes`. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  const [value, unit] = bytes < 1024 ** 2 ? [bytes / 1024, 'KiB'] : [bytes / 1024 ** 2, 'MiB'];
  return `${Number(value.toFixed(1))} ${unit}`;
}
