import { describe, expect, it } from '@jest/globals';
import { RegistryClient } from '@sigil/oci';
import { type HttpSend } from '../src/transport.js';
import { failure } from './sigil-failure.js';

/** Every request reaching the wire is recorded: a refused name must send nothing. */
const sent: string[] = [];
const http: HttpSend = async (request) => {
  sent.push(`${request.method} ${request.url.pathname}`);
  return { status: 404, headers: {}, body: new Uint8Array() };
};
const client = new RegistryClient({ http, retry: { maxAttempts: 1 } });
const registry = '127.0.0.1:5000';

describe('registry paths use the reference grammar, so no name reaches another path', () => {
  it.each([
    ['a repository with ..', 'acme/../admin', 'v1'],
    ['an upper-case repository', 'Acme/app', 'v1'],
    ['an empty path component', 'acme//app', 'v1'],
    ['a tag with a slash', 'acme/app', 'v1/../../x'],
    ['a tag starting with "."', 'acme/app', '.hidden'],
    ['a tag of 129 characters', 'acme/app', `v${'1'.repeat(128)}`],
  ])('refuses %s before sending anything', async (_what, repository, reference) => {
    sent.length = 0;
    expect((await failure(client.getManifest({ registry, repository }, reference))).code).toBe(
      'REFERENCE_INVALID',
    );
    expect(sent).toEqual([]);
  });

  it.each([
    ['acme/app', 'v1.2_3-rc'],
    ['a/b.c/d__e/f-g', 'x'.repeat(128)],
  ])('sends %s with a valid tag as a manifest path', async (repository, reference) => {
    sent.length = 0;
    expect(await client.getManifest({ registry, repository }, reference)).toBeUndefined();
    expect(sent).toEqual([`GET /v2/${repository}/manifests/${reference}`]);
  });
});
