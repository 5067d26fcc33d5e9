import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DistActionRun } from '@sigil/testing';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCosign, type CosignMajor } from '../support/cosign-cli.js';
import { cleanupRuns, requireBundle, runBundle, transcript } from './bundle.js';
import { capturedTexts, errorAnnotations, findSecrets, stackTraceLines } from './captured-output.js';
import { pinned, startE2eRegistry, tagged, type E2eRegistry } from './e2e-registry.js';
import { createKeyMaterial, type KeyMaterial } from './key-material.js';

/**
 * attest-provenance as a workflow runs it: the committed dist/ bundle with the variables the runner sets
 * for a release run, against a real registry; what it writes is checked by the real cosign CLIs.
 */
let registry: E2eRegistry;
let work: string;
let key: KeyMaterial;
let otherKey: KeyMaterial;

const SHA = 'c27d339ee6075c1f744c5d4b200f7901aad2c369';
/** What a GitHub-hosted runner sets for a push of tag v1.2.0 in octocat/hello-world. */
const RELEASE_RUN: Record<string, string> = {
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_REPOSITORY: 'octocat/hello-world',
  GITHUB_REPOSITORY_ID: '1296269',
  GITHUB_REPOSITORY_OWNER_ID: '583231',
  GITHUB_EVENT_NAME: 'push',
  GITHUB_REF: 'refs/tags/v1.2.0',
  GITHUB_SHA: SHA,
  GITHUB_WORKFLOW_REF: 'octocat/hello-world/.github/workflows/release.yml@refs/tags/v1.2.0',
  GITHUB_RUN_ID: '1536140711',
  GITHUB_RUN_ATTEMPT: '1',
  RUNNER_ENVIRONMENT: 'github-hosted',
};

beforeAll(async () => {
  requireBundle('attest-provenance');
  work = mkdtempSync(join(tmpdir(), 'sigil-e2e-provenance-'));
  [registry, key, otherKey] = await Promise.all([
    startE2eRegistry(),
    createKeyMaterial(work),
    createKeyMaterial(work),
  ]);
});

afterAll(async () => {
  await cleanupRuns();
  await registry?.stop();
  if (work !== undefined) rmSync(work, { recursive: true, force: true });
});

function attest(
  images: string,
  extra: Record<string, string> = {},
  env: Record<string, string | undefined> = RELEASE_RUN,
) {
  return runBundle('attest-provenance', {
    inputs: { images, key: key.keyPath, ...extra },
    env: { COSIGN_PASSWORD: key.password, ...env },
  });
}

function succeeded(run: DistActionRun): void {
  expect({ exitCode: run.exitCode, errors: errorAnnotations(run), stackTrace: stackTraceLines(run) }).toEqual(
    {
      exitCode: 0,
      errors: [],
      stackTrace: [],
    },
  );
}

/** The statements `cosign verify-attestation` printed (one DSSE envelope per line). */
function statements(
  stdout: string,
): { predicateType: string; subject: unknown; predicate: Record<string, unknown> }[] {
  return stdout
    .split('\n')
    .filter((line) => line.trim().startsWith('{'))
    .map((line) =>
      JSON.parse(Buffer.from((JSON.parse(line) as { payload: string }).payload, 'base64').toString('utf8')),
    );
}

function verifyAttestation(major: CosignMajor, image: string, publicKeyPath: string, type: string) {
  return runCosign(major, [
    'verify-attestation',
    '--key',
    publicKeyPath,
    '--type',
    type,
    '--insecure-ignore-tlog',
    '--allow-http-registry',
    image,
  ]);
}

