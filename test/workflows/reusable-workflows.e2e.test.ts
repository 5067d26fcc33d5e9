import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { RegistryClient, type RepositoryRef } from '@sigil/oci';
import {
  pushTestImage,
  startReferrersRegistry,
  startReleaseMirror,
  type StartedReferrersRegistry,
} from '@sigil/testing';
import { startSigstoreStack, type SigstoreStack } from '@sigil/testing/sigstore-stack';
import { runWorkflow, type StandIn, type WorkflowRun } from '@sigil/testing/workflow-runner';
import { createHash, randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pinReferences } from '../../scripts/release/pin-sigil-refs.mjs';
import { pushFileImage } from '../../packages/sbom/test/support/file-image.js';
import { alpineFiles } from '../../packages/sbom/test/support/image-files.js';
import { requireBundle } from '../e2e/bundle.js';
import { pinned, startE2eRegistry, type E2eRegistry } from '../e2e/e2e-registry.js';
import { createKeyMaterial, type KeyMaterial } from '../e2e/key-material.js';

// The reusable workflows of .github/workflows run here job by job and step by step: expressions evaluated by
// GitHub's evaluator, sigil's actions from the committed dist/ as the runner runs them, against Distribution,
// a registry with the referrers API and the loopback Sigstore (Fulcio, Rekor, TSA, the runner's OIDC issuer).

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SHA = 'c0ffee'.padEnd(40, '0');
const SIGNING_WORKFLOW = 'sigil-dev/sigil/.github/workflows/sign-and-attest.yml@refs/heads/main';

let work: string;
let callerRoot: string;
let registry: E2eRegistry;
let referrersApi: StartedReferrersRegistry;
let stack: SigstoreStack;
let client: RegistryClient;
let keys: KeyMaterial;

beforeAll(async () => {
  for (const name of ['sign-image', 'attest-sbom', 'attest-provenance', 'verify-gate'] as const)
    requireBundle(name);
  work = mkdtempSync(join(tmpdir(), 'sigil-workflows-'));
  callerRoot = join(work, 'caller');
  mkdirSync(join(callerRoot, 'sigstore'), { recursive: true });
  [registry, referrersApi, stack] = await Promise.all([
    startE2eRegistry(),
    startReferrersRegistry(),
    startSigstoreStack({
      issuer: 'github',
      identity: { repository: 'acme/shop', workflow: '.github/workflows/release.yml', sha: SHA },
    }),
  ]);
  await stack.writeFiles(join(callerRoot, 'sigstore'));
  cpSync(join(ROOT, 'test', 'fixtures', 'attestation', 'spdx-2.3.json'), join(callerRoot, 'sbom.spdx.json'));
  keys = await createKeyMaterial(work);
  cpSync(keys.publicKeyPath, join(callerRoot, 'cosign.pub'));
  client = new RegistryClient({ timeoutMs: 120_000 });
}, 120_000);

afterAll(async () => {
  client?.close();
  await Promise.all([registry?.stop(), referrersApi?.stop(), stack?.stop()]);
  if (work !== undefined) rmSync(work, { recursive: true, force: true });
});

async function image(host: string): Promise<{ repo: RepositoryRef; digest: string; ref: string }> {
  const repo = { registry: host, repository: `workflows/shop-${randomBytes(4).toString('hex')}` };
  const { digest } = await pushTestImage(client, repo);
  return { repo, digest, ref: pinned(repo, digest) };
}

interface CallerRun {
  readonly secrets?: Record<string, string>;
  readonly vars?: Record<string, string>;
  /** The repository whose workflow runs (default acme/shop) and its checkout (default the shared caller). */
  readonly repository?: string;
  readonly root?: string;
  readonly eventName?: string;
  readonly inputs?: Record<string, string>;
  /** The file name under .github/workflows (default a fresh caller-<hex>.yml). */
  readonly name?: string;
}

/** Writes the caller's workflow and runs it as a push to main (by default) of acme/shop. */
async function runCaller(yaml: string, options: CallerRun = {}): Promise<WorkflowRun> {
  const root = options.root ?? callerRoot;
  const name = options.name ?? `caller-${randomBytes(3).toString('hex')}.yml`;
  const file = join(root, '.github', 'workflows', name);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, yaml);
  const checkoutOf: StandIn = async ({ with: given, workspace }) => {
    expect(given['persist-credentials']).toBe('false');
    cpSync(root, workspace, { recursive: true });
    return {};
  };
  return runWorkflow({
    repositoryRoot: ROOT,
    repository: 'sigil-dev/sigil',
    workflow: file,
    caller: {
      root,
      repository: options.repository ?? 'acme/shop',
      ref: 'refs/heads/main',
      sha: SHA,
      eventName: options.eventName ?? 'push',
    },
    inputs: options.inputs ?? {},
    secrets: options.secrets ?? {},
    vars: options.vars ?? {},
    oidc: (claims) => stack.env({ claims }),
    standIns: { 'actions/checkout': checkoutOf },
    stepTimeoutMs: 90_000,
  });
}

