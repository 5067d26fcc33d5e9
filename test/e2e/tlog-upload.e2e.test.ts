import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { RegistryClient, type RepositoryRef } from '@sigil/oci';
import { pushTestImage } from '@sigil/testing';
import { startSigstoreStack, type SigstoreStack } from '@sigil/testing/sigstore-stack';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCosign } from '../support/cosign-cli.js';
import { cleanupRuns, requireBundle, runBundle, transcript } from './bundle.js';
import { errorAnnotations } from './captured-output.js';
import { pinned, startE2eRegistry, type E2eRegistry } from './e2e-registry.js';
import { createKeyMaterial, type KeyMaterial } from './key-material.js';

/**
 * `tlog-upload: true` on the committed dist bundles as the runner runs them: sign-image and attest-sbom write
 * key-based Sigstore bundles logged in a Rekor v1 log (or the Rekor v2 log of a `signing-config`) and timestamped
 * by a TSA (a loopback Sigstore); then
 * verify-gate requires the log against that Sigstore's trusted root, and the real cosign v3 verifies the
 * bundles with their log entry (no `--insecure-ignore-tlog`).
 */
let registry: E2eRegistry;
let client: RegistryClient;
let work: string;
let key: KeyMaterial;
let stack: SigstoreStack;
let files: { readonly trustedRoot: string; readonly signingConfig: string };

beforeAll(async () => {
  requireBundle('sign-image');
  requireBundle('attest-sbom');
  requireBundle('verify-gate');
  work = mkdtempSync(join(tmpdir(), 'sigil-e2e-tlog-'));
  [registry, key, stack] = await Promise.all([
    startE2eRegistry(),
    createKeyMaterial(work),
    startSigstoreStack(),
  ]);
  files = await stack.writeFiles(work);
  client = new RegistryClient({ timeoutMs: 120_000 });
});

afterAll(async () => {
  await cleanupRuns();
  client?.close();
  await Promise.all([registry?.stop(), stack?.stop()]);
  if (work !== undefined) rmSync(work, { recursive: true, force: true });
});

async function image(name: string): Promise<{ repo: RepositoryRef; digest: string; ref: string }> {
  const repo = { registry: registry.host, repository: `e2e/${name}-${randomBytes(4).toString('hex')}` };
  const { digest } = await pushTestImage(client, repo);
  return { repo, digest, ref: pinned(repo, digest) };
}

const SPDX = JSON.stringify({
  spdxVersion: 'SPDX-2.3',
  dataLicense: 'CC0-1.0',
  SPDXID: 'SPDXRef-DOCUMENT',
  name: 'logged',
  documentNamespace: 'https://example.com/spdx/logged-1',
  creationInfo: { created: '2026-01-02T03:04:05Z', creators: ['Tool: syft-1.57.0'] },
  packages: [],
});

