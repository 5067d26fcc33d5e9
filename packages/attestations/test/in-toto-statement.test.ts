import { describe, expect, it } from '@jest/globals';
import { SigilError } from '@sigil/core';
import { parseInTotoStatement } from '@sigil/attestations';
import { inTotoStatement } from './support/whole-buffers.js';
import { inTotoStatementParts, type StatementInput } from '../src/in-toto-statement.js';
import { vectorText } from '@sigil/testing';

const HEX = '732112270d7e59418a8c080b134b24cabd67d250d0d0147a97ed95ba5c280aa4';
const DIGEST = `sha256:${HEX}`;
const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const text = (data: Uint8Array): string => new TextDecoder().decode(data);

/** The statement cosign v3 wrote for `cosign attest` (spec §4.3), from the golden bundle. */
const cosignStatement = Buffer.from(
  (JSON.parse(vectorText('cosign/oci-attestation.sigstore.json')) as { dsseEnvelope: { payload: string } })
    .dsseEnvelope.payload,
  'base64',
).toString('utf8');

describe('inTotoStatement', () => {
  it('writes a v0.1 statement byte-identical to the one cosign attest wrote, given the same predicate bytes', () => {
    const predicate = cosignStatement.slice(
      cosignStatement.indexOf('"predicate":') + '"predicate":'.length,
      -1,
    );
    const statement = inTotoStatement({
      predicateType: 'https://cosign.sigstore.dev/attestation/v1',
      subjects: [{ name: '127.0.0.1:60943/repo', digest: DIGEST }],
      predicate: bytes(predicate),
    });
    expect(text(statement)).toBe(cosignStatement);
  });

  it('writes v1 in protojson field order and embeds the predicate verbatim, whitespace inside kept', () => {
    const statement = inTotoStatement({
      version: 'v1',
      predicateType: 'https://slsa.dev/provenance/v1',
      subjects: [{ name: 'r.example/a', digest: DIGEST }],
      predicate: bytes('\n  { "b" : 1,\n "a":[ 2 ] }\n\n'),
    });
    expect(text(statement)).toBe(
      '{"_type":"https://in-toto.io/Statement/v1","subject":[{"name":"r.example/a","digest":{"sha256":"' +
        HEX +
        '"}}],"predicateType":"https://slsa.dev/provenance/v1","predicate":{ "b" : 1,\n "a":[ 2 ] }}',
    );
  });

  it('escapes names as Go does and lists several subjects in order', () => {
    const other = `sha512:${'ab'.repeat(64)}`;
    const statement = text(
      inTotoStatement({
        predicateType: 'x:<t>',
        subjects: [
          { name: 'r/a&b', digest: DIGEST },
          { name: 'r/c', digest: other },
        ],
        predicate: bytes('{}'),
      }),
    );
    expect(statement).toContain('"predicateType":"x:\\u003ct\\u003e"');
    expect(statement).toContain(
      `"subject":[{"name":"r/a\\u0026b","digest":{"sha256":"${HEX}"}},{"name":"r/c","digest":{"sha512":"${'ab'.repeat(64)}"}}]`,
    );
  });

  it('hands out the predicate as a view of the caller’s bytes, not a copy', () => {
    const predicate = bytes(' {"big":true} ');
    const parts = inTotoStatementParts({
      predicateType: 't:x',
      subjects: [{ name: 'r/a', digest: DIGEST }],
      predicate,
    });
    expect(parts).toHaveLength(3);
    expect(parts[1]?.buffer).toBe(predicate.buffer);
    expect(text(parts[1] as Uint8Array)).toBe('{"big":true}');
  });

  it('produces a statement its own parser reads back', () => {
    const parsed = parseInTotoStatement(
      inTotoStatement({
        predicateType: 't:x',
        subjects: [{ name: 'r/a', digest: DIGEST }],
        predicate: bytes('{"k":[1]}'),
      }),
    );
    expect(parsed).toMatchObject({
      ok: true,
      statement: {
        type: 'https://in-toto.io/Statement/v0.1',
        predicateType: 't:x',
        subjects: [{ name: 'r/a', digest: { sha256: HEX } }],
        predicate: { k: [1] },
      },
    });
  });

  const base: StatementInput = {
    predicateType: 't:x',
    subjects: [{ name: 'r/a', digest: DIGEST }],
    predicate: bytes('{}'),
  };
  it.each<[string, Partial<StatementInput>]>([
    ['a predicate that is an array', { predicate: bytes('[1]') }],
    ['a predicate that is a string', { predicate: bytes('"spdx"') }],
    ['an empty predicate', { predicate: bytes('  ') }],
    ['a predicate cut short', { predicate: bytes('{"a":1') }],
    ['an empty predicate type', { predicateType: '' }],
    ['no subject', { subjects: [] }],
    ['a subject without a digest', { subjects: [{ name: 'r/a', digest: 'latest' }] }],
    ['a subject with an empty name', { subjects: [{ name: '', digest: DIGEST }] }],
  ])('refuses %s with INPUT_INVALID', (_, change) => {
    expect(() => inTotoStatement({ ...base, ...change })).toThrow(SigilError);
    try {
      inTotoStatement({ ...base, ...change });
    } catch (error) {
      expect((error as SigilError).code).toBe('INPUT_INVALID');
    }
  });
});

describe('parseInTotoStatement', () => {
  const statement = (body: string) => parseInTotoStatement(bytes(body));
  const subject = `[{"name":"r/a","digest":{"sha256":"${HEX}"}}]`;

  it('accepts v1 and v0.1, ignores unknown fields, keeps __proto__ an ordinary key', () => {
    const parsed = statement(
      `{"_type":"https://in-toto.io/Statement/v1","subject":${subject},"predicateType":"t:x","extra":1,"predicate":{"__proto__":{"polluted":true}}}`,
    );
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const predicate = parsed.statement.predicate as Record<string, unknown>;
    expect(Object.keys(predicate)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it.each([
    ['not JSON', '{"_type":', /not valid JSON/],
    [
      'a duplicate predicateType',
      `{"_type":"https://in-toto.io/Statement/v0.1","predicateType":"a:b","predicateType":"c:d","subject":${subject}}`,
      /Duplicate key "predicateType"/,
    ],
    [
      'a duplicate key deep in the predicate',
      `{"_type":"https://in-toto.io/Statement/v0.1","predicateType":"a:b","subject":${subject},"predicate":{"p":[{"x":1,"x":2}]}}`,
      /Duplicate key "x"/,
    ],
    [
      'an unknown _type',
      `{"_type":"https://in-toto.io/Statement/v2","predicateType":"a:b","subject":${subject}}`,
      /_type is "https:\/\/in-toto.io\/Statement\/v2"/,
    ],
    [
      'no predicateType',
      `{"_type":"https://in-toto.io/Statement/v1","subject":${subject}}`,
      /predicateType is missing/,
    ],
    [
      'a numeric predicateType',
      `{"_type":"https://in-toto.io/Statement/v1","predicateType":1,"subject":${subject}}`,
      /predicateType is a number/,
    ],
    [
      'no subject',
      '{"_type":"https://in-toto.io/Statement/v1","predicateType":"a:b","subject":[]}',
      /no subject/,
    ],
    [
      'a subject digest that is not strings',
      '{"_type":"https://in-toto.io/Statement/v1","predicateType":"a:b","subject":[{"digest":{"sha256":1}}]}',
      /not an object of strings/,
    ],
    ['an array', '[]', /not a JSON object/],
  ])('refuses %s', (_, body, message) => {
    const parsed = statement(body);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toMatch(message);
  });
});
