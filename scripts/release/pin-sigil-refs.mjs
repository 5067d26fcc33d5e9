// Rewrites sigil's references to its own actions and reusable workflows (`sigil-dev/sigil/actions/<name>@main`,
// `sigil-dev/sigil/.github/workflows/<file>@main`) in the reusable workflows, the composite actions and the
// workflow templates to one release commit: `<repository>/…@<40-hex sha> # <version>`. A called workflow or a
// composite action cannot use `./` (that is the caller's repository), so this is how they run the actions of
// their own release. The release workflow commits the result on top of the build commit `sha` and tags that.
// Usage: node scripts/release/pin-sigil-refs.mjs --repository OWNER/REPO --sha <40 hex> --version vX.Y.Z [--check]
//   --check: rewrite nothing; exit 1 listing every sigil reference that is not pinned to a full SHA.
import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SOURCE_REPOSITORY = 'sigil-dev/sigil';
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Every file other repositories run that may name sigil's own actions or workflows by a remote reference. */
export async function pinnableFiles(base = root) {
  const files = [];
  const add = async (folder, test) => {
    const full = path.join(base, folder);
    if (!existsSync(full)) return;
    for (const entry of await readdir(full, { withFileTypes: true, recursive: true })) {
      if (entry.isFile() && test(entry.name)) files.push(path.join(entry.parentPath, entry.name));
    }
  };
  // Reusable workflows only: they run in other repositories; sigil's own CI and release run here and may use `./`.
  const reusable = [];
  await add('.github/workflows', (name) => /\.ya?ml$/.test(name));
  for (const file of files.splice(0)) {
    if (/^\s*workflow_call:/m.test(await readFile(file, 'utf8'))) reusable.push(file);
  }
  files.push(...reusable);
  await add('actions', (name) => name === 'action.yml' || name === 'action.yaml');
  await add('action-templates', (name) => /\.ya?ml$/.test(name));
  return files.sort();
}

const REFERENCE =
  /^(\s*(?:-\s+)?uses:\s*)(['"]?)([A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+)\/((?:actions\/[a-z0-9-]+)|(?:\.github\/workflows\/[A-Za-z0-9_.-]+\.ya?ml))@([^\s'"#]+)\2(\s*#.*)?$/;

/** `text` with every `sigil-dev/sigil/…@<ref>` rewritten to `<repository>/…@<sha> # <version>`. */
export function pinReferences(text, { repository, sha, version }) {
  if (!/^[0-9a-f]{40}$/.test(sha)) throw new Error(`--sha must be a full commit SHA (40 hex), got ${sha}`);
  if (!/^v\d+\.\d+\.\d+$/.test(version)) throw new Error(`--version must be vX.Y.Z, got ${version}`);
  if (!/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(repository))
    throw new Error(`--repository must be OWNER/REPO, got ${repository}`);
  return text
    .split('\n')
    .map((line) => {
      const match = REFERENCE.exec(line);
      // Other mentions (a template's `signer-workflow: sigil-dev/sigil/.github/workflows/…`) name the release's
      // repository too; comments keep showing the public name.
      if (match === null)
        return /^\s*#/.test(line) ? line : line.replaceAll(`${SOURCE_REPOSITORY}/`, `${repository}/`);
      if (match[3] !== SOURCE_REPOSITORY && match[3] !== repository) return line;
      const [, prefix, quote, , target] = match;
      return `${prefix}${quote}${repository}/${target}@${sha}${quote} # ${version}`;
    })
    .join('\n');
}

/** Problems: `./` references and sigil references not pinned to a full SHA (after a rewrite: none). */
export function unpinnedReferences(text, repository) {
  const problems = [];
  text.split('\n').forEach((line, index) => {
    const uses = /^\s*(?:-\s+)?uses:\s*['"]?([^\s'"#]+)/.exec(line)?.[1];
    if (uses === undefined) return;
    if (uses.startsWith('./'))
      problems.push({ line: index + 1, message: `${uses}: ./ is the caller's repository` });
    const match = REFERENCE.exec(line);
    if (match === null) return;
    if ((match[3] === SOURCE_REPOSITORY || match[3] === repository) && !/^[0-9a-f]{40}$/.test(match[5]))
      problems.push({ line: index + 1, message: `${uses} is not pinned to a full commit SHA` });
  });
  return problems;
}

async function main(argv) {
  const options = {};
  for (let index = 0; index < argv.length; index++) {
    const flag = argv[index];
    if (flag === '--check') options.check = true;
    else if (['--repository', '--sha', '--version'].includes(flag)) options[flag.slice(2)] = argv[++index];
    else throw new Error(`unknown argument ${flag}`);
  }
  const repository = options.repository ?? process.env.GITHUB_REPOSITORY ?? SOURCE_REPOSITORY;
  const files = await pinnableFiles();
  if (options.check) {
    let failed = false;
    for (const file of files) {
      for (const problem of unpinnedReferences(await readFile(file, 'utf8'), repository)) {
        failed = true;
        console.error(`${path.relative(root, file)}:${problem.line}: ${problem.message}`);
      }
    }
    process.exit(failed ? 1 : 0);
  }
  for (const file of files) {
    const text = await readFile(file, 'utf8');
    const pinned = pinReferences(text, {
      repository,
      sha: options.sha ?? '',
      version: options.version ?? '',
    });
    if (pinned !== text) {
      await writeFile(file, pinned);
      console.log(`pinned ${path.relative(root, file)}`);
    }
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main(process.argv.slice(2));
