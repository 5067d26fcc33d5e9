/**
 * What GitHub build provenance says about a workflow run, as plain data: the action reads it from the
 * runner (`GITHUB_*` variables), tests write it down. Field by field it is what GitHub's OIDC token
 * claims carry and what `actions/attest-build-provenance` puts into its predicate.
 */
export interface BuildContext {
  /** `GITHUB_SERVER_URL`, e.g. `https://github.com` (a GHES host otherwise). */
  readonly serverUrl: string;
  /** `GITHUB_REPOSITORY`: `owner/name`. */
  readonly repository: string;
  /** `GITHUB_REPOSITORY_ID`: the numeric id, stable across renames. */
  readonly repositoryId: string;
  /** `GITHUB_REPOSITORY_OWNER_ID`. */
  readonly repositoryOwnerId: string;
  /** `GITHUB_EVENT_NAME`, e.g. `push`, `release`, `workflow_dispatch`. */
  readonly eventName: string;
  /** `GITHUB_REF`: the ref the run was triggered for, e.g. `refs/heads/main` or `refs/tags/v1.2.0`. */
  readonly ref: string;
  /** `GITHUB_SHA`: the commit that was built (40 hex digits; 64 in a SHA-256 repository). */
  readonly sha: string;
  /** `GITHUB_WORKFLOW_REF`: `owner/name/.github/workflows/release.yml@refs/heads/main`. */
  readonly workflowRef: string;
  /**
   * The workflow file whose job made the provenance (the OIDC `job_workflow_ref` claim): in a reusable
   * workflow this is the called workflow. Defaults to `workflowRef`, which it equals in a top-level workflow.
   */
  readonly jobWorkflowRef?: string;
  /** `GITHUB_RUN_ID`. */
  readonly runId: string;
  /** `GITHUB_RUN_ATTEMPT`. */
  readonly runAttempt: string;
  /** `RUNNER_ENVIRONMENT`: `github-hosted` or `self-hosted`. */
  readonly runnerEnvironment: string;
}

export type BuildContextField = keyof BuildContext;

/** One thing wrong with a build context: the field and what is wrong with its value. */
export interface BuildContextProblem {
  readonly field: BuildContextField;
  readonly problem: string;
}

const SERVER_URL = /^https?:\/\/[^/\s?#@]+(?:\/[^\s?#@]*[^/\s?#@])?$/;
const REPOSITORY = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;
const NUMERIC_ID = /^[1-9][0-9]*$/;
const GIT_COMMIT = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;
const EVENT_NAME = /^[a-z_]+$/;
const RUNNER_ENVIRONMENTS = ['github-hosted', 'self-hosted'];

/**
 * Every problem of `context`, first field first; empty when the context makes a sound predicate. The
 * action uses the problems to name the runner variable to fix; `buildProvenance` refuses on the first.
 */
export function buildContextProblems(context: BuildContext): BuildContextProblem[] {
  const problems: BuildContextProblem[] = [];
  const check = (field: BuildContextField, ok: boolean, problem: string): void => {
    if (!ok) problems.push({ field, problem });
  };
  check(
    'serverUrl',
    SERVER_URL.test(context.serverUrl),
    'is not an http(s) URL without a trailing slash, query or credentials',
  );
  check('repository', REPOSITORY.test(context.repository), 'is not `owner/name`');
  check('repositoryId', NUMERIC_ID.test(context.repositoryId), 'is not a numeric id');
  check('repositoryOwnerId', NUMERIC_ID.test(context.repositoryOwnerId), 'is not a numeric id');
  check('eventName', EVENT_NAME.test(context.eventName), 'is not an event name such as `push`');
  check('ref', /^refs\/\S+$/.test(context.ref), 'is not a git ref (`refs/…`)');
  check('sha', GIT_COMMIT.test(context.sha), 'is not a git commit id (40 or 64 lowercase hex digits)');
  check(
    'workflowRef',
    splitWorkflowRef(context.workflowRef, context.repository) !== undefined,
    `is not \`${context.repository}/<path of a .yml or .yaml file>@<ref>\``,
  );
  if (context.jobWorkflowRef !== undefined) {
    check(
      'jobWorkflowRef',
      /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+\/\S+\.ya?ml@\S+$/.test(context.jobWorkflowRef),
      'is not `owner/name/<path of a .yml or .yaml file>@<ref>`',
    );
  }
  check('runId', NUMERIC_ID.test(context.runId), 'is not a numeric id');
  check('runAttempt', NUMERIC_ID.test(context.runAttempt), 'is not a positive whole number');
  check(
    'runnerEnvironment',
    RUNNER_ENVIRONMENTS.includes(context.runnerEnvironment),
    `is not one of ${RUNNER_ENVIRONMENTS.map((value) => `\`${value}\``).join(', ')}`,
  );
  return problems;
}

/**
 * `owner/name/.github/workflows/release.yml@refs/tags/v1@2` → the path and the ref. The path ends at
 * the first `.yml@` or `.yaml@` (workflow files have one of those extensions), so an `@` in the ref,
 * as in a changesets tag `refs/tags/@scope/pkg@1.0.0`, stays in the ref.
 */
export function splitWorkflowRef(
  workflowRef: string,
  repository: string,
): { readonly path: string; readonly ref: string } | undefined {
  const prefix = `${repository}/`;
  if (workflowRef.slice(0, prefix.length).toLowerCase() !== prefix.toLowerCase()) return undefined;
  const match = /^(\S+?\.ya?ml)@(\S+)$/.exec(workflowRef.slice(prefix.length));
  if (match === null) return undefined;
  const [, path, ref] = match;
  return path === undefined || ref === undefined ? undefined : { path, ref };
}
