/** The SBOM serialisations sigil reads and attests. Tag-value SPDX, XML and SPDX 3 are refused. */
export type SbomFormat = 'spdx-json' | 'cyclonedx-json';

/** `predicateType` of an SPDX document, as `cosign attest --type spdxjson` writes it. */
export const SPDX_PREDICATE_TYPE = 'https://spdx.dev/Document';
/** `predicateType` of a CycloneDX BOM, as `cosign attest --type cyclonedx` writes it. */
export const CYCLONEDX_PREDICATE_TYPE = 'https://cyclonedx.org/bom';

export function sbomPredicateType(format: SbomFormat): string {
  return format === 'spdx-json' ? SPDX_PREDICATE_TYPE : CYCLONEDX_PREDICATE_TYPE;
}

/** The format a predicate type stands for; undefined for any other predicate type. */
export function sbomFormatOfPredicateType(predicateType: string): SbomFormat | undefined {
  if (predicateType === SPDX_PREDICATE_TYPE) return 'spdx-json';
  if (predicateType === CYCLONEDX_PREDICATE_TYPE) return 'cyclonedx-json';
  return undefined;
}

export function formatName(format: SbomFormat): string {
  return format === 'spdx-json' ? 'SPDX JSON' : 'CycloneDX JSON';
}
