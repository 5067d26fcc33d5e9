import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadPrivateKey, type SigningKey } from '@sigil/keys';
import { RegistryClient, type RepositoryRef } from '@sigil/oci';
import { pushTestImage } from '@sigil/testing';
import { startMockSigstore, type DsseBundleJson, type MockSigstore } from '@sigil/testing/sigstore';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writtenBundles, type Image } from '../../packages/gate/test/support/written-bundles.js';
import { cleanupRuns, requireBundle, runBundle, transcript } from './bundle.js';
import { errorAnnotations, stackTraceLines } from './captured-output.js';
import { pinned, startE2eRegistry, type E2eRegistry } from './e2e-registry.js';
import { createKeyMaterial, type KeyMaterial } from './key-material.js';

/**
 * `trusted-root` and `require-tlog` on the committed dist/verify-gate bundle as the runner starts it: images
 * signed by dist/sign-image in the bundle format, one of them logged and timestamped by a loopback Sigstore
 * (`@sigstore/mock`'s Rekor v1 log and TSA, whose trusted_root.json sits in the workspace as a user's would).
 */
let registry: E2eRegistry;
let client: RegistryClient;
let work: string;
let trusted: KeyMaterial;
let signer: SigningKey;
let sigstore: MockSigstore;

beforeAll(async () => {
  requireBundle('sign-image');
  requireBundle('verify-gate');
  work = mkdtempSync(join(tmpdir(), 'sigil-e2e-transparency-'));
  [registry, trusted, sigstore] = await Promise.all([
    startE2eRegistry(),
    createKeyMaterial(work),
    startMockSigstore(),
  ]);
  client = new RegistryClient({ timeoutMs: 120_000 });
  signer = await loadPrivateKey(trusted.privateKeyPem, trusted.password);
  writeFileSync(join(work, 'trusted_root.json'), JSON.stringify(sigstore.trustedRoot));
});

afterAll(async () => {
  await cleanupRuns();
  client?.close();
  await registry?.stop();
  if (work !== undefined) rmSync(work, { recursive: true, force: true });
});

const { twin, readWritten, attach } = writtenBundles(() => client);

function uniqueRepo(name: string): RepositoryRef {
  return { registry: registry.host, repository: `e2e/${name}-${randomBytes(4).toString('hex')}` };
}

/** An image signed by dist/sign-image as a Sigstore bundle referrer; the bundle sigil wrote. */
async function signedImage(name: string) {
  const repo = uniqueRepo(name);
  const { digest } = await pushTestImage(client, repo);
  const target: Image = { repo, digest, ref: pinned(repo, digest) };
  const run = await runBundle('sign-image', {
    inputs: {
      images: target.ref,
      key: trusted.keyPath,
      'key-password': trusted.password,
      'signature-format': 'bundle',
    },
  });
  if (run.exitCode !== 0) throw new Error(`sign-image failed:\n${transcript(run)}`);
  const [signed] = JSON.parse(run.outputs.signatures ?? '[]') as { ref: string }[];
  return { target, written: await readWritten(repo, signed!.ref) };
}

function gate(images: string, extra: Record<string, string>) {
  return runBundle('verify-gate', {
    inputs: { images, 'public-keys': trusted.publicKeyPath, require: 'signature', ...extra },
    cwd: work,
  });
}

interface Report {
  inputs: { trustedRoot?: string; requireTlog: boolean };
  images: {
    checks: {
      passed: boolean;
      reason?: string;
      bundles?: { transparency?: { checked: string; tlogEntries: number; rfc3161Timestamps: number } }[];
    }[];
  }[];
}

describe('verify-gate (dist) with trusted-root and require-tlog', () => {
  it('passes the logged bundle, refuses the unlogged one with TLOG_MISSING, and reports both', async () => {
    const unlogged = await signedImage('unlogged');
    const source = await signedImage('logged');
    const logged = await twin(source.target);
    const bundle = source.written.bundle as typeof source.written.bundle & DsseBundleJson;
    await attach(logged, source.written.manifest, {
      ...bundle,
      verificationMaterial: {
        ...(bundle['verificationMaterial'] as Record<string, unknown>),
        tlogEntries: [await sigstore.logDsse(bundle, signer.publicKey.pem)],
        timestampVerificationData: {
          rfc3161Timestamps: [{ signedTimestamp: await sigstore.timestampDsse(bundle) }],
        },
      },
    });

    const passed = await gate(logged.ref, { 'trusted-root': 'trusted_root.json', 'require-tlog': 'true' });
    expect(passed.exitCode).toBe(0);
    expect(passed.outputs.verified).toBe('true');
    const passedReport = JSON.parse(readFileSync(passed.outputs['report-path'] ?? '', 'utf8')) as Report;
    expect(passedReport.inputs).toMatchObject({ trustedRoot: 'file:trusted_root.json', requireTlog: true });
    expect(passedReport.images[0]?.checks[0]?.bundles?.[0]?.transparency).toEqual(
      expect.objectContaining({ checked: 'verified', tlogEntries: 1, rfc3161Timestamps: 1 }),
    );

    const refused = await gate(`${unlogged.target.ref}\n${logged.ref}`, {
      'trusted-root': 'trusted_root.json',
      'require-tlog': 'true',
    });
    expect({ exitCode: refused.exitCode, stackTrace: stackTraceLines(refused) }).toEqual({
      exitCode: 1,
      stackTrace: [],
    });
    expect(JSON.parse(refused.outputs.failed ?? 'null')).toEqual([
      {
        image: unlogged.target.ref,
        digest: unlogged.target.digest,
        check: 'signature',
        reason: 'TLOG_MISSING',
      },
    ]);
    const [annotation] = errorAnnotations(refused);
    expect(annotation).toContain('[VERIFICATION_FAILED]');
    expect(annotation).toContain('require-tlog is on and the bundle carries no transparency-log entry');
    expect(annotation).toContain('set `require-tlog: false`');

    // Without require-tlog the same trusted root verifies what is there and requires nothing more.
    const optional = await gate(`${unlogged.target.ref}\n${logged.ref}`, {
      'trusted-root': 'trusted_root.json',
    });
    expect(optional.exitCode).toBe(0);
  });

  it('refuses a trusted-root that is not one, naming the input, before reading any image', async () => {
    writeFileSync(join(work, 'not-a-root.json'), '{"mediaType":"application/json"}');
    const run = await gate(pinned(uniqueRepo('never-read'), `sha256:${'a'.repeat(64)}`), {
      'trusted-root': 'not-a-root.json',
    });
    expect(run.exitCode).toBe(1);
    const [annotation] = errorAnnotations(run);
    expect(annotation).toContain('[INPUT_INVALID]');
    expect(annotation).toContain('input `trusted-root` (not-a-root.json)');
    expect(stackTraceLines(run)).toEqual([]);
  });
});
