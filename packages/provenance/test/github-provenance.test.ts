import { describe, expect, it } from '@jest/globals';
import { SigilError } from '@sigil/core';
import {
  buildContextProblems,
  buildProvenance,
  validateSlsaV1Predicate,
  type BuildContext,
} from '../src/index.js';
import { GITHUB_WORKFLOW_BUILD_TYPE } from '../src/slsa-provenance.js';
import { splitWorkflowRef } from '../src/build-context.js';

/** A release run of octocat/hello-world, as the runner describes it. */
const RELEASE_RUN: BuildContext = {
  serverUrl: 'https://github.com',
  repository: 'octocat/hello-world',
  repositoryId: '1296269',
  repositoryOwnerId: '583231',
  eventName: 'push',
  ref: 'refs/tags/v1.2.0',
  sha: 'c27d339ee6075c1f744c5d4b200f7901aad2c369',
  workflowRef: 'octocat/hello-world/.github/workflows/release.yml@refs/tags/v1.2.0',
  runId: '1536140711',
  runAttempt: '2',
  runnerEnvironment: 'github-hosted',
};

describe('buildProvenance', () => {
  it('writes the predicate of GitHub build provenance, field for field and in the same order', () => {
    // What actions/attest-build-provenance (@actions/attest buildSLSAProvenancePredicate) writes for
    // this run, from the token claims of the same values.
    const github = {
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
            digest: { gitCommit: 'c27d339ee6075c1f744c5d4b200f7901aad2c369' },
          },
        ],
      },
      runDetails: {
        builder: {
          id: 'https://github.com/octocat/hello-world/.github/workflows/release.yml@refs/tags/v1.2.0',
        },
        metadata: {
          invocationId: 'https://github.com/octocat/hello-world/actions/runs/1536140711/attempts/2',
        },
      },
    };
    const predicate = buildProvenance(RELEASE_RUN);
    expect(JSON.stringify(predicate)).toBe(JSON.stringify(github));
    expect(predicate.buildDefinition.buildType).toBe(GITHUB_WORKFLOW_BUILD_TYPE);
    expect(validateSlsaV1Predicate(JSON.parse(JSON.stringify(predicate)))).toEqual({ ok: true });
  });

  it('names the reusable workflow as the builder when the job ran in one, and a GHES server everywhere', () => {
    const predicate = buildProvenance({
      ...RELEASE_RUN,
      serverUrl: 'https://ghes.example.com',
      jobWorkflowRef: 'platform/workflows/.github/workflows/build.yaml@refs/tags/v3',
    });
    expect(predicate.runDetails.builder.id).toBe(
      'https://ghes.example.com/platform/workflows/.github/workflows/build.yaml@refs/tags/v3',
    );
    expect(predicate.buildDefinition.externalParameters).toEqual({
      workflow: {
        ref: 'refs/tags/v1.2.0',
        repository: 'https://ghes.example.com/octocat/hello-world',
        path: '.github/workflows/release.yml',
      },
    });
    expect(predicate.runDetails.metadata?.invocationId).toBe(
      'https://ghes.example.com/octocat/hello-world/actions/runs/1536140711/attempts/2',
    );
  });

  it('keeps an @ in the ref (a changesets tag) out of the workflow path', () => {
    const ref = 'refs/tags/@scope/pkg@1.0.0';
    const predicate = buildProvenance({
      ...RELEASE_RUN,
      ref,
      workflowRef: `octocat/hello-world/.github/workflows/release.yml@${ref}`,
    });
    expect(predicate.buildDefinition.externalParameters).toMatchObject({
      workflow: { ref, path: '.github/workflows/release.yml' },
    });
    expect(predicate.buildDefinition.resolvedDependencies?.[0]?.uri).toBe(
      `git+https://github.com/octocat/hello-world@${ref}`,
    );
  });

  it.each<[string, Partial<BuildContext>, string]>([
    ['a short commit id', { sha: 'c27d339' }, 'sha'],
    ['an upper-case commit id', { sha: 'C27D339EE6075C1F744C5D4B200F7901AAD2C369' }, 'sha'],
    ['an empty repository id', { repositoryId: '' }, 'repositoryId'],
    [
      'a repository without owner',
      { repository: 'hello-world', workflowRef: 'hello-world/w.yml@refs/x' },
      'repository',
    ],
    ['a server URL with a trailing slash', { serverUrl: 'https://github.com/' }, 'serverUrl'],
    ['a server URL with credentials', { serverUrl: 'https://user@github.com' }, 'serverUrl'],
    ['a branch name instead of a ref', { ref: 'main' }, 'ref'],
    [
      'a workflow ref of another repository',
      { workflowRef: 'evil/fork/.github/workflows/r.yml@refs/heads/main' },
      'workflowRef',
    ],
    [
      'a workflow ref without a ref',
      { workflowRef: 'octocat/hello-world/.github/workflows/release.yml' },
      'workflowRef',
    ],
    ['run attempt 0', { runAttempt: '0' }, 'runAttempt'],
    ['an unknown runner environment', { runnerEnvironment: 'laptop' }, 'runnerEnvironment'],
  ])('refuses %s, naming the field', (_case, change, field) => {
    const context = { ...RELEASE_RUN, ...change };
    expect(buildContextProblems(context)[0]?.field).toBe(field);
    let thrown: unknown;
    try {
      buildProvenance(context);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(SigilError);
    expect((thrown as SigilError).code).toBe('INPUT_INVALID');
    expect((thrown as SigilError).message).toContain(`\`${field}\``);
  });

  it('lists every problem of a context at once', () => {
    expect(
      buildContextProblems({ ...RELEASE_RUN, sha: '', runId: 'x', eventName: '' }).map((p) => p.field),
    ).toEqual(['eventName', 'sha', 'runId']);
  });
});

describe('splitWorkflowRef', () => {
  it.each([
    [
      'o/r/.github/workflows/a.yml@refs/heads/main',
      { path: '.github/workflows/a.yml', ref: 'refs/heads/main' },
    ],
    ['o/r/.github/workflows/a.yaml@refs/tags/v1', { path: '.github/workflows/a.yaml', ref: 'refs/tags/v1' }],
    [
      'O/R/.github/workflows/a.yml@refs/pull/7/merge',
      { path: '.github/workflows/a.yml', ref: 'refs/pull/7/merge' },
    ],
  ])('%s', (workflowRef, expected) => {
    expect(splitWorkflowRef(workflowRef, 'o/r')).toEqual(expected);
  });

  it('answers undefined for another repository or no workflow file', () => {
    expect(splitWorkflowRef('o/r2/.github/workflows/a.yml@refs/heads/main', 'o/r')).toBeUndefined();
    expect(splitWorkflowRef('o/r/.github/workflows/a.json@refs/heads/main', 'o/r')).toBeUndefined();
  });
});
