import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { GITHUB_ACTIONS_ISSUER, runGate, type GateResult } from '@sigil/gate';
import { RegistryClient, parseReference, type RepositoryRef } from '@sigil/oci';
import {
  pushTestImage,
  startReferrersRegistry,
  startRegistry,
  type StartedReferrersRegistry,
  type StartedRegistry,
} from '@sigil/testing';
import { startSigstoreStack, type SigstoreStack } from '@sigil/testing/sigstore-stack';
import { LoadedTrustedRoot } from '@sigil/transparency';
import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCosign } from '../support/cosign-cli.js';

/**
 * Rekor v2 both ways with the real cosign v3.1.3 (rekor-tiles v2.3.0's client, sigstore-go v1.2.2), against the
 * loopback Sigstore whose signing config names only its Rekor v2 log (and its TSA, which Rekor v2 needs: the log
 * gives no time). cosign signs and attests keyless, logging `hashedrekord` 0.0.2 entries (DSSE as its PAE);
 * the gate verifies them — checkpoint, inclusion proof, the entry body against the bundle, the time from the
 * TSA. The other direction (sigil signs into Rekor v2, cosign verifies) runs through the dist actions in
 * test/e2e/keyless.e2e.test.ts.
 */
const WORKFLOW = '.github/workflows/release.yml';
const RUN = {
  repository: 'octo-org/octo-app',
  workflow: WORKFLOW,
  ref: 'refs/heads/main',
  sha: 'c0ffee'.padEnd(40, '0'),
  eventName: 'push',
  runnerEnvironment: 'github-hosted',
};
const SAN = `https://github.com/${RUN.repository}/${WORKFLOW}@${RUN.ref}`;
const fixtures = new URL('../fixtures/attestation/', import.meta.url).pathname;

let distribution: StartedRegistry;
let referrers: StartedReferrersRegistry;
let stack: SigstoreStack;
let files: { readonly trustedRoot: string; readonly signingConfig: string };
let root: LoadedTrustedRoot;
let client: RegistryClient;
let work: string;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'sigil-rekor-v2-'));
  [distribution, referrers, stack] = await Promise.all([
    startRegistry(),
    startReferrersRegistry(),
    startSigstoreStack({ issuer: 'github', identity: RUN, rekorVersions: [2] }),
  ]);
  files = await stack.writeFiles(work);
  root = LoadedTrustedRoot.load(stack.trustedRoot);
  client = new RegistryClient({ timeoutMs: 60_000 });
}, 120_000);

afterAll(async () => {
  client?.close();
  await Promise.all([distribution?.stop(), referrers?.stop(), stack?.stop()]);
  if (work !== undefined) await rm(work, { recursive: true, force: true });
});

async function cosign(args: string[]): Promise<void> {
  const run = await runCosign(
    'v3',
    [
      ...args,
      '--identity-token',
      stack.token(),
      '--signing-config',
      files.signingConfig,
      '--trusted-root',
      files.trustedRoot,
      '--allow-http-registry',
      '--yes',
    ],
    { home: work, env: { TUF_ROOT: join(work, 'tuf') } },
  );
  expect({ code: run.code, stderr: run.code === 0 ? '' : run.stderr }).toEqual({ code: 0, stderr: '' });
}

function gate(ref: string, san = SAN): Promise<GateResult> {
  return runGate(client, [{ image: ref, reference: parseReference(ref) }], {
    signature: { trustedKeys: [] },
    requirements: [{ kind: 'signature' }, { kind: 'sbom' }],
    platforms: 'index',
    mode: 'enforce',
    keyless: {
      identities: [{ subject: { exact: san }, issuer: GITHUB_ACTIONS_ISSUER }],
      github: { denySelfHostedRunners: false },
    },
    transparency: { trustedRoot: root, requireTlog: 'auto' },
  });
}

describe.each(['distribution', 'referrers'] as const)('cosign v3 keyless into Rekor v2 (%s)', (kind) => {
  let ref: string;

  beforeAll(async () => {
    const repo: RepositoryRef = {
      registry: kind === 'distribution' ? distribution.host : referrers.host,
      repository: 'rekor-v2/app',
    };
    const { digest } = await pushTestImage(client, repo);
    ref = `${repo.registry}/${repo.repository}@${digest}`;
    const before = stack.requests()['/rekor-v2/api/v2/log/entries'] ?? 0;
    await cosign(['sign', ref]);
    await cosign(['attest', '--type', 'spdxjson', '--predicate', join(fixtures, 'spdx-2.3.json'), ref]);
    // Both went to the Rekor v2 log, none to the v1 log.
    expect((stack.requests()['/rekor-v2/api/v2/log/entries'] ?? 0) - before).toBe(2);
  }, 60_000);

  it('the gate verifies the signature and the SBOM attestation logged in Rekor v2, the time from the TSA', async () => {
    const result = await gate(ref);
    const checks = result.images[0]?.checks ?? [];
    expect(checks.map(({ check, passed, reason }) => ({ check, passed, reason }))).toEqual([
      { check: 'signature', passed: true, reason: undefined },
      { check: 'sbom', passed: true, reason: undefined },
    ]);
    for (const bundle of checks[0]?.bundles ?? []) {
      expect(bundle).toMatchObject({
        verified: true,
        identity: { subjectAlternativeName: SAN, issuer: GITHUB_ACTIONS_ISSUER },
        transparency: { tlogEntries: 1, rfc3161Timestamps: 1, checked: 'verified' },
      });
      // A Rekor v2 entry has no integrated time: the report shows none. The log's first entry is index 0, which
      // protobuf JSON leaves out: the report still names it.
      expect(bundle.transparency?.entries?.[0]?.integratedTime).toBeUndefined();
      expect(bundle.transparency?.entries?.[0]?.logIndex).toMatch(/^\d+$/);
    }
    expect(checks[0]?.bundles?.length).toBeGreaterThan(0);
    expect(result.verified).toBe(true);
  });

  it('another workflow’s identity is refused', async () => {
    const result = await gate(
      ref,
      `https://github.com/${RUN.repository}/.github/workflows/other.yml@${RUN.ref}`,
    );
    expect(result.verified).toBe(false);
    expect(result.images[0]?.checks[0]?.reason).toBe('CERTIFICATE_IDENTITY_MISMATCH');
  });

  it('a trusted root without the Rekor v2 log: the entries cannot be verified, nothing passes', async () => {
    const withoutV2 = JSON.parse(JSON.stringify(stack.trustedRoot)) as { tlogs: { baseUrl: string }[] };
    withoutV2.tlogs = withoutV2.tlogs.filter(({ baseUrl }) => baseUrl !== stack.rekorV2URL);
    const result = await runGate(client, [{ image: ref, reference: parseReference(ref) }], {
      signature: { trustedKeys: [] },
      requirements: [{ kind: 'signature' }],
      platforms: 'index',
      mode: 'enforce',
      keyless: {
        identities: [{ subject: { exact: SAN }, issuer: GITHUB_ACTIONS_ISSUER }],
        github: { denySelfHostedRunners: false },
      },
      transparency: { trustedRoot: LoadedTrustedRoot.load(withoutV2), requireTlog: 'auto' },
    });
    expect(result.verified).toBe(false);
    const check = result.images[0]?.checks[0];
    expect(check?.passed).toBe(false);
    expect(check?.bundles?.[0]).toMatchObject({ verified: false, problem: 'TLOG_INVALID' });
  });
});
