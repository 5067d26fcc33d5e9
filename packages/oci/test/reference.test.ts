import { describe, expect, it } from '@jest/globals';
import { SigilError } from '@sigil/core';
import { formatReference, parseReference, repositoryName } from '@sigil/oci';

const D = `sha256:${'a1'.repeat(32)}`;

describe('parseReference', () => {
  it.each([
    ['busybox', { registry: 'index.docker.io', repository: 'library/busybox', tag: 'latest' }],
    ['busybox:1.36', { registry: 'index.docker.io', repository: 'library/busybox', tag: '1.36' }],
    ['docker.io/busybox', { registry: 'index.docker.io', repository: 'library/busybox', tag: 'latest' }],
    [
      'docker.io/library/busybox:musl',
      { registry: 'index.docker.io', repository: 'library/busybox', tag: 'musl' },
    ],
    ['index.docker.io/acme/app:v1', { registry: 'index.docker.io', repository: 'acme/app', tag: 'v1' }],
    ['acme/app', { registry: 'index.docker.io', repository: 'acme/app', tag: 'latest' }],
    ['ghcr.io/acme/app:v1.2.3', { registry: 'ghcr.io', repository: 'acme/app', tag: 'v1.2.3' }],
    ['ghcr.io/acme/team/app', { registry: 'ghcr.io', repository: 'acme/team/app', tag: 'latest' }],
    ['127.0.0.1:5000/demo/backend:v1', { registry: '127.0.0.1:5000', repository: 'demo/backend', tag: 'v1' }],
    ['localhost/app', { registry: 'localhost', repository: 'app', tag: 'latest' }],
    ['localhost:5000/app:dev', { registry: 'localhost:5000', repository: 'app', tag: 'dev' }],
    ['[::1]:5000/app:dev', { registry: '[::1]:5000', repository: 'app', tag: 'dev' }],
    ['[::1]/app', { registry: '[::1]', repository: 'app', tag: 'latest' }],
    [`ghcr.io/acme/app@${D}`, { registry: 'ghcr.io', repository: 'acme/app', digest: D }],
    [`ghcr.io/acme/app:v1@${D}`, { registry: 'ghcr.io', repository: 'acme/app', tag: 'v1', digest: D }],
    [`busybox@${D}`, { registry: 'index.docker.io', repository: 'library/busybox', digest: D }],
    [
      'r.example.com/a_b/c__d/e-f/g.h/i---j:T_a.g-1',
      { registry: 'r.example.com', repository: 'a_b/c__d/e-f/g.h/i---j', tag: 'T_a.g-1' },
    ],
    ['Registry.Example/app', { registry: 'registry.example', repository: 'app', tag: 'latest' }],
    ['localhost:5000', { registry: 'index.docker.io', repository: 'library/localhost', tag: '5000' }],
  ])('%s', (input, expected) => {
    expect(parseReference(input)).toEqual(expected);
  });

  it.each([
    ['', 'empty'],
    [' busybox', 'whitespace'],
    ['ghcr.io/Acme/app', 'component "Acme" must be lowercase'],
    ['ghcr.io/acme//app', 'empty path component'],
    ['ghcr.io/acme/app/', 'empty path component'],
    ['ghcr.io/', 'empty path component'],
    ['ghcr.io/acme/-app', 'component "-app"'],
    ['ghcr.io/acme/app.', 'component "app."'],
    ['ghcr.io/acme/a..b', 'component "a..b"'],
    ['ghcr.io/acme/a___b', 'component "a___b"'],
    ['ghcr.io/acme/app:', 'tag ""'],
    ['ghcr.io/acme/app:.hidden', 'tag ".hidden"'],
    ['ghcr.io/acme/app:-x', 'tag "-x"'],
    [`ghcr.io/acme/app:${'t'.repeat(129)}`, 'tag'],
    ['ghcr.io/acme/app:a:b', 'tag "a:b"'],
    ['ghcr.io/acme/app@sha256:abc', 'digest "sha256:abc" must be "sha256:" followed by 64 lowercase hex'],
    [`ghcr.io/acme/app@${D.toUpperCase().replace('SHA256', 'sha256')}`, '64 lowercase hex'],
    [`ghcr.io/acme/app@sha512:${'a'.repeat(128)}`, 'only sha256'],
    [`ghcr.io/acme/app@${D}@${D}`, 'more than one "@"'],
    [`ghcr.io/acme/app@`, 'digest ""'],
    ['ghcr.io:0/app', 'port "0"'],
    ['ghcr.io:65536/app', 'port "65536"'],
    ['ghcr.io:port/app', 'port "port"'],
    ['[::1/app', 'unclosed'],
    ['[not-ipv6]:5000/app', 'not a valid IPv6'],
    ['bad_host.io/app', 'host "bad_host.io"'],
    ['-bad.io/app', 'host "-bad.io"'],
    [`ghcr.io/${'a'.repeat(250)}`, 'longer than 255'],
  ])('rejects %j (%s)', (input, reason) => {
    let error: unknown;
    try {
      parseReference(input);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SigilError);
    expect((error as SigilError).code).toBe('REFERENCE_INVALID');
    expect((error as SigilError).message).toContain(reason);
    expect((error as SigilError).message).toContain(`"${input}"`);
  });
});

describe('formatReference', () => {
  it.each([
    ['busybox', 'index.docker.io/library/busybox:latest'],
    [`127.0.0.1:5000/demo/backend@${D}`, `127.0.0.1:5000/demo/backend@${D}`],
    [`ghcr.io/acme/app:v1@${D}`, `ghcr.io/acme/app:v1@${D}`],
    ['[::1]:5000/app:dev', '[::1]:5000/app:dev'],
  ])('%s → %s', (input, formatted) => {
    expect(formatReference(parseReference(input))).toBe(formatted);
    expect(parseReference(formatted)).toEqual(parseReference(input));
  });
});

describe('repositoryName', () => {
  it.each([
    ['busybox', 'index.docker.io/library/busybox'],
    ['127.0.0.1:5000/demo/backend:v1', '127.0.0.1:5000/demo/backend'],
    [`ghcr.io/acme/app@${D}`, 'ghcr.io/acme/app'],
  ])('%s → %s', (input, name) => {
    expect(repositoryName(parseReference(input))).toBe(name);
  });
});
