import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SigningKey } from '@sigil/keys';
import { signatureTag, type SignaturePolicy } from '@sigil/signatures';
import { signImage } from '../../signatures/src/sign.js';
import type { Logger } from '@sigil/core';
import { RegistryClient, parseReference, type Registry, type RepositoryRef } from '@sigil/oci';
import { pushTestImage, pushTestIndex, startRegistry, type StartedRegistry } from '@sigil/testing';
import { generateKeyPairSync } from 'node:crypto';
import { failedOutput, gateReport, runGate } from '../src/index.js';
import { type GateImage, type GatePolicy } from '../src/gate-policy.js';

let server: StartedRegistry;
let client: RegistryClient;
const key = new SigningKey(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey);
const otherKey = new SigningKey(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey);

beforeAll(async () => {
  server = await startRegistry();
  client = new RegistryClient({ timeoutMs: 60_000 });
});

afterAll(async () => {
  client.close();
  await server.stop();
});

const repo = (name: string): RepositoryRef => ({ registry: server.host, repository: name });
const entry = (image: string): GateImage => ({ image, reference: parseReference(image) });
const signature: SignaturePolicy = { trustedKeys: [key.publicKey] };
const enforce: GatePolicy = {
  signature,
  requirements: [{ kind: 'signature' }],
  platforms: 'index',
  mode: 'enforce',
};

function recordingLogger(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  return {
    warnings,
    debug: () => undefined,
    info: () => undefined,
    warning: (message) => warnings.push(message),
  };
}

async function signedImage(name: string, tag?: string) {
  const r = repo(name);
  const image = await pushTestImage(client, r, tag === undefined ? {} : { tag });
  await signImage(client, { image: name, repo: r, digest: image.digest }, key);
  return { r, digest: image.digest, ref: `${server.host}/${name}@${image.digest}` };
}