describe('tlog-upload: true (dist)', () => {
  it('sign-image and attest-sbom log their bundles; the gate requires the log; cosign v3 verifies with it', async () => {
    const target = await image('logged');
    const signing = {
      key: key.keyPath,
      'key-password': key.password,
      'signature-format': 'bundle',
      'tlog-upload': 'true',
      'rekor-url': stack.rekorURL,
      'tsa-url': stack.tsaURL,
    };
    const signed = await runBundle('sign-image', { inputs: { images: target.ref, ...signing } });
    expect(signed.exitCode).toBe(0);
    const [signature] = JSON.parse(signed.outputs.signatures ?? '[]') as {
      tlogIndex?: string;
      format: string;
    }[];
    expect(signature).toMatchObject({ format: 'bundle', tlogIndex: expect.stringMatching(/^\d+$/) });
    expect(signed.summary).toContain('1 signature(s) were logged in the transparency log');
    const sbomPath = join(work, 'sbom.spdx.json');
    await import('node:fs/promises').then(({ writeFile }) => writeFile(sbomPath, SPDX));
    const attested = await runBundle('attest-sbom', {
      inputs: { images: target.ref, sbom: sbomPath, ...signing },
    });
    expect(attested.exitCode).toBe(0);

    const gate = await runBundle('verify-gate', {
      inputs: {
        images: target.ref,
        'public-keys': key.publicKeyPath,
        'trusted-root': files.trustedRoot,
        'require-tlog': 'true',
      },
    });
    expect(gate.exitCode).toBe(0);
    const report = JSON.parse(readFileSync(gate.outputs['report-path'] ?? '', 'utf8')) as {
      images: {
        checks: { check: string; bundles?: { transparency?: { checked: string; tlogEntries: number } }[] }[];
      }[];
    };
    for (const check of report.images[0]?.checks.filter(({ check: name }) => name !== 'tag') ?? []) {
      expect(check.bundles?.[0]?.transparency).toMatchObject({ checked: 'verified', tlogEntries: 1 });
    }

    // cosign v3 checks the log entry against the same trusted root (no --insecure-ignore-tlog).
    for (const args of [
      ['verify', '--key', key.publicKeyPath],
      ['verify-attestation', '--key', key.publicKeyPath, '--type', 'spdxjson'],
    ]) {
      const run = await runCosign(
        'v3',
        [...args, '--trusted-root', files.trustedRoot, '--allow-http-registry', target.ref],
        {
          env: { TUF_ROOT: join(work, 'tuf') },
        },
      );
      expect({ args: args[0], code: run.code, stderr: run.code === 0 ? '' : run.stderr }).toEqual({
        args: args[0],
        code: 0,
        stderr: '',
      });
    }
  });

  it('logs in the Rekor v2 log and TSA a signing config names; the gate requires the log; cosign v3 verifies', async () => {
    // A key-based signing config, as `cosign signing-config create` writes one: no Fulcio, the stack's Rekor v2
    // log and TSA.
    const config = structuredClone(stack.signingConfig) as Record<string, unknown> & {
      rekorTlogUrls: Record<string, unknown>[];
    };
    config['caUrls'] = [];
    config.rekorTlogUrls = config.rekorTlogUrls.map((log) => ({
      ...log,
      url: stack.rekorV2URL,
      majorApiVersion: 2,
    }));
    const signingConfig = join(work, 'signing_config.key.json');
    writeFileSync(signingConfig, JSON.stringify(config));
    const target = await image('logged-v2');
    const logged = () => stack.requests()['/rekor-v2/api/v2/log/entries'] ?? 0;
    const before = logged();
    const signed = await runBundle('sign-image', {
      inputs: {
        images: target.ref,
        key: key.keyPath,
        'key-password': key.password,
        'signature-format': 'bundle',
        'tlog-upload': 'true',
        'signing-config': signingConfig,
      },
    });
    expect({ code: signed.exitCode, log: signed.exitCode === 0 ? '' : transcript(signed) }).toEqual({
      code: 0,
      log: '',
    });
    expect(logged() - before).toBe(1);
    expect(JSON.parse(signed.outputs.signatures ?? '[]')).toEqual([
      expect.objectContaining({ format: 'bundle', tlogIndex: expect.stringMatching(/^\d+$/) }),
    ]);
    const gate = await runBundle('verify-gate', {
      inputs: {
        images: target.ref,
        require: 'signature',
        'public-keys': key.publicKeyPath,
        'trusted-root': files.trustedRoot,
        'require-tlog': 'true',
      },
    });
    expect({ code: gate.exitCode, log: gate.exitCode === 0 ? '' : transcript(gate) }).toEqual({
      code: 0,
      log: '',
    });
    const run = await runCosign(
      'v3',
      [
        'verify',
        '--key',
        key.publicKeyPath,
        '--trusted-root',
        files.trustedRoot,
        '--allow-http-registry',
        target.ref,
      ],
      { env: { TUF_ROOT: join(work, 'tuf') } },
    );
    expect({ code: run.code, stderr: run.code === 0 ? '' : run.stderr }).toEqual({ code: 0, stderr: '' });
  });

  it('refuses tlog-upload with the legacy format, and rekor-url without tlog-upload, naming the input', async () => {
    const target = await image('refused');
    const legacy = await runBundle('sign-image', {
      inputs: { images: target.ref, key: key.keyPath, 'key-password': key.password, 'tlog-upload': 'true' },
    });
    expect(legacy.exitCode).toBe(1);
    expect(errorAnnotations(legacy)[0]).toContain('[NOT_YET_SUPPORTED]');
    expect(errorAnnotations(legacy)[0]).toContain('signature-format: legacy');
    const stray = await runBundle('sign-image', {
      inputs: {
        images: target.ref,
        key: key.keyPath,
        'key-password': key.password,
        'rekor-url': stack.rekorURL,
      },
    });
    expect(stray.exitCode).toBe(1);
    expect(errorAnnotations(stray)[0]).toContain('input `rekor-url` is given but nothing is uploaded');
  });

  it('an unreachable Rekor is a named error, and nothing is pushed', async () => {
    const target = await image('unreachable');
    const run = await runBundle('sign-image', {
      inputs: {
        images: target.ref,
        key: key.keyPath,
        'key-password': key.password,
        'signature-format': 'bundle',
        'tlog-upload': 'true',
        'rekor-url': 'http://127.0.0.1:9',
      },
    });
    expect(run.exitCode).toBe(1);
    expect(transcript(run)).toContain('SIGSTORE_UNREACHABLE');
    expect((await client.listReferrers(target.repo, target.digest)).descriptors).toEqual([]);
  });
});
