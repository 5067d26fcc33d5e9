// zizmor, the GitHub Actions security linter, at the version tools/versions.json pins, as scripts/bootstrap.sh
// installs it: "$SIGIL_TOOLS_DIR/zizmor-<version>/bin/zizmor" (SIGIL_TOOLS_DIR defaults to ~/.cache/sigil-tools).
//
// How it runs, and why:
// - `--offline`: no GitHub API here (and lint must not depend on one); the online audits (known-vulnerable
//   actions, impostor commits, ref confusion) are left to a GitHub-side scanner.
// - `--persona pedantic`: sigil's workflows and templates are copied into other repositories as examples of
//   how to sign and gate; the code smells the regular persona lets through (a write permission without a
//   comment saying why, an unnamed job, no concurrency limit, any expression expanded into a script) are
//   what such examples must not teach. The auditor persona adds findings known to be false positives, for
//   a human review rather than a gate.
// - `--strict-collection`: a file zizmor cannot load is a problem, not a warning and a silent skip (the other
//   files are then audited without it).
// - every finding counts, whatever its severity: the gate is zero findings.
// - `--config .github/zizmor.yml` when the repository has one (narrow, commented exceptions), else
//   `--no-config` (never a configuration found elsewhere).
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** @typedef {{ file: string, line?: number, column?: number, message: string }} FileProblem */

/**
 * Where scripts/bootstrap.sh installs the pinned zizmor.
 * @param {string} root the repository root (its tools/versions.json)
 * @param {NodeJS.ProcessEnv} [env]
 */
export function zizmorPath(root, env = process.env) {
  const { zizmor: version } = JSON.parse(readFileSync(path.join(root, 'tools', 'versions.json'), 'utf8'));
  const tools = env.SIGIL_TOOLS_DIR || path.join(homedir(), '.cache', 'sigil-tools');
  return path.join(tools, `zizmor-${version}`, 'bin', 'zizmor');
}

function findingProblem(finding, cwd) {
  const locations = finding.locations ?? [];
  const primary = locations.find((location) => location.symbolic?.kind === 'Primary') ?? locations[0];
  const key = primary?.symbolic?.key?.Local;
  const start = primary?.concrete?.location?.start_point;
  const note = primary?.symbolic?.annotation ? `: ${primary.symbolic.annotation}` : '';
  const { severity = '?', confidence = '?' } = finding.determinations ?? {};
  return {
    file: path.resolve(cwd, key?.given_path ?? key?.verbatim_path ?? ''),
    ...(start === undefined ? {} : { line: start.row + 1, column: start.column + 1 }),
    message: `${finding.desc}${note} [zizmor:${finding.ident}, severity ${severity.toLowerCase()}, confidence ${confidence.toLowerCase()}; ${finding.url}]`,
  };
}

/** The file a fatal zizmor error names (`failed to load file://<path> as workflow`), if any. */
function fileNamedIn(stderr, files, cwd) {
  const named = /file:\/\/(\S+)/.exec(stderr)?.[1];
  if (named === undefined) return undefined;
  const resolved = path.resolve(cwd, named);
  return files.find((file) => path.resolve(file) === resolved);
}

/**
 * zizmor's findings on the given workflows and action.yml files, as problems; a missing zizmor or a run that
 * fails is a problem too, never a silent pass.
 * @param {string[]} files
 * @param {{ root: string, zizmor: string }} options
 * @returns {Promise<FileProblem[]>}
 */
export async function zizmorProblems(files, { root, zizmor }) {
  if (files.length === 0) return [];
  if (!existsSync(zizmor)) {
    return [
      {
        file: zizmor,
        message:
          'zizmor is not installed here: run ./scripts/bootstrap.sh (it installs the version tools/versions.json pins)',
      },
    ];
  }
  const config = path.join(root, '.github', 'zizmor.yml');
  const options = [
    '--offline',
    '--persona=pedantic',
    '--strict-collection',
    '--format=json',
    '--no-exit-codes',
    '--no-progress',
    '--color=never',
    '--quiet',
    ...(existsSync(config) ? ['--config', config] : ['--no-config']),
  ];
  const env = { ...process.env, RUST_BACKTRACE: '0', NO_COLOR: '1' };
  for (const name of Object.keys(env)) if (name.startsWith('ZIZMOR_')) delete env[name];
  const problems = [];
  // A file zizmor cannot load stops its run: report it, and audit the others without it.
  let remaining = files;
  while (remaining.length > 0) {
    try {
      const { stdout } = await run(zizmor, [...options, ...remaining], {
        cwd: root,
        env,
        maxBuffer: 256 * 1024 * 1024,
      });
      const findings = JSON.parse(stdout).filter((finding) => finding.ignored !== true);
      return [...problems, ...findings.map((finding) => findingProblem(finding, root))];
    } catch (error) {
      const stderr = String(/** @type {{ stderr?: string }} */ (error).stderr || error);
      const reason = stderr
        .replace(/^fatal: no audit was performed$/m, '')
        .replace(/\s+/g, ' ')
        .trim();
      const unloadable = fileNamedIn(stderr, remaining, root);
      problems.push({ file: unloadable ?? zizmor, message: `zizmor failed: ${reason}` });
      if (unloadable === undefined) return problems;
      remaining = remaining.filter((file) => file !== unloadable);
    }
  }
  return problems;
}
