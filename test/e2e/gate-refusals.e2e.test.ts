import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { attestImage, attestationTag } from '@sigil/attestations';
import { loadPrivateKey, type SigningKey } from '@sigil/keys';
import { MEDIA_TYPES, RegistryClient, type ImageTarget, type RepositoryRef } from '@sigil/oci';
import { signatureTag } from '@sigil/signatures';
import { buildProvenance, SLSA_PROVENANCE_V1 } from '@sigil/provenance';
import { SPDX_PREDICATE_TYPE } from '@sigil/sbom';
import { pushTestImage, pushTestIndex, type DistActionRun, type PushedImage } from '@sigil/testing';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanupRuns, requireBundle, runBundle, transcript } from './bundle.js';
import { errorAnnotations, stackTraceLines } from './captured-output.js';
import { pinned, startE2eRegistry, tagged, type E2eRegistry } from './e2e-registry.js';
import { createKeyMaterial, type KeyMaterial } from './key-material.js';
import {
  blobPath,
  errorAnswer,
  manifestPath,
  startTamperingProxy,
  withBody,
  type TamperingProxy,
} from './tampering-proxy.js';

/**
 * The gate's core refusals, on the committed dist/verify-gate bundle as the runner starts it: evidence that
 * a trusted key really signed, but for another digest, another repository or another subject; evidence by
 * a revoked key; a registry that cannot be asked, that moves a tag mid-run, or that serves bytes which are
 * not the digest asked for. Each case would pass a gate that skipped the one check it is about, so a bundle
 * built from a source that lost that check fails here.
 *
 * Every image lives behind a tampering proxy (its host is the registry in every reference, so the signed
 * identities name it); a test that needs the registry to lie sets the proxy's tampering, reset after each
 * test. Evidence is signed with dist/sign-image and attested with sigil's attestation library, as the
 * attest actions store it; the tampering is done with plain registry writes, as an attacker would.
 */
let registry: E2eRegistry;
let proxy: TamperingProxy;
let client: RegistryClient;
let work: string;
let trusted: KeyMaterial;
let retired: KeyMaterial;
let unrelated: KeyMaterial;
let trustedSigner: SigningKey;
let retiredSigner: SigningKey;

beforeAll(async () => {
  requireBundle('sign-image');
  requireBundle('verify-gate');
  work = mkdtempSync(join(tmpdir(), 'sigil-e2e-refusals-'));
  [registry, trusted, retired, unrelated] = await Promise.all([
    startE2eRegistry(),
    createKeyMaterial(work),
    createKeyMaterial(work),
    createKeyMaterial(work),
  ]);
  proxy = await startTamperingProxy(registry.host);
  client = new RegistryClient({ timeoutMs: 120_000 });
  [trustedSigner, retiredSigner] = await Promise.all([
    loadPrivateKey(trusted.privateKeyPem, trusted.password),
    loadPrivateKey(retired.privateKeyPem, retired.password),
  ]);
});

afterEach(() => proxy?.tamper({}));

afterAll(async () => {
  await cleanupRuns();
  client?.close();
  await proxy?.stop();
  await registry?.stop();
  if (work !== undefined) rmSync(work, { recursive: true, force: true });
});

interface Failure {
  image: string;
  digest: string | null;
  check: string;
  reason: string;
}

interface ReportCheck {
  check: string;
  passed: boolean;
  reason?: string;
  message: string;
  digest?: string;
  layers?: { index: number; verified: boolean; reason?: string; message: string; keyId?: string }[];
  attestationLayers?: { index: number; verified: boolean; reason?: string; message: string }[];
  revokedSignatures?: { layer: number; keyId: string }[];
}

interface Report {
  verified: boolean;
  passed: boolean;
  inputs: { revokedKeys: { id: string; source: string }[]; publicKeys: { id: string; source: string }[] };
  images: { image: string; digest?: string; passed: boolean; reasons: string[]; checks: ReportCheck[] }[];
  failed: (Failure & { message: string })[];
}

/** A repository behind the proxy that no other test uses. */
function uniqueRepo(name: string): RepositoryRef {
  return { registry: proxy.host, repository: `e2e/${name}-${randomBytes(4).toString('hex')}` };
}

