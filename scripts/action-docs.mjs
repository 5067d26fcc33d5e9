// Generates the inputs and outputs tables of each actions/<name>/README.md from its action.yml, between
// <!-- inputs:start --> / <!-- inputs:end --> and <!-- outputs:start --> / <!-- outputs:end -->.
// A README without markers gets both sections appended; a missing README is created.
// Usage: node scripts/action-docs.mjs [--check]   (--check changes nothing and exits 1 if a README is stale)
import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function escapeCell(text) {
  return text.replace(/\|/g, '\\|');
}

// YAML block descriptions: a single line break is a soft wrap; a blank line starts a new paragraph.
function flatten(text) {
  return String(text ?? '')
    .trim()
    .split(/\r?\n\s*\r?\n/)
    .map((paragraph) => paragraph.replace(/\s*\r?\n\s*/g, ' '))
    .join('<br><br>');
}

function code(text) {
  const longestRun = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text.replace(/\r?\n/g, ' ')}${pad}${fence}`;
}

function table(header, rows) {
  const line = (cells) => `| ${cells.map(escapeCell).join(' | ')} |`;
  return [line(header), `| ${header.map(() => '---').join(' | ')} |`, ...rows.map(line)].join('\n');
}

function inputsTable(action) {
  const entries = Object.entries(action.inputs ?? {});
  if (entries.length === 0) return '_This action has no inputs._';
  return table(
    ['Name', 'Required', 'Default', 'Description'],
    entries.map(([name, spec]) => [
      code(name),
      spec?.required === true ? 'yes' : 'no',
      spec?.default === undefined || spec?.default === null || spec?.default === ''
        ? ''
        : code(String(spec.default)),
      flatten(spec?.description),
    ]),
  );
}

function outputsTable(action) {
  const entries = Object.entries(action.outputs ?? {});
  if (entries.length === 0) return '_This action has no outputs._';
  return table(
    ['Name', 'Description'],
    entries.map(([name, spec]) => [code(name), flatten(spec?.description)]),
  );
}

/** `readme` with the generated sections in place (appended when the markers are missing). */
function renderReadme(readme, action, name) {
  let result = readme ?? `# ${action.name ?? name}\n\n${flatten(action.description)}\n`;
  for (const [section, title, body] of [
    ['inputs', 'Inputs', inputsTable(action)],
    ['outputs', 'Outputs', outputsTable(action)],
  ]) {
    const start = `<!-- ${section}:start -->`;
    const end = `<!-- ${section}:end -->`;
    const block = `${start}\n\n${body}\n\n${end}`;
    const from = result.indexOf(start);
    const to = result.indexOf(end);
    if (from === -1 && to === -1) {
      result = `${result.trimEnd()}\n\n## ${title}\n\n${block}\n`;
    } else if (from === -1 || to < from) {
      throw new Error(`${name}/README.md: ${start} and ${end} must both be present, in that order`);
    } else {
      result = result.slice(0, from) + block + result.slice(to + end.length);
    }
  }
  return result;
}

async function actions() {
  const entries = await readdir(path.join(root, 'actions'), { withFileTypes: true });
  return entries
    .filter(
      (entry) => entry.isDirectory() && existsSync(path.join(root, 'actions', entry.name, 'action.yml')),
    )
    .map((entry) => entry.name)
    .sort();
}

async function main() {
  const check = process.argv.includes('--check');
  const stale = [];
  for (const name of await actions()) {
    const action = parse(await readFile(path.join(root, 'actions', name, 'action.yml'), 'utf8'));
    const readmePath = path.join(root, 'actions', name, 'README.md');
    const current = existsSync(readmePath)
      ? (await readFile(readmePath, 'utf8')).replace(/\r\n/g, '\n')
      : undefined;
    const wanted = renderReadme(current, action, name);
    if (wanted === current) continue;
    const relative = path.relative(root, readmePath).split(path.sep).join('/');
    if (check) {
      stale.push(relative);
    } else {
      await writeFile(readmePath, wanted);
      console.log(`action-docs: updated ${relative}`);
    }
  }
  if (stale.length > 0) {
    for (const relative of stale) {
      console.error(
        `action-docs: ${relative} does not match its action.yml; run \`npm run docs\` and commit it`,
      );
    }
    process.exitCode = 1;
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
