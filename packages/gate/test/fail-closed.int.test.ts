import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SigningKey } from '@sigil/keys';
import { signatureTag } from '@sigil/signatures';
import { signImage } from '../../signatures/src/sign.js';
import { SigilError } from '@sigil/core';
import {
  MEDIA_TYPES,
  NodeHttpTransport,
  RegistryClient,
  parseReference,
  sha256Digest,
  type Registry,
  type RepositoryRef,
} from '@sigil/oci';
import {
  pushTestImage,
  pushTestIndex,
  startFaultProxy,
  startRegistry,
  type StartedFaultProxy,
  type StartedRegistry,
} from '@sigil/testing';
import { generateKeyPairSync } from 'node:crypto';
import { runGate, type GateResult } from '../src/index.js';
import { type GateImage, type GatePolicy } from '../src/gate-policy.js';

/** What RegistryClient takes, `http` being the transport its requests go through. */
type ClientOptions = NonNullable<ConstructorParameters<typeof RegistryClient>[0]>;

/**
 * The gate's fail-closed paths that no other test pins: each of them, turned into a pass, left every other
 * test green. A tag that is gone or cannot be re-read after verification, and an index whose platform list
 * cannot be read under `platforms: all`, must fail the image, never pass it on what was checked before.
 */
const cleanups: (() => Promise<void> | void)[] = [];
let server: StartedRegistry;
let client: RegistryClient;
const key = new SigningKey(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey);

beforeAll(async () => {
  server = await startRegistry();
  cleanups.push(() => server.stop());
  client = new RegistryClient({ timeoutMs: 60_000 });
  cleanups.push(() => client.close());
});

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

const repo = (name: string): RepositoryRef => ({ registry: server.host, repository: name });
const entry = (image: string): GateImage => ({ image, reference: parseReference(image) });
const policy = (extra: Partial<GatePolicy> = {}): GatePolicy => ({
  signature: { trustedKeys: [key.publicKey] },
  requirements: [{ kind: 'signature' }],
  platforms: 'index',
  mode: 'enforce',
  ...extra,
});

/** The registry client, with `overrides` in front of it (every method not overridden goes to the client). */
function registryWith(overrides: Partial<Registry>): Registry {
  return {
    resolveDigest: (...args) => client.resolveDigest(...args),
    getManifest: (...args) => client.getManifest(...args),
    putManifest: (...args) => client.putManifest(...args),
    getBlob: (...args) => client.getBlob(...args),
    putBlob: (...args) => client.putBlob(...args),
    hasBlob: (...args) => client.hasBlob(...args),
    ...overrides,
  };
}

/**
 * A fault proxy in front of the test registry that answers 503 to every request `faulted` picks (and
 * forwards the rest), and a client through it with two attempts per request. Images keep the registry's
 * name, so nothing about them changes but the path their requests take.
 */
async function faultedClient(
  faulted: (request: { method: string; url: string }) => boolean,
): Promise<{ proxy: StartedFaultProxy; client: RegistryClient }> {
  const proxy = await startFaultProxy({
    upstream: server.host,
    faultRate: 1,
    kinds: ['status503'],
    exempt: (request) => !faulted(request),
  });
  cleanups.push(() => proxy.stop());
  const transport = new NodeHttpTransport({ concurrency: 8 });
  cleanups.push(() => transport.close());
  const send: ClientOptions['http'] = (request) => {
    if (request.url.host !== server.host) return transport.send(request);
    const url = new URL(request.url);
    url.host = proxy.host;
    return transport.send({ ...request, url });
  };
  const through = new RegistryClient({
    http: send,
    timeoutMs: 30_000,
    retry: { maxAttempts: 2, baseDelayMs: 10, maxDelayMs: 50 },
  });
  cleanups.push(() => through.close());
  return { proxy, client: through };
}

/** The checks of the only verdict, as `[check, passed, reason]`. */
function checksOf(result: GateResult) {
  expect(result.images).toHaveLength(1);
  return (result.images[0]?.checks ?? []).map((check) => [check.check, check.passed, check.reason]);
}

async function signedTaggedImage(name: string) {
  const r = repo(name);
  const image = await pushTestImage(client, r, { tag: 'v1' });
  await signImage(client, { image: name, repo: r, digest: image.digest }, key);
  return { r, digest: image.digest, ref: `${server.host}/${name}:v1` };
}

