import { describe, expect, it } from '@jest/globals';
import { SigilError } from '@sigil/core';
import { SchemePolicy, isLoopbackHost } from '@sigil/oci';

describe('SchemePolicy', () => {
  const policy = new SchemePolicy(['registry.internal:5000', 'Plain.Example']);
  it.each([
    ['localhost', 'http'],
    ['localhost:5000', 'http'],
    ['127.0.0.1:5000', 'http'],
    ['127.1.2.3', 'http'],
    ['[::1]:5000', 'http'],
    ['registry.internal:5000', 'http'],
    ['plain.example:8080', 'http'],
    ['registry.internal:5001', 'https'],
    ['registry.internal', 'https'],
    ['ghcr.io', 'https'],
    ['index.docker.io', 'https'],
    ['127.0.0.1.nip.io', 'https'],
    ['128.0.0.1', 'https'],
    ['10.0.0.1:5000', 'https'],
    ['localhost.example.com', 'https'],
    ['[::2]:5000', 'https'],
  ])('%s → %s', (registry, scheme) => {
    expect(policy.schemeFor(registry)).toBe(scheme);
    expect(policy.baseUrl(registry).protocol).toBe(`${scheme}:`);
  });

  it.each([
    'http://ghcr.io/v2/',
    'http://10.0.0.1:5000/token',
    'ftp://127.0.0.1/x',
    'http://registry.internal:5001/',
  ])('refuses %s with REGISTRY_INSECURE naming insecure-registries', (url) => {
    let error: unknown;
    try {
      policy.assertAllowedUrl(new URL(url));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SigilError);
    expect((error as SigilError).code).toBe('REGISTRY_INSECURE');
    expect((error as SigilError).field).toBe('plain-http-registries');
  });

  it.each([
    'https://ghcr.io/v2/',
    'http://127.0.0.1:5000/v2/',
    'http://[::1]:5000/v2/',
    'http://plain.example/v2/',
  ])('allows %s', (url) => {
    expect(() => policy.assertAllowedUrl(new URL(url))).not.toThrow();
  });
});

describe('isLoopbackHost', () => {
  it.each([
    ['localhost', true],
    ['LOCALHOST', true],
    ['127.0.0.1', true],
    ['127.255.255.255', true],
    ['[::1]', true],
    ['127.256.0.1', false],
    ['0.0.0.0', false],
    ['::ffff:127.0.0.1', false],
  ])('%s → %s', (host, loopback) => {
    expect(isLoopbackHost(host)).toBe(loopback);
  });
});
