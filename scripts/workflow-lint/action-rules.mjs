// The shape of sigil's action metadata (actions/<name>/action.yml): a name and a description; either a
// JavaScript action (`runs.using: node24`, `runs.main: ../../dist/<name>/index.js`; only the format is
// checked, lint runs before the build) or a composite action whose steps follow the workflow rules; a
// description on every input and output, and a `true`/`false` default on every boolean input.
import path from 'node:path';
import { stepProblems } from './workflow-rules.mjs';
import { entry, items, plain } from './yaml-source.mjs';

/** @typedef {import('./yaml-source.mjs').Problem} Problem */

function looksBoolean(spec) {
  const value = spec?.default;
  if (typeof value === 'boolean' || value === 'true' || value === 'false') return true;
  // A default of another word (`auto`) makes it an enumeration that merely mentions `true`/`false`.
  if (typeof value === 'string' && value.trim() !== '') return false;
  return /`(true|false)`/i.test(String(spec?.description ?? ''));
}

function described(spec) {
  return typeof spec?.description === 'string' && spec.description.trim() !== '';
}

/**
 * @param {string} file the action.yml path (its folder names the action)
 * @param {import('./yaml-source.mjs').YamlSource} source
 * @param {{ root: string }} options
 * @returns {Problem[]}
 */
export function actionProblems(file, source, { root }) {
  const name = path.basename(path.dirname(file));
  const action = plain(source.root) ?? {};
  const problems = [];
  for (const key of ['name', 'description']) {
    if (typeof action[key] !== 'string' || action[key].trim() === '') {
      problems.push({ message: `needs a \`${key}\`` });
    }
  }
  const using = action.runs?.using;
  if (using === 'composite') {
    const steps = entry(entry(source.root, 'runs'), 'steps');
    if (items(steps).length === 0) problems.push({ message: 'a composite action needs `runs.steps`' });
    problems.push(...stepProblems(steps, source, { root, foreignWorkspace: true, composite: true }));
  } else if (using === 'node24') {
    const main = `../../dist/${name}/index.js`;
    if (action.runs?.main !== main) problems.push({ message: `\`runs.main\` must be \`${main}\`` });
  } else {
    problems.push({ message: '`runs.using` must be `node24` (with `runs.main`) or `composite`' });
  }
  for (const [input, spec] of Object.entries(action.inputs ?? {})) {
    if (!described(spec)) problems.push({ message: `input \`${input}\` needs a description` });
    if (looksBoolean(spec) && !['true', 'false', true, false].includes(spec?.default)) {
      problems.push({
        message: `boolean input \`${input}\` needs \`default: 'true'\` or \`default: 'false'\``,
      });
    }
  }
  for (const [output, spec] of Object.entries(action.outputs ?? {})) {
    if (!described(spec)) problems.push({ message: `output \`${output}\` needs a description` });
  }
  return problems;
}
