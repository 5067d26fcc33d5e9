import { describe, expect, it } from '@jest/globals';
import { parseSimpleSigningPayload } from '../src/payload-parser.js';
import { simpleSigningPayload } from '../src/payload.js';

const DIGEST = 'sha256:634a8f35b5f16dcf4aaa0822adc0b1964bb786fca12f6831de8ddc45e5986a00';
const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const critical = (inner: string): string => `{"critical":{${inner}},"optional":null}`;
const IDENTITY = '"identity":{"docker-reference":"reg.example/team/app"}';
const IMAGE = `"image":{"docker-manifest-digest":"${DIGEST}"}`;
const TYPE = '"type":"cosign container image signature"';

describe('parseSimpleSigningPayload accepts', () => {
  it('what cosign writes, annotations included', () => {
    const result = parseSimpleSigningPayload(
      simpleSigningPayload('reg.example/team/app', DIGEST, { env: 'prod' }),
    );
    expect(result).toEqual({
      ok: true,
      payload: {
        dockerReference: 'reg.example/team/app',
        dockerManifestDigest: DIGEST,
        optional: new Map([['env', 'prod']]),
        annotations: { env: 'prod' },
      },
    });
  });

  it('what skopeo writes: tagged identity, creator and integer timestamp', () => {
    const result = parseSimpleSigningPayload(
      bytes(
        `{"critical":{${IDENTITY.replace('app"', 'app:v1"')},${IMAGE},${TYPE}},` +
          '"optional":{"creator":"containers/image 5.22.1","timestamp":1795535130}}',
      ),
    );
    expect(result.ok && result.payload).toMatchObject({
      dockerReference: 'reg.example/team/app:v1',
      creator: 'containers/image 5.22.1',
      timestamp: 1795535130,
      annotations: { creator: 'containers/image 5.22.1' },
    });
  });

  it('pretty-printed JSON, keys in any order, and non-string extra optional values', () => {
    const result = parseSimpleSigningPayload(
      bytes(
        `{\n  "optional": {"n": 1, "o": {"x": [true]}},\n  "critical": {${TYPE}, ${IMAGE}, ${IDENTITY}}\n}\n`,
      ),
    );
    expect(result.ok && result.payload.annotations).toEqual({});
  });

  it('a "__proto__" annotation as plain data', () => {
    const result = parseSimpleSigningPayload(
      bytes(`{"critical":{${IDENTITY},${IMAGE},${TYPE}},"optional":{"__proto__":"x"}}`),
    );
    expect(result.ok && Object.getOwnPropertyDescriptor(result.payload.annotations, '__proto__')?.value).toBe(
      'x',
    );
  });
});

describe('parseSimpleSigningPayload rejects', () => {
  it.each([
    [
      'an extra key in critical',
      critical(`${IDENTITY},${IMAGE},${TYPE},"extra":1`),
      'critical has an unknown key "extra"',
    ],
    ['a missing type', critical(`${IDENTITY},${IMAGE}`), 'critical is missing the key "type"'],
    ['a duplicate key in critical', critical(`${IDENTITY},${IMAGE},${TYPE},${TYPE}`), 'Duplicate key "type"'],
    [
      'a duplicate top-level key',
      `{"critical":{${IDENTITY},${IMAGE},${TYPE}},"optional":null,"optional":{}}`,
      'Duplicate key "optional"',
    ],
    [
      'a duplicate key inside optional',
      `{"critical":{${IDENTITY},${IMAGE},${TYPE}},"optional":{"a":"1","a":"2"}}`,
      'Duplicate key "a"',
    ],
    [
      'a duplicate key in identity',
      critical(`"identity":{"docker-reference":"a/b","docker-reference":"c/d"},${IMAGE},${TYPE}`),
      'Duplicate key "docker-reference"',
    ],
    [
      'a float timestamp',
      `{"critical":{${IDENTITY},${IMAGE},${TYPE}},"optional":{"timestamp":1.5}}`,
      'optional.timestamp is not an integer',
    ],
    [
      'a string timestamp',
      `{"critical":{${IDENTITY},${IMAGE},${TYPE}},"optional":{"timestamp":"1"}}`,
      'optional.timestamp is not an integer',
    ],
    [
      'a numeric creator',
      `{"critical":{${IDENTITY},${IMAGE},${TYPE}},"optional":{"creator":5}}`,
      'optional.creator is not a string',
    ],
    [
      'another type',
      critical(`${IDENTITY},${IMAGE},"type":"atomic container signature"`),
      'critical.type is "atomic container signature"',
    ],
    [
      'an invalid digest',
      critical(`${IDENTITY},"image":{"docker-manifest-digest":"sha256:abc"},${TYPE}`),
      'not a valid digest',
    ],
    [
      'a numeric identity',
      critical(`"identity":{"docker-reference":5},${IMAGE},${TYPE}`),
      'docker-reference is not a non-empty string',
    ],
    [
      'an extra key in image',
      critical(`${IDENTITY},"image":{"docker-manifest-digest":"${DIGEST}","x":1},${TYPE}`),
      'critical.image has an unknown key "x"',
    ],
    [
      'a missing optional',
      `{"critical":{${IDENTITY},${IMAGE},${TYPE}}}`,
      'payload is missing the key "optional"',
    ],
    [
      'an array optional',
      `{"critical":{${IDENTITY},${IMAGE},${TYPE}},"optional":[]}`,
      'optional is an array',
    ],
    [
      'an extra top-level key',
      `{"critical":{${IDENTITY},${IMAGE},${TYPE}},"optional":null,"x":1}`,
      'payload has an unknown key "x"',
    ],
    ['a top-level array', '[]', 'payload is an array'],
    [
      'trailing data',
      `${critical(`${IDENTITY},${IMAGE},${TYPE}`)}{}`,
      'unexpected data after the JSON value',
    ],
    [
      'a byte-order mark',
      `\ufeff${critical(`${IDENTITY},${IMAGE},${TYPE}`)}`,
      'unexpected character at offset 0',
    ],
    ['a trailing comma', critical(`${IDENTITY},${IMAGE},${TYPE},`), 'expected a string key'],
    [
      'a raw control character',
      critical(`"identity":{"docker-reference":"a\tb"},${IMAGE},${TYPE}`),
      'control character',
    ],
    [
      'deep nesting',
      `{"critical":{${IDENTITY},${IMAGE},${TYPE}},"optional":{"x":${'['.repeat(40)}${']'.repeat(40)}}}`,
      'nesting deeper',
    ],
  ])('%s', (_name, text, message) => {
    const result = parseSimpleSigningPayload(bytes(text));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toContain(message);
  });

  it('invalid UTF-8', () => {
    const result = parseSimpleSigningPayload(Uint8Array.of(0x7b, 0xff, 0x7d));
    expect(!result.ok && result.message).toContain('not valid UTF-8');
  });
});
