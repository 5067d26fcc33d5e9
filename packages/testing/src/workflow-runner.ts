import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { appendFile, mkdir, mkdtemp, readFile, realpath, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { parseGithubOutputFile } from './github-output-file.js';
import { inputVariableName, runCollected, runnerArch, runnerOs } from './runner-harness.js';
import { parseWorkflowCommands } from './workflow-commands.js';
import {
  asInputString,
  evaluateCondition,
  evaluateValue,
  interpolate,
  type ExpressionContexts,
} from './workflow-expressions.js';
import { RESTRICTED_DEFAULT, exceeding, parsePermissions, type Permissions } from './workflow-permissions.js';

/**
 * Runs GitHub Actions workflows here the way the runner would, step by step: jobs in `needs` order, `if:`
 * conditions and every `${{ }}` evaluated by GitHub's own evaluator (`@actions/expressions`), `run:` steps
 * in bash, JavaScript actions from their `action.yml` (`runs.main`, `INPUT_*` with the declared defaults,
 * file commands), composite actions step by step with their own `inputs` and `github.action_path`, reusable
 * workflows (`jobs.<id>.uses`) with `with:`/`secrets:` checked against their `workflow_call` declaration and
 * their outputs flowing back, permissions as GitHub computes them (a nested job may not ask for more than its
 * caller's job has; the OIDC variables exist only in a job with `id-token: write`), and secrets masked in
 * every log line. What it cannot run is refused, not faked: an action from another repository needs a
 * stand-in the test names, `hashFiles` and matrices are not supported. Each job gets a fresh runner (home,
 * temp, tool cache, workspace).
 */

/**
 * A job's OIDC variables for `@actions/core`'s `getIDToken`, from the claims GitHub would put in that job's
 * token: the run's repository, ref, commit and event, the top-level workflow, and the job's own workflow (a
 * called reusable workflow's file at the ref it was called with).
 */
type OidcForJob = (claims: Readonly<Record<string, string>>) => {
  readonly ACTIONS_ID_TOKEN_REQUEST_URL: string;
  readonly ACTIONS_ID_TOKEN_REQUEST_TOKEN: string;
};

/** What a stand-in for another repository's action gets and gives back. */
interface StandInStep {
  readonly with: Readonly<Record<string, string>>;
  readonly workspace: string;
}
export type StandIn = (step: StandInStep) => Promise<Record<string, string>>;

export interface WorkflowRunOptions {
  /** This repository's checkout: `<repository>/actions/<name>@<ref>` and `.github/workflows/<file>@<ref>` resolve here. */
  readonly repositoryRoot: string;
  /** `OWNER/REPO` of this repository as callers name it. */
  readonly repository: string;
  /** The workflow file to run, relative to `caller.root` (a caller's own workflow) or absolute. */
  readonly workflow: string;
  /** The repository whose workflow runs, and the event. */
  readonly caller: {
    /** Its checked-out content (what `actions/checkout` would give; also where `./` actions resolve). */
    readonly root: string;
    readonly repository: string;
    readonly ref: string;
    readonly sha: string;
    readonly eventName: string;
    readonly event?: Readonly<Record<string, unknown>>;
  };
  /** `workflow_dispatch` / `workflow_call` inputs of the top-level workflow. */
  readonly inputs?: Readonly<Record<string, string | boolean | number>>;
  readonly secrets?: Readonly<Record<string, string>>;
  readonly vars?: Readonly<Record<string, string>>;
  /** Added to every step's environment (e.g. a `DOCKER_CONFIG`), under what the workflow sets. */
  readonly environment?: Readonly<Record<string, string>>;
  readonly oidc?: OidcForJob;
  /** Actions of other repositories by `owner/repo` (ref ignored), run in place of the real ones. */
  readonly standIns?: Readonly<Record<string, StandIn>>;
  /** Per step (default 120 s). */
  readonly stepTimeoutMs?: number;
}

type Conclusion = 'success' | 'failure' | 'skipped';

interface StepRun {
  readonly id: string | undefined;
  readonly name: string;
  readonly conclusion: Conclusion;
  readonly outputs: Record<string, string>;
  /** stdout and stderr, with every registered secret replaced by `***` as in the runner's log. */
  readonly log: string;
  readonly summary: string;
  readonly errors: string[];
  /** The steps of a composite action. */
  readonly steps?: StepRun[];
}

interface JobRun {
  readonly id: string;
  readonly conclusion: Conclusion;
  readonly outputs: Record<string, string>;
  readonly permissions: Permissions;
  readonly environment: string | undefined;
  readonly runsOn: unknown;
  readonly steps: StepRun[];
  /** The run of a called reusable workflow. */
  readonly called?: WorkflowRun;
  /** Why the job failed before any step ran (a refused call, a permission it may not have). */
  readonly error?: string;
}

export interface WorkflowRun {
  readonly file: string;
  readonly conclusion: 'success' | 'failure';
  readonly jobs: Record<string, JobRun>;
  /** `on.workflow_call.outputs` of a called workflow. */
  readonly outputs: Record<string, string>;
  /** Every log line of every step, masked. */
  readonly log: string;
}

interface Workflow {
  readonly on?: unknown;
  readonly permissions?: unknown;
  readonly env?: Record<string, unknown>;
  readonly jobs: Record<string, Job>;
}

interface Job {
  readonly name?: string;
  readonly needs?: string | string[];
  readonly if?: unknown;
  readonly permissions?: unknown;
  readonly environment?: unknown;
  readonly 'runs-on'?: unknown;
  readonly env?: Record<string, unknown>;
  readonly outputs?: Record<string, string>;
  readonly steps?: Step[];
  readonly uses?: string;
  readonly with?: Record<string, unknown>;
  readonly secrets?: 'inherit' | Record<string, unknown>;
  readonly strategy?: unknown;
  readonly 'continue-on-error'?: unknown;
}

interface Step {
  readonly id?: string;
  readonly name?: string;
  readonly if?: unknown;
  readonly uses?: string;
  readonly run?: string;
  readonly shell?: string;
  readonly with?: Record<string, unknown>;
  readonly env?: Record<string, unknown>;
  readonly 'working-directory'?: string;
  readonly 'continue-on-error'?: unknown;
}

interface ActionMetadata {
  readonly inputs?: Record<string, { default?: unknown; required?: boolean } | null>;
  readonly outputs?: Record<string, { value?: string } | null>;
  readonly runs: { using: string; main?: string; steps?: Step[] };
}

/** Where a workflow's file is, and the claims its jobs' tokens carry. */
interface WorkflowSource {
  readonly file: string;
  /** `OWNER/REPO/.github/workflows/<file>@<ref>`. */
  readonly jobWorkflowRef: string;
  readonly jobWorkflowSha: string;
  readonly ownRepository: boolean;
}

/** What one run shares: masks, the log, and the top-level event. */
class RunState {
  readonly masks = new Set<string>();
  readonly lines: string[] = [];
  githubToken = '';
  constructor(readonly options: WorkflowRunOptions) {}
  mask(text: string): string {
    let masked = text;
    for (const secret of [...this.masks].sort((a, b) => b.length - a.length)) {
      if (secret.length > 0) masked = masked.split(secret).join('***');
    }
    return masked;
  }
}

export async function runWorkflow(options: WorkflowRunOptions): Promise<WorkflowRun> {
  const state = new RunState(options);
  // Every run has a GITHUB_TOKEN (here one no service accepts), in `secrets` and as `github.token`, masked.
  const secrets = { GITHUB_TOKEN: `ghs_${randomBytes(18).toString('base64url')}`, ...options.secrets };
  for (const secret of Object.values(secrets)) if (secret !== '') state.masks.add(secret);
  state.githubToken = secrets.GITHUB_TOKEN;
  const file = path.isAbsolute(options.workflow)
    ? options.workflow
    : path.join(options.caller.root, options.workflow);
  const relative = path.relative(options.caller.root, file).split(path.sep).join('/');
  const source: WorkflowSource = {
    file,
    jobWorkflowRef: `${options.caller.repository}/${relative}@${options.caller.ref}`,
    jobWorkflowSha: options.caller.sha,
    ownRepository: false,
  };
  const workflowRef = source.jobWorkflowRef;
  return runWorkflowFile(state, source, {
    inputs: declaredInputs(await loadWorkflow(file), options.inputs ?? {}, 'workflow_dispatch', file),
    secrets,
    allowed: undefined,
    workflowRef,
  });
}

interface Invocation {
  readonly inputs: Record<string, unknown>;
  readonly secrets: Record<string, string>;
  /** The caller job's permissions (a top-level run: none to cap). */
  readonly allowed: Permissions | undefined;
  /** The top-level workflow's `workflow_ref`. */
  readonly workflowRef: string;
}

async function runWorkflowFile(
  state: RunState,
  source: WorkflowSource,
  call: Invocation,
): Promise<WorkflowRun> {
  const workflow = await loadWorkflow(source.file);
  const workflowPermissions = parsePermissions(
    workflow.permissions,
    call.allowed ?? RESTRICTED_DEFAULT,
    `${source.file}: permissions`,
  );
  const jobs: Record<string, JobRun> = {};
  const order = jobOrder(workflow.jobs, source.file);
  for (const id of order) {
    jobs[id] = await runJob(state, source, call, workflow, id, workflowPermissions, jobs);
  }
  const failed = Object.values(jobs).some((job) => job.conclusion === 'failure');
  const outputs: Record<string, string> = {};
  const declared = callTrigger(workflow)?.outputs ?? {};
  const jobsContext = Object.fromEntries(
    Object.entries(jobs).map(([id, job]) => [id, { result: job.conclusion, outputs: job.outputs }]),
  );
  for (const [name, spec] of Object.entries(declared)) {
    outputs[name] = asInputString(
      evaluateValue(spec?.value ?? '', { jobs: jobsContext, inputs: call.inputs }),
    );
  }
  return {
    file: source.file,
    conclusion: failed ? 'failure' : 'success',
    jobs,
    outputs,
    log: state.mask(state.lines.join('\n')),
  };
}

async function runJob(
  state: RunState,
  source: WorkflowSource,
  call: Invocation,
  workflow: Workflow,
  id: string,
  workflowPermissions: Permissions,
  done: Readonly<Record<string, JobRun>>,
): Promise<JobRun> {
  const job = workflow.jobs[id]!;
  const where = `${source.file}: jobs.${id}`;
  if (job.strategy !== undefined) throw new Error(`${where}: strategy/matrix is not supported here`);
  const needs = typeof job.needs === 'string' ? [job.needs] : (job.needs ?? []);
  const needsContext = Object.fromEntries(
    needs.map((need) => [need, { result: done[need]!.conclusion, outputs: done[need]!.outputs }]),
  );
  const permissions = parsePermissions(job.permissions, workflowPermissions, `${where}.permissions`);
  const base = {
    id,
    permissions,
    runsOn: job['runs-on'],
    steps: [] as StepRun[],
    outputs: {} as Record<string, string>,
  };
  const contexts: Record<string, unknown> = {
    github: githubContext(state, call.workflowRef, id),
    inputs: call.inputs,
    vars: { ...state.options.vars },
    needs: needsContext,
    secrets: call.secrets,
    env: {},
  };
  const environmentName =
    job.environment === undefined
      ? undefined
      : asInputString(
          evaluateValue(
            typeof job.environment === 'object' && job.environment !== null
              ? (job.environment as { name?: unknown }).name
              : job.environment,
            contexts,
          ),
        ) || undefined;
  // GitHub checks a nested job's permissions when it loads the called workflow, whether or not the job runs.
  if (call.allowed !== undefined) {
    const over = exceeding(permissions, call.allowed);
    if (over.length > 0) {
      const error = `The nested job '${id}' is requesting ${over.join('; ')}`;
      state.lines.push(`[${id}] ${error}`);
      return { ...base, conclusion: 'failure', environment: environmentName, error };
    }
  }
  const needsOk = needs.every((need) => done[need]!.conclusion === 'success');
  if (!evaluateCondition(job.if, contexts, { success: needsOk })) {
    state.lines.push(`[${id}] skipped`);
    return { ...base, conclusion: 'skipped', environment: environmentName };
  }
  if (job.uses !== undefined)
    return callWorkflow(state, source, call, job, id, contexts, base, environmentName);

  const runner = await freshRunner(id, state.options.caller.event ?? {});
  try {
    const oidc =
      permissions['id-token'] === 'write' && state.options.oidc !== undefined
        ? state.options.oidc(jobClaims(state.options, source, call.workflowRef))
        : undefined;
    if (oidc !== undefined) state.masks.add(oidc.ACTIONS_ID_TOKEN_REQUEST_TOKEN);
    const jobEnvironment: Record<string, string> = {};
    const runContexts = { ...contexts, runner: runner.context, job: { status: 'success' } };
    for (const [name, value] of Object.entries({ ...workflow.env, ...job.env })) {
      jobEnvironment[name] = asInputString(evaluateValue(value, { ...runContexts, env: jobEnvironment }));
    }
    const execution: JobExecution = {
      state,
      runner,
      source,
      env: jobEnvironment,
      path: [],
      oidc,
      jobId: id,
      workflowRef: call.workflowRef,
    };
    const { steps, success, stepsContext } = await runSteps(execution, job.steps ?? [], {
      where: (index) => `${where}.steps[${index}]`,
      contexts: (stepsSoFar) => ({ ...runContexts, steps: stepsSoFar, env: { ...jobEnvironment } }),
      actionPath: undefined,
      inherited: {},
    });
    const outputs: Record<string, string> = {};
    for (const [name, value] of Object.entries(job.outputs ?? {})) {
      outputs[name] = asInputString(evaluateValue(value, { ...runContexts, steps: stepsContext }));
    }
    return {
      ...base,
      steps,
      outputs,
      conclusion: success ? 'success' : 'failure',
      environment: environmentName,
    };
  } finally {
    await rm(runner.scratch, { recursive: true, force: true });
  }
}

async function callWorkflow(
  state: RunState,
  source: WorkflowSource,
  call: Invocation,
  job: Job,
  id: string,
  contexts: Record<string, unknown>,
  base: Omit<JobRun, 'conclusion' | 'environment'>,
  environmentName: string | undefined,
): Promise<JobRun> {
  const target = resolveWorkflowReference(state.options, source, job.uses!);
  const called = await loadWorkflow(target.file);
  const trigger = callTrigger(called);
  const where = `${source.file}: jobs.${id}.uses ${job.uses}`;
  if (trigger === undefined) throw new Error(`${where}: the called workflow has no on.workflow_call`);
  const given = Object.fromEntries(
    Object.entries(job.with ?? {}).map(([name, value]) => [name, evaluateValue(value, contexts)]),
  );
  const inputs = declaredInputs(
    called,
    given as Record<string, string | boolean | number>,
    'workflow_call',
    where,
  );
  const secrets: Record<string, string> = {};
  if (job.secrets === 'inherit') Object.assign(secrets, call.secrets);
  else {
    for (const [name, value] of Object.entries(job.secrets ?? {})) {
      if (!Object.hasOwn(trigger.secrets ?? {}, name))
        throw new Error(`${where}: the called workflow declares no secret ${name}`);
      secrets[name] = asInputString(evaluateValue(value, contexts));
    }
    for (const [name, spec] of Object.entries(trigger.secrets ?? {})) {
      if (spec?.required === true && (secrets[name] ?? '') === '')
        throw new Error(`${where}: required secret ${name} is not given`);
    }
  }
  const run = await runWorkflowFile(state, target, {
    inputs,
    secrets,
    allowed: base.permissions,
    workflowRef: call.workflowRef,
  });
  return {
    ...base,
    conclusion: run.conclusion,
    outputs: run.outputs,
    environment: environmentName,
    called: run,
  };
}

interface FreshRunner {
  readonly scratch: string;
  readonly workspace: string;
  readonly temp: string;
  readonly toolCache: string;
  readonly home: string;
  readonly commands: string;
  readonly eventPath: string;
  readonly context: Record<string, string>;
}

async function freshRunner(jobId: string, event: unknown): Promise<FreshRunner> {
  const scratch = await realpath(await mkdtemp(path.join(os.tmpdir(), `sigil-job-${jobId}-`)));
  const folders = {
    workspace: path.join(scratch, 'workspace'),
    temp: path.join(scratch, 'temp'),
    toolCache: path.join(scratch, 'tool-cache'),
    home: path.join(scratch, 'home'),
    commands: path.join(scratch, 'file-commands'),
  };
  await Promise.all(Object.values(folders).map((folder) => mkdir(folder, { recursive: true })));
  const eventPath = path.join(folders.commands, 'event.json');
  await writeFile(eventPath, JSON.stringify(event));
  return {
    scratch,
    ...folders,
    eventPath,
    context: {
      os: runnerOs(),
      arch: runnerArch(),
      temp: folders.temp,
      tool_cache: folders.toolCache,
      environment: 'github-hosted',
    },
  };
}

interface JobExecution {
  readonly state: RunState;
  readonly runner: FreshRunner;
  readonly source: WorkflowSource;
  /** The job's environment, grown by `GITHUB_ENV`. */
  readonly env: Record<string, string>;
  /** Folders added by `GITHUB_PATH`, newest first. */
  readonly path: string[];
  readonly oidc: { ACTIONS_ID_TOKEN_REQUEST_URL: string; ACTIONS_ID_TOKEN_REQUEST_TOKEN: string } | undefined;
  readonly jobId: string;
  readonly workflowRef: string;
}

async function runStep(
  execution: JobExecution,
  step: Step,
  where: string,
  contexts: Record<string, unknown>,
  success: boolean,
  actionPath: string | undefined,
  inherited: Readonly<Record<string, string>> = {},
): Promise<StepRun> {
  const name = step.name ?? step.id ?? step.uses ?? (step.run ?? '').split('\n')[0] ?? where;
  const skipped: StepRun = {
    id: step.id,
    name,
    conclusion: 'skipped',
    outputs: {},
    log: '',
    summary: '',
    errors: [],
  };
  if (!evaluateCondition(step.if, contexts, { success })) return skipped;
  // A composite action's steps run with the `env:` of the step that uses it under their own.
  const stepEnvironment: Record<string, string> = { ...inherited };
  for (const [variable, value] of Object.entries(step.env ?? {})) {
    stepEnvironment[variable] = asInputString(evaluateValue(value, contexts));
  }
  const withValues: Record<string, string> = {};
  for (const [input, value] of Object.entries(step.with ?? {})) {
    withValues[input] = asInputString(evaluateValue(value, contexts));
  }
  if (step.run !== undefined) {
    const script = interpolate(step.run, contexts);
    const shell = step.shell ?? 'bash';
    if (shell !== 'bash') throw new Error(`${where}: only shell bash runs here, not ${shell}`);
    return runProcess(
      execution,
      step,
      name,
      ['bash', '--noprofile', '--norc', '-eo', 'pipefail'],
      script,
      {
        ...stepEnvironment,
        ...(actionPath === undefined ? {} : { GITHUB_ACTION_PATH: actionPath }),
      },
      step['working-directory'],
    );
  }
  if (step.uses === undefined) throw new Error(`${where}: a step needs run or uses`);
  const action = resolveActionReference(
    execution.state.options,
    execution.source,
    step.uses,
    execution.runner.workspace,
    actionPath,
  );
  if ('standIn' in action) {
    const outputs = await action.standIn({ with: withValues, workspace: execution.runner.workspace });
    return { ...skipped, conclusion: 'success', outputs };
  }
  const metadata = parseYaml(
    await readFile(path.join(action.directory, 'action.yml'), 'utf8'),
  ) as ActionMetadata;
  const inputs = actionInputs(metadata, withValues, `${where} (${step.uses})`, contexts);
  if (metadata.runs.using === 'composite') {
    return runComposite(execution, step, name, action.directory, metadata, inputs, contexts, stepEnvironment);
  }
  if (!/^node\d+$/.test(metadata.runs.using))
    throw new Error(`${where}: ${metadata.runs.using} actions do not run here`);
  const main = path.resolve(action.directory, metadata.runs.main ?? '');
  if (!existsSync(main)) throw new Error(`${where}: ${main} is missing: run npm run build`);
  const inputEnvironment = Object.fromEntries(
    Object.entries(inputs).map(([input, value]) => [inputVariableName(input), value]),
  );
  return runProcess(execution, step, name, [process.execPath, main], undefined, {
    ...stepEnvironment,
    ...inputEnvironment,
    GITHUB_ACTION_PATH: action.directory,
  });
}

/**
 * Runs steps in order as the runner does: a step whose `if:` fails (default `success()`) is skipped; a failed
 * step fails what follows unless it has `continue-on-error` (its outcome is `failure`, its conclusion
 * `success`); `steps.<id>` grows as they run.
 */
async function runSteps(
  execution: JobExecution,
  steps: readonly Step[],
  how: {
    readonly where: (index: number) => string;
    readonly contexts: (stepsSoFar: Record<string, unknown>) => Record<string, unknown>;
    readonly actionPath: string | undefined;
    readonly inherited: Readonly<Record<string, string>>;
  },
): Promise<{ steps: StepRun[]; success: boolean; stepsContext: Record<string, unknown> }> {
  const runs: StepRun[] = [];
  const stepsContext: Record<string, unknown> = {};
  let success = true;
  for (const [index, step] of steps.entries()) {
    const result = await runStep(
      execution,
      step,
      how.where(index),
      how.contexts(stepsContext),
      success,
      how.actionPath,
      how.inherited,
    );
    runs.push(result);
    const continues = truthy(step['continue-on-error']);
    const conclusion = result.conclusion === 'failure' && continues ? 'success' : result.conclusion;
    if (step.id !== undefined)
      stepsContext[step.id] = { outputs: result.outputs, outcome: result.conclusion, conclusion };
    if (conclusion === 'failure') success = false;
  }
  return { steps: runs, success, stepsContext };
}

async function runComposite(
  execution: JobExecution,
  step: Step,
  name: string,
  directory: string,
  metadata: ActionMetadata,
  inputs: Record<string, string>,
  outer: Record<string, unknown>,
  stepEnvironment: Record<string, string>,
): Promise<StepRun> {
  const github = { ...(outer['github'] as Record<string, unknown>), action_path: directory };
  const steps = metadata.runs.steps ?? [];
  const unshelled = steps.findIndex(
    (innerStep) => innerStep.run !== undefined && innerStep.shell === undefined,
  );
  if (unshelled !== -1) throw new Error(`${directory}/action.yml: runs.steps[${unshelled}] needs a shell`);
  const {
    steps: inner,
    success,
    stepsContext,
  } = await runSteps(execution, steps, {
    where: (index) => `${directory}/action.yml: runs.steps[${index}]`,
    contexts: (stepsSoFar) => ({
      ...outer,
      github,
      inputs,
      steps: stepsSoFar,
      env: { ...(outer['env'] as Record<string, string>), ...stepEnvironment },
    }),
    actionPath: directory,
    inherited: stepEnvironment,
  });
  const outputs: Record<string, string> = {};
  for (const [output, spec] of Object.entries(metadata.outputs ?? {})) {
    outputs[output] = asInputString(
      evaluateValue(spec?.value ?? '', { ...outer, github, inputs, steps: stepsContext }),
    );
  }
  return {
    id: step.id,
    name,
    conclusion: success ? 'success' : 'failure',
    outputs,
    log: inner.map((run) => run.log).join('\n'),
    summary: inner.map((run) => run.summary).join(''),
    errors: inner.flatMap((run) => run.errors),
    steps: inner,
  };
}

async function runProcess(
  execution: JobExecution,
  step: Step,
  name: string,
  command: string[],
  script: string | undefined,
  stepEnvironment: Record<string, string>,
  workingDirectory?: string,
): Promise<StepRun> {
  const { runner, state } = execution;
  const files = {
    GITHUB_OUTPUT: path.join(runner.commands, `output-${Math.random().toString(36).slice(2)}`),
    GITHUB_ENV: path.join(runner.commands, `env-${Math.random().toString(36).slice(2)}`),
    GITHUB_PATH: path.join(runner.commands, `path-${Math.random().toString(36).slice(2)}`),
    GITHUB_STEP_SUMMARY: path.join(runner.commands, `summary-${Math.random().toString(36).slice(2)}`),
    GITHUB_STATE: path.join(runner.commands, `state-${Math.random().toString(36).slice(2)}`),
  };
  await Promise.all(Object.values(files).map((file) => writeFile(file, '')));
  const args = [...command];
  if (script !== undefined) {
    const scriptFile = path.join(runner.temp, `step-${Math.random().toString(36).slice(2)}.sh`);
    await writeFile(scriptFile, script);
    args.push(scriptFile);
  }
  const { options } = state;
  const env: Record<string, string> = {
    PATH: [...execution.path, process.env.PATH ?? ''].join(path.delimiter),
    LANG: process.env.LANG ?? 'C.UTF-8',
    ...(process.env.TMPDIR === undefined ? {} : { TMPDIR: process.env.TMPDIR }),
    ...options.environment,
    HOME: runner.home,
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: runner.workspace,
    GITHUB_REPOSITORY: options.caller.repository,
    GITHUB_REPOSITORY_OWNER: options.caller.repository.split('/')[0]!,
    // The ids GitHub's OIDC claims carry too (the loopback issuer's defaults).
    GITHUB_REPOSITORY_ID: '101',
    GITHUB_REPOSITORY_OWNER_ID: '100',
    GITHUB_WORKFLOW_SHA: options.caller.sha,
    GITHUB_EVENT_PATH: runner.eventPath,
    GITHUB_REF: options.caller.ref,
    GITHUB_SHA: options.caller.sha,
    GITHUB_EVENT_NAME: options.caller.eventName,
    GITHUB_WORKFLOW_REF: execution.workflowRef,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: 'https://api.github.com',
    GITHUB_RUN_ID: '4242',
    GITHUB_RUN_NUMBER: '7',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_JOB: execution.jobId,
    GITHUB_ACTOR: 'octocat',
    RUNNER_OS: runner.context['os']!,
    RUNNER_ARCH: runner.context['arch']!,
    RUNNER_TEMP: runner.temp,
    RUNNER_TOOL_CACHE: runner.toolCache,
    RUNNER_ENVIRONMENT: 'github-hosted',
    ...(execution.oidc ?? {}),
    ...execution.env,
    ...stepEnvironment,
    ...files,
  };
  const cwd =
    workingDirectory === undefined ? runner.workspace : path.resolve(runner.workspace, workingDirectory);
  const result = await runCollected(args[0]!, args.slice(1), cwd, env, options.stepTimeoutMs ?? 120_000);
  const commands = parseWorkflowCommands(result.stdout);
  for (const secret of commands.masks) state.masks.add(secret);
  const log = state.mask(`${result.stdout}${result.stderr}`);
  state.lines.push(...log.split('\n').map((line) => `[${execution.jobId}] ${name} | ${line}`));
  const outputs = parseGithubOutputFile(await readFile(files.GITHUB_OUTPUT, 'utf8'));
  Object.assign(execution.env, parseGithubOutputFile(await readFile(files.GITHUB_ENV, 'utf8')));
  const added = (await readFile(files.GITHUB_PATH, 'utf8')).split('\n').filter((line) => line.trim() !== '');
  execution.path.unshift(...added.reverse());
  const summary = await readFile(files.GITHUB_STEP_SUMMARY, 'utf8');
  await appendFile(path.join(runner.commands, 'job-summary.md'), summary);
  return {
    id: step.id,
    name,
    conclusion: result.exitCode === 0 ? 'success' : 'failure',
    outputs,
    log,
    summary: state.mask(summary),
    errors: commands.annotations
      .filter(({ level }) => level === 'error')
      .map(({ message }) => state.mask(message)),
  };
}

/** The `INPUT_*` values of an action: `with:` checked against its declaration, defaults (evaluated) for the rest. */
function actionInputs(
  metadata: ActionMetadata,
  given: Record<string, string>,
  where: string,
  contexts: ExpressionContexts,
): Record<string, string> {
  const declared = metadata.inputs ?? {};
  for (const input of Object.keys(given)) {
    if (!Object.hasOwn(declared, input)) throw new Error(`${where}: the action has no input ${input}`);
  }
  const inputs: Record<string, string> = {};
  for (const [input, spec] of Object.entries(declared)) {
    if (Object.hasOwn(given, input)) inputs[input] = given[input]!;
    else if (spec?.default !== undefined && spec.default !== null)
      inputs[input] = asInputString(evaluateValue(spec.default, contexts));
    else if (spec?.required === true) throw new Error(`${where}: required input ${input} is not given`);
  }
  return inputs;
}

/** A workflow's inputs as its jobs see them: declared, typed, defaulted; unknown or missing required refused. */
function declaredInputs(
  workflow: Workflow,
  given: Readonly<Record<string, unknown>>,
  trigger: 'workflow_call' | 'workflow_dispatch',
  where: string,
): Record<string, unknown> {
  const on = workflow.on as Record<string, { inputs?: Record<string, InputSpec | null> } | null> | undefined;
  const declared = (on !== null && typeof on === 'object' ? on[trigger]?.inputs : undefined) ?? {};
  for (const name of Object.keys(given)) {
    if (!Object.hasOwn(declared, name)) throw new Error(`${where}: no ${trigger} input ${name}`);
  }
  const inputs: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(declared)) {
    const value = Object.hasOwn(given, name) ? given[name] : spec?.default;
    if (value === undefined) {
      if (spec?.required === true) throw new Error(`${where}: required input ${name} is not given`);
      inputs[name] = spec?.type === 'boolean' ? false : spec?.type === 'number' ? 0 : '';
      continue;
    }
    inputs[name] = typedInput(value, spec?.type ?? 'string', `${where}: input ${name}`);
  }
  return inputs;
}

