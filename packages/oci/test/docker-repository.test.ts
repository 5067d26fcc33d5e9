import { describe, expect, it } from '@jest/globals';
import { dockerRepositoryOf } from '@sigil/oci';

describe('dockerRepositoryOf', () => {
  it.each([
    ['192.168.64.2:5000/cosign-signed-single-sample', '192.168.64.2:5000/cosign-signed-single-sample'],
    ['127.0.0.1:5055/demo/backend:v1-signed', '127.0.0.1:5055/demo/backend'],
    [
      'ghcr.io/acme/app@sha256:634a8f35b5f16dcf4aaa0822adc0b1964bb786fca12f6831de8ddc45e5986a00',
      'ghcr.io/acme/app',
    ],
    [
      'ghcr.io/acme/app:1.0@sha256:634a8f35b5f16dcf4aaa0822adc0b1964bb786fca12f6831de8ddc45e5986a00',
      'ghcr.io/acme/app',
    ],
    ['busybox', 'index.docker.io/library/busybox'],
    ['busybox:latest', 'index.docker.io/library/busybox'],
    ['library/busybox', 'index.docker.io/library/busybox'],
    ['index.docker.io/library/busybox', 'index.docker.io/library/busybox'],
    ['docker.io/busybox', 'index.docker.io/library/busybox'],
    ['acme/app', 'index.docker.io/acme/app'],
    ['localhost/app', 'localhost/app'],
    ['localhost:5000/a/b/c', 'localhost:5000/a/b/c'],
    ['GHCR.IO/acme/app', 'ghcr.io/acme/app'],
    ['Acme/app', 'acme/app'],
    ['registry.example/a__b/c-d/e.f', 'registry.example/a__b/c-d/e.f'],
  ])('%s → %s', (reference, repository) => {
    expect(dockerRepositoryOf(reference)).toBe(repository);
  });

  it.each([
    '',
    'registry.example/Team/app',
    'registry.example/',
    'registry.example/app:',
    'registry.example/app@sha256:short',
    'registry.example/a//b',
    'registry.example/-a',
    'two words',
  ])('refuses %j', (reference) => {
    expect(dockerRepositoryOf(reference)).toBeUndefined();
  });
});
