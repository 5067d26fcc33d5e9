import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DistActionRun } from '@sigil/testing';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanupRuns, requireBundle, runBundle } from './bundle.js';
import { errorAnnotations, stackTraceLines } from './captured-output.js';
import { pinned, signatureTag, startE2eRegistry, tagged, type E2eRegistry } from './e2e-registry.js';
import { createKeyMaterial, type KeyMaterial } from './key-material.js';

/**
 * sign-image and verify-gate as a workflow runs them: the committed dist/ bundles, started the way the
 * Actions runner starts a node24 action, against a real Docker Distribution registry on loopback.
 */
let registry: E2eRegistry;
let authRegistry: E2eRegistry;
let work: string;
let oldKey: KeyMaterial;
let newKey: KeyMaterial;

beforeAll(async () => {
  requireBundle('sign-image');
  requireBundle('verify-gate');
  work = mkdtempSync(join(tmpdir(), 'sigil-e2e-'));
  [registry, authRegistry, oldKey, newKey] = await Promise.all([
    startE2eRegistry(),
    startE2eRegistry('htpasswd'),
    createKeyMaterial(work),
    createKeyMaterial(work),
  ]);
});

afterAll(async () => {
  await cleanupRuns();
  await Promise.all([registry?.stop(), authRegistry?.stop()]);
  if (work !== undefined) rmSync(work, { recursive: true, force: true });
});

interface SignatureOutput {
  image: string;
  digest: string;
  format: string;
  ref: string;
  deduplicated: boolean;
}

interface FailedOutput {
  image: string;
  digest: string | null;
  check: string;
  reason: string;
}

/** The outcome a user sees first: exit code and error annotations (and, for a failing test, why). */
function outcome(run: DistActionRun) {
  return { exitCode: run.exitCode, errors: errorAnnotations(run), stackTrace: stackTraceLines(run) };
}

function succeeded(run: DistActionRun) {
  expect(outcome(run)).toEqual({ exitCode: 0, errors: [], stackTrace: [] });
}

function signatures(run: DistActionRun): SignatureOutput[] {
  return JSON.parse(run.outputs.signatures ?? 'null') as SignatureOutput[];
}

function failed(run: DistActionRun): FailedOutput[] {
  return JSON.parse(run.outputs.failed ?? 'null') as FailedOutput[];
}

function sign(key: KeyMaterial, images: string, extra: Record<string, string> = {}) {
  return runBundle('sign-image', {
    inputs: { images, key: key.keyPath, 'key-password': key.password, ...extra },
  });
}

/** The gate as these tests use it: signatures only (SBOM and provenance: gate-attestations.e2e.test.ts). */
function gate(images: string, publicKeys: string, extra: Record<string, string> = {}, env = {}) {
  return runBundle('verify-gate', {
    inputs: { images, 'public-keys': publicKeys, require: 'signature', ...extra },
    env,
  });
}