/** The same repository on the registry itself, for writes the gate must not see happen. */
function direct(repo: RepositoryRef): RepositoryRef {
  return { registry: registry.host, repository: repo.repository };
}

function pushImage(repo: RepositoryRef, tag?: string): Promise<PushedImage> {
  return pushTestImage(client, repo, tag === undefined ? {} : { tag });
}

function targetOf(repo: RepositoryRef, digest: string): ImageTarget {
  return { image: pinned(repo, digest), repo, digest, tag: undefined };
}

/** dist/sign-image, which must succeed: the refusals below are about what happens to good evidence. */
async function sign(images: string, key: KeyMaterial = trusted): Promise<void> {
  const run = await runBundle('sign-image', {
    inputs: { images, key: key.keyPath, 'key-password': key.password },
  });
  if (run.exitCode !== 0) throw new Error(`sign-image failed:\n${transcript(run)}`);
}

const encoder = new TextEncoder();
const SPDX = {
  spdxVersion: 'SPDX-2.3',
  dataLicense: 'CC0-1.0',
  SPDXID: 'SPDXRef-DOCUMENT',
  name: 'backend',
  documentNamespace: 'https://anchore.com/syft/image/backend-1',
  creationInfo: { created: '2026-01-02T03:04:05Z', creators: ['Tool: syft-1.57.0'] },
  packages: [{ SPDXID: 'SPDXRef-Package-openssl', name: 'openssl', versionInfo: '3.0.15' }],
};

function attestSbom(repo: RepositoryRef, digest: string, signer: SigningKey = trustedSigner) {
  return attestImage(client, targetOf(repo, digest), signer, {
    predicateType: SPDX_PREDICATE_TYPE,
    predicate: encoder.encode(JSON.stringify(SPDX)),
  });
}

function attestProvenance(repo: RepositoryRef, digest: string) {
  const provenance = buildProvenance({
    serverUrl: 'https://github.com',
    repository: 'acme/backend',
    repositoryId: '1',
    repositoryOwnerId: '2',
    eventName: 'push',
    ref: 'refs/heads/main',
    sha: 'c'.repeat(40),
    workflowRef: 'acme/backend/.github/workflows/release.yml@refs/heads/main',
    runId: '99',
    runAttempt: '1',
    runnerEnvironment: 'github-hosted',
  });
  return attestImage(client, targetOf(repo, digest), trustedSigner, {
    predicateType: SLSA_PROVENANCE_V1,
    predicate: encoder.encode(JSON.stringify(provenance)),
  });
}

/**
 * Copies the manifest `fromRef` of `from` (and, across repositories, its config and layer blobs) to
 * `toRef` of `to`, byte for byte: how a signature or attestation is replayed onto another image.
 */
async function copyManifest(
  from: RepositoryRef,
  fromRef: string,
  to: RepositoryRef,
  toRef: string,
): Promise<void> {
  const manifest = await client.getManifest(from, fromRef);
  if (manifest === undefined) throw new Error(`${from.repository}:${fromRef} does not exist`);
  const parsed = JSON.parse(Buffer.from(manifest.bytes).toString('utf8')) as {
    config: { digest: string };
    layers: { digest: string }[];
  };
  if (from.repository !== to.repository) {
    for (const { digest } of [parsed.config, ...parsed.layers]) {
      await client.putBlob(to, await client.getBlob(from, digest));
    }
  }
  await client.putManifest(to, toRef, manifest.bytes, manifest.mediaType);
}

/** The gate as most cases run it: signatures only, the trusted key, everything else default. */
function gate(images: string, extra: Record<string, string> = {}, env: Record<string, string> = {}) {
  return runBundle('verify-gate', {
    inputs: { images, 'public-keys': trusted.publicKeyPath, require: 'signature', ...extra },
    env,
  });
}

function failed(run: DistActionRun): Failure[] {
  return JSON.parse(run.outputs.failed ?? 'null') as Failure[];
}

function report(run: DistActionRun): Report {
  return JSON.parse(readFileSync(run.outputs['report-path'] ?? '', 'utf8')) as Report;
}