interface InputSpec {
  readonly type?: 'string' | 'boolean' | 'number' | 'choice' | 'environment';
  readonly required?: boolean;
  readonly default?: unknown;
}

function typedInput(value: unknown, type: string, where: string): unknown {
  if (type === 'boolean') {
    if (typeof value === 'boolean') return value;
    if (value === 'true' || value === 'false') return value === 'true';
    throw new Error(`${where} must be a boolean, got ${JSON.stringify(value)}`);
  }
  if (type === 'number') {
    const number = typeof value === 'number' ? value : Number(value);
    if (!Number.isFinite(number)) throw new Error(`${where} must be a number, got ${JSON.stringify(value)}`);
    return number;
  }
  if (typeof value === 'object') throw new Error(`${where} must be a string`);
  return String(value);
}

function callTrigger(workflow: Workflow):
  | {
      inputs?: Record<string, InputSpec | null>;
      secrets?: Record<string, { required?: boolean } | null>;
      outputs?: Record<string, { value?: string } | null>;
    }
  | undefined {
  const on = workflow.on;
  if (on === 'workflow_call') return {};
  if (Array.isArray(on)) return on.includes('workflow_call') ? {} : undefined;
  if (on !== null && typeof on === 'object' && 'workflow_call' in on)
    return ((on as Record<string, unknown>)['workflow_call'] ?? {}) as ReturnType<typeof callTrigger>;
  return undefined;
}

