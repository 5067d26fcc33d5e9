import { isRecord } from '@sigil/core';
import type { SbomFormat } from './sbom-format.js';

/** What the structure check of a parsed document found: its format and spec version, or why it is none. */
export type DocumentCheck =
  | { readonly ok: true; readonly format: SbomFormat; readonly version: string }
  | { readonly ok: false; readonly message: string };

const SPDX_2_VERSION = /^SPDX-2\.(\d+)$/;
const CYCLONEDX_1_VERSION = /^1\.(\d+)$/;
const SERIAL_NUMBER = /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Checks that a parsed JSON value is an SPDX 2.x document or a CycloneDX 1.x BOM: the fields each
 * specification makes mandatory, with their types, and the shape of every package or component. The
 * message names the field and, for list entries, its position (`packages[12]`).
 */
export function checkSbomDocument(document: unknown): DocumentCheck {
  if (!isRecord(document)) {
    return fail(`holds ${describeJson(document)}, not an SPDX or CycloneDX document (a JSON object)`);
  }
  if ('spdxVersion' in document) return checkSpdx(document);
  if ('bomFormat' in document) return checkCycloneDx(document);
  return fail(unknownDocument(document));
}

function checkSpdx(document: Record<string, unknown>): DocumentCheck {
  const { spdxVersion, SPDXID, name, dataLicense, documentNamespace, creationInfo, packages } = document;
  if (typeof spdxVersion !== 'string') return fail('has a spdxVersion that is not a string');
  const version = SPDX_2_VERSION.exec(spdxVersion);
  if (version === null) {
    return fail(
      `has spdxVersion ${JSON.stringify(spdxVersion)}; sigil reads SPDX 2.x JSON (SPDX-2.2, SPDX-2.3), as syft -o spdx-json writes it`,
    );
  }
  if (SPDXID !== 'SPDXRef-DOCUMENT') {
    return fail(`has SPDXID ${JSON.stringify(SPDXID)}; an SPDX document's SPDXID is "SPDXRef-DOCUMENT"`);
  }
  if (typeof name !== 'string' || name === '') return fail('has no document "name"');
  if (dataLicense !== 'CC0-1.0') {
    return fail(`has dataLicense ${JSON.stringify(dataLicense)}; SPDX 2.x requires "CC0-1.0"`);
  }
  if (typeof documentNamespace !== 'string' || !isAbsoluteUriWithoutFragment(documentNamespace)) {
    return fail(
      `has documentNamespace ${JSON.stringify(documentNamespace)}; SPDX 2.x requires an absolute URI without "#"`,
    );
  }
  if (!isRecord(creationInfo)) return fail('has no "creationInfo" object');
  if (typeof creationInfo['created'] !== 'string') return fail('has no creationInfo.created timestamp');
  const creators = creationInfo['creators'];
  if (!Array.isArray(creators) || creators.length === 0 || !creators.every((c) => typeof c === 'string')) {
    return fail('has no creationInfo.creators list of strings');
  }
  if (packages !== undefined) {
    if (!Array.isArray(packages)) return fail(`has "packages" ${describeJson(packages)}, not a list`);
    for (let i = 0; i < packages.length; i += 1) {
      const entry: unknown = packages[i];
      if (!isRecord(entry)) return fail(`has packages[${i}] ${describeJson(entry)}, not an object`);
      if (typeof entry['SPDXID'] !== 'string' || !entry['SPDXID'].startsWith('SPDXRef-')) {
        return fail(`has packages[${i}] without an "SPDXRef-…" SPDXID`);
      }
      if (typeof entry['name'] !== 'string' || entry['name'] === '') {
        return fail(`has packages[${i}] (${entry['SPDXID']}) without a "name"`);
      }
      const refs = entry['externalRefs'];
      if (refs !== undefined && (!Array.isArray(refs) || !refs.every(isRecord))) {
        return fail(`has packages[${i}] (${entry['SPDXID']}) whose "externalRefs" is not a list of objects`);
      }
    }
  }
  for (const list of ['files', 'relationships', 'snippets', 'hasExtractedLicensingInfos'] as const) {
    if (document[list] !== undefined && !Array.isArray(document[list])) {
      return fail(`has "${list}" ${describeJson(document[list])}, not a list`);
    }
  }
  return { ok: true, format: 'spdx-json', version: `2.${version[1] ?? ''}` };
}