function warnings(run: DistActionRun): string[] {
  return run.annotations.filter((a) => a.level === 'warning').map((a) => a.message);
}

/**
 * A refused run as the user meets it: exit 1 with no stack trace, `verified=false`, exactly these failed
 * checks, one error annotation starting with `[code]` that names each failure, and the report saying the same.
 */
function expectRefused(run: DistActionRun, failures: Failure[], code = 'VERIFICATION_FAILED'): Report {
  expect({ exitCode: run.exitCode, stackTrace: stackTraceLines(run) }).toEqual({
    exitCode: 1,
    stackTrace: [],
  });
  expect(run.outputs.verified).toBe('false');
  expect(failed(run)).toEqual(failures);
  const errors = errorAnnotations(run);
  expect(errors).toHaveLength(1);
  expect(errors[0]?.slice(0, code.length + 3)).toBe(`[${code}] `);
  for (const failure of failures) expect(errors[0]).toContain(`${failure.image}: ${failure.reason}`);
  const written = report(run);
  expect([written.verified, written.passed]).toEqual([false, false]);
  expect(
    written.failed.map(({ image, digest, check, reason }) => ({ image, digest, check, reason })),
  ).toEqual(failures);
  for (const failure of failures) expect(run.summary).toContain(`\`${failure.reason}\``);
  return written;
}

function expectPassed(run: DistActionRun): Report {
  expect({ exitCode: run.exitCode, errors: errorAnnotations(run), stackTrace: stackTraceLines(run) }).toEqual(
    {
      exitCode: 0,
      errors: [],
      stackTrace: [],
    },
  );
  expect(run.outputs.verified).toBe('true');
  expect(failed(run)).toEqual([]);
  return report(run);
}

function checkOf(written: Report, image: string, check: string): ReportCheck | undefined {
  return written.images.find((verdict) => verdict.image === image)?.checks.find((c) => c.check === check);
}

const delay = (ms: number) =>
  new Promise<void>((resolve) => {
    setTimeout(resolve, ms).unref();
  });

describe('evidence by a trusted key, about something else', () => {
  it('a .sig replayed from another image of the repository (its payload names that digest): CLAIM_DIGEST_MISMATCH, while that image passes', async () => {
    const repo = uniqueRepo('claim');
    const victim = await pushImage(repo);
    const source = await pushImage(repo);
    const [victimRef, sourceRef] = [pinned(repo, victim.digest), pinned(repo, source.digest)];
    await sign(sourceRef);
    await copyManifest(repo, signatureTag(source.digest), repo, signatureTag(victim.digest));

    const run = await gate(`${victimRef}\n${sourceRef}`);

    const written = expectRefused(run, [
      { image: victimRef, digest: victim.digest, check: 'signature', reason: 'CLAIM_DIGEST_MISMATCH' },
    ]);
    const layers = checkOf(written, victimRef, 'signature')?.layers ?? [];
    expect(layers.map((layer) => [layer.verified, layer.reason])).toEqual([[false, 'CLAIM_DIGEST_MISMATCH']]);
    expect(layers[0]?.keyId).toBe(trustedSigner.publicKey.id);
    expect(layers[0]?.message).toContain(source.digest);
    expect(written.images.find((verdict) => verdict.image === sourceRef)?.passed).toBe(true);
  });

  it('the image and its .sig copied to another repository (same digest): IDENTITY_MISMATCH, while the original passes', async () => {
    const original = uniqueRepo('identity-original');
    const copy = uniqueRepo('identity-copy');
    const image = await pushImage(original);
    const [originalRef, copyRef] = [pinned(original, image.digest), pinned(copy, image.digest)];
    await sign(originalRef);
    await copyManifest(original, image.digest, copy, image.digest);
    await copyManifest(original, signatureTag(image.digest), copy, signatureTag(image.digest));

    const run = await gate(`${copyRef}\n${originalRef}`);

    const written = expectRefused(run, [
      { image: copyRef, digest: image.digest, check: 'signature', reason: 'IDENTITY_MISMATCH' },
    ]);
    const layers = checkOf(written, copyRef, 'signature')?.layers ?? [];
    expect(layers.map((layer) => [layer.verified, layer.reason])).toEqual([[false, 'IDENTITY_MISMATCH']]);
    expect(layers[0]?.message).toContain(`${original.registry}/${original.repository}`);
    expect(written.images.find((verdict) => verdict.image === originalRef)?.passed).toBe(true);
  });

  it("an .att replayed from another image (its statement's subject is that digest): SUBJECT_MISMATCH for sbom and provenance, while that image passes", async () => {
    const repo = uniqueRepo('subject');
    const victim = await pushImage(repo);
    const source = await pushImage(repo);
    const [victimRef, sourceRef] = [pinned(repo, victim.digest), pinned(repo, source.digest)];
    await sign(`${victimRef}\n${sourceRef}`);
    await attestSbom(repo, source.digest);
    await attestProvenance(repo, source.digest);
    await copyManifest(repo, attestationTag(source.digest), repo, attestationTag(victim.digest));

    const run = await gate(`${victimRef}\n${sourceRef}`, { require: 'signature, sbom, provenance' });

    const written = expectRefused(run, [
      { image: victimRef, digest: victim.digest, check: 'sbom', reason: 'SUBJECT_MISMATCH' },
      { image: victimRef, digest: victim.digest, check: 'provenance', reason: 'SUBJECT_MISMATCH' },
    ]);
    expect(checkOf(written, victimRef, 'signature')?.passed).toBe(true);
    for (const check of ['sbom', 'provenance']) {
      const layers = checkOf(written, victimRef, check)?.attestationLayers ?? [];
      expect(layers.some((layer) => layer.reason === 'SUBJECT_MISMATCH')).toBe(true);
      expect(layers.some((layer) => layer.verified)).toBe(false);
    }
    expect(written.images.find((verdict) => verdict.image === sourceRef)?.passed).toBe(true);
  });
});

