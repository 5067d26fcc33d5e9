import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { RegistryClient, type RepositoryRef } from '@sigil/oci';
import {
  pushTestImage,
  startReferrersRegistry,
  type DistActionRun,
  type StartedReferrersRegistry,
} from '@sigil/testing';
import { startSigstoreStack, type SigstoreStack } from '@sigil/testing/sigstore-stack';
import { startTufRepository } from '@sigil/testing/tuf-repository';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCosign, type CosignMajor } from '../support/cosign-cli.js';
import { cleanupRuns, requireBundle, runBundle, transcript } from './bundle.js';
import { capturedTexts, errorAnnotations, findSecrets } from './captured-output.js';
import { pinned, startE2eRegistry, type E2eRegistry } from './e2e-registry.js';

/**
 * Keyless signing end to end with the committed dist bundles as the runner runs them: the runner's OIDC
 * variables point at a loopback Sigstore (GitHub-shaped issuer, Fulcio, Rekor v1 and v2, TSA, its own trusted root
 * and signing config). sign-image, attest-sbom and attest-provenance sign keyless; verify-gate pins the workflow
 * identity; the real cosign v3 (bundles) and v2 (the legacy .sig) verify them with the same trusted root; no
 * token ever reaches a log, summary, output, report or file.
 */
let registry: E2eRegistry;
let referrersApi: StartedReferrersRegistry;
let client: RegistryClient;
let stack: SigstoreStack;
let work: string;
let files: { readonly trustedRoot: string; readonly signingConfig: string };
const runs: DistActionRun[] = [];

const WORKFLOW = 'acme/shop/.github/workflows/release.yml';
const SHA = 'c27d339ee6075c1f744c5d4b200f7901aad2c369';
/** What a GitHub-hosted runner sets for a push to main in acme/shop (provenance reads it). */
const RUN: Record<string, string> = {
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_REPOSITORY: 'acme/shop',
  GITHUB_REPOSITORY_ID: '1296269',
  GITHUB_REPOSITORY_OWNER_ID: '583231',
  GITHUB_EVENT_NAME: 'push',
  GITHUB_REF: 'refs/heads/main',
  GITHUB_SHA: SHA,
  GITHUB_WORKFLOW_REF: `${WORKFLOW}@refs/heads/main`,
  GITHUB_RUN_ID: '1536140711',
  GITHUB_RUN_ATTEMPT: '1',
  RUNNER_ENVIRONMENT: 'github-hosted',
};

beforeAll(async () => {
  for (const name of ['sign-image', 'attest-sbom', 'attest-provenance', 'verify-gate'] as const)
    requireBundle(name);
  work = mkdtempSync(join(tmpdir(), 'sigil-e2e-keyless-'));
  [registry, referrersApi, stack] = await Promise.all([
    startE2eRegistry(),
    startReferrersRegistry(),
    startSigstoreStack({
      issuer: 'github',
      identity: {
        repository: 'acme/shop',
        workflow: '.github/workflows/release.yml',
        ref: 'refs/heads/main',
        sha: SHA,
      },
    }),
  ]);
  files = await stack.writeFiles(work);
  client = new RegistryClient({ timeoutMs: 120_000 });
});

afterAll(async () => {
  await cleanupRuns();
  client?.close();
  await Promise.all([registry?.stop(), referrersApi?.stop(), stack?.stop()]);
  if (work !== undefined) rmSync(work, { recursive: true, force: true });
});

async function image(
  name: string,
  host = registry.host,
): Promise<{ repo: RepositoryRef; digest: string; ref: string }> {
  const repo = { registry: host, repository: `e2e/${name}-${randomBytes(4).toString('hex')}` };
  const { digest } = await pushTestImage(client, repo);
  return { repo, digest, ref: pinned(repo, digest) };
}