function checkCycloneDx(document: Record<string, unknown>): DocumentCheck {
  const { bomFormat, specVersion, version, serialNumber, metadata, components } = document;
  if (bomFormat !== 'CycloneDX') {
    return fail(`has bomFormat ${JSON.stringify(bomFormat)}; a CycloneDX BOM has "CycloneDX"`);
  }
  if (typeof specVersion !== 'string' || !CYCLONEDX_1_VERSION.test(specVersion)) {
    return fail(`has specVersion ${JSON.stringify(specVersion)}; sigil reads CycloneDX 1.x JSON`);
  }
  if (version !== undefined && (typeof version !== 'number' || !Number.isInteger(version) || version < 1)) {
    return fail(`has version ${JSON.stringify(version)}; a BOM version is an integer from 1`);
  }
  if (serialNumber !== undefined && (typeof serialNumber !== 'string' || !SERIAL_NUMBER.test(serialNumber))) {
    return fail(`has serialNumber ${JSON.stringify(serialNumber)}; CycloneDX requires urn:uuid:<uuid>`);
  }
  if (metadata !== undefined) {
    if (!isRecord(metadata)) return fail(`has "metadata" ${describeJson(metadata)}, not an object`);
    if (metadata['component'] !== undefined) {
      const problem = componentProblem(metadata['component'], 'metadata.component');
      if (problem !== undefined) return fail(problem);
    }
  }
  if (components !== undefined) {
    if (!Array.isArray(components)) return fail(`has "components" ${describeJson(components)}, not a list`);
    const pending: { list: unknown[]; path: string }[] = [{ list: components, path: 'components' }];
    for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
      for (let i = 0; i < next.list.length; i += 1) {
        const path = `${next.path}[${i}]`;
        const component: unknown = next.list[i];
        const problem = componentProblem(component, path);
        if (problem !== undefined) return fail(problem);
        const nested = (component as Record<string, unknown>)['components'];
        if (nested === undefined) continue;
        if (!Array.isArray(nested)) return fail(`has ${path}.components that is not a list`);
        pending.push({ list: nested, path: `${path}.components` });
      }
    }
  }
  return { ok: true, format: 'cyclonedx-json', version: specVersion };
}

function componentProblem(component: unknown, path: string): string | undefined {
  if (!isRecord(component)) return `has ${path} ${describeJson(component)}, not an object`;
  if (typeof component['type'] !== 'string' || component['type'] === '')
    return `has ${path} without a "type"`;
  if (typeof component['name'] !== 'string' || component['name'] === '')
    return `has ${path} without a "name"`;
  const licenses = component['licenses'];
  if (licenses !== undefined && (!Array.isArray(licenses) || !licenses.every(isRecord))) {
    return `has ${path} whose "licenses" is not a list of objects`;
  }
  return undefined;
}

/** Names the JSON documents people give by mistake, so the message can say what to give instead. */
function unknownDocument(document: Record<string, unknown>): string {
  const context = JSON.stringify(document['@context'] ?? '');
  if (context.includes('spdx.org/rdf/3') || document['spdxId'] !== undefined) {
    return 'is an SPDX 3 (JSON-LD) document; sigil reads SPDX 2.x JSON (syft -o spdx-json) and CycloneDX JSON';
  }
  if (typeof document['_type'] === 'string' && document['_type'].startsWith('https://in-toto.io/Statement')) {
    return 'is an in-toto statement, not an SBOM; give the SBOM document itself (the statement predicate)';
  }
  if (typeof document['payloadType'] === 'string' && 'payload' in document) {
    return 'is a DSSE envelope, not an SBOM; give the SBOM document itself';
  }
  if (Array.isArray(document['artifacts']) && isRecord(document['descriptor'])) {
    return "is syft's own JSON format (-o json); generate SPDX with syft -o spdx-json or CycloneDX with -o cyclonedx-json";
  }
  const keys = Object.keys(document)
    .slice(0, 5)
    .map((key) => JSON.stringify(key));
  return `is JSON but neither SPDX (no "spdxVersion") nor CycloneDX (no "bomFormat")${
    keys.length > 0 ? `; its first keys are ${keys.join(', ')}` : ''
  }`;
}

function isAbsoluteUriWithoutFragment(value: string): boolean {
  if (value.includes('#') || !/^[A-Za-z][A-Za-z0-9+.-]*:/.test(value)) return false;
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}

function describeJson(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return 'a string';
  return `${typeof value} ${JSON.stringify(value)}`;
}

function fail(message: string): DocumentCheck {
  return { ok: false, message };
}