describe('revoked-keys', () => {
  let ref: string;
  let digest: string;

  /** Signed and SBOM-attested with the retired key only, which is still listed in public-keys. */
  beforeAll(async () => {
    const repo = uniqueRepo('revoked');
    digest = (await pushImage(repo)).digest;
    ref = pinned(repo, digest);
    await sign(ref, retired);
    await attestSbom(repo, digest, retiredSigner);
  });

  const bothTrusted = () => `${trusted.publicKeyPath}\n${retired.publicKeyPath}`;

  it('without revoked-keys, evidence by the retired (still trusted) key passes: what revocation must change', async () => {
    expectPassed(await gate(ref, { 'public-keys': bothTrusted(), require: 'signature, sbom' }));
  });

  it.each([
    [
      'a key file',
      () => ({ input: retired.publicKeyPath, env: {}, source: `file:${retired.publicKeyPath}` }),
    ],
    ['inline PEM', () => ({ input: retired.publicKeyPem, env: {}, source: 'inline' })],
    [
      'env://NAME, among comments, blank lines and a key that signed nothing',
      () => ({
        input: `# retired 2026-01\n\nenv://SIGIL_E2E_REVOKED\n${unrelated.publicKeyPath}`,
        env: { SIGIL_E2E_REVOKED: retired.publicKeyPem },
        source: 'env:SIGIL_E2E_REVOKED',
      }),
    ],
  ])(
    'revoked-keys as %s refuses the signature and the attestation with KEY_REVOKED, and the report names the key',
    async (_form, given) => {
      const { input, env, source } = given();

      const run = await gate(
        ref,
        { 'public-keys': bothTrusted(), 'revoked-keys': input, require: 'signature, sbom' },
        env,
      );

      const written = expectRefused(run, [
        { image: ref, digest, check: 'signature', reason: 'KEY_REVOKED' },
        { image: ref, digest, check: 'sbom', reason: 'KEY_REVOKED' },
      ]);
      const retiredId = retiredSigner.publicKey.id;
      expect(written.inputs.revokedKeys).toEqual(expect.arrayContaining([{ id: retiredId, source }]));
      for (const check of ['signature', 'sbom']) {
        expect(checkOf(written, ref, check)?.revokedSignatures).toEqual([{ layer: 0, keyId: retiredId }]);
      }
      const revokedWarnings = warnings(run).filter((w) => w.includes(`revoked key ${retiredId}`));
      expect(revokedWarnings.some((w) => w.includes(signatureTag(digest)))).toBe(true);
      expect(revokedWarnings.some((w) => w.includes(attestationTag(digest)))).toBe(true);
    },
  );

  it('a signature and an attestation by a revoked key are reported even when the current key passes the image', async () => {
    const repo = uniqueRepo('revoked-and-current');
    const both = await pushImage(repo);
    const bothRef = pinned(repo, both.digest);
    await sign(bothRef, retired);
    await sign(bothRef, trusted);
    await attestSbom(repo, both.digest, retiredSigner);
    await attestSbom(repo, both.digest, trustedSigner);

    const run = await gate(bothRef, {
      'public-keys': bothTrusted(),
      'revoked-keys': retired.publicKeyPem,
      require: 'signature, sbom',
    });

    const written = expectPassed(run);
    const retiredId = retiredSigner.publicKey.id;
    for (const check of ['signature', 'sbom']) {
      expect(checkOf(written, bothRef, check)?.revokedSignatures).toEqual([{ layer: 0, keyId: retiredId }]);
    }
    const revokedWarnings = warnings(run).filter((w) => w.includes(`revoked key ${retiredId}`));
    expect(revokedWarnings.some((w) => w.includes(signatureTag(both.digest)))).toBe(true);
    expect(revokedWarnings.some((w) => w.includes(attestationTag(both.digest)))).toBe(true);
  });
});

