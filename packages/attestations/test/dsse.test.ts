import { generateKeyPairSync, verify } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { parseDsseEnvelope } from '@sigil/attestations';
import { IN_TOTO_PAYLOAD_TYPE, inTotoStatementParts } from '../src/in-toto-statement.js';
import { dsseEnvelopeBytes, preAuthEncodingHeader } from '../src/dsse.js';
import { preAuthEncoding } from './support/whole-buffers.js';
import { SigningKey } from '@sigil/keys';
import { verifyBundleWithKey } from '@sigil/transparency';
import { vectorText } from '@sigil/testing';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const text = (data: Uint8Array): string => new TextDecoder().decode(data);
const signer = new SigningKey(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey);

describe('DSSE pre-authentication encoding', () => {
  it('is "DSSEv1 <len> <type> <len> <payload>" with byte lengths', () => {
    expect(text(preAuthEncoding(IN_TOTO_PAYLOAD_TYPE, bytes('{"a":1}')))).toBe(
      'DSSEv1 28 application/vnd.in-toto+json 7 {"a":1}',
    );
    // Lengths count UTF-8 bytes, not characters.
    expect(text(preAuthEncoding('t/é', bytes('ü')))).toBe('DSSEv1 4 t/é 2 ü');
    expect(text(preAuthEncoding('', new Uint8Array()))).toBe('DSSEv1 0  0 ');
  });

  it('matches the DSSE specification test vector', () => {
    // secure-systems-lab/dsse protocol.md: PAE("http://example.com/HelloWorld", "hello world")
    expect(text(preAuthEncoding('http://example.com/HelloWorld', bytes('hello world')))).toBe(
      'DSSEv1 29 http://example.com/HelloWorld 11 hello world',
    );
  });

  it('signing the header and payload in parts equals signing the whole PAE', () => {
    const payload = bytes('{"_type":"x"}');
    const header = preAuthEncodingHeader(IN_TOTO_PAYLOAD_TYPE, payload.length);
    const signature = signer.signParts([header, payload.subarray(0, 5), payload.subarray(5)]);
    expect(
      verify('sha256', preAuthEncoding(IN_TOTO_PAYLOAD_TYPE, payload), signer.publicKey.keyObject, signature),
    ).toBe(true);
  });
});

describe('dsseEnvelopeBytes', () => {
  it('writes the cosign v2 layout: payloadType, payload, signatures [{keyid:"", sig}]', () => {
    const sig = new Uint8Array([1, 2, 3, 4]);
    const envelope = text(dsseEnvelopeBytes(IN_TOTO_PAYLOAD_TYPE, [bytes('{"a":'), bytes('1}')], [sig]));
    expect(envelope).toBe(
      `{"payloadType":"application/vnd.in-toto+json","payload":"${Buffer.from('{"a":1}').toString('base64')}",` +
        '"signatures":[{"keyid":"","sig":"AQIDBA=="}]}',
    );
  });

  it('base64-encodes payload parts exactly like one buffer, whatever the part and chunk boundaries', () => {
    // Longer than several 48 KiB encoding chunks, cut at odd places inside and across them.
    const whole = new Uint8Array(200_003).map((_, i) => (i * 7919) % 251);
    for (const cuts of [[], [1], [2], [1, 2], [3, 4, 5], [199_998], [49_151, 49_153, 100_001], [98_304]]) {
      const parts: Uint8Array[] = [];
      let start = 0;
      for (const cut of cuts) {
        parts.push(whole.subarray(start, cut));
        start = cut;
      }
      parts.push(whole.subarray(start));
      const parsed = parseDsseEnvelope(dsseEnvelopeBytes('t', parts, [new Uint8Array([9])]));
      expect(parsed.ok && Buffer.compare(parsed.envelope.payload, whole)).toBe(0);
    }
  });
});

