// Lints the GitHub workflows (.github/workflows/*.yml), the workflow templates
// (action-templates/workflow-templates/*.yml and their .properties.json) and the action metadata
// (actions/*/action.yml) with actionlint, the official schema, sigil's own rules and zizmor (the pinned build
// that scripts/bootstrap.sh installs); the checks are in scripts/workflow-lint/.
// Usage: node scripts/lint-workflows.mjs [file…]   (default: every such file; exits 1 listing every problem)
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { lintFiles, lintTargets, repositoryRoot } from './workflow-lint/lint.mjs';

function shown(file) {
  const relative = path.relative(repositoryRoot, file);
  return relative.startsWith('..') || path.isAbsolute(relative) ? file : relative.split(path.sep).join('/');
}

const started = performance.now();
const files = process.argv.length > 2 ? process.argv.slice(2) : await lintTargets(repositoryRoot);
const problems = await lintFiles(files);
for (const { file, line, column, message } of problems) {
  const where = line === undefined ? '' : `:${line}${column === undefined ? '' : `:${column}`}`;
  console.error(`${shown(file)}${where}: ${message}`);
}
const seconds = ((performance.now() - started) / 1000).toFixed(1);
if (problems.length > 0) {
  console.error(`lint-workflows: ${problems.length} problem(s) in ${files.length} file(s) (${seconds}s)`);
  process.exitCode = 1;
} else {
  console.log(
    `lint-workflows: ${files.length} file(s) are clean: actionlint, schema, sigil's rules, zizmor (${seconds}s)`,
  );
}