describe('could not check: never a pass', () => {
  it('a registry that is down: every check fails with REGISTRY_UNREACHABLE and the step names `images`', async () => {
    const gone = await startE2eRegistry();
    const repo = gone.uniqueRepo('down');
    const { digest } = await gone.pushImage(repo);
    const ref = pinned(repo, digest);
    await sign(ref);
    await attestSbom(repo, digest);
    await gone.stop();

    const run = await gate(ref, { require: 'signature, sbom' });

    const written = expectRefused(
      run,
      [
        { image: ref, digest, check: 'signature', reason: 'REGISTRY_UNREACHABLE' },
        { image: ref, digest, check: 'sbom', reason: 'REGISTRY_UNREACHABLE' },
      ],
      'REGISTRY_UNREACHABLE',
    );
    expect(errorAnnotations(run)[0]).toContain('`images`');
    expect(written.images[0]?.checks.every((check) => !check.passed)).toBe(true);
  });

  it('a registry answering 500 to the .sig of one image and to the .att of another: REGISTRY_UNREACHABLE for exactly those checks', async () => {
    const repo = uniqueRepo('500');
    const noSig = await pushImage(repo);
    const noAtt = await pushImage(repo);
    const [noSigRef, noAttRef] = [pinned(repo, noSig.digest), pinned(repo, noAtt.digest)];
    await sign(`${noSigRef}\n${noAttRef}`);
    await attestSbom(repo, noSig.digest);
    await attestSbom(repo, noAtt.digest);
    const broken = [
      manifestPath(repo.repository, signatureTag(noSig.digest)),
      manifestPath(repo.repository, attestationTag(noAtt.digest)),
    ];
    proxy.tamper({ before: (request) => (broken.includes(request.url) ? errorAnswer(500) : undefined) });

    const run = await gate(`${noSigRef}\n${noAttRef}`, { require: 'signature, sbom' });

    const written = expectRefused(
      run,
      [
        { image: noSigRef, digest: noSig.digest, check: 'signature', reason: 'REGISTRY_UNREACHABLE' },
        { image: noAttRef, digest: noAtt.digest, check: 'sbom', reason: 'REGISTRY_UNREACHABLE' },
      ],
      'REGISTRY_UNREACHABLE',
    );
    expect(checkOf(written, noSigRef, 'sbom')?.passed).toBe(true);
    expect(checkOf(written, noAttRef, 'signature')?.passed).toBe(true);
    expect(proxy.requests.filter((request) => broken.includes(request.url)).length).toBeGreaterThan(2);
  });

  it('a signature payload the registry fails to serve (500 on the blob): REGISTRY_UNREACHABLE, not a layer skipped', async () => {
    const repo = uniqueRepo('blob-500');
    const { digest } = await pushImage(repo);
    const ref = pinned(repo, digest);
    await sign(ref);
    const sigManifest = await client.getManifest(repo, signatureTag(digest));
    const payloadDigest = (
      JSON.parse(Buffer.from(sigManifest?.bytes ?? []).toString('utf8')) as { layers: { digest: string }[] }
    ).layers[0]?.digest;
    const broken = blobPath(repo.repository, payloadDigest ?? '');
    proxy.tamper({ before: (request) => (request.url === broken ? errorAnswer(500) : undefined) });

    const run = await gate(ref);

    expectRefused(
      run,
      [{ image: ref, digest, check: 'signature', reason: 'REGISTRY_UNREACHABLE' }],
      'REGISTRY_UNREACHABLE',
    );
  });

  it('a registry that does not answer before timeout-seconds: TIMEOUT, and the step names `timeout-seconds`', async () => {
    const repo = uniqueRepo('slow');
    const { digest } = await pushImage(repo);
    const ref = pinned(repo, digest);
    await sign(ref);
    const held = manifestPath(repo.repository, signatureTag(digest));
    proxy.tamper({
      before: async (request) => {
        if (request.url === held) await delay(8_000);
        return undefined;
      },
    });

    const startedAt = Date.now();
    const run = await gate(ref, { 'timeout-seconds': '2' });

    expectRefused(run, [{ image: ref, digest, check: 'signature', reason: 'TIMEOUT' }], 'TIMEOUT');
    expect(errorAnnotations(run)[0]).toContain('`timeout-seconds`');
    expect(Date.now() - startedAt).toBeLessThan(8_000);
  });
});