describe('parseDsseEnvelope', () => {
  const payload = Buffer.from('{"x":1}').toString('base64');

  it('reads the cosign v2 and v3 layouts alike (parsed, not byte-compared)', () => {
    const v2 = `{"payloadType":"application/vnd.in-toto+json","payload":"${payload}","signatures":[{"keyid":"","sig":"AQID"}]}`;
    const v3 = `{"payload":"${payload}","payloadType":"application/vnd.in-toto+json","signatures":[{"sig":"AQID"}]}`;
    const pretty = JSON.stringify(JSON.parse(v3), null, 2);
    for (const layout of [v2, v3, pretty]) {
      const parsed = parseDsseEnvelope(bytes(layout));
      expect(parsed.ok).toBe(true);
      if (!parsed.ok) continue;
      expect(parsed.envelope.payloadType).toBe(IN_TOTO_PAYLOAD_TYPE);
      expect(text(parsed.envelope.payload)).toBe('{"x":1}');
      expect(parsed.envelope.signatures[0]?.sig).toBe('AQID');
    }
    expect(parseDsseEnvelope(bytes(v2))).toMatchObject({
      envelope: { signatures: [{ keyid: '', sig: 'AQID' }] },
    });
    expect(parseDsseEnvelope(bytes(v3))).toMatchObject({ envelope: { signatures: [{ sig: 'AQID' }] } });
  });

  it.each([
    ['not JSON', '{"payload":', /not valid JSON/],
    ['an array', '[]', /not a JSON object/],
    [
      'an unknown key',
      `{"payloadType":"t","payload":"${payload}","signatures":[{"sig":"AQID"}],"x":1}`,
      /unknown key "x"/,
    ],
    [
      'a duplicate payload',
      `{"payloadType":"t","payload":"${payload}","payload":"e30=","signatures":[{"sig":"AQID"}]}`,
      /Duplicate key "payload"/,
    ],
    ['no payloadType', `{"payload":"${payload}","signatures":[{"sig":"AQID"}]}`, /no string "payloadType"/],
    [
      'a payload that is not std base64',
      '{"payloadType":"t","payload":"e30","signatures":[{"sig":"AQID"}]}',
      /not standard padded base64/,
    ],
    [
      'a URL-safe base64 payload',
      '{"payloadType":"t","payload":"-_8=","signatures":[{"sig":"AQID"}]}',
      /not standard padded base64/,
    ],
    ['no signatures', `{"payloadType":"t","payload":"${payload}","signatures":[]}`, /no signatures/],
    [
      'a signature without sig',
      `{"payloadType":"t","payload":"${payload}","signatures":[{"keyid":""}]}`,
      /no string "sig"/,
    ],
    [
      'a signature with an unknown key',
      `{"payloadType":"t","payload":"${payload}","signatures":[{"sig":"AQID","cert":"x"}]}`,
      /unknown key "cert"/,
    ],
    [
      'a numeric keyid',
      `{"payloadType":"t","payload":"${payload}","signatures":[{"sig":"AQID","keyid":1}]}`,
      /non-string "keyid"/,
    ],
  ])('refuses %s', (_, body, message) => {
    const parsed = parseDsseEnvelope(bytes(body));
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toMatch(message);
  });
});

describe('an independent verifier (sigstore-js) accepts sigil’s DSSE envelope', () => {
  const digest = `sha256:${'ab'.repeat(32)}`;
  const parts = inTotoStatementParts({
    predicateType: 'https://spdx.dev/Document',
    subjects: [{ name: 'r.example/app', digest }],
    predicate: bytes('{"spdxVersion":"SPDX-2.3"}'),
  });
  const header = preAuthEncodingHeader(
    IN_TOTO_PAYLOAD_TYPE,
    parts.reduce((n, part) => n + part.length, 0),
  );
  const envelope = JSON.parse(
    text(dsseEnvelopeBytes(IN_TOTO_PAYLOAD_TYPE, parts, [signer.signParts([header, ...parts])])),
  ) as Record<string, unknown>;
  const asBundle = (dsseEnvelope: unknown) => ({
    mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json',
    verificationMaterial: { publicKey: { hint: signer.publicKey.hint } },
    dsseEnvelope,
  });
  const verifyWith = (dsseEnvelope: unknown) =>
    verifyBundleWithKey({
      bundle: asBundle(dsseEnvelope),
      publicKey: signer.publicKey,
      trustedRoot: vectorText('sigstore-js/trusted_root.production.json'),
      subjectDigest: digest,
      tlogThreshold: 0,
      timestampThreshold: 0,
      ctlogThreshold: 0,
    });

  it('verifies the envelope as written (PAE, signature and subject checked by sigstore-js)', () => {
    expect(verifyWith(envelope)).toEqual({ ok: true, signer: { keyId: signer.publicKey.id } });
  });

  it('and refuses it once the payload is edited', () => {
    const statement = Buffer.from(String(envelope['payload']), 'base64').toString('utf8');
    const edited = {
      ...envelope,
      payload: Buffer.from(statement.replace('SPDX-2.3', 'SPDX-2.2')).toString('base64'),
    };
    expect(verifyWith(edited)).toMatchObject({ ok: false, reason: 'SIGNATURE' });
  });
});