describe('the tag re-check after verification fails closed', () => {
  it('a tag deleted while the gate verifies fails with TAG_MOVED, saying it was deleted', async () => {
    const { r, digest, ref } = await signedTaggedImage('failclosed/deleted');
    let deleted = false;
    // Deleting the manifest (Distribution deletes by digest) removes every tag on it: the tag is gone
    // once the signatures have been read, before the gate re-resolves it.
    const deleting = registryWith({
      getManifest: async (target, reference) => {
        if (!deleted && reference === signatureTag(digest)) {
          deleted = await client.deleteManifest(r, digest);
        }
        return client.getManifest(target, reference);
      },
    });

    const result = await runGate(deleting, [entry(ref)], policy());

    expect(deleted).toBe(true);
    expect(await client.resolveDigest(r, 'v1')).toBeUndefined();
    expect(checksOf(result)).toEqual([
      ['signature', true, undefined],
      ['tag', false, 'TAG_MOVED'],
    ]);
    expect([result.verified, result.passed]).toEqual([false, false]);
    expect(result.failed).toEqual([
      expect.objectContaining({ image: ref, check: 'tag', digest, reason: 'TAG_MOVED' }),
    ]);
    expect(result.failed[0]?.message).toContain('deleted');
  });

  it('a registry that keeps failing the re-read (503) fails the tag check with the registry reason', async () => {
    const { digest } = await signedTaggedImage('failclosed/unreadable-tag');
    const tagPath = '/v2/failclosed/unreadable-tag/manifests/v1';
    let tagRequests = 0;
    // The first request for the tag (pinning it) goes through; every later one (the re-check) gets 503.
    const { proxy, client: through } = await faultedClient(
      (request) => request.url === tagPath && ++tagRequests > 1,
    );
    const ref = `${server.host}/failclosed/unreadable-tag:v1`;

    const result = await runGate(through, [entry(ref)], policy());

    expect(proxy.faults.status503).toBeGreaterThan(0);
    expect(checksOf(result)).toEqual([
      ['signature', true, undefined],
      ['tag', false, 'REGISTRY_UNREACHABLE'],
    ]);
    expect([result.verified, result.passed]).toEqual([false, false]);
    expect(result.failed).toEqual([
      expect.objectContaining({ image: ref, check: 'tag', digest, reason: 'REGISTRY_UNREACHABLE' }),
    ]);
    expect(result.failed[0]?.message).toContain('re-resolve');
    // The tag did not move: read directly it still names the verified digest.
    expect(await client.resolveDigest(repo('failclosed/unreadable-tag'), 'v1')).toBe(digest);
  });

  it('any error thrown by the re-read fails the tag check with its code, also in audit mode', async () => {
    const { r, digest, ref } = await signedTaggedImage('failclosed/throwing-tag');
    let resolutions = 0;
    const throwing = registryWith({
      resolveDigest: async (target, reference) => {
        if (reference === 'v1' && ++resolutions > 1)
          throw new SigilError('TIMEOUT', 'the deadline passed while re-reading the tag');
        return client.resolveDigest(target, reference);
      },
    });

    const enforced = await runGate(throwing, [entry(ref)], policy());
    resolutions = 0;
    const audited = await runGate(throwing, [entry(ref)], policy({ mode: 'audit' }));

    expect(checksOf(enforced)).toEqual([
      ['signature', true, undefined],
      ['tag', false, 'TIMEOUT'],
    ]);
    expect([enforced.verified, enforced.passed]).toEqual([false, false]);
    expect(audited.failed.map((failure) => [failure.check, failure.reason])).toEqual([['tag', 'TIMEOUT']]);
    expect([audited.verified, audited.passed]).toEqual([false, true]);
    expect(await client.resolveDigest(r, 'v1')).toBe(digest);
  });
});