describe('tags', () => {
  /** A tagged, signed image and a second image the tag can be moved to, straight in the registry. */
  async function taggedImage(name: string) {
    const repo = uniqueRepo(name);
    const first = await pushImage(repo, 'v1');
    const second = await pushImage(repo);
    await sign(pinned(repo, first.digest));
    const sigRead = manifestPath(repo.repository, signatureTag(first.digest));
    const tagPath = manifestPath(repo.repository, 'v1');
    return { repo, first, second, ref: tagged(repo, 'v1'), sigRead, tagPath };
  }

  it('a tag that still points at the verified digest passes, with a tag check in the report', async () => {
    const { ref, first } = await taggedImage('tag-still');
    const written = expectPassed(await gate(ref));
    expect(written.images[0]?.digest).toBe(first.digest);
    expect(written.images[0]?.checks.map((c) => [c.check, c.passed])).toEqual([
      ['signature', true],
      ['tag', true],
    ]);
  });

  it('the tag re-pointed in the registry while the gate reads the signature: TAG_MOVED naming both digests', async () => {
    const { repo, first, second, ref, sigRead } = await taggedImage('tag-moved');
    let moved = false;
    proxy.tamper({
      before: async (request) => {
        if (!moved && request.method === 'GET' && request.url === sigRead) {
          moved = true;
          await client.putManifest(direct(repo), 'v1', second.manifest, MEDIA_TYPES.ociManifest);
        }
        return undefined;
      },
    });

    const run = await gate(ref);

    expect(moved).toBe(true);
    const written = expectRefused(run, [
      { image: ref, digest: first.digest, check: 'tag', reason: 'TAG_MOVED' },
    ]);
    expect(checkOf(written, ref, 'signature')?.passed).toBe(true);
    const tagCheck = checkOf(written, ref, 'tag');
    expect(tagCheck?.message).toContain(first.digest);
    expect(tagCheck?.message).toContain(second.digest);
    expect(errorAnnotations(run)[0]).toContain('Deploy by digest');
  });

  it('the tag gone when the gate re-resolves it: TAG_MOVED', async () => {
    const { first, ref, sigRead, tagPath } = await taggedImage('tag-gone');
    let sigSeen = false;
    proxy.tamper({
      before: (request) => {
        if (request.url === sigRead) sigSeen = true;
        return sigSeen && request.url === tagPath ? errorAnswer(404, 'MANIFEST_UNKNOWN') : undefined;
      },
    });

    const run = await gate(ref);

    const written = expectRefused(run, [
      { image: ref, digest: first.digest, check: 'tag', reason: 'TAG_MOVED' },
    ]);
    expect(checkOf(written, ref, 'tag')?.message).toContain('deleted');
  });

  it('a registry failing the re-resolution of the tag: the tag check fails with REGISTRY_UNREACHABLE', async () => {
    const { first, ref, sigRead, tagPath } = await taggedImage('tag-500');
    let sigSeen = false;
    proxy.tamper({
      before: (request) => {
        if (request.url === sigRead) sigSeen = true;
        return sigSeen && request.url === tagPath ? errorAnswer(500) : undefined;
      },
    });

    const run = await gate(ref);

    expectRefused(
      run,
      [{ image: ref, digest: first.digest, check: 'tag', reason: 'REGISTRY_UNREACHABLE' }],
      'REGISTRY_UNREACHABLE',
    );
  });
});

