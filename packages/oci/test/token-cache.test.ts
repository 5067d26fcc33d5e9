import { describe, expect, it } from '@jest/globals';
import { TokenCache } from '../src/token-cache.js';

describe('TokenCache', () => {
  it('keeps a token until shortly before it expires', () => {
    let now = 1_000_000;
    const cache = new TokenCache(() => now);
    const key = TokenCache.key('ghcr.io', ['repository:a:pull']);
    cache.set(key, 't1', 300);
    now += 289_000;
    expect(cache.get(key)).toBe('t1');
    now += 1_000;
    expect(cache.get(key)).toBeUndefined();
  });

  it('renews a 60 s token after 50 s, and short-lived tokens at half their life', () => {
    let now = 0;
    const cache = new TokenCache(() => now);
    cache.set('a', 'a-token');
    cache.set('b', 'b-token', 4);
    now = 1_999;
    expect(cache.get('b')).toBe('b-token');
    now = 2_000;
    expect(cache.get('b')).toBeUndefined();
    now = 49_999;
    expect(cache.get('a')).toBe('a-token');
    now = 50_000;
    expect(cache.get('a')).toBeUndefined();
  });

  it('keys by registry and the set of scopes, in any order', () => {
    expect(TokenCache.key('r', ['b', 'a'])).toBe(TokenCache.key('r', ['a', 'b']));
    expect(TokenCache.key('r', ['a'])).not.toBe(TokenCache.key('s', ['a']));
  });
});