describe('sign-image', () => {
  it('signs a list with comments, commas, blank lines and duplicates, resolving a tag with a warning', async () => {
    const app = registry.uniqueRepo('app');
    const web = registry.uniqueRepo('web');
    const [a, c, b] = [
      await registry.pushImage(app),
      await registry.pushImage(app),
      await registry.pushImage(web, 'v1'),
    ];
    const images = [
      '# release candidates',
      `${pinned(app, a.digest)}, ${pinned(app, c.digest)}`,
      '',
      `  ${tagged(web, 'v1')}   # resolved to a digest`,
      `${pinned(app, a.digest)}`,
      `${pinned(web, b.digest)},`,
      '',
    ].join('\n');

    const run = await sign(oldKey, images);

    succeeded(run);
    const ref = (repo: typeof app, digest: string) =>
      `${repo.registry}/${repo.repository}:${signatureTag(digest)}`;
    expect(signatures(run)).toEqual([
      {
        image: pinned(app, a.digest),
        digest: a.digest,
        format: 'legacy',
        ref: ref(app, a.digest),
        deduplicated: false,
      },
      {
        image: pinned(app, c.digest),
        digest: c.digest,
        format: 'legacy',
        ref: ref(app, c.digest),
        deduplicated: false,
      },
      {
        image: tagged(web, 'v1'),
        digest: b.digest,
        format: 'legacy',
        ref: ref(web, b.digest),
        deduplicated: false,
      },
    ]);
    expect(run.outputs.digests?.split('\n')).toEqual([a.digest, c.digest, b.digest]);
    const tagWarnings = run.annotations.filter(
      (x) => x.level === 'warning' && x.message.includes(tagged(web, 'v1')),
    );
    expect(tagWarnings).toHaveLength(1);
    expect(tagWarnings[0]?.message).toContain(b.digest);

    const reportPath = run.outputs['report-path'] ?? '';
    expect(reportPath.startsWith(run.runnerTemp)).toBe(true);
    expect(existsSync(reportPath)).toBe(true);
    const report = JSON.parse(readFileSync(reportPath, 'utf8')) as {
      images: { digest: string; signed: boolean }[];
    };
    expect(report.images.map((image) => [image.digest, image.signed])).toEqual([
      [a.digest, true],
      [c.digest, true],
      [b.digest, true],
    ]);

    const tableRows = run.summary.split('\n').filter((line) => line.startsWith('|'));
    for (const [repo, digest] of [
      [app, a.digest],
      [app, c.digest],
      [web, b.digest],
    ] as const) {
      expect(tableRows.filter((row) => row.includes(digest) && row.includes(ref(repo, digest)))).toHaveLength(
        1,
      );
    }

    expect(await registry.tags(app)).toEqual([signatureTag(a.digest), signatureTag(c.digest)].sort());
    expect(await registry.tags(web)).toEqual([signatureTag(b.digest), 'v1'].sort());
    succeeded(await gate(images, oldKey.publicKeyPath));
  });

  it('a re-run with the same key adds no second signature', async () => {
    const repo = registry.uniqueRepo('rerun');
    const image = pinned(repo, (await registry.pushImage(repo)).digest);

    const first = await sign(oldKey, image);
    const again = await sign(oldKey, image);

    succeeded(first);
    succeeded(again);
    expect(signatures(first).map((s) => s.deduplicated)).toEqual([false]);
    expect(signatures(again).map((s) => s.deduplicated)).toEqual([true]);
    expect(signatures(again)[0]?.ref).toBe(signatures(first)[0]?.ref);
    expect(await registry.tags(repo)).toEqual([signatureTag(image.split('@')[1] ?? '')]);
  });

  it('takes the key password from COSIGN_PASSWORD when key-password is not given', async () => {
    const repo = registry.uniqueRepo('cosign-password');
    const image = pinned(repo, (await registry.pushImage(repo)).digest);

    const run = await runBundle('sign-image', {
      inputs: { images: image, key: oldKey.keyPath },
      env: { COSIGN_PASSWORD: oldKey.password },
    });

    succeeded(run);
    succeeded(await gate(image, oldKey.publicKeyPath));
    const byOtherKey = await gate(image, newKey.publicKeyPath);
    expect(byOtherKey.exitCode).toBe(1);
  });

  it('prefers key-password over COSIGN_PASSWORD when both are given', async () => {
    const repo = registry.uniqueRepo('password-precedence');
    const image = pinned(repo, (await registry.pushImage(repo)).digest);

    const run = await runBundle('sign-image', {
      inputs: { images: image, key: oldKey.keyPath, 'key-password': oldKey.password },
      env: { COSIGN_PASSWORD: newKey.password },
    });

    succeeded(run);
  });

  it('signs with the PEM of an environment variable (env://NAME)', async () => {
    const repo = registry.uniqueRepo('env-key');
    const image = pinned(repo, (await registry.pushImage(repo)).digest);

    const run = await runBundle('sign-image', {
      inputs: { images: image, key: 'env://SIGIL_E2E_SIGNING_KEY', 'key-password': newKey.password },
      env: { SIGIL_E2E_SIGNING_KEY: newKey.privateKeyPem },
    });

    succeeded(run);
    expect(signatures(run).map((s) => s.digest)).toEqual([image.split('@')[1]]);
    succeeded(await gate(image, newKey.publicKeyPath));
  });
});