const FULL_SHA = /^[0-9a-f]{40}$/;

function fullRef(ref: string): string {
  if (FULL_SHA.test(ref) || ref.startsWith('refs/')) return ref;
  return /^v\d/.test(ref) ? `refs/tags/${ref}` : `refs/heads/${ref}`;
}

/** `<repository>/.github/workflows/<file>@<ref>` of this repository, or `./.github/workflows/<file>` of the caller's. */
function resolveWorkflowReference(
  options: WorkflowRunOptions,
  from: WorkflowSource,
  uses: string,
): WorkflowSource {
  if (uses.startsWith('./')) {
    // `./` is the caller's repository at the caller's commit, whoever's workflow names it.
    const relative = uses.slice(2);
    return {
      file: path.join(options.caller.root, relative),
      jobWorkflowRef: `${options.caller.repository}/${relative}@${options.caller.ref}`,
      jobWorkflowSha: options.caller.sha,
      ownRepository: false,
    };
  }
  const match = /^([^/]+\/[^/]+)\/(\.github\/workflows\/[^@]+\.ya?ml)@(.+)$/.exec(uses);
  if (match === null) throw new Error(`${from.file}: ${uses} is not OWNER/REPO/.github/workflows/FILE@REF`);
  const [, repository, relative, ref] = match as unknown as [string, string, string, string];
  if (repository !== options.repository)
    throw new Error(`${from.file}: ${uses} is not in ${options.repository}`);
  return {
    file: path.join(options.repositoryRoot, relative),
    jobWorkflowRef: `${repository}/${relative}@${fullRef(ref)}`,
    jobWorkflowSha: FULL_SHA.test(ref) ? ref : 'f'.repeat(40),
    ownRepository: true,
  };
}