describe('bytes that are not the digest asked for', () => {
  it('an index served as other bytes under its digest (one that drops the unsigned platform): CONTENT_DIGEST_MISMATCH, not a pass', async () => {
    const repo = uniqueRepo('index-swap');
    const index = await pushTestIndex(client, repo);
    const [signedPlatform, unsignedPlatform] = index.images;
    if (signedPlatform === undefined || unsignedPlatform === undefined)
      throw new Error('two platforms expected');
    const ref = pinned(repo, index.digest);
    await sign(`${ref}\n${pinned(repo, signedPlatform.digest)}`);

    const honest = await gate(ref, { platforms: 'all' });
    expectRefused(honest, [
      { image: ref, digest: unsignedPlatform.digest, check: 'signature', reason: 'PLATFORM_UNSIGNED' },
    ]);

    const parsed = JSON.parse(Buffer.from(index.index).toString('utf8')) as {
      manifests: { digest: string }[];
    };
    const forged = Buffer.from(
      JSON.stringify({
        ...parsed,
        manifests: parsed.manifests.filter((manifest) => manifest.digest === signedPlatform.digest),
      }),
    );
    const indexRead = manifestPath(repo.repository, index.digest);
    proxy.tamper({
      after: (request, answer) =>
        request.method === 'GET' && request.url === indexRead ? withBody(answer, forged) : answer,
    });

    const run = await gate(ref, { platforms: 'all' });

    const written = expectRefused(
      run,
      [{ image: ref, digest: index.digest, check: 'signature', reason: 'CONTENT_DIGEST_MISMATCH' }],
      'CONTENT_DIGEST_MISMATCH',
    );
    expect(errorAnnotations(run)[0]).toContain('`images`');
    expect(written.failed[0]?.message).toContain(index.digest);
    expect(proxy.requests.some((request) => request.method === 'GET' && request.url === indexRead)).toBe(
      true,
    );
  });

  it('a signature payload served as other bytes of the same length: PAYLOAD_DIGEST_MISMATCH', async () => {
    const repo = uniqueRepo('payload-edit');
    const { digest } = await pushImage(repo);
    const ref = pinned(repo, digest);
    await sign(ref);
    const sigManifest = await client.getManifest(repo, signatureTag(digest));
    const payloadDigest =
      (JSON.parse(Buffer.from(sigManifest?.bytes ?? []).toString('utf8')) as { layers: { digest: string }[] })
        .layers[0]?.digest ?? '';
    const payloadRead = blobPath(repo.repository, payloadDigest);
    proxy.tamper({
      after: (request, answer) => {
        if (request.method !== 'GET' || request.url !== payloadRead || answer.status !== 200) return answer;
        // The claimed digest's last hex digit changed: same length, another image.
        const text = answer.body.toString('utf8');
        const last = digest.at(-1) === '0' ? '1' : '0';
        return withBody(answer, Buffer.from(text.replace(digest, `${digest.slice(0, -1)}${last}`)));
      },
    });

    const run = await gate(ref);

    const written = expectRefused(run, [
      { image: ref, digest, check: 'signature', reason: 'PAYLOAD_DIGEST_MISMATCH' },
    ]);
    expect(checkOf(written, ref, 'signature')?.layers?.map((layer) => layer.reason)).toEqual([
      'PAYLOAD_DIGEST_MISMATCH',
    ]);
  });
});
