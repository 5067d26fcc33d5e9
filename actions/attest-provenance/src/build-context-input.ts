import { SigilError } from '@sigil/core';
import { buildContextProblems, type BuildContext, type BuildContextField } from '@sigil/provenance';
import type { RunnerEnvironment } from '@sigil/toolkit';

/** Where the runner puts each fact of the build context. */
const VARIABLES: Readonly<Record<Exclude<BuildContextField, 'jobWorkflowRef'>, string>> = {
  serverUrl: 'GITHUB_SERVER_URL',
  repository: 'GITHUB_REPOSITORY',
  repositoryId: 'GITHUB_REPOSITORY_ID',
  repositoryOwnerId: 'GITHUB_REPOSITORY_OWNER_ID',
  eventName: 'GITHUB_EVENT_NAME',
  ref: 'GITHUB_REF',
  sha: 'GITHUB_SHA',
  workflowRef: 'GITHUB_WORKFLOW_REF',
  runId: 'GITHUB_RUN_ID',
  runAttempt: 'GITHUB_RUN_ATTEMPT',
  runnerEnvironment: 'RUNNER_ENVIRONMENT',
};

const HINT =
  'Run this step in a GitHub Actions workflow (the runner sets these variables), or give `predicate-path` ' +
  'to attest a provenance predicate made elsewhere.';

/**
 * The workflow run's build context from the runner's `GITHUB_*` variables. The builder id is the
 * workflow (`GITHUB_WORKFLOW_REF`): without an OIDC token the called workflow of a reusable workflow is
 * not known. A missing or malformed variable is an error that names it.
 */
export function readBuildContext(environment: Pick<RunnerEnvironment, 'variable'>): BuildContext {
  const entries = Object.entries(VARIABLES) as [keyof typeof VARIABLES, string][];
  const missing = entries
    .filter(([, name]) => (environment.variable(name) ?? '') === '')
    .map(([, name]) => name);
  if (missing.length > 0) {
    throw new SigilError(
      'INPUT_INVALID',
      `provenance is generated from the workflow run, but ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not set`,
      { input: 'predicate-path', hint: HINT },
    );
  }
  const context = Object.fromEntries(
    entries.map(([field, name]) => [field, environment.variable(name) ?? '']),
  ) as unknown as BuildContext;
  const problems = buildContextProblems(context);
  if (problems.length > 0) {
    const list = problems
      .map(({ field, problem }) => {
        const name = VARIABLES[field as keyof typeof VARIABLES];
        return `${name}=${JSON.stringify(context[field])} ${problem}`;
      })
      .join('; ');
    throw new SigilError('INPUT_INVALID', `the workflow run's variables cannot make provenance: ${list}`, {
      input: 'predicate-path',
      hint: HINT,
    });
  }
  return context;
}
