import { parseWorkflowCommands, type DistActionRun } from '@sigil/testing';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

/** One place a run left text: a stream, a decoded workflow command, an output, or a file it wrote. */
export interface CapturedText {
  readonly where: string;
  readonly text: string;
}

const ADD_MASK = /^\s*::add-mask::/;

/**
 * Everything a run printed or wrote, except `::add-mask::` commands (which carry secrets by design):
 * stdout and stderr, the decoded annotations and debug messages (the runner shows them decoded), the
 * outputs, and every file under the run's scratch folder — `GITHUB_OUTPUT`, `GITHUB_STEP_SUMMARY`,
 * `GITHUB_ENV`, `GITHUB_STATE`, `RUNNER_TEMP` (the report), `HOME` and the workspace.
 */
export function capturedTexts(run: DistActionRun): CapturedText[] {
  const stdout = withoutMaskCommands(run.stdout);
  const commands = parseWorkflowCommands(stdout);
  const scratch = dirname(run.runnerTemp);
  return [
    { where: 'stdout', text: stdout },
    { where: 'stderr', text: run.stderr },
    ...commands.annotations.map((a, i) => ({ where: `${a.level} annotation ${i + 1}`, text: a.message })),
    ...commands.debug.map((message, i) => ({ where: `debug message ${i + 1}`, text: message })),
    { where: 'outputs', text: JSON.stringify(run.outputs) },
    ...filesUnder(scratch).map((file) => ({
      where: `file ${relative(scratch, file)}`,
      text: readFileSync(file, 'latin1'),
    })),
  ];
}

function withoutMaskCommands(stdout: string): string {
  return stdout
    .split('\n')
    .filter((line) => !ADD_MASK.test(line))
    .join('\n');
}

/** `secret name → where it appeared`, for every secret that appears in any captured text. */
export function findSecrets(
  texts: readonly CapturedText[],
  secrets: Readonly<Record<string, readonly string[]>>,
): string[] {
  const found: string[] = [];
  for (const [name, values] of Object.entries(secrets)) {
    for (const value of values) {
      for (const { where, text } of texts) {
        if (text.includes(value)) found.push(`${name} (${abbreviate(value)}) in ${where}`);
      }
    }
  }
  return found;
}

/**
 * Lines that look like a stack trace: `    at fn (file:line:col)` frames or a `file.js:12:34` position.
 * `::debug::` lines are left out: the error boundary sends the stack there on purpose, and the runner
 * only shows it with step debug logging on.
 */
export function stackTraceLines(run: DistActionRun): string[] {
  const lines = [
    ...run.stdout.split('\n').filter((line) => !line.startsWith('::debug::')),
    ...run.stderr.split('\n'),
  ];
  return lines.filter(
    (line) => /^\s+at\s/.test(line) || /\.[cm]?[jt]s:\d+:\d+/.test(line) || /%0A\s+at\s/.test(line),
  );
}

/** The error annotations of a run. */
export function errorAnnotations(run: DistActionRun): string[] {
  return run.annotations.filter((a) => a.level === 'error').map((a) => a.message);
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

function abbreviate(value: string): string {
  return value.length <= 12 ? '…' : `${value.slice(0, 4)}…${value.slice(-4)}`;
}
