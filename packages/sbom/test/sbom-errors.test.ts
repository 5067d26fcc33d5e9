import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from '@jest/globals';
import { SigilError } from '@sigil/core';
import { validateSbomPredicate } from '@sigil/sbom';
import { detectSbom } from '../src/sbom.js';

const fixture = (name: string): Buffer => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));
const spdx = (): Record<string, unknown> =>
  JSON.parse(fixture('spdx-2.3.json').toString('utf8')) as Record<string, unknown>;
const cyclonedx = (): Record<string, unknown> =>
  JSON.parse(fixture('cyclonedx-1.5.json').toString('utf8')) as Record<string, unknown>;

function refusal(bytes: Uint8Array): SigilError {
  try {
    detectSbom(bytes, 'sbom.json');
  } catch (error) {
    if (error instanceof SigilError) return error;
    throw error;
  }
  throw new Error('detectSbom accepted the document');
}

describe('detectSbom refuses what is not an SBOM it can attest, saying what it is', () => {
  it.each<[string, Uint8Array, RegExp]>([
    ['an empty file', Buffer.alloc(0), /^sbom\.json is empty$/],
    ['a gzip file', gzipSync(fixture('spdx-2.3.json')), /gzip-compressed; decompress it first/],
    [
      'a byte order mark',
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), fixture('spdx-2.3.json')]),
      /byte order mark, which would make the signed statement invalid JSON/,
    ],
    ['bytes that are not UTF-8', Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]), /is not UTF-8 text/],
    ['SPDX YAML', Buffer.from('spdxVersion: SPDX-2.3\nSPDXID: SPDXRef-DOCUMENT\n'), /is SPDX YAML/],
    ['plain text', Buffer.from('hello world\n'), /is not JSON \(it starts with "hello world\\n"\)/],
    ['generic XML', Buffer.from('<?xml version="1.0"?><project/>'), /is XML, not an SPDX or CycloneDX/],
    [
      'a JSON list',
      Buffer.from('[{"spdxVersion":"SPDX-2.3"}]'),
      /holds a list, not an SPDX or CycloneDX document/,
    ],
    [
      'an in-toto statement',
      Buffer.from('{"_type":"https://in-toto.io/Statement/v0.1","subject":[],"predicate":{}}'),
      /is an in-toto statement, not an SBOM/,
    ],
    [
      'a DSSE envelope',
      Buffer.from('{"payloadType":"application/vnd.in-toto+json","payload":""}'),
      /DSSE envelope/,
    ],
    [
      "syft's own JSON",
      Buffer.from('{"artifacts":[],"source":{},"descriptor":{"name":"syft"}}'),
      /syft's own JSON format \(-o json\)/,
    ],
    [
      'unknown JSON',
      Buffer.from('{"name":"x","packages":[]}'),
      /neither SPDX \(no "spdxVersion"\) nor CycloneDX \(no "bomFormat"\); its first keys are "name", "packages"/,
    ],
  ])('%s', (_what, bytes, message) => {
    const error = refusal(bytes);
    expect(error).toMatchObject({ code: 'INPUT_INVALID', field: 'sbom-document' });
    expect(error.message).toMatch(message);
    expect(error.hint).toMatch(/syft -o spdx-json/);
  });

  it('quotes the text around an unexpected token when JSON.parse gives no position, and does not call it truncated', () => {
    expect(refusal(Buffer.from('{"spdxVersion":tru}')).message).toBe(
      `sbom.json is not valid JSON: Unexpected token '}', "{"spdxVersion":tru}" is not valid JSON`,
    );
  });

  it('says where invalid JSON broke, by line and column', () => {
    const text = '{\n  "spdxVersion": "SPDX-2.3",\n  "name": "x" "SPDXID": 1\n}\n';
    expect(refusal(Buffer.from(text)).message).toMatch(/is not valid JSON: .* at line 3, column 15 \(near /);
  });

  it.each([
    ['in a string', 120],
    ['between values', 700],
    ['after the last package', fixture('spdx-2.3.json').length - 3],
  ])('calls a file cut %s truncated and says where its JSON ends', (_where, length) => {
    const whole = fixture('spdx-2.3.json');
    const cut = whole.subarray(0, length);
    const lines = cut.toString('utf8').split('\n');
    const error = refusal(cut);
    expect(error.message).toMatch(
      new RegExp(
        `^sbom\\.json is truncated: its ${length} bytes end at line \\d+, column \\d+ before the JSON document is closed`,
      ),
    );
    const [, line] = /line (\d+)/.exec(error.message)!;
    expect(Number(line)).toBeLessThanOrEqual(lines.length);
  });
});