describe('verify-gate', () => {
  let signed: string;
  let unsigned: string;
  let indexSignedAlone: string;
  let indexSignedRecursively: string;

  beforeAll(async () => {
    const repo = registry.uniqueRepo('gate');
    const multi = registry.uniqueRepo('gate-multi');
    const [s, u, i1, i2] = [
      await registry.pushImage(repo),
      await registry.pushImage(repo),
      await registry.pushIndex(multi),
      await registry.pushIndex(multi),
    ];
    signed = pinned(repo, s.digest);
    unsigned = pinned(repo, u.digest);
    indexSignedAlone = pinned(multi, i1.digest);
    indexSignedRecursively = pinned(multi, i2.digest);
    succeeded(await sign(oldKey, `${signed}\n${indexSignedAlone}`));
    succeeded(await sign(oldKey, indexSignedRecursively, { recursive: 'true' }));
  });

  it('passes with the key as a path, as inline PEM and as env://NAME', async () => {
    const runs = [
      await gate(signed, oldKey.publicKeyPath),
      await gate(signed, oldKey.publicKeyPem),
      await gate(signed, 'env://SIGIL_E2E_PUBLIC_KEY', {}, { SIGIL_E2E_PUBLIC_KEY: oldKey.publicKeyPem }),
    ];
    for (const run of runs) {
      succeeded(run);
      expect(run.outputs.verified).toBe('true');
      expect(failed(run)).toEqual([]);
      const report = JSON.parse(readFileSync(run.outputs['report-path'] ?? '', 'utf8')) as {
        verified: boolean;
      };
      expect(report.verified).toBe(true);
      expect(run.summary).toContain(signed.split('@')[1]);
    }
  });

  it('accepts a signature by the old key while keys rotate (two keys, only the old one signed)', async () => {
    const rotation = await gate(signed, `${newKey.publicKeyPath}\n${oldKey.publicKeyPem}`);
    succeeded(rotation);
    expect(rotation.outputs.verified).toBe('true');

    const newKeyOnly = await gate(signed, newKey.publicKeyPath);
    expect(newKeyOnly.exitCode).toBe(1);
    expect(newKeyOnly.outputs.verified).toBe('false');
  });

  it('fails an unsigned image with NO_SIGNATURES, naming it', async () => {
    const run = await gate(`${signed}\n${unsigned}`, oldKey.publicKeyPath);

    expect(run.exitCode).toBe(1);
    expect(stackTraceLines(run)).toEqual([]);
    expect(run.outputs.verified).toBe('false');
    expect(failed(run)).toEqual([
      { image: unsigned, digest: unsigned.split('@')[1], check: 'signature', reason: 'NO_SIGNATURES' },
    ]);
    const errors = errorAnnotations(run);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^\[VERIFICATION_FAILED\] /);
    expect(errors[0]).toContain(`${unsigned}: NO_SIGNATURES`);
    expect(errors[0]).not.toContain(`${signed}:`);
  });

  it('fails a signature by a revoked key with KEY_REVOKED, even when the key is also trusted', async () => {
    const run = await gate(signed, `${oldKey.publicKeyPath}\n${newKey.publicKeyPath}`, {
      'revoked-keys': oldKey.publicKeyPath,
    });

    expect(run.exitCode).toBe(1);
    expect(run.outputs.verified).toBe('false');
    expect(failed(run)).toEqual([
      { image: signed, digest: signed.split('@')[1], check: 'signature', reason: 'KEY_REVOKED' },
    ]);
  });

  it('in audit mode reports the failure but lets the step pass', async () => {
    const run = await gate(`${signed}\n${unsigned}`, oldKey.publicKeyPath, { mode: 'audit' });

    expect(outcome(run)).toEqual({ exitCode: 0, errors: [], stackTrace: [] });
    expect(run.outputs.verified).toBe('false');
    expect(failed(run)).toEqual([
      { image: unsigned, digest: unsigned.split('@')[1], check: 'signature', reason: 'NO_SIGNATURES' },
    ]);
    expect(
      run.annotations
        .filter((a) => a.level === 'warning')
        .map((a) => a.message)
        .join('\n'),
    ).toContain(unsigned);
  });

  it('with platforms: all, fails an index signed without recursive (PLATFORM_UNSIGNED) and passes a recursive one', async () => {
    const indexOnly = await gate(indexSignedAlone, oldKey.publicKeyPath, { platforms: 'index' });
    succeeded(indexOnly);

    const alone = await gate(indexSignedAlone, oldKey.publicKeyPath, { platforms: 'all' });
    expect(alone.exitCode).toBe(1);
    expect(alone.outputs.verified).toBe('false');
    const failures = failed(alone);
    expect(failures).toHaveLength(2);
    for (const failure of failures) {
      expect(failure).toMatchObject({ image: indexSignedAlone, reason: 'PLATFORM_UNSIGNED' });
    }

    const recursive = await gate(indexSignedRecursively, oldKey.publicKeyPath, { platforms: 'all' });
    succeeded(recursive);
    expect(recursive.outputs.verified).toBe('true');
  });
});