function describeRun(run: WorkflowRun): string {
  return `${run.conclusion}\n${run.log}`;
}

const KEYLESS_CALLER = `
name: release
on: push
permissions: {}
jobs:
  supply-chain:
    permissions: { contents: read, id-token: write }
    uses: sigil-dev/sigil/.github/workflows/sign-and-attest.yml@main
    with:
      images: \${{ vars.IMAGES }}
      sbom: sbom.spdx.json
      signing-config: sigstore/signing_config.json
      trusted-root: sigstore/trusted_root.json
  promote:
    needs: supply-chain
    permissions: { contents: read }
    uses: sigil-dev/sigil/.github/workflows/verify-gate.yml@main
    with:
      environment: production
      images: \${{ needs.supply-chain.outputs.images }}
      certificate-identity: \${{ vars.PINNED_IDENTITY || needs.supply-chain.outputs.certificate-identity }}
      trusted-root: sigstore/trusted_root.json
      require: signature, sbom, provenance
      mode: \${{ vars.MODE || 'enforce' }}
`;

describe('sign-and-attest.yml then verify-gate.yml, keyless', () => {
  it('signs, attests and verifies two images on two registries; the gate pinned to that identity passes', async () => {
    const [one, two] = await Promise.all([image(registry.host), image(referrersApi.host)]);
    const certificates = stack.requests()['/api/v2/signingCert'] ?? 0;
    const run = await runCaller(KEYLESS_CALLER, { vars: { IMAGES: `${one.ref}\n${two.ref}` } });
    expect(describeRun(run)).toMatch(/^success/);
    const supply = run.jobs['supply-chain']!;
    expect(supply.outputs['digests']).toBe(`${one.digest}\n${two.digest}`);
    expect(supply.outputs['images']).toBe(`${one.ref}\n${two.ref}`);
    // The certificate names the called workflow at the ref it was called with, not the caller's workflow.
    expect(supply.outputs['certificate-identity']).toBe(`https://github.com/${SIGNING_WORKFLOW}`);
    expect(supply.outputs['certificate-oidc-issuer']).toBe('https://token.actions.githubusercontent.com');
    expect(supply.outputs['verified']).toBe('true');
    const sbom = JSON.parse(supply.outputs['sbom-attestations']!) as unknown[];
    const provenance = JSON.parse(supply.outputs['provenance-attestations']!) as unknown[];
    expect(sbom).toHaveLength(2);
    expect(provenance).toHaveLength(2);
    // One job signs with one certificate: sign, SBOM and provenance steps each get theirs (3 steps).
    expect((stack.requests()['/api/v2/signingCert'] ?? 0) - certificates).toBe(3);
    const signJob = supply.called!.jobs['sign']!;
    expect(signJob.permissions['id-token']).toBe('write');
    expect(supply.called!.jobs['verify']!.permissions['id-token']).toBe('none');
    expect(signJob.steps.map((step) => [step.name, step.conclusion])).toEqual([
      ['actions/checkout@fbc6f3992d24b796d5a048ff273f7fcc4a7b6c09', 'success'],
      ['Install syft', 'skipped'],
      ['Sign', 'success'],
      ['Attest the SBOM', 'success'],
      ['Attest provenance', 'success'],
    ]);
    const promote = run.jobs['promote']!;
    // The gate job runs in the environment the caller named: its protection rules apply before it starts.
    expect(promote.called!.jobs['gate']!.environment).toBe('production');
    expect(promote.outputs['verified']).toBe('true');
    expect(promote.outputs['failed']).toBe('[]');
  });

  it('a gate pinned to another identity blocks the promotion', async () => {
    const one = await image(registry.host);
    const run = await runCaller(KEYLESS_CALLER, {
      vars: {
        IMAGES: one.ref,
        PINNED_IDENTITY: 'https://github.com/acme/shop/.github/workflows/release.yml@refs/heads/main',
      },
    });
    expect(run.conclusion).toBe('failure');
    expect(run.jobs['supply-chain']!.conclusion).toBe('success');
    const promote = run.jobs['promote']!;
    expect(promote.conclusion).toBe('failure');
    expect(promote.outputs['verified']).toBe('false');
    const failed = JSON.parse(promote.outputs['failed']!) as { digest: string; reason: string }[];
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.every((entry) => entry.digest === one.digest)).toBe(true);
    expect(new Set(failed.map((entry) => entry.reason))).toEqual(new Set(['CERTIFICATE_IDENTITY_MISMATCH']));
  });

  it('a gate pinned to the shared workflow passes only the caller repository’s runs (source-repo)', async () => {
    const one = await image(registry.host);
    const caller = (sourceRepo: string) => `
name: release
on: push
permissions: {}
jobs:
  supply-chain:
    permissions: { contents: read, id-token: write }
    uses: sigil-dev/sigil/.github/workflows/sign-and-attest.yml@main
    with:
      images: ${one.ref}
      sbom: none
      provenance: false
      signing-config: sigstore/signing_config.json
      trusted-root: sigstore/trusted_root.json
  promote:
    needs: supply-chain
    permissions: { contents: read }
    uses: sigil-dev/sigil/.github/workflows/verify-gate.yml@main
    with:
      images: \${{ needs.supply-chain.outputs.images }}
      signer-workflow: sigil-dev/sigil/.github/workflows/sign-and-attest.yml
      source-repo: ${sourceRepo}
      deny-self-hosted-runners: true
      trusted-root: sigstore/trusted_root.json
      require: signature
`;
    const ours = await runCaller(caller('acme/shop'));
    expect(describeRun(ours)).toMatch(/^success/);
    expect(ours.jobs['promote']!.outputs['verified']).toBe('true');
    const theirs = await runCaller(caller('acme/other-shop'));
    expect(theirs.jobs['promote']!.conclusion).toBe('failure');
    const failed = JSON.parse(theirs.jobs['promote']!.outputs['failed']!) as { reason: string }[];
    expect(failed.map((entry) => entry.reason)).toEqual(['SOURCE_MISMATCH']);
  });

  it('in audit mode the same mismatch is reported and nothing fails', async () => {
    const one = await image(registry.host);
    const run = await runCaller(KEYLESS_CALLER, {
      vars: {
        IMAGES: one.ref,
        PINNED_IDENTITY: 'https://github.com/acme/shop/.github/workflows/release.yml@refs/heads/main',
        MODE: 'audit',
      },
    });
    expect(describeRun(run)).toMatch(/^success/);
    expect(run.jobs['promote']!.outputs['verified']).toBe('false');
  });

  it('a caller job without id-token: write fails before anything is signed, naming the permission', async () => {
    const one = await image(registry.host);
    const certificates = stack.requests()['/api/v2/signingCert'] ?? 0;
    const run = await runCaller(
      KEYLESS_CALLER.replace('{ contents: read, id-token: write }', '{ contents: read }'),
      {
        vars: { IMAGES: one.ref },
      },
    );
    expect(run.conclusion).toBe('failure');
    const sign = run.jobs['supply-chain']!.called!.jobs['sign']!;
    expect(sign.error).toBe(
      "The nested job 'sign' is requesting 'id-token: write', but is only allowed 'id-token: none'",
    );
    expect(sign.steps).toEqual([]);
    expect(run.jobs['promote']!.conclusion).toBe('skipped');
    expect(stack.requests()['/api/v2/signingCert'] ?? 0).toBe(certificates);
  });
});