function resolveActionReference(
  options: WorkflowRunOptions,
  from: WorkflowSource,
  uses: string,
  workspace: string,
  actionPath: string | undefined,
): { directory: string } | { standIn: StandIn } {
  if (uses.startsWith('./')) {
    // In a called workflow of another repository, `./` would still be the caller's workspace: this
    // repository's workflows must never use it, and doing so here runs whatever the caller has there.
    if (from.ownRepository || actionPath !== undefined)
      throw new Error(
        `${from.file}: ${uses}: a called workflow or action cannot use ./ (that is the caller's repository)`,
      );
    return { directory: path.join(workspace, uses.slice(2)) };
  }
  if (uses.startsWith('docker://')) throw new Error(`${from.file}: ${uses}: docker actions do not run here`);
  const own = new RegExp(`^${options.repository.replace('/', '\\/')}/(actions/[a-z0-9-]+)@(.+)$`).exec(uses);
  if (own !== null) return { directory: path.join(options.repositoryRoot, own[1]!) };
  const repository = /^([^/@]+\/[^/@]+)/.exec(uses)?.[1] ?? uses;
  const standIn = options.standIns?.[repository];
  if (standIn === undefined)
    throw new Error(`${from.file}: ${uses} is another repository's action and has no stand-in`);
  return { standIn };
}

