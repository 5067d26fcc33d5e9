import { isRecord } from '@sigil/core';

/** One package of an SBOM in the terms both formats share. Absent fields were absent or NOASSERTION. */
export interface NormalizedPackage {
  readonly name: string;
  readonly version?: string;
  /** Package URL (`pkg:npm/left-pad@1.3.0`). */
  readonly purl?: string;
  /** SPDX: licenseConcluded, else licenseDeclared. CycloneDX: the expression, or the ids/names joined by ", ". */
  readonly license?: string;
  /** SPDX: the supplier without its `Organization: `/`Person: ` prefix. CycloneDX: supplier.name, else publisher. */
  readonly supplier?: string;
}

const NO_VALUE = new Set(['', 'NOASSERTION', 'NONE']);

/** The packages of a checked SPDX 2.x document, in document order (the described root package included). */
export function spdxPackages(document: Record<string, unknown>): NormalizedPackage[] {
  const packages = document['packages'];
  if (!Array.isArray(packages)) return [];
  return packages.map((entry: Record<string, unknown>) => {
    const purl = spdxPurl(entry['externalRefs']);
    const license = value(entry['licenseConcluded']) ?? value(entry['licenseDeclared']);
    const supplier = value(entry['supplier'])?.replace(/^(Organization|Person|Tool):\s*/, '');
    return packageOf(entry['name'] as string, value(entry['versionInfo']), purl, license, supplier);
  });
}

function spdxPurl(refs: unknown): string | undefined {
  if (!Array.isArray(refs)) return undefined;
  for (const ref of refs as Record<string, unknown>[]) {
    const category = ref['referenceCategory'];
    // SPDX 2.3 JSON spells it PACKAGE-MANAGER; 2.2 documents and some tools write PACKAGE_MANAGER.
    if (category !== 'PACKAGE-MANAGER' && category !== 'PACKAGE_MANAGER') continue;
    const locator = ref['referenceLocator'];
    if (ref['referenceType'] === 'purl' && typeof locator === 'string' && locator.startsWith('pkg:')) {
      return locator;
    }
  }
  return undefined;
}

/** The components of a checked CycloneDX BOM, nested ones after their parent; metadata.component (the subject) is not one. */
export function cycloneDxPackages(document: Record<string, unknown>): NormalizedPackage[] {
  const result: NormalizedPackage[] = [];
  const components = document['components'];
  if (!Array.isArray(components)) return result;
  const pending: Record<string, unknown>[] = [...(components as Record<string, unknown>[])].reverse();
  for (let component = pending.pop(); component !== undefined; component = pending.pop()) {
    const purl = value(component['purl']);
    const supplierRecord = component['supplier'];
    const supplier =
      (isRecord(supplierRecord) ? value(supplierRecord['name']) : undefined) ?? value(component['publisher']);
    result.push(
      packageOf(
        component['name'] as string,
        value(component['version']),
        purl?.startsWith('pkg:') === true ? purl : undefined,
        cycloneDxLicense(component['licenses']),
        supplier,
      ),
    );
    const nested = component['components'];
    if (Array.isArray(nested)) pending.push(...[...(nested as Record<string, unknown>[])].reverse());
  }
  return result;
}

function cycloneDxLicense(licenses: unknown): string | undefined {
  if (!Array.isArray(licenses)) return undefined;
  const names: string[] = [];
  for (const choice of licenses as Record<string, unknown>[]) {
    const expression = value(choice['expression']);
    if (expression !== undefined) {
      names.push(expression);
      continue;
    }
    const license = choice['license'];
    if (!isRecord(license)) continue;
    const name = value(license['id']) ?? value(license['name']);
    if (name !== undefined) names.push(name);
  }
  return names.length > 0 ? names.join(', ') : undefined;
}

function packageOf(
  name: string,
  version: string | undefined,
  purl: string | undefined,
  license: string | undefined,
  supplier: string | undefined,
): NormalizedPackage {
  return {
    name,
    ...(version === undefined ? {} : { version }),
    ...(purl === undefined ? {} : { purl }),
    ...(license === undefined ? {} : { license }),
    ...(supplier === undefined || supplier === '' ? {} : { supplier }),
  };
}

function value(field: unknown): string | undefined {
  return typeof field === 'string' && !NO_VALUE.has(field.trim()) ? field : undefined;
}