describe('sign-and-attest.yml with a cosign key', () => {
  it('signs with the SIGNING_KEY secret (cosign .sig/.att) and verifies with the public key', async () => {
    const one = await image(registry.host);
    const caller = `
name: release
on: push
permissions: {}
jobs:
  supply-chain:
    permissions: { contents: read, id-token: write }
    uses: sigil-dev/sigil/.github/workflows/sign-and-attest.yml@main
    with:
      images: ${one.ref}
      sbom: sbom.spdx.json
      signature-format: legacy
      public-key: cosign.pub
    secrets:
      SIGNING_KEY: \${{ secrets.COSIGN_KEY }}
      SIGNING_KEY_PASSWORD: \${{ secrets.COSIGN_PASSWORD }}
`;
    const certificates = stack.requests()['/api/v2/signingCert'] ?? 0;
    const run = await runCaller(caller, {
      secrets: { COSIGN_KEY: keys.privateKeyPem, COSIGN_PASSWORD: keys.password },
    });
    expect(describeRun(run)).toMatch(/^success/);
    const supply = run.jobs['supply-chain']!;
    expect(supply.outputs['certificate-identity']).toBe('');
    expect(supply.outputs['verified']).toBe('true');
    const signatures = JSON.parse(supply.outputs['signatures']!) as { format: string; digest: string }[];
    expect(signatures).toEqual([expect.objectContaining({ format: 'legacy', digest: one.digest })]);
    // Keys only: no certificate was asked for, and no secret reached the log.
    expect(stack.requests()['/api/v2/signingCert'] ?? 0).toBe(certificates);
    // The log as the runner shows it (registered secrets masked): the decrypted key never appears either.
    for (const secret of keys.secrets) expect(run.log).not.toContain(secret);
  });
});