function jobClaims(
  options: WorkflowRunOptions,
  source: WorkflowSource,
  workflowRef: string,
): Record<string, string> {
  const { caller } = options;
  const owner = caller.repository.split('/')[0]!;
  return {
    sub: `repo:${caller.repository}:ref:${caller.ref}`,
    repository: caller.repository,
    repository_owner: owner,
    ref: caller.ref,
    ref_type: caller.ref.startsWith('refs/tags/') ? 'tag' : 'branch',
    sha: caller.sha,
    event_name: caller.eventName,
    workflow_ref: workflowRef,
    workflow_sha: caller.sha,
    job_workflow_ref: source.jobWorkflowRef,
    job_workflow_sha: source.jobWorkflowSha,
    runner_environment: 'github-hosted',
  };
}

function githubContext(state: RunState, workflowRef: string, job: string): Record<string, unknown> {
  const { caller } = state.options;
  return {
    repository: caller.repository,
    repository_owner: caller.repository.split('/')[0],
    ref: caller.ref,
    ref_name: caller.ref.replace(/^refs\/(heads|tags)\//, ''),
    sha: caller.sha,
    event_name: caller.eventName,
    event: caller.event ?? {},
    workflow_ref: workflowRef,
    server_url: 'https://github.com',
    api_url: 'https://api.github.com',
    run_id: '4242',
    run_number: '7',
    run_attempt: '1',
    actor: 'octocat',
    job,
    token: state.githubToken,
  };
}

async function loadWorkflow(file: string): Promise<Workflow> {
  const document = parseYaml(await readFile(file, 'utf8')) as Workflow | null;
  if (document === null || typeof document !== 'object' || typeof document.jobs !== 'object')
    throw new Error(`${file}: not a workflow (no jobs)`);
  return document;
}

function jobOrder(jobs: Record<string, Job>, file: string): string[] {
  const order: string[] = [];
  const visiting = new Set<string>();
  const visit = (id: string) => {
    if (order.includes(id)) return;
    if (visiting.has(id)) throw new Error(`${file}: jobs need each other (${id})`);
    const job = jobs[id];
    if (job === undefined) throw new Error(`${file}: a job needs ${id}, which does not exist`);
    visiting.add(id);
    for (const need of typeof job.needs === 'string' ? [job.needs] : (job.needs ?? [])) visit(need);
    visiting.delete(id);
    order.push(id);
  };
  for (const id of Object.keys(jobs)) visit(id);
  return order;
}

function truthy(value: unknown): boolean {
  return value === true || value === 'true';
}