describe('attest-provenance (dist)', () => {
  it('attests GitHub-shaped provenance that cosign v3 and v2 verify with --type slsaprovenance1', async () => {
    const repo = registry.uniqueRepo('provenance');
    const image = await registry.pushImage(repo, 'v1.2.0');
    const run = await attest(tagged(repo, 'v1.2.0'));
    succeeded(run);

    const attestations = JSON.parse(run.outputs.attestations ?? 'null');
    expect(attestations).toEqual([
      {
        image: tagged(repo, 'v1.2.0'),
        digest: image.digest,
        predicateType: 'https://slsa.dev/provenance/v1',
        format: 'legacy',
        ref: `${repo.registry}/${repo.repository}:${image.digest.replace(':', '-')}.att`,
        replaced: 0,
        deduplicated: false,
      },
    ]);
    expect(run.annotations.some((a) => a.level === 'warning' && a.message.includes(image.digest))).toBe(true);

    for (const major of ['v3', 'v2'] as const) {
      const verified = await verifyAttestation(
        major,
        pinned(repo, image.digest),
        key.publicKeyPath,
        'slsaprovenance1',
      );
      expect({ major, code: verified.code }).toEqual({ major, code: 0 });
      const [statement] = statements(verified.stdout);
      expect(statement?.predicateType).toBe('https://slsa.dev/provenance/v1');
      expect(statement?.subject).toEqual([
        {
          name: `${repo.registry}/${repo.repository}`,
          digest: { sha256: image.digest.slice('sha256:'.length) },
        },
      ]);
      expect(statement?.predicate).toEqual({
        buildDefinition: {
          buildType: 'https://actions.github.io/buildtypes/workflow/v1',
          externalParameters: {
            workflow: {
              ref: 'refs/tags/v1.2.0',
              repository: 'https://github.com/octocat/hello-world',
              path: '.github/workflows/release.yml',
            },
          },
          internalParameters: {
            github: {
              event_name: 'push',
              repository_id: '1296269',
              repository_owner_id: '583231',
              runner_environment: 'github-hosted',
            },
          },
          resolvedDependencies: [
            {
              uri: 'git+https://github.com/octocat/hello-world@refs/tags/v1.2.0',
              digest: { gitCommit: SHA },
            },
          ],
        },
        runDetails: {
          builder: {
            id: 'https://github.com/octocat/hello-world/.github/workflows/release.yml@refs/tags/v1.2.0',
          },
          metadata: {
            invocationId: 'https://github.com/octocat/hello-world/actions/runs/1536140711/attempts/1',
          },
        },
      });
    }
    // The type is SLSA v1, not v0.2; and only the right key verifies it.
    for (const major of ['v3', 'v2'] as const) {
      const asV02 = await verifyAttestation(
        major,
        pinned(repo, image.digest),
        key.publicKeyPath,
        'slsaprovenance',
      );
      expect({ major, code: asV02.code, stderr: asV02.stderr }).toEqual({
        major,
        code: 1,
        stderr: expect.stringMatching(
          /^Error: none of the attestations matched the predicate type: slsaprovenance, found: https:\/\/slsa\.dev\/provenance\/v1$/m,
        ),
      });
      const byOtherKey = await verifyAttestation(
        major,
        pinned(repo, image.digest),
        otherKey.publicKeyPath,
        'slsaprovenance1',
      );
      expect({ major, code: byOtherKey.code, stderr: byOtherKey.stderr }).toEqual({
        major,
        code: 1,
        stderr: expect.stringMatching(
          /^Error: no matching attestations: accepted signatures do not match threshold, Found: 0, Expected 1$/m,
        ),
      });
    }

    const report = JSON.parse(readFileSync(run.outputs['report-path'] ?? '', 'utf8'));
    expect(report).toMatchObject({
      kind: 'sigil/attest-provenance-report',
      provenance: { source: 'https://github.com/octocat/hello-world' },
      images: [{ image: tagged(repo, 'v1.2.0'), digest: image.digest, attested: true }],
    });
    expect(run.summary).toContain('1 of 1 image(s) attested with SLSA Provenance v1');
    expect(run.summary).toContain(image.digest);
  });

  it('a re-run of the same attempt writes nothing new; the next attempt replaces the provenance', async () => {
    const repo = registry.uniqueRepo('provenance-rerun');
    const image = await registry.pushImage(repo);
    const reference = pinned(repo, image.digest);
    const outputOf = (run: DistActionRun) => JSON.parse(run.outputs.attestations ?? 'null')[0];
    expect(outputOf(await attest(reference))).toMatchObject({ replaced: 0, deduplicated: false });
    expect(outputOf(await attest(reference))).toMatchObject({ replaced: 0, deduplicated: true });
    const next = await attest(reference, {}, { ...RELEASE_RUN, GITHUB_RUN_ATTEMPT: '2' });
    succeeded(next);
    expect(outputOf(next)).toMatchObject({ replaced: 1, deduplicated: false });
    const verified = await verifyAttestation('v3', reference, key.publicKeyPath, 'slsaprovenance1');
    const invocations = statements(verified.stdout).map(
      (s) => (s.predicate['runDetails'] as { metadata: { invocationId: string } }).metadata.invocationId,
    );
    expect(invocations).toEqual([
      'https://github.com/octocat/hello-world/actions/runs/1536140711/attempts/2',
    ]);
  });

  it('attests a given predicate file unchanged, outside GitHub Actions', async () => {
    const repo = registry.uniqueRepo('provenance-file');
    const image = await registry.pushImage(repo);
    const workspace = mkdtempSync(join(work, 'workspace-'));
    const predicate = {
      buildDefinition: {
        buildType: 'https://example.com/make/v1',
        externalParameters: { target: 'release' },
        resolvedDependencies: [
          { uri: 'git+https://gitlab.example/o/r@refs/heads/main', digest: { gitCommit: SHA } },
        ],
      },
      runDetails: { builder: { id: 'https://ci.example/runner/7' } },
    };
    writeFileSync(join(workspace, 'provenance.json'), JSON.stringify(predicate, null, 2));
    const run = await runBundle('attest-provenance', {
      cwd: workspace,
      inputs: { images: pinned(repo, image.digest), key: key.keyPath, 'predicate-path': 'provenance.json' },
      env: { COSIGN_PASSWORD: key.password },
    });
    succeeded(run);
    const verified = await verifyAttestation(
      'v3',
      pinned(repo, image.digest),
      key.publicKeyPath,
      'slsaprovenance1',
    );
    expect(verified.code).toBe(0);
    expect(statements(verified.stdout)[0]?.predicate).toEqual(predicate);
    expect(run.summary).toContain('https://ci.example/runner/7');
  });

  it('never prints the key or its password, even with debug logging', async () => {
    const repo = registry.uniqueRepo('provenance-leaks');
    const image = await registry.pushImage(repo);
    const run = await runBundle('attest-provenance', {
      inputs: { images: pinned(repo, image.digest), key: 'env://SIGNING_KEY', 'key-password': key.password },
      env: { ...RELEASE_RUN, SIGNING_KEY: key.privateKeyPem, RUNNER_DEBUG: '1' },
    });
    succeeded(run);
    expect(run.stdout).toContain('::debug::');
    expect(findSecrets(capturedTexts(run), { 'signing key and password': [...key.secrets] })).toEqual([]);
  });

  it('outside a workflow run, fails before writing anything, naming the missing variables and predicate-path', async () => {
    const repo = registry.uniqueRepo('provenance-no-run');
    const image = await registry.pushImage(repo);
    const run = await attest(
      pinned(repo, image.digest),
      {},
      { ...RELEASE_RUN, GITHUB_SHA: undefined, GITHUB_RUN_ID: undefined },
    );
    expect(run.exitCode).toBe(1);
    const errors = errorAnnotations(run);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('[INPUT_INVALID]');
    expect(errors[0]).toContain('GITHUB_SHA, GITHUB_RUN_ID are not set');
    expect(errors[0]).toContain('predicate-path');
    expect(stackTraceLines(run)).toEqual([]);
    expect(await registry.tags(repo)).toEqual([]);
    expect(run.outputs).toEqual({});
    expect(transcript(run)).not.toContain(key.password);
  });
});