describe('the composite action sign-and-attest in a job of the caller', () => {
  it('passes its inputs to each step, brings the outputs back, and writes one summary', async () => {
    const one = await image(registry.host);
    const caller = `
name: release
on: push
permissions: {}
jobs:
  release:
    runs-on: ubuntu-latest
    permissions: { contents: read, id-token: write }
    steps:
      - uses: actions/checkout@fbc6f3992d24b796d5a048ff273f7fcc4a7b6c09 # v5.1.0
        with:
          persist-credentials: false
      - id: supply
        uses: sigil-dev/sigil/actions/sign-and-attest@main
        with:
          images: ${one.ref}
          sbom: sbom.spdx.json
          signature-format: both
          annotations: team=shop
          signing-config: sigstore/signing_config.json
      - id: gate
        uses: sigil-dev/sigil/actions/verify-gate@main
        with:
          images: \${{ steps.supply.outputs.images }}
          certificate-identity: \${{ steps.supply.outputs.certificate-identity }}
          certificate-oidc-issuer: \${{ steps.supply.outputs.certificate-oidc-issuer }}
          trusted-root: sigstore/trusted_root.json
          require: signature, sbom, provenance
          annotations: team=shop
`;
    const run = await runCaller(caller);
    expect(describeRun(run)).toMatch(/^success/);
    const [, composite, gate] = run.jobs['release']!.steps;
    expect(composite!.steps!.map((step) => [step.name, step.conclusion])).toEqual([
      ['Install syft', 'skipped'],
      ['Sign', 'success'],
      ['Attest the SBOM', 'success'],
      ['Attest provenance', 'success'],
      ['Summary', 'success'],
    ]);
    expect(composite!.outputs['images']).toBe(one.ref);
    expect(composite!.outputs['digests']).toBe(one.digest);
    // The caller's job workflow signed: a composite action runs in the caller's job.
    expect(composite!.outputs['certificate-identity']).toMatch(
      /^https:\/\/github\.com\/acme\/shop\/\.github\/workflows\/caller-[0-9a-f]{6}\.yml@refs\/heads\/main$/,
    );
    // signature-format reached every step: both formats for the signature and each attestation.
    const formats = (json: string | undefined) =>
      (JSON.parse(json ?? '[]') as { format: string }[]).map((entry) => entry.format).sort();
    expect(formats(composite!.outputs['signatures'])).toEqual(['bundle', 'legacy']);
    expect(formats(composite!.outputs['sbom-attestations'])).toEqual(['bundle', 'legacy']);
    expect(formats(composite!.outputs['provenance-attestations'])).toEqual(['bundle', 'legacy']);
    expect(composite!.outputs['sbom-path']).toMatch(/sbom\.spdx\.json$/);
    // One summary: the composite's own table, none from the actions it chains.
    expect(composite!.summary).toContain('### sigil sign-and-attest');
    expect(composite!.summary).toContain(`| \`${one.ref}\` | success | success | success |`);
    expect(composite!.steps!.slice(0, 4).map((step) => step.summary)).toEqual(['', '', '', '']);
    // The annotation reached the signature: the gate requiring it passes.
    expect(gate!.outputs['verified']).toBe('true');
  });
});

/**
 * A template of action-templates/workflow-templates as an organisation copies it from a release (sigil's
 * references pinned by the release rewrite, `$default-branch` filled in), with `patches` applied.
 */