describe('the mandatory fields of SPDX 2.x', () => {
  it.each<[string, (d: Record<string, unknown>) => void, RegExp]>([
    [
      'SPDX 3 version',
      (d) => (d.spdxVersion = 'SPDX-3.0'),
      /spdxVersion "SPDX-3\.0"; sigil reads SPDX 2\.x JSON/,
    ],
    ['version without minor', (d) => (d.spdxVersion = 'SPDX-2'), /spdxVersion "SPDX-2"/],
    ['SPDXID', (d) => (d.SPDXID = 'SPDXRef-Root'), /SPDXID "SPDXRef-Root"; an SPDX document's SPDXID is/],
    ['name', (d) => delete d.name, /has no document "name"/],
    ['dataLicense', (d) => (d.dataLicense = 'MIT'), /dataLicense "MIT"; SPDX 2\.x requires "CC0-1\.0"/],
    ['namespace with #', (d) => (d.documentNamespace = 'https://x.example/doc#1'), /without "#"/],
    ['relative namespace', (d) => (d.documentNamespace = 'docs/1'), /documentNamespace "docs\/1"/],
    ['creationInfo', (d) => delete d.creationInfo, /has no "creationInfo" object/],
    ['creators', (d) => ((d.creationInfo as Record<string, unknown>).creators = []), /creators list/],
    ['packages as an object', (d) => (d.packages = {}), /has "packages" an object, not a list/],
    [
      'a package without a name',
      (d) => delete (d.packages as Record<string, unknown>[])[1]!.name,
      /packages\[1\] \(SPDXRef-Package-apk-musl-2\) without a "name"/,
    ],
    [
      'a package without SPDXID',
      (d) => delete (d.packages as Record<string, unknown>[])[2]!.SPDXID,
      /packages\[2\] without an "SPDXRef-…" SPDXID/,
    ],
    [
      'externalRefs not a list',
      (d) => ((d.packages as Record<string, unknown>[])[0]!.externalRefs = 'pkg:npm/x'),
      /packages\[0\] .* "externalRefs" is not a list of objects/,
    ],
    [
      'relationships as an object',
      (d) => (d.relationships = {}),
      /has "relationships" an object, not a list/,
    ],
  ])('%s', (_field, edit, message) => {
    const document = spdx();
    edit(document);
    expect(validateSbomPredicate(document)).toEqual({ ok: false, message: expect.stringMatching(message) });
    expect(refusal(Buffer.from(JSON.stringify(document))).message).toMatch(message);
  });

  it('accepts a document with no packages (files only) as SPDX with no packages', () => {
    const { packages: _none, ...document } = spdx();
    expect(validateSbomPredicate(document)).toEqual({ ok: true });
  });
});

describe('the mandatory fields of CycloneDX 1.x', () => {
  it.each<[string, (d: Record<string, unknown>) => void, RegExp]>([
    [
      'bomFormat',
      (d) => (d.bomFormat = 'cyclonedx'),
      /bomFormat "cyclonedx"; a CycloneDX BOM has "CycloneDX"/,
    ],
    ['specVersion 2', (d) => (d.specVersion = '2.0'), /specVersion "2\.0"; sigil reads CycloneDX 1\.x JSON/],
    ['specVersion as a number', (d) => (d.specVersion = 1.5), /specVersion 1\.5/],
    ['version 0', (d) => (d.version = 0), /version 0; a BOM version is an integer from 1/],
    [
      'serialNumber',
      (d) => (d.serialNumber = '3e671687'),
      /serialNumber "3e671687"; CycloneDX requires urn:uuid/,
    ],
    ['components', (d) => (d.components = {}), /has "components" an object, not a list/],
    [
      'a nested component without a name',
      (d) =>
        delete ((d.components as Record<string, unknown>[])[1]!.components as Record<string, unknown>[])[0]!
          .name,
      /components\[1\]\.components\[0\] without a "name"/,
    ],
    [
      'a component without a type',
      (d) => delete (d.components as Record<string, unknown>[])[0]!.type,
      /components\[0\] without a "type"/,
    ],
    [
      'metadata.component',
      (d) => ((d.metadata as Record<string, unknown>).component = 'app'),
      /metadata\.component a string, not an object/,
    ],
  ])('%s', (_field, edit, message) => {
    const document = cyclonedx();
    edit(document);
    expect(validateSbomPredicate(document)).toEqual({ ok: false, message: expect.stringMatching(message) });
  });
});
