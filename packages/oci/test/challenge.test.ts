import { describe, expect, it } from '@jest/globals';
import { parseChallenges } from '../src/challenge.js';

describe('parseChallenges', () => {
  it.each([
    [
      [
        'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/busybox:pull"',
      ],
      [
        {
          scheme: 'bearer',
          params: {
            realm: 'https://auth.docker.io/token',
            service: 'registry.docker.io',
            scope: 'repository:library/busybox:pull',
          },
        },
      ],
    ],
    [['Basic realm="Registry Realm"'], [{ scheme: 'basic', params: { realm: 'Registry Realm' } }]],
    [
      ['Basic realm="a, b", Bearer realm="https://r/token", error="insufficient_scope"'],
      [
        { scheme: 'basic', params: { realm: 'a, b' } },
        { scheme: 'bearer', params: { realm: 'https://r/token', error: 'insufficient_scope' } },
      ],
    ],
    [
      ['Basic realm=simple', 'BEARER Realm = "https://x/t" , Service=svc'],
      [
        { scheme: 'basic', params: { realm: 'simple' } },
        { scheme: 'bearer', params: { realm: 'https://x/t', service: 'svc' } },
      ],
    ],
    [
      ['Bearer realm="with \\"quotes\\" inside"'],
      [{ scheme: 'bearer', params: { realm: 'with "quotes" inside' } }],
    ],
    [['Bearer'], [{ scheme: 'bearer', params: {} }]],
    [[''], []],
  ])('%j', (values, expected) => {
    expect(parseChallenges(values)).toEqual(expected);
  });
});