describe('registry auth', () => {
  function dockerConfigDir(auths: Record<string, { auth: string }>): string {
    const dir = mkdtempSync(join(work, 'docker-config-'));
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ auths }, null, '\t'));
    return dir;
  }

  function basicAuth(username: string, password: string): string {
    return Buffer.from(`${username}:${password}`).toString('base64');
  }

  it('signs and verifies with registry-username / registry-password', async () => {
    const { username, password } = authRegistry.started.credentials!;
    const repo = authRegistry.uniqueRepo('inputs');
    const image = pinned(repo, (await authRegistry.pushImage(repo)).digest);
    const credentials = { 'registry-username': username, 'registry-password': password };

    succeeded(await sign(oldKey, image, credentials));
    expect(await authRegistry.tags(repo)).toEqual([signatureTag(image.split('@')[1] ?? '')]);
    const verified = await gate(image, oldKey.publicKeyPath, credentials);
    succeeded(verified);
    expect(verified.outputs.verified).toBe('true');
  });

  it('signs and verifies with the Docker config that docker/login-action writes (DOCKER_CONFIG)', async () => {
    const { username, password } = authRegistry.started.credentials!;
    const repo = authRegistry.uniqueRepo('docker-config');
    const image = pinned(repo, (await authRegistry.pushImage(repo)).digest);
    const env = {
      DOCKER_CONFIG: dockerConfigDir({ [authRegistry.host]: { auth: basicAuth(username, password) } }),
    };

    const anonymous = await sign(oldKey, image);
    expect(anonymous.exitCode).toBe(1);
    expect(errorAnnotations(anonymous)[0]).toMatch(/^\[REGISTRY_AUTH\]/);

    succeeded(
      await runBundle('sign-image', {
        inputs: { images: image, key: oldKey.keyPath, 'key-password': oldKey.password },
        env,
      }),
    );
    const verified = await gate(image, oldKey.publicKeyPath, {}, env);
    succeeded(verified);
    expect(verified.outputs.verified).toBe('true');
  });

  it('a wrong registry password is a [REGISTRY_AUTH] error naming the registry inputs', async () => {
    const { username } = authRegistry.started.credentials!;
    const repo = authRegistry.uniqueRepo('wrong-password');
    const image = pinned(repo, (await authRegistry.pushImage(repo)).digest);
    const credentials = { 'registry-username': username, 'registry-password': 'not-the-password' };

    for (const run of [
      await sign(oldKey, image, credentials),
      await gate(image, oldKey.publicKeyPath, credentials),
    ]) {
      expect(run.exitCode).toBe(1);
      expect(stackTraceLines(run)).toEqual([]);
      const errors = errorAnnotations(run);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatch(/^\[REGISTRY_AUTH\]/);
      expect(errors[0]).toMatch(/registry-username|registry-password/);
      expect(errors[0]).toContain(authRegistry.host);
    }
    expect(await authRegistry.tags(repo)).toEqual([]);
  });
});

