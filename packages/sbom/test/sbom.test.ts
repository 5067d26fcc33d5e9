import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { SigilError } from '@sigil/core';
import {
  CYCLONEDX_PREDICATE_TYPE,
  SPDX_PREDICATE_TYPE,
  parseSbom,
  sbomPredicateType,
  validateSbomPredicate,
} from '@sigil/sbom';
import { detectSbom } from '../src/sbom.js';

const fixture = (name: string): Buffer => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));
const spdx = (): Record<string, unknown> =>
  JSON.parse(fixture('spdx-2.3.json').toString('utf8')) as Record<string, unknown>;
const cyclonedx = (): Record<string, unknown> =>
  JSON.parse(fixture('cyclonedx-1.5.json').toString('utf8')) as Record<string, unknown>;

function refusal(bytes: Uint8Array, source = 'sbom.json'): SigilError {
  try {
    detectSbom(bytes, source);
  } catch (error) {
    if (error instanceof SigilError) return error;
    throw error;
  }
  throw new Error('detectSbom accepted the document');
}

describe('detectSbom', () => {
  it('recognises SPDX 2.3 JSON and CycloneDX 1.5 JSON with their spec versions', () => {
    expect(detectSbom(fixture('spdx-2.3.json'), 'a.json')).toEqual({ format: 'spdx-json', version: '2.3' });
    expect(detectSbom(fixture('cyclonedx-1.5.json'), 'b.json')).toEqual({
      format: 'cyclonedx-json',
      version: '1.5',
    });
  });

  it.each([
    ['spdx-tag-value.spdx', /tag-value SPDX.*spdx-json/],
    ['spdx-rdf.xml', /SPDX RDF\/XML/],
    ['cyclonedx.xml', /CycloneDX XML.*cyclonedx-json/],
    ['spdx-3.json', /SPDX 3 \(JSON-LD\)/],
  ])('says what %s is and what to give instead', (name, message) => {
    const error = refusal(fixture(name), name);
    expect(error.code).toBe('INPUT_INVALID');
    expect(error.field).toBe('sbom-document');
    expect(error.message).toMatch(message);
    expect(error.message).toContain(name);
  });

  it('says a cut-short file is truncated and where the JSON ends', () => {
    const whole = fixture('spdx-2.3.json');
    const error = refusal(whole.subarray(0, 1000));
    expect(error.message).toMatch(/^sbom\.json is truncated: its 1000 bytes end at line \d+, column \d+/);
  });
});

describe('parseSbom', () => {
  it('normalises SPDX packages: purl from PACKAGE-MANAGER refs, concluded else declared licence, supplier without its type', () => {
    const parsed = parseSbom(fixture('spdx-2.3.json'), 'a.json');
    expect(parsed).toEqual({
      format: 'spdx-json',
      specVersion: '2.3',
      name: 'registry.example/app',
      packages: [
        {
          name: 'left-pad',
          version: '1.3.0',
          purl: 'pkg:npm/left-pad@1.3.0',
          license: 'WTFPL',
          supplier: 'Cameron Westland (camwest@gmail.com)',
        },
        {
          name: 'musl',
          version: '1.2.5-r0',
          purl: 'pkg:apk/alpine/musl@1.2.5-r0?arch=x86_64',
          license: 'MIT',
          supplier: 'Alpine Linux',
        },
        { name: 'registry.example/app' },
      ],
    });
  });

  it('normalises CycloneDX components, nested ones after their parent, metadata.component as the name', () => {
    const parsed = parseSbom(fixture('cyclonedx-1.5.json'), 'b.json');
    expect(parsed.name).toBe('registry.example/app@sha256:5c3b');
    expect(parsed.packages).toEqual([
      {
        name: 'left-pad',
        version: '1.3.0',
        purl: 'pkg:npm/left-pad@1.3.0',
        license: 'WTFPL',
        supplier: 'Cameron Westland',
      },
      {
        name: 'openssl',
        version: '3.3.2-r0',
        purl: 'pkg:apk/alpine/openssl@3.3.2-r0',
        license: 'Apache-2.0 AND OpenSSL',
        supplier: 'Alpine Linux',
      },
      { name: 'libcrypto3', version: '3.3.2-r0', license: 'Apache-2.0, OpenSSL License' },
      { name: '/etc/os-release' },
    ]);
  });
});

describe('validateSbomPredicate and sbomPredicateType', () => {
  it('maps formats to the predicate types cosign attest writes', () => {
    expect(sbomPredicateType('spdx-json')).toBe('https://spdx.dev/Document');
    expect(sbomPredicateType('cyclonedx-json')).toBe('https://cyclonedx.org/bom');
  });

  it('accepts SPDX and CycloneDX predicates under their own type and refuses them under the other', () => {
    expect(validateSbomPredicate(spdx(), SPDX_PREDICATE_TYPE)).toEqual({ ok: true });
    expect(validateSbomPredicate(cyclonedx(), CYCLONEDX_PREDICATE_TYPE)).toEqual({ ok: true });
    expect(validateSbomPredicate(spdx(), CYCLONEDX_PREDICATE_TYPE)).toEqual({
      ok: false,
      message: expect.stringMatching(/is SPDX JSON but its predicate type https:\/\/cyclonedx\.org\/bom/),
    });
  });

  it('refuses a tag-value string predicate (cosign attest --type spdx) and a document missing a mandatory field', () => {
    expect(validateSbomPredicate('SPDXVersion: SPDX-2.3\n')).toEqual({
      ok: false,
      message: expect.stringMatching(/tag-value SPDX.*--type spdxjson/),
    });
    const { documentNamespace: _omitted, ...noNamespace } = spdx();
    expect(validateSbomPredicate(noNamespace)).toEqual({
      ok: false,
      message: expect.stringMatching(/documentNamespace undefined; SPDX 2\.x requires an absolute URI/),
    });
  });

  it('refuses JSON that is neither format', () => {
    expect(validateSbomPredicate({ hello: 1 })).toEqual({
      ok: false,
      message: expect.stringMatching(/neither SPDX \(no "spdxVersion"\) nor CycloneDX \(no "bomFormat"\)/),
    });
  });
});