describe('platforms: all, when the platform list of an index cannot be read, fails the image', () => {
  it('a registry error reading the index fails it, though the index and every platform are signed', async () => {
    const name = 'failclosed/unreadable-index';
    const r = repo(name);
    const index = await pushTestIndex(client, r);
    await signImage(client, { image: name, repo: r, digest: index.digest }, key, { recursive: true });
    const ref = `${server.host}/${name}@${index.digest}`;
    const indexPath = `/v2/${name}/manifests/${index.digest}`;
    const { proxy, client: through } = await faultedClient((request) => request.url === indexPath);

    // Control: the same client passes the image when only the index is checked, and, read directly,
    // every platform is signed.
    const indexOnly = await runGate(through, [entry(ref)], policy());
    const direct = await runGate(client, [entry(ref)], policy({ platforms: 'all' }));
    expect(indexOnly.verified).toBe(true);
    expect(direct.verified).toBe(true);
    expect(proxy.faults.status503).toBe(0);

    const result = await runGate(through, [entry(ref)], policy({ platforms: 'all' }));

    expect(proxy.faults.status503).toBeGreaterThan(0);
    expect(checksOf(result)).toEqual([
      ['signature', true, undefined],
      ['signature', false, 'REGISTRY_UNREACHABLE'],
    ]);
    expect([result.verified, result.passed]).toEqual([false, false]);
    expect(result.failed).toEqual([
      expect.objectContaining({ check: 'signature', digest: index.digest, reason: 'REGISTRY_UNREACHABLE' }),
    ]);
    expect(result.failed[0]?.message).toContain('check its platforms');
  });

  it('with require signature, sbom: an unreadable index is not passed on its own signature', async () => {
    const name = 'failclosed/unreadable-index-sbom';
    const r = repo(name);
    const index = await pushTestIndex(client, r);
    await signImage(client, { image: name, repo: r, digest: index.digest }, key, { recursive: true });
    const ref = `${server.host}/${name}@${index.digest}`;
    const indexPath = `/v2/${name}/manifests/${index.digest}`;
    const { client: through } = await faultedClient((request) => request.url === indexPath);

    const result = await runGate(
      through,
      [entry(ref)],
      policy({ requirements: [{ kind: 'signature' }, { kind: 'sbom' }], platforms: 'all' }),
    );

    expect([result.verified, result.passed]).toEqual([false, false]);
    expect(result.images[0]?.passed).toBe(false);
    expect(result.images[0]?.reasons).toEqual(['REGISTRY_UNREACHABLE']);
    expect(result.failed.map((failure) => [failure.digest, failure.reason])).toEqual([
      [index.digest, 'REGISTRY_UNREACHABLE'],
    ]);
  });

  it('an index nesting indexes deeper than the gate reads fails with MANIFEST_INVALID, not on its signature', async () => {
    const name = 'failclosed/deep-index';
    const r = repo(name);
    const image = await pushTestImage(client, r);
    let child: { mediaType: string; digest: string; size: number } = {
      mediaType: MEDIA_TYPES.ociManifest,
      digest: image.digest,
      size: image.manifest.byteLength,
    };
    // Five levels of index over one image: the platform list stops at four.
    for (let level = 0; level < 5; level++) {
      const bytes = Buffer.from(
        JSON.stringify({
          schemaVersion: 2,
          mediaType: MEDIA_TYPES.ociIndex,
          manifests: [{ ...child, platform: { os: 'linux', architecture: 'amd64' } }],
        }),
      );
      const digest = await client.putManifest(r, sha256Digest(bytes), bytes, MEDIA_TYPES.ociIndex);
      child = { mediaType: MEDIA_TYPES.ociIndex, digest, size: bytes.byteLength };
    }
    const top = child.digest;
    await signImage(client, { image: name, repo: r, digest: top }, key);
    const ref = `${server.host}/${name}@${top}`;

    const indexOnly = await runGate(client, [entry(ref)], policy());
    const all = await runGate(client, [entry(ref)], policy({ platforms: 'all' }));
    const allWithSbom = await runGate(
      client,
      [entry(ref)],
      policy({ requirements: [{ kind: 'signature' }, { kind: 'sbom' }], platforms: 'all' }),
    );

    expect(indexOnly.verified).toBe(true);
    expect(checksOf(all)).toEqual([
      ['signature', true, undefined],
      ['signature', false, 'MANIFEST_INVALID'],
    ]);
    expect([all.verified, all.passed]).toEqual([false, false]);
    expect(all.failed[0]?.message).toContain('deep');
    expect([allWithSbom.verified, allWithSbom.images[0]?.reasons]).toEqual([false, ['MANIFEST_INVALID']]);
  });
});
