import { describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { pinReferences, pinnableFiles, unpinnedReferences } from '../../scripts/release/pin-sigil-refs.mjs';

// Cross-checks of every workflow, template and composite action against what it calls: each `with:` key
// exists, each required input is given, each output it reads exists, and a forwarded input keeps the called
// input's default. Then the release rewrite, applied to the real files, leaves no `./` and no unpinned sigil
// reference behind.

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SIGIL = 'sigil-dev/sigil';

type Spec = { default?: unknown; required?: boolean } | null;
interface ActionYml {
  inputs?: Record<string, Spec>;
  outputs?: Record<string, unknown>;
  runs: { using: string; steps?: StepYml[] };
}
interface StepYml {
  id?: string;
  uses?: string;
  with?: Record<string, unknown>;
  run?: string;
  env?: Record<string, unknown>;
  if?: unknown;
}
interface JobYml {
  uses?: string;
  with?: Record<string, unknown>;
  secrets?: unknown;
  needs?: string | string[];
  outputs?: Record<string, string>;
  steps?: StepYml[];
}
interface CallTrigger {
  inputs?: Record<string, Spec & { type?: string }>;
  secrets?: Record<string, Spec>;
  outputs?: Record<string, { value: string }>;
}
interface WorkflowYml {
  on: unknown;
  jobs: Record<string, JobYml>;
}

const read = <T>(file: string): T => parseYaml(readFileSync(file, 'utf8')) as T;
const files = (folder: string) =>
  existsSync(join(ROOT, folder))
    ? readdirSync(join(ROOT, folder))
        .filter((name) => /\.ya?ml$/.test(name))
        .map((name) => join(ROOT, folder, name))
    : [];
const workflows = [...files('.github/workflows'), ...files('action-templates/workflow-templates')];
const composites = readdirSync(join(ROOT, 'actions'))
  .map((name) => join(ROOT, 'actions', name, 'action.yml'))
  .filter((file) => existsSync(file) && read<ActionYml>(file).runs.using === 'composite');

function sigilAction(uses: string | undefined): ActionYml | undefined {
  const match = /^sigil-dev\/sigil\/actions\/([a-z0-9-]+)@/.exec(uses ?? '');
  if (match === null) return undefined;
  const file = join(ROOT, 'actions', match[1]!, 'action.yml');
  if (!existsSync(file)) throw new Error(`${uses}: actions/${match[1]} does not exist`);
  return read<ActionYml>(file);
}

function sigilWorkflow(uses: string | undefined): CallTrigger | undefined {
  const match = /^sigil-dev\/sigil\/(\.github\/workflows\/[^@]+)@/.exec(uses ?? '');
  if (match === null) return undefined;
  const file = join(ROOT, match[1]!);
  if (!existsSync(file)) throw new Error(`${uses}: ${match[1]} does not exist`);
  const on = read<WorkflowYml>(file).on as Record<string, CallTrigger | null>;
  return on['workflow_call'] ?? {};
}

/** `<context>.<id>.outputs.<name>` references in any string of `value`. */
function outputReferences(value: unknown, context: 'steps' | 'needs' | 'jobs'): [string, string][] {
  const text = JSON.stringify(value ?? '');
  const pattern = new RegExp(`${context}\\.([A-Za-z0-9_-]+)\\.outputs\\.([A-Za-z0-9_-]+)`, 'g');
  return [...text.matchAll(pattern)].map((match) => [match[1]!, match[2]!]);
}

/** The input a `with:` value forwards whole (`${{ inputs.x }}`), if it does. */
function forwardedInput(value: unknown): string | undefined {
  return /^\$\{\{\s*inputs\.([A-Za-z0-9_-]+)\s*\}\}$/.exec(String(value ?? '').trim())?.[1];
}

const asDefault = (value: unknown) => (value === undefined || value === null ? '' : String(value));

/** Problems of the steps of one job or composite action, whose own inputs are `own`. */
function stepProblems(where: string, steps: StepYml[], own: Record<string, Spec> | undefined): string[] {
  const problems: string[] = [];
  const byId = new Map(steps.filter((step) => step.id !== undefined).map((step) => [step.id!, step]));
  for (const step of steps) {
    const action = sigilAction(step.uses);
    if (action !== undefined) {
      const declared = action.inputs ?? {};
      for (const [key, value] of Object.entries(step.with ?? {})) {
        if (!Object.hasOwn(declared, key)) problems.push(`${where}: ${step.uses} has no input ${key}`);
        const forwarded = forwardedInput(value);
        const calledDefault = declared[key]?.default;
        if (forwarded !== undefined && own !== undefined && calledDefault !== undefined) {
          const ownDefault = own[forwarded]?.default;
          if (asDefault(ownDefault) !== asDefault(calledDefault))
            problems.push(
              `${where}: ${key} forwards inputs.${forwarded} (default ${JSON.stringify(ownDefault)}) but ${step.uses}'s default is ${JSON.stringify(calledDefault)}`,
            );
        }
      }
      for (const [key, spec] of Object.entries(declared)) {
        if (spec?.required === true && !Object.hasOwn(step.with ?? {}, key))
          problems.push(`${where}: ${step.uses} needs ${key}`);
      }
    }
    for (const [id, output] of outputReferences([step.with, step.env, step.run, step.if], 'steps')) {
      const producer = byId.get(id);
      if (producer === undefined) {
        problems.push(`${where}: steps.${id} does not exist`);
        continue;
      }
      const outputs = sigilAction(producer.uses)?.outputs;
      if (outputs !== undefined && !Object.hasOwn(outputs, output))
        problems.push(`${where}: steps.${id} (${producer.uses}) has no output ${output}`);
    }
  }
  return problems;
}

function workflowProblems(file: string): string[] {
  const where = relative(ROOT, file);
  const workflow = read<WorkflowYml>(file);
  const trigger =
    typeof workflow.on === 'object' && workflow.on !== null
      ? ((workflow.on as Record<string, CallTrigger | null>)['workflow_call'] ?? undefined)
      : undefined;
  const problems: string[] = [];
  for (const [id, job] of Object.entries(workflow.jobs)) {
    const jobWhere = `${where}: jobs.${id}`;
    problems.push(...stepProblems(jobWhere, job.steps ?? [], trigger?.inputs ?? undefined));
    const steps = new Map((job.steps ?? []).filter((s) => s.id).map((step) => [step.id!, step]));
    for (const [stepId, output] of outputReferences(job.outputs, 'steps')) {
      const outputs = sigilAction(steps.get(stepId)?.uses)?.outputs;
      if (!steps.has(stepId)) problems.push(`${jobWhere}.outputs: steps.${stepId} does not exist`);
      else if (outputs !== undefined && !Object.hasOwn(outputs, output))
        problems.push(`${jobWhere}.outputs: steps.${stepId} has no output ${output}`);
    }
    for (const [need, output] of outputReferences([job.with, job.steps, job.outputs], 'needs')) {
      const needed = workflow.jobs[need];
      const needs = typeof job.needs === 'string' ? [job.needs] : (job.needs ?? []);
      if (needed === undefined || !needs.includes(need)) {
        problems.push(`${jobWhere}: needs.${need} is not among its needs`);
        continue;
      }
      const called = sigilWorkflow(needed.uses);
      const available = called !== undefined ? called.outputs : needed.outputs;
      if (!Object.hasOwn(available ?? {}, output))
        problems.push(`${jobWhere}: needs.${need} has no output ${output}`);
    }
    const called = sigilWorkflow(job.uses);
    if (called === undefined) continue;
    for (const key of Object.keys(job.with ?? {})) {
      if (!Object.hasOwn(called.inputs ?? {}, key))
        problems.push(`${jobWhere}: ${job.uses} has no input ${key}`);
    }
    for (const [key, spec] of Object.entries(called.inputs ?? {})) {
      if (spec?.required === true && !Object.hasOwn(job.with ?? {}, key))
        problems.push(`${jobWhere}: ${job.uses} needs ${key}`);
    }
    if (job.secrets !== 'inherit') {
      for (const key of Object.keys((job.secrets as Record<string, unknown> | undefined) ?? {})) {
        if (!Object.hasOwn(called.secrets ?? {}, key))
          problems.push(`${jobWhere}: ${job.uses} has no secret ${key}`);
      }
    }
  }
  for (const [name, spec] of Object.entries(trigger?.outputs ?? {})) {
    for (const [jobId, output] of outputReferences(spec.value, 'jobs')) {
      if (!Object.hasOwn(workflow.jobs[jobId]?.outputs ?? {}, output))
        problems.push(`${where}: on.workflow_call.outputs.${name}: jobs.${jobId} has no output ${output}`);
    }
  }
  return problems;
}

describe('every workflow, template and composite action matches what it calls', () => {
  it('finds the reusable workflows, the templates and the composite action', () => {
    const names = workflows.map((file) => relative(ROOT, file));
    expect(names).toEqual(
      expect.arrayContaining(['.github/workflows/sign-and-attest.yml', '.github/workflows/verify-gate.yml']),
    );
    expect(composites.map((file) => relative(ROOT, file))).toEqual(['actions/sign-and-attest/action.yml']);
  });

  it.each(workflows.map((file) => [relative(ROOT, file), file]))('%s', (_name, file) => {
    expect(workflowProblems(file)).toEqual([]);
  });

  it.each(composites.map((file) => [relative(ROOT, file), file]))('%s', (_name, file) => {
    const action = read<ActionYml>(file);
    const where = relative(ROOT, file);
    const problems = stepProblems(where, action.runs.steps ?? [], action.inputs ?? {});
    const ids = new Set((action.runs.steps ?? []).map((step) => step.id));
    for (const [name, spec] of Object.entries(action.outputs ?? {})) {
      for (const [id] of outputReferences(spec, 'steps'))
        if (!ids.has(id)) problems.push(`${where}: outputs.${name} reads steps.${id}, which does not exist`);
    }
    expect(problems).toEqual([]);
  });

  it('the checks catch a planted mistake: an unknown input, a missing required input, a wrong default', () => {
    const planted = stepProblems(
      'planted',
      [
        {
          id: 'sign',
          uses: `${SIGIL}/actions/sign-image@main`,
          with: { image: 'x', tlog: '${{ inputs.tlog }}' },
        },
        { uses: `${SIGIL}/actions/verify-gate@main`, with: { images: '${{ steps.sign.outputs.digest }}' } },
        {
          uses: `${SIGIL}/actions/attest-sbom@main`,
          with: { images: 'x', replace: '${{ inputs.replace }}' },
        },
      ],
      { replace: { default: 'false' } },
    );
    expect(planted).toEqual([
      `planted: ${SIGIL}/actions/sign-image@main has no input image`,
      `planted: ${SIGIL}/actions/sign-image@main has no input tlog`,
      `planted: ${SIGIL}/actions/sign-image@main needs images`,
      `planted: steps.sign (${SIGIL}/actions/sign-image@main) has no output digest`,
      `planted: replace forwards inputs.replace (default "false") but ${SIGIL}/actions/attest-sbom@main's default is "true"`,
    ]);
  });
});

describe('the release rewrite', () => {
  const release = { repository: 'acme-forks/sigil', sha: 'a1b2c3d4'.repeat(5), version: 'v1.4.0' };

  it('pins every sigil reference of every workflow, template and composite action, and leaves no ./ behind', async () => {
    const pinnable = (await pinnableFiles()) as string[];
    expect(pinnable.map((file) => relative(ROOT, file))).toEqual(
      expect.arrayContaining([
        '.github/workflows/sign-and-attest.yml',
        '.github/workflows/verify-gate.yml',
        'actions/sign-and-attest/action.yml',
      ]),
    );
    let rewritten = 0;
    for (const file of pinnable) {
      const before = readFileSync(file, 'utf8');
      const after = pinReferences(before, release) as string;
      expect({ file: relative(ROOT, file), problems: unpinnedReferences(after, release.repository) }).toEqual(
        {
          file: relative(ROOT, file),
          problems: [],
        },
      );
      // Comments may show users how to call `@v1`; no line that is not a comment still names the source repository.
      expect(after.split('\n').filter((line) => !/^\s*#/.test(line) && line.includes(`${SIGIL}/`))).toEqual(
        [],
      );
      const pinned =
        after.match(new RegExp(`acme-forks/sigil/[^@\\s]+@${release.sha} # v1\\.4\\.0`, 'g')) ?? [];
      const references = before
        .split('\n')
        .filter((line) => /^\s*(-\s+)?uses:\s*sigil-dev\/sigil\//.test(line));
      expect(pinned.length).toBe(references.length);
      rewritten += pinned.length;
      // Only the references change.
      expect(after.split('\n').length).toBe(before.split('\n').length);
    }
    expect(rewritten).toBeGreaterThanOrEqual(12);
  });

  it('reports what is not pinned: a ./ reference and a sigil reference at a branch', () => {
    const text = [
      'steps:',
      '  - uses: ./actions/sign-image',
      `  - uses: ${SIGIL}/actions/verify-gate@main`,
      `  - uses: ${SIGIL}/actions/verify-gate@${release.sha} # v1.4.0`,
    ].join('\n');
    expect(unpinnedReferences(text, release.repository)).toEqual([
      { line: 2, message: "./actions/sign-image: ./ is the caller's repository" },
      { line: 3, message: `${SIGIL}/actions/verify-gate@main is not pinned to a full commit SHA` },
    ]);
  });

  it('refuses a short SHA or a version that is not vX.Y.Z', () => {
    expect(() => pinReferences('', { ...release, sha: 'a1b2c3d' })).toThrow(/full commit SHA/);
    expect(() => pinReferences('', { ...release, version: '1.4' })).toThrow(/vX\.Y\.Z/);
  });
});
