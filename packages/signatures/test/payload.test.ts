import { describe, expect, it } from '@jest/globals';
import { SigilError } from '@sigil/core';
import { reservedAnnotationKey } from '@sigil/signatures';
import { parseSimpleSigningPayload } from '../src/payload-parser.js';
import { simpleSigningPayload } from '../src/payload.js';

const DIGEST = 'sha256:634a8f35b5f16dcf4aaa0822adc0b1964bb786fca12f6831de8ddc45e5986a00';
const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

describe('simpleSigningPayload', () => {
  it('writes optional:null without annotations, exactly as cosign does', () => {
    expect(text(simpleSigningPayload('192.168.64.2:5000/cosign-signed-single-sample', DIGEST))).toBe(
      '{"critical":{"identity":{"docker-reference":"192.168.64.2:5000/cosign-signed-single-sample"},' +
        `"image":{"docker-manifest-digest":"${DIGEST}"},"type":"cosign container image signature"},"optional":null}`,
    );
    expect(text(simpleSigningPayload('r/x', DIGEST, {}))).toMatch(/"optional":null}$/);
  });

  it('sorts annotation keys bytewise like Go, integer-like keys included', () => {
    const payload = text(
      simpleSigningPayload('r/x', DIGEST, { z: '1', '10': 'a', '9': 'b', B: 'c', é: 'd' }),
    );
    expect(payload).toMatch(/"optional":\{"10":"a","9":"b","B":"c","z":"1","é":"d"\}\}$/);
  });

  it("escapes <, >, & and U+2028/U+2029 the way Go's encoding/json does", () => {
    const payload = text(simpleSigningPayload('r/x', DIGEST, { 'a<b>': 'x&y\u2028\u2029"\\\n' }));
    expect(payload).toMatch(/"optional":\{"a\\u003cb\\u003e":"x\\u0026y\\u2028\\u2029\\"\\\\\\n"\}\}$/);
  });

  it.each([
    ['an empty identity', '', DIGEST],
    ['a digest without algorithm', 'r/x', '634a8f35b5f16dcf4aaa0822adc0b1964bb786fca12f6831de8ddc45e5986a00'],
    ['an uppercase digest', 'r/x', DIGEST.toUpperCase()],
    ['a short digest', 'r/x', 'sha256:634a'],
  ])('refuses %s', (_name, identity, digest) => {
    expect(() => simpleSigningPayload(identity, digest)).toThrow(SigilError);
  });

  it('refuses strings that are not valid Unicode', () => {
    expect(() => simpleSigningPayload('r/x', DIGEST, { a: '\ud800' })).toThrow(/lone surrogate/);
  });

  it('refuses the reserved timestamp annotation, which would make a payload the strict parser rejects', () => {
    expect(() => simpleSigningPayload('r/x', DIGEST, { env: 'prod', timestamp: '1700000000' })).toThrow(
      /the annotation "timestamp" is reserved/,
    );
    expect(reservedAnnotationKey({ env: 'prod', timestamp: '1' })).toBe('timestamp');
    expect(reservedAnnotationKey({ env: 'prod', 'build-timestamp': '1', creator: 'ci' })).toBeUndefined();
    // Every other annotation the writer accepts, the gate's parser accepts.
    const written = simpleSigningPayload('r/x', DIGEST, { creator: 'ci', 'build-timestamp': '1' });
    expect(parseSimpleSigningPayload(written)).toMatchObject({ ok: true });
  });
});