/** A dist action run as a job with `id-token: write` (the runner's OIDC variables) on the loopback Sigstore. */
async function keyless(
  name: 'sign-image' | 'attest-sbom' | 'attest-provenance',
  inputs: Record<string, string>,
  env: Record<string, string | undefined> = {},
): Promise<DistActionRun> {
  const run = await runBundle(name, {
    inputs: { 'signing-config': files.signingConfig, ...inputs },
    env: { ...RUN, ...stack.env(), ...env },
  });
  runs.push(run);
  return run;
}

async function gate(inputs: Record<string, string>): Promise<DistActionRun> {
  const run = await runBundle('verify-gate', { inputs: { 'trusted-root': files.trustedRoot, ...inputs } });
  runs.push(run);
  return run;
}

const SPDX = JSON.stringify({
  spdxVersion: 'SPDX-2.3',
  dataLicense: 'CC0-1.0',
  SPDXID: 'SPDXRef-DOCUMENT',
  name: 'shop',
  documentNamespace: 'https://example.com/spdx/shop-1',
  creationInfo: { created: '2026-01-02T03:04:05Z', creators: ['Tool: syft-1.57.0'] },
  packages: [],
});

async function cosign(major: CosignMajor, args: readonly string[]) {
  const run = await runCosign(
    major,
    [
      ...args,
      '--trusted-root',
      files.trustedRoot,
      '--certificate-identity',
      stack.identity.subjectAlternativeName,
      '--certificate-oidc-issuer',
      stack.identity.issuer,
      '--allow-http-registry',
    ],
    { env: { TUF_ROOT: join(work, `tuf-${major}`) } },
  );
  return { args: `${major} ${args[0]}`, code: run.code, stderr: run.code === 0 ? '' : run.stderr };
}