function template(name: string, patches: readonly (readonly [string, string])[] = []): string {
  let text = pinReferences(readFileSync(join(ROOT, 'action-templates', 'workflow-templates', name), 'utf8'), {
    repository: 'sigil-dev/sigil',
    sha: 'b'.repeat(40),
    version: 'v1.0.0',
  }).replaceAll('$default-branch', 'main');
  for (const [from, to] of patches) {
    expect(text).toContain(from);
    text = text.replace(from, to);
  }
  return text;
}

/** Keyless-signs `ref` through sign-and-attest.yml, in a run of `repository`. */
async function signThroughWorkflow(ref: string, repository: string, attest: boolean): Promise<void> {
  const run = await runCaller(
    `
name: release
on: push
permissions: {}
jobs:
  supply-chain:
    permissions: { contents: read, id-token: write }
    uses: sigil-dev/sigil/.github/workflows/sign-and-attest.yml@main
    with:
      images: ${ref}
      sbom: ${attest ? 'sbom.spdx.json' : 'none'}
      provenance: ${attest}
      signing-config: sigstore/signing_config.json
      trusted-root: sigstore/trusted_root.json
`,
    { repository },
  );
  expect(describeRun(run)).toMatch(/^success/);
}

describe('the workflow templates of action-templates/, executed with the loopback Sigstore as trusted root', () => {
  const TRUSTED_ROOT = '      trusted-root: sigstore/trusted_root.json\n';

  it('sigil-promotion-gate.yml promotes an image this repository signed, and no other repository’s', async () => {
    const [ours, theirs] = await Promise.all([image(registry.host), image(registry.host)]);
    await signThroughWorkflow(ours.ref, 'acme/shop', true);
    await signThroughWorkflow(theirs.ref, 'acme/other-shop', true);
    const gate = template('sigil-promotion-gate.yml', [
      [
        '      source-repo: ${{ github.repository }}\n',
        `      source-repo: \${{ github.repository }}\n${TRUSTED_ROOT}`,
      ],
    ]);
    const promote = (ref: string) =>
      runCaller(gate, {
        eventName: 'workflow_dispatch',
        inputs: { image: ref, environment: 'production' },
        name: 'promote.yml',
      });
    const passed = await promote(ours.ref);
    expect(describeRun(passed)).toMatch(/^success/);
    expect(passed.jobs['gate']!.called!.jobs['gate']!.environment).toBe('production');
    const deploy = passed.jobs['deploy']!;
    expect(deploy.environment).toBe('production');
    expect(deploy.steps.at(-1)!.log).toContain(`Deploying ${ours.ref} to production`);

    const blocked = await promote(theirs.ref);
    expect(blocked.conclusion).toBe('failure');
    expect(blocked.jobs['deploy']!.conclusion).toBe('skipped');
    // Each piece of evidence is refused for its certificate's source repository, before its content is read.
    const failed = JSON.parse(blocked.jobs['gate']!.outputs['failed']!) as {
      check: string;
      reason: string;
    }[];
    expect(failed.map((entry) => [entry.check, entry.reason]).sort()).toEqual([
      ['provenance', 'SOURCE_MISMATCH'],
      ['sbom', 'SOURCE_MISMATCH'],
      ['signature', 'SOURCE_MISMATCH'],
    ]);
  });

  it('sigil-required-supply-chain.yml lints the workflows and gates the FROM images: audit reports, enforce blocks', async () => {
    const [signedBase, unsignedBase] = await Promise.all([image(registry.host), image(registry.host)]);
    await signThroughWorkflow(signedBase.ref, 'acme/shop', false);
    const root = mkdtempSync(join(work, 'required-'));
    cpSync(join(callerRoot, 'sigstore'), join(root, 'sigstore'), { recursive: true });
    writeFileSync(
      join(root, 'Dockerfile'),
      `ARG BASE=${signedBase.ref}\nFROM $BASE AS build\nRUN true\nFROM build\nFROM scratch\n`,
    );
    mkdirSync(join(root, 'tools'));
    writeFileSync(
      join(root, 'tools', 'app.Dockerfile'),
      `ARG UNSET\nFROM ${unsignedBase.ref}\nFROM $UNSET\n`,
    );
    const required = template('sigil-required-supply-chain.yml', [
      [
        '      certificate-oidc-issuer: https://token.actions.githubusercontent.com\n',
        `      certificate-oidc-issuer: https://token.actions.githubusercontent.com\n${TRUSTED_ROOT}`,
      ],
    ]);
    mkdirSync(join(root, '.github', 'workflows'), { recursive: true });
    writeFileSync(join(root, '.github', 'workflows', 'supply-chain.yml'), required);
    execFileSync('git', ['init', '-q'], { cwd: root });
    execFileSync('git', ['add', '-A'], { cwd: root });
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qm', 'pr'], {
      cwd: root,
    });

    const audit = await runCaller(required, { root, eventName: 'pull_request', name: 'supply-chain.yml' });
    expect(describeRun(audit)).toMatch(/^success/);
    expect(audit.jobs['workflow-lint']!.conclusion).toBe('success');
    expect(audit.jobs['base-images']!.outputs['images']).toBe(`${signedBase.ref}\n${unsignedBase.ref}`);
    expect(audit.jobs['base-images']!.steps.at(-1)!.log).toContain('ARG UNSET has no default');
    const gate = audit.jobs['base-image-gate']!;
    expect(gate.outputs['verified']).toBe('false');
    const failed = JSON.parse(gate.outputs['failed']!) as { digest: string }[];
    expect(new Set(failed.map((entry) => entry.digest))).toEqual(new Set([unsignedBase.digest]));

    const enforce = await runCaller(required, {
      root,
      eventName: 'workflow_dispatch',
      inputs: { mode: 'enforce' },
      name: 'supply-chain.yml',
    });
    expect(enforce.conclusion).toBe('failure');
    expect(enforce.jobs['base-image-gate']!.conclusion).toBe('failure');
  });
});