describe('runGate', () => {
  it('refuses an empty image list instead of calling nothing verified', async () => {
    await expect(runGate(client, [], enforce)).rejects.toMatchObject({
      code: 'INPUT_INVALID',
      field: 'image-reference',
    });
  });

  it('gives one verdict per image in input order and fails the unsigned one (enforce)', async () => {
    const a = await signedImage('gate/a');
    const unsigned = await pushTestImage(client, repo('gate/unsigned'));
    const b = await signedImage('gate/b');
    const unsignedRef = `${server.host}/gate/unsigned@${unsigned.digest}`;
    const result = await runGate(client, [entry(a.ref), entry(unsignedRef), entry(b.ref)], {
      ...enforce,
      concurrency: 3,
    });
    expect(result.images.map((v) => [v.image, v.passed])).toEqual([
      [a.ref, true],
      [unsignedRef, false],
      [b.ref, true],
    ]);
    expect([result.verified, result.passed]).toEqual([false, false]);
    expect(failedOutput(result)).toEqual([
      { image: unsignedRef, digest: unsigned.digest, check: 'signature', reason: 'NO_SIGNATURES' },
    ]);
  });

  it('audit mode reports the same failure but does not fail', async () => {
    const unsigned = await pushTestImage(client, repo('gate/audit'));
    const ref = `${server.host}/gate/audit@${unsigned.digest}`;
    const logger = recordingLogger();
    const result = await runGate(client, [entry(ref)], { ...enforce, mode: 'audit' }, { logger });
    expect([result.verified, result.passed]).toEqual([false, true]);
    expect(result.failed.map((f) => f.reason)).toEqual(['NO_SIGNATURES']);
    expect(logger.warnings.some((w) => w.includes('NO_SIGNATURES') && w.includes('audit'))).toBe(true);
  });

  it('resolves a tag once, verifies the digest, records both, and warns that the digest is what counts', async () => {
    const { digest } = await signedImage('gate/tagged', 'v1');
    const logger = recordingLogger();
    const ref = `${server.host}/gate/tagged:v1`;
    const result = await runGate(client, [entry(ref)], enforce, { logger });
    const verdict = result.images[0];
    expect([verdict?.tag, verdict?.digest, verdict?.passed]).toEqual(['v1', digest, true]);
    expect(verdict?.checks.map((c) => [c.check, c.passed])).toEqual([
      ['signature', true],
      ['tag', true],
    ]);
    expect(logger.warnings.some((w) => w.includes(ref) && w.includes(digest))).toBe(true);
  });

  it('processes a digest named twice (by tag and by digest) once, keeping the second as an alias', async () => {
    const { digest } = await signedImage('gate/dupe', 'v1');
    const byTag = `${server.host}/gate/dupe:v1`;
    const byDigest = `${server.host}/gate/dupe@${digest}`;
    const result = await runGate(client, [entry(byTag), entry(byDigest)], enforce);
    expect(result.images).toHaveLength(1);
    expect(result.images[0]?.aliases).toEqual([byDigest]);
  });

  it('fails with TAG_MOVED when the tag is re-pointed while the gate verifies', async () => {
    const r = repo('gate/moving');
    const first = await pushTestImage(client, r, { tag: 'v1' });
    await signImage(client, { image: 'x', repo: r, digest: first.digest }, key);
    const second = await pushTestImage(client, r);
    let moved = false;
    const racing: Registry = {
      resolveDigest: (...args) => client.resolveDigest(...args),
      getBlob: (...args) => client.getBlob(...args),
      putBlob: (...args) => client.putBlob(...args),
      hasBlob: (...args) => client.hasBlob(...args),
      putManifest: (...args) => client.putManifest(...args),
      getManifest: async (target, reference) => {
        if (!moved && reference === signatureTag(first.digest)) {
          moved = true;
          await client.putManifest(r, 'v1', second.manifest, 'application/vnd.oci.image.manifest.v1+json');
        }
        return client.getManifest(target, reference);
      },
    };
    const result = await runGate(racing, [entry(`${server.host}/gate/moving:v1`)], enforce);
    expect(moved).toBe(true);
    expect(result.images[0]?.reasons).toEqual(['TAG_MOVED']);
    expect(result.failed[0]).toEqual(
      expect.objectContaining({ check: 'tag', digest: first.digest, reason: 'TAG_MOVED' }),
    );
    expect(result.failed[0]?.message).toContain(second.digest);
  });

  it('a tag that does not exist fails the reference check with IMAGE_NOT_FOUND and no digest', async () => {
    const ref = `${server.host}/gate/none:v9`;
    const result = await runGate(client, [entry(ref)], enforce);
    expect(failedOutput(result)).toEqual([
      { image: ref, digest: null, check: 'reference', reason: 'IMAGE_NOT_FOUND' },
    ]);
  });

  describe('platforms', () => {
    it('all: an unsigned platform manifest fails with PLATFORM_UNSIGNED naming the platform', async () => {
      const r = repo('gate/multiarch');
      const index = await pushTestIndex(client, r);
      await signImage(client, { image: 'idx', repo: r, digest: index.digest }, key);
      const ref = `${server.host}/gate/multiarch@${index.digest}`;
      const onlyIndex = await runGate(client, [entry(ref)], enforce);
      const all = await runGate(client, [entry(ref)], { ...enforce, platforms: 'all' });
      expect(onlyIndex.verified).toBe(true);
      expect(all.failed.map((f) => [f.reason, f.digest])).toEqual([
        ['PLATFORM_UNSIGNED', index.images[0]?.digest],
        ['PLATFORM_UNSIGNED', index.images[1]?.digest],
      ]);
      expect(all.failed[1]?.message).toContain('linux/arm64');
    });

    it('all: passes once every platform manifest is signed (recursive signing)', async () => {
      const r = repo('gate/multiarch-recursive');
      const index = await pushTestIndex(client, r);
      await signImage(client, { image: 'idx', repo: r, digest: index.digest }, key, { recursive: true });
      const result = await runGate(
        client,
        [entry(`${server.host}/gate/multiarch-recursive@${index.digest}`)],
        {
          ...enforce,
          platforms: 'all',
        },
      );
      expect(result.verified).toBe(true);
      expect(result.images[0]?.checks.map((c) => c.platform)).toEqual([
        undefined,
        'linux/amd64',
        'linux/arm64',
      ]);
    });

    it('all: a platform signed only by an untrusted key fails with that reason, naming the platform', async () => {
      const r = repo('gate/multiarch-foreign');
      const index = await pushTestIndex(client, r);
      await signImage(client, { image: 'idx', repo: r, digest: index.digest }, key);
      const amd64 = index.images[0]?.digest ?? '';
      const arm64 = index.images[1]?.digest ?? '';
      await signImage(client, { image: 'amd64', repo: r, digest: amd64 }, key);
      await signImage(client, { image: 'arm64', repo: r, digest: arm64 }, otherKey);
      const result = await runGate(client, [entry(`${server.host}/gate/multiarch-foreign@${index.digest}`)], {
        ...enforce,
        platforms: 'all',
      });
      expect(result.failed.map((f) => [f.reason, f.digest])).toEqual([['SIGNATURE_UNTRUSTED', arm64]]);
      expect(result.failed[0]?.message).toContain('linux/arm64');
    });
  });

  it('reports a revoked-key signature even when the image passes by another key', async () => {
    const r = repo('gate/revoked');
    const image = await pushTestImage(client, r);
    await signImage(client, { image: 'x', repo: r, digest: image.digest }, otherKey);
    await signImage(client, { image: 'x', repo: r, digest: image.digest }, key);
    const logger = recordingLogger();
    const result = await runGate(
      client,
      [entry(`${server.host}/gate/revoked@${image.digest}`)],
      { ...enforce, signature: { trustedKeys: [key.publicKey], revokedKeys: [otherKey.publicKey] } },
      { logger },
    );
    expect(result.verified).toBe(true);
    expect(result.images[0]?.checks[0]?.revokedSignatures).toEqual([
      { layer: 0, keyId: otherKey.publicKey.id },
    ]);
    expect(logger.warnings.some((w) => w.includes(otherKey.publicKey.id))).toBe(true);
  });

  it('the JSON report carries the schema version, inputs, and per-image evidence', async () => {
    const a = await signedImage('gate/report');
    let now = 1_000;
    const result = await runGate(client, [entry(a.ref)], enforce, { clock: () => (now += 5) });
    const report = gateReport(
      result,
      {
        images: [a.ref],
        publicKeys: [{ id: key.publicKey.id, source: 'file:cosign.pub' }],
        revokedKeys: [],
        annotations: {},
        require: ['signature'],
        requireTlog: false,
        platforms: 'index',
        mode: 'enforce',
        concurrency: 8,
        timeoutSeconds: 300,
        insecureRegistries: [],
        registryCredentials: false,
      },
      new Date('2026-01-02T03:04:05Z'),
    );
    const parsed = JSON.parse(JSON.stringify(report));
    expect(parsed).toMatchObject({
      schemaVersion: 1,
      generatedAt: '2026-01-02T03:04:05.000Z',
      verified: true,
      summary: { images: 1, passed: 1, failed: 0 },
      images: [
        {
          image: a.ref,
          digest: a.digest,
          passed: true,
          reasons: [],
          checks: [{ check: 'signature', passed: true, acceptedKeyIds: [key.publicKey.id] }],
        },
      ],
    });
    expect(parsed.images[0].durationMs).toBeGreaterThan(0);
    expect(parsed.images[0].checks[0].layers).toHaveLength(1);
  });
});
