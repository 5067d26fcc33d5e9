// sigil's own rules for workflows, workflow templates and the steps of composite actions (what actionlint and
// the schema do not say): pinned references, least-privilege permissions, checkouts that do not leave the
// token in .git/config, no untrusted expressions in scripts, and a `shell:` on every composite `run:` step.
import { referenceProblem } from './references.mjs';
import { runExpressionProblems } from './run-expressions.mjs';
import { entries, entry, items, plain, scalar, trailingComment } from './yaml-source.mjs';

/** @typedef {import('./yaml-source.mjs').Problem} Problem */
/** @typedef {import('./yaml-source.mjs').YamlSource} YamlSource */
/** @typedef {{ root: string, foreignWorkspace: boolean, composite: boolean }} StepContext */

/**
 * @param {unknown} usesNode
 * @param {YamlSource} source
 * @param {{ root: string, foreignWorkspace: boolean, level: 'step' | 'job' }} context
 * @returns {Problem[]}
 */
function usesProblems(usesNode, source, context) {
  const target = scalar(usesNode);
  if (typeof target !== 'string') return [];
  const message = referenceProblem(target, trailingComment(source, usesNode), context);
  return message === undefined ? [] : [{ ...source.where(usesNode), message }];
}

/** True when a checkout step sets `persist-credentials: false`. */
function dropsCredentials(step) {
  const value = plain(entry(entry(step, 'with'), 'persist-credentials'));
  return value === false || value === 'false';
}

/**
 * The problems of a `steps:` sequence (a job's, or a composite action's `runs.steps`).
 * @param {unknown} stepsNode
 * @param {YamlSource} source
 * @param {StepContext} context
 * @returns {Problem[]}
 */
export function stepProblems(stepsNode, source, context) {
  const problems = [];
  for (const step of items(stepsNode)) {
    const usesNode = entry(step, 'uses');
    problems.push(...usesProblems(usesNode, source, { ...context, level: 'step' }));
    const uses = scalar(usesNode);
    if (typeof uses === 'string' && /^actions\/checkout@/i.test(uses) && !dropsCredentials(step)) {
      problems.push({
        ...source.where(usesNode),
        message:
          'actions/checkout must set `with: persist-credentials: false` (otherwise the token stays in .git/config for every later step)',
      });
    }
    const runNode = entry(step, 'run');
    if (runNode === undefined) continue;
    problems.push(...runExpressionProblems(runNode, source));
    if (context.composite && entry(step, 'shell') === undefined) {
      problems.push({
        ...source.where(runNode),
        message: 'a composite action `run:` step must declare `shell:`',
      });
    }
  }
  return problems;
}

/** `permissions:` that grant no write access: `{}`, `read-all`, or only `read` / `none` scopes. */
function readOnly(permissions) {
  if (permissions === 'read-all') return true;
  if (permissions === null || typeof permissions !== 'object' || Array.isArray(permissions)) return false;
  return Object.values(permissions).every((scope) => scope === 'read' || scope === 'none');
}

/** Whether the workflow can be called from another repository (`on: workflow_call`). */
function reusable(on) {
  if (typeof on === 'string') return on === 'workflow_call';
  if (Array.isArray(on)) return on.includes('workflow_call');
  return on !== null && typeof on === 'object' && 'workflow_call' in on;
}

/**
 * The problems of a workflow or workflow template.
 * @param {YamlSource} source
 * @param {{ root: string, template: boolean }} options
 * @returns {Problem[]}
 */
export function workflowProblems(source, { root, template }) {
  const workflow = source.root;
  if (workflow === null || plain(workflow) === null || typeof plain(workflow) !== 'object') {
    return [{ message: 'not a YAML mapping' }];
  }
  const problems = [];
  const permissionsNode = entry(workflow, 'permissions');
  if (permissionsNode === undefined) {
    problems.push({ message: 'declare top-level `permissions:` (least privilege, e.g. `contents: read`)' });
  }
  const topReadOnly = permissionsNode !== undefined && readOnly(plain(permissionsNode));
  const foreignWorkspace = template || reusable(plain(entry(workflow, 'on')));
  for (const { key, keyNode, value: job } of entries(entry(workflow, 'jobs'))) {
    if (permissionsNode !== undefined && !topReadOnly && entry(job, 'permissions') === undefined) {
      problems.push({
        ...source.where(keyNode),
        message: `job \`${key}\` needs its own \`permissions:\`: the top-level permissions grant write access (least privilege)`,
      });
    }
    problems.push(...usesProblems(entry(job, 'uses'), source, { root, foreignWorkspace, level: 'job' }));
    problems.push(...stepProblems(entry(job, 'steps'), source, { root, foreignWorkspace, composite: false }));
  }
  return problems;
}