describe('the syft path: install-syft from a mirror, then attest-sbom scans each image with it', () => {
  it('the composite action installs the verified syft and attests the SBOM it generates', async () => {
    const syft = join(
      process.env.SIGIL_TOOLS_DIR ?? join(homedir(), '.cache', 'sigil-tools'),
      'syft-v1.57.0',
      'syft',
    );
    expect(existsSync(syft)).toBe(true);
    // The archive as goreleaser packs it, served by a mirror at upstream's layout.
    const packing = mkdtempSync(join(work, 'syft-'));
    cpSync(syft, join(packing, 'syft'));
    const asset = `syft_1.57.0_linux_${process.arch === 'arm64' ? 'arm64' : 'amd64'}.tar.gz`;
    execFileSync('tar', ['-czf', join(work, asset), '-C', packing, 'syft']);
    const archive = readFileSync(join(work, asset));
    const mirror = await startReleaseMirror();
    try {
      mirror.put(`/v1.57.0/${asset}`, archive);
      // An image with an Alpine package database in it, for syft to find packages.
      const repo = {
        registry: registry.host,
        repository: `workflows/alpine-${randomBytes(4).toString('hex')}`,
      };
      const { digest } = await pushFileImage(client, repo, alpineFiles('x86_64'));
      const one = { digest, ref: pinned(repo, digest) };
      const caller = `
name: release
on: push
permissions: {}
jobs:
  release:
    runs-on: ubuntu-latest
    permissions: { contents: read, id-token: write }
    steps:
      - uses: actions/checkout@fbc6f3992d24b796d5a048ff273f7fcc4a7b6c09 # v5.1.0
        with:
          persist-credentials: false
      - id: supply
        uses: sigil-dev/sigil/actions/sign-and-attest@main
        with:
          images: ${one.ref}
          provenance: false
          syft-download-url: ${mirror.url}
          syft-verify: checksum
          syft-checksum: ${createHash('sha256').update(archive).digest('hex')}
          signing-config: sigstore/signing_config.json
      - name: The SBOM syft wrote
        env:
          SBOM_PATH: \${{ steps.supply.outputs.sbom-path }}
        run: |
          grep -q '"Tool: syft-1.57.0"' "$SBOM_PATH"
          grep -Eq '"name": ?"musl"' "$SBOM_PATH"
`;
      const run = await runCaller(caller);
      expect(describeRun(run)).toMatch(/^success/);
      const composite = run.jobs['release']!.steps[1]!;
      expect(composite.steps!.map((step) => [step.name, step.conclusion])).toEqual([
        ['Install syft', 'success'],
        ['Sign', 'success'],
        ['Attest the SBOM', 'success'],
        ['Attest provenance', 'skipped'],
        ['Summary', 'success'],
      ]);
      // attest-sbom found syft on PATH through install-syft's GITHUB_PATH: the SBOM syft wrote names Alpine's
      // packages, read by a later step of the job through the action's sbom-path output.
      expect(run.jobs['release']!.steps[2]!.conclusion).toBe('success');
      expect(JSON.parse(composite.outputs['sbom-attestations']!)).toHaveLength(1);
    } finally {
      await mirror.stop();
    }
  });
});