describe('annotations: what sign-image signs is what verify-gate can require', () => {
  it('passes the annotations sign-image wrote, fails other values, and refuses the reserved timestamp before signing', async () => {
    const repo = registry.uniqueRepo('annotated');
    const image = pinned(repo, (await registry.pushImage(repo)).digest);
    const annotations = 'env=prod\nbuild-time=2026-12-06T04:00:00Z\ncreator=release-pipeline';
    succeeded(await sign(oldKey, image, { annotations }));

    const required = await gate(image, oldKey.publicKeyPath, { annotations });
    succeeded(required);
    expect(required.outputs.verified).toBe('true');
    const otherValue = await gate(image, oldKey.publicKeyPath, { annotations: 'env=dev' });
    expect(otherValue.outputs.verified).toBe('false');
    expect(failed(otherValue)).toEqual([
      { image, digest: image.split('@')[1], check: 'signature', reason: 'ANNOTATION_MISMATCH' },
    ]);

    // A string timestamp would be signed into a payload the gate (and podman, skopeo) refuse: not signed.
    const unsignedRepo = registry.uniqueRepo('annotated-timestamp');
    const { digest } = await registry.pushImage(unsignedRepo);
    const refused = await sign(oldKey, pinned(unsignedRepo, digest), { annotations: 'timestamp=1700000000' });
    expect(refused.exitCode).toBe(1);
    expect(errorAnnotations(refused)[0]).toMatch(
      /^\[INPUT_INVALID\] input `annotations` uses the reserved key "timestamp"/,
    );
    expect(await registry.tags(unsignedRepo)).not.toContain(signatureTag(digest));
  });
});

describe('verify-gate in front of something that is no registry', () => {
  it('an HTML page answered with 200 to every request fails with MANIFEST_INVALID naming `images`, never as unsigned', async () => {
    const page = '<!doctype html><html><body>Please sign in</body></html>';
    const portal = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html' }).end(page);
    });
    await new Promise<void>((resolve) => portal.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = portal.address() as AddressInfo;
      const byTag = `127.0.0.1:${port}/team/app:v1`;
      const byDigest = `127.0.0.1:${port}/team/app@sha256:${'c'.repeat(64)}`;
      const run = await gate(`${byTag}\n${byDigest}`, oldKey.publicKeyPath);

      expect(run.exitCode).toBe(1);
      expect(run.outputs.verified).toBe('false');
      expect(failed(run).map(({ image, check, reason }) => ({ image, check, reason }))).toEqual([
        { image: byTag, check: 'reference', reason: 'MANIFEST_INVALID' },
        { image: byDigest, check: 'signature', reason: 'MANIFEST_INVALID' },
      ]);
      const [error] = errorAnnotations(run);
      expect(error).toMatch(/^\[MANIFEST_INVALID\] 2 of 2 image\(s\) could not be checked/);
      expect(error).toContain('not a manifest');
      expect(error).toMatch(/Fix: .*not a web page, login portal or proxy/);
      expect(error).not.toMatch(/[Ss]ign the images with a key/);
    } finally {
      await new Promise<void>((resolve) => portal.close(() => resolve()));
    }
  });
});