describe('keyless signing (dist, runner OIDC → loopback Fulcio, Rekor, TSA)', () => {
  it('signs, attests an SBOM and provenance keyless; the gate pins the workflow; cosign v3 and v2 verify', async () => {
    const target = await image('shop');
    const signed = await keyless('sign-image', { images: target.ref, 'signature-format': 'both' });
    expect({ code: signed.exitCode, log: signed.exitCode === 0 ? '' : transcript(signed) }).toEqual({
      code: 0,
      log: '',
    });
    const signatures = JSON.parse(signed.outputs.signatures ?? '[]') as {
      format: string;
      tlogIndex?: string;
    }[];
    expect(signatures.map((signature) => signature.format)).toEqual(['legacy', 'bundle']);
    expect(signatures.every((signature) => /^\d+$/.test(signature.tlogIndex ?? ''))).toBe(true);
    expect(signed.summary).toContain(stack.identity.subjectAlternativeName);
    expect(signed.summary).toContain('2 signature(s) were logged in the transparency log');
    const report = JSON.parse(readFileSync(signed.outputs['report-path'] ?? '', 'utf8')) as {
      inputs: Record<string, unknown>;
    };
    expect(report.inputs).toMatchObject({
      keyless: {
        subjectAlternativeName: stack.identity.subjectAlternativeName,
        issuer: stack.identity.issuer,
        audience: 'sigstore',
        services: 'signing-config',
      },
      engine: 'native',
      signatureFormat: 'both',
      transparencyLog: stack.rekorURL,
    });
    expect(report.inputs['key']).toBeUndefined();

    const sbomPath = join(work, 'sbom.spdx.json');
    writeFileSync(sbomPath, SPDX);
    const sbom = await keyless('attest-sbom', {
      images: target.ref,
      sbom: sbomPath,
      'signature-format': 'both',
    });
    expect({ code: sbom.exitCode, log: sbom.exitCode === 0 ? '' : transcript(sbom) }).toEqual({
      code: 0,
      log: '',
    });
    const provenance = await keyless('attest-provenance', { images: target.ref });
    expect({
      code: provenance.exitCode,
      log: provenance.exitCode === 0 ? '' : transcript(provenance),
    }).toEqual({
      code: 0,
      log: '',
    });

    // The gate pins the identity the summary named, and the workflow through the GitHub shorthand.
    const pinnedGate = await gate({
      images: target.ref,
      require: 'signature, sbom, provenance',
      'certificate-identity': stack.identity.subjectAlternativeName,
      'certificate-oidc-issuer': stack.identity.issuer,
      'signer-workflow': WORKFLOW,
      'source-ref': 'refs/heads/main',
      'deny-self-hosted-runners': 'true',
    });
    expect({
      code: pinnedGate.exitCode,
      log: pinnedGate.exitCode === 0 ? '' : transcript(pinnedGate),
    }).toEqual({
      code: 0,
      log: '',
    });
    const otherWorkflow = await gate({
      images: target.ref,
      require: 'signature',
      'signer-workflow': 'acme/shop/.github/workflows/nightly.yml',
    });
    expect(otherWorkflow.exitCode).toBe(1);
    expect(
      (JSON.parse(otherWorkflow.outputs.failed ?? '[]') as { reason: string }[]).map(
        (failure) => failure.reason,
      ),
    ).toContain('SIGNER_MISMATCH');

    // The same trusted root distributed through a TUF repository (a private Sigstore's): fetched and verified
    // once for the run, cached in the runner's tool cache.
    const tuf = await startTufRepository({
      dir: work,
      targets: { 'trusted_root.json': readFileSync(files.trustedRoot, 'utf8') },
    });
    try {
      const throughTuf = await runBundle('verify-gate', {
        inputs: {
          images: `${target.ref}\n${target.ref}`,
          require: 'signature, sbom, provenance',
          'signer-workflow': WORKFLOW,
          'tuf-url': tuf.url,
          'tuf-root': tuf.rootPath,
        },
      });
      runs.push(throughTuf);
      expect({
        code: throughTuf.exitCode,
        log: throughTuf.exitCode === 0 ? '' : transcript(throughTuf),
      }).toEqual({
        code: 0,
        log: '',
      });
      expect(tuf.requests()['targets/trusted_root.json']).toBe(1);
      tuf.tamper(
        'targets/trusted_root.json',
        readFileSync(files.trustedRoot, 'utf8').replace('"tlogs"', '"tlogs" '),
      );
      const tampered = await runBundle('verify-gate', {
        inputs: {
          images: target.ref,
          'signer-workflow': WORKFLOW,
          'tuf-url': tuf.url,
          'tuf-root': tuf.rootPath,
        },
      });
      runs.push(tampered);
      // A fresh runner (new tool cache) must download the target again, which no longer matches its metadata.
      expect(tampered.exitCode).toBe(1);
      expect(errorAnnotations(tampered).join('\n')).toContain('[TRUST_ROOT_UNAVAILABLE]');
    } finally {
      await tuf.stop();
    }

    // The real cosign verifies what sigil signed keyless, with the same trusted root and identity.
    expect(await cosign('v3', ['verify', target.ref])).toEqual({ args: 'v3 verify', code: 0, stderr: '' });
    expect(await cosign('v3', ['verify-attestation', '--type', 'spdxjson', target.ref])).toEqual({
      args: 'v3 verify-attestation',
      code: 0,
      stderr: '',
    });
    expect(await cosign('v2', ['verify', target.ref])).toEqual({ args: 'v2 verify', code: 0, stderr: '' });
    // cosign v2 reads the legacy .att: the layer is the envelope exactly as its Rekor dsse entry logged it.
    expect(await cosign('v2', ['verify-attestation', '--type', 'spdxjson', target.ref])).toEqual({
      args: 'v2 verify-attestation',
      code: 0,
      stderr: '',
    });
  });

  it('cosign v2 signs keyless (legacy .sig) against the same Sigstore; the gate verifies it and pins its workflow', async () => {
    const target = await image('cosign-v2');
    // cosign v2 takes a private Sigstore's trust through its environment: the Fulcio root, the CT log and Rekor keys.
    const root = stack.trustedRoot as {
      certificateAuthorities: { certChain: { certificates: { rawBytes: string }[] } }[];
      ctlogs: { publicKey: { rawBytes: string } }[];
      tlogs: { publicKey: { rawBytes: string } }[];
    };
    const pem = (label: string, base64: string) =>
      `-----BEGIN ${label}-----\n${base64.replace(/.{64}/g, '$&\n').replace(/\n$/, '')}\n-----END ${label}-----\n`;
    const trust = {
      SIGSTORE_ROOT_FILE: join(work, 'fulcio-root.pem'),
      SIGSTORE_CT_LOG_PUBLIC_KEY_FILE: join(work, 'ctlog.pub'),
      SIGSTORE_REKOR_PUBLIC_KEY: join(work, 'rekor.pub'),
    };
    writeFileSync(
      trust.SIGSTORE_ROOT_FILE,
      root.certificateAuthorities[0]?.certChain.certificates
        .map(({ rawBytes }) => pem('CERTIFICATE', rawBytes))
        .join('') ?? '',
    );
    writeFileSync(
      trust.SIGSTORE_CT_LOG_PUBLIC_KEY_FILE,
      pem('PUBLIC KEY', root.ctlogs[0]?.publicKey.rawBytes ?? ''),
    );
    writeFileSync(
      trust.SIGSTORE_REKOR_PUBLIC_KEY,
      pem('PUBLIC KEY', root.tlogs[0]?.publicKey.rawBytes ?? ''),
    );
    const signed = await runCosign(
      'v2',
      [
        'sign',
        '--identity-token',
        stack.token(),
        '--fulcio-url',
        stack.fulcioURL,
        '--rekor-url',
        stack.rekorURL,
        '--allow-http-registry',
        '--yes',
        target.ref,
      ],
      { env: { ...trust, TUF_ROOT: join(work, 'tuf-v2-sign') } },
    );
    expect({ code: signed.code, stderr: signed.code === 0 ? '' : signed.stderr }).toEqual({
      code: 0,
      stderr: '',
    });
    const passed = await gate({ images: target.ref, require: 'signature', 'signer-workflow': WORKFLOW });
    expect({ code: passed.exitCode, log: passed.exitCode === 0 ? '' : transcript(passed) }).toEqual({
      code: 0,
      log: '',
    });
    const report = JSON.parse(readFileSync(passed.outputs['report-path'] ?? '', 'utf8')) as {
      images: { checks: { check: string; source?: string }[] }[];
    };
    expect(report.images[0]?.checks.find(({ check }) => check === 'signature')?.source).toBe('sig-tag');
    const other = await gate({
      images: target.ref,
      require: 'signature',
      'signer-workflow': 'acme/shop/.github/workflows/nightly.yml',
    });
    expect(other.exitCode).toBe(1);
  });

  it('on a registry with the referrers API: cosign v3 verifies the keyless bundles, the gate pins them', async () => {
    const target = await image('shop-api', referrersApi.host);
    const signed = await keyless('sign-image', { images: target.ref });
    expect({ code: signed.exitCode, log: signed.exitCode === 0 ? '' : transcript(signed) }).toEqual({
      code: 0,
      log: '',
    });
    expect(JSON.parse(signed.outputs.signatures ?? '[]')).toEqual([
      expect.objectContaining({ format: 'bundle', listedThrough: 'referrers-api' }),
    ]);
    const sbomPath = join(work, 'sbom-api.spdx.json');
    writeFileSync(sbomPath, SPDX);
    const sbom = await keyless('attest-sbom', { images: target.ref, sbom: sbomPath });
    expect(sbom.exitCode).toBe(0);
    expect(await cosign('v3', ['verify', target.ref])).toEqual({ args: 'v3 verify', code: 0, stderr: '' });
    expect(await cosign('v3', ['verify-attestation', '--type', 'spdxjson', target.ref])).toEqual({
      args: 'v3 verify-attestation',
      code: 0,
      stderr: '',
    });
    const gated = await gate({ images: target.ref, require: 'signature, sbom', 'signer-workflow': WORKFLOW });
    expect({ code: gated.exitCode, log: gated.exitCode === 0 ? '' : transcript(gated) }).toEqual({
      code: 0,
      log: '',
    });
  });

  it('discovers Fulcio, Rekor and the TSA from a signing config distributed through TUF (tuf-url, tuf-root)', async () => {
    const target = await image('tuf-discovery');
    const tuf = await startTufRepository({
      dir: mkdtempSync(join(work, 'tuf-signing-')),
      targets: { 'signing_config.v0.2.json': readFileSync(files.signingConfig, 'utf8') },
    });
    try {
      const signed = await runBundle('sign-image', {
        inputs: { images: target.ref, 'tuf-url': tuf.url, 'tuf-root': tuf.rootPath },
        env: { ...RUN, ...stack.env() },
      });
      runs.push(signed);
      expect({ code: signed.exitCode, log: signed.exitCode === 0 ? '' : transcript(signed) }).toEqual({
        code: 0,
        log: '',
      });
      expect(tuf.requests()['targets/signing_config.v0.2.json']).toBe(1);
      const report = JSON.parse(readFileSync(signed.outputs['report-path'] ?? '', 'utf8')) as {
        inputs: { keyless?: { services?: string }; transparencyLog?: string };
      };
      expect(report.inputs.keyless?.services).toBe(`tuf:${tuf.url}`);
      expect(report.inputs.transparencyLog).toBe(stack.rekorURL);
    } finally {
      await tuf.stop();
    }
  });

  it('a re-run of the job writes and logs nothing twice', async () => {
    const target = await image('rerun');
    const first = await keyless('sign-image', { images: target.ref });
    expect(first.exitCode).toBe(0);
    const rekorBefore = stack.requests()['/api/v1/log/entries'] ?? 0;
    const again = await keyless('sign-image', { images: target.ref }, { GITHUB_RUN_ATTEMPT: '2' });
    expect(again.exitCode).toBe(0);
    expect(JSON.parse(again.outputs.signatures ?? '[]')).toEqual([
      expect.objectContaining({ format: 'bundle', deduplicated: true }),
    ]);
    expect(stack.requests()['/api/v1/log/entries'] ?? 0).toBe(rekorBefore);
    expect(again.summary).toContain('This run logged nothing new in a transparency log.');
  });

  it('names what stops keyless signing: no id-token permission, a refused audience, an unreachable Fulcio', async () => {
    const target = await image('refused');
    const noPermission = await keyless(
      'sign-image',
      { images: target.ref },
      { ACTIONS_ID_TOKEN_REQUEST_URL: undefined, ACTIONS_ID_TOKEN_REQUEST_TOKEN: undefined },
    );
    expect(noPermission.exitCode).toBe(1);
    expect(errorAnnotations(noPermission)[0]).toContain('[ID_TOKEN_PERMISSION]');
    expect(errorAnnotations(noPermission)[0]).toContain('id-token: write');

    const audience = await keyless('sign-image', { images: target.ref, 'oidc-audience': 'not-sigstore' });
    expect(audience.exitCode).toBe(1);
    expect(errorAnnotations(audience).join('\n')).toMatch(/\[(ID_TOKEN_REFUSED|SIGSTORE_REFUSED)\]/);

    const unreachable = await runBundle('sign-image', {
      inputs: { images: target.ref, 'fulcio-url': 'http://127.0.0.1:9', 'rekor-url': stack.rekorURL },
      env: { ...RUN, ...stack.env() },
    });
    runs.push(unreachable);
    expect(unreachable.exitCode).toBe(1);
    expect(errorAnnotations(unreachable).join('\n')).toContain('[SIGSTORE_UNREACHABLE]');
    // Nothing was written for the refused image.
    const referrers = await client.listReferrers?.(target.repo, target.digest);
    expect(referrers?.descriptors ?? []).toEqual([]);
  });

  it('signs into the Rekor v2 log a signing config lists beside v1 (as the public-good one); cosign v3 and the gate verify', async () => {
    // The stack's signing config with its Rekor v2 log listed after the v1 log: sigil picks v2, as cosign v3.
    const config = structuredClone(stack.signingConfig) as { rekorTlogUrls: Record<string, unknown>[] };
    const [v1] = config.rekorTlogUrls;
    config.rekorTlogUrls.push({ ...v1, url: stack.rekorV2URL, majorApiVersion: 2 });
    const signingConfig = join(work, 'signing_config.rekor-v2.json');
    writeFileSync(signingConfig, JSON.stringify(config));
    const target = await image('rekor-v2');
    const logged = () => stack.requests()['/rekor-v2/api/v2/log/entries'] ?? 0;
    const before = logged();
    const signed = await keyless('sign-image', { images: target.ref, 'signing-config': signingConfig });
    expect({ code: signed.exitCode, log: signed.exitCode === 0 ? '' : transcript(signed) }).toEqual({
      code: 0,
      log: '',
    });
    const sbomPath = join(work, 'sbom-rekor-v2.spdx.json');
    writeFileSync(sbomPath, SPDX);
    const sbom = await keyless('attest-sbom', {
      images: target.ref,
      sbom: sbomPath,
      'signing-config': signingConfig,
    });
    expect({ code: sbom.exitCode, log: sbom.exitCode === 0 ? '' : transcript(sbom) }).toEqual({
      code: 0,
      log: '',
    });
    expect(logged() - before).toBe(2);
    const report = JSON.parse(readFileSync(signed.outputs['report-path'] ?? '', 'utf8')) as {
      inputs: { transparencyLog?: string };
    };
    expect(report.inputs.transparencyLog).toBe(stack.rekorV2URL);
    expect(signed.summary).toContain('1 signature(s) were logged in the transparency log');

    const gated = await gate({ images: target.ref, require: 'signature, sbom', 'signer-workflow': WORKFLOW });
    expect({ code: gated.exitCode, log: gated.exitCode === 0 ? '' : transcript(gated) }).toEqual({
      code: 0,
      log: '',
    });
    expect(await cosign('v3', ['verify', target.ref])).toEqual({ args: 'v3 verify', code: 0, stderr: '' });
    expect(await cosign('v3', ['verify-attestation', '--type', 'spdxjson', target.ref])).toEqual({
      args: 'v3 verify-attestation',
      code: 0,
      stderr: '',
    });

    // The legacy layers carry cosign's Rekor v1 bundle, which a Rekor v2 log cannot give: refused by name, first.
    const legacy = await keyless('sign-image', {
      images: target.ref,
      'signing-config': signingConfig,
      'signature-format': 'both',
    });
    expect(legacy.exitCode).toBe(1);
    expect(errorAnnotations(legacy).join('\n')).toMatch(/\[INPUT_INVALID\].*signature-format.*Rekor v2/s);
    // A re-run finds its own bundle (logged in Rekor v2) and logs nothing again.
    const again = await keyless(
      'sign-image',
      { images: target.ref, 'signing-config': signingConfig },
      { GITHUB_RUN_ATTEMPT: '2' },
    );
    expect(again.exitCode).toBe(0);
    expect(JSON.parse(again.outputs.signatures ?? '[]')).toEqual([
      expect.objectContaining({ format: 'bundle', deduplicated: true }),
    ]);
    expect(logged() - before).toBe(2);
  });

  it('no OIDC token or request token appears in any log, summary, output, report or file', () => {
    expect(runs.length).toBeGreaterThanOrEqual(9);
    const texts = runs.flatMap((run) => capturedTexts(run));
    expect(
      findSecrets(texts, { 'runner request token': [stack.env().ACTIONS_ID_TOKEN_REQUEST_TOKEN] }),
    ).toEqual([]);
    // Every identity token the loopback issuer minted is a JWT; none may appear anywhere.
    const jwt = /eyJ[\w-]{8,}\.eyJ[\w-]{8,}\.[\w-]{8,}/;
    expect(texts.filter(({ text }) => jwt.test(text)).map(({ where }) => where)).toEqual([]);
  });
});
