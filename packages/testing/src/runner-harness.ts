import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, realpath, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { parseGithubOutputFile } from './github-output-file.js';
import { parseWorkflowCommands, type Annotation } from './workflow-commands.js';

const REPOSITORY_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

export interface RunDistActionOptions {
  /** Action inputs by their action.yml name; inputs not given get their action.yml default, as on the runner. */
  inputs?: Record<string, string | number | boolean>;
  /** Extra environment (wins over everything the harness sets); `undefined` removes a variable. */
  env?: Record<string, string | undefined>;
  /** Working folder and `GITHUB_WORKSPACE`; a fresh folder by default. */
  cwd?: string;
  /** Holds `actions/<name>/action.yml` and `dist/<name>/index.js`; this repository by default. */
  repositoryRoot?: string;
  /** Kill the action after this long (default 120 s). */
  timeoutMs?: number;
}

export interface DistActionRun {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** The action was killed after `timeoutMs`. */
  timedOut: boolean;
  stdout: string;
  stderr: string;
  /** Parsed from the `GITHUB_OUTPUT` file. */
  outputs: Record<string, string>;
  /** The `GITHUB_STEP_SUMMARY` file's content. */
  summary: string;
  /** `::error::`, `::warning::` and `::notice::` commands from stdout, decoded. */
  annotations: Annotation[];
  /** Values registered with `::add-mask::`. */
  masks: string[];
  runnerTemp: string;
  toolCache: string;
  /** Removes every folder the harness created (not a `cwd` you passed). */
  cleanup(): Promise<void>;
}

/**
 * Runs the committed bundle `dist/<name>/index.js` the way the Actions runner runs a `node24` action:
 * with this Node (the test process's, Node 24 under `npm test`), `INPUT_<NAME>` variables including the
 * action.yml defaults, fresh `RUNNER_TEMP`, `RUNNER_TOOL_CACHE`, `HOME`, and file-command files, and
 * only a minimal inherited environment (so nothing from the developer's shell leaks in).
 */
export async function runDistAction(
  name: string,
  options: RunDistActionOptions = {},
): Promise<DistActionRun> {
  const root = options.repositoryRoot ?? REPOSITORY_ROOT;
  const entry = path.join(root, 'dist', name, 'index.js');
  const declared = await declaredInputs(path.join(root, 'actions', name, 'action.yml'));
  // Checked before any folder is made, so a refused input leaves nothing behind.
  const inputs = inputEnvironment(name, declared, options.inputs ?? {});
  // Canonical path (macOS /var is /private/var), so paths the action reports compare equal to ours.
  const scratch = await realpath(await mkdtemp(path.join(os.tmpdir(), `sigil-runner-${name}-`)));
  const folders = {
    temp: path.join(scratch, 'temp'),
    toolCache: path.join(scratch, 'tool-cache'),
    home: path.join(scratch, 'home'),
    commands: path.join(scratch, 'file-commands'),
    workspace: options.cwd ?? path.join(scratch, 'workspace'),
  };
  await Promise.all(Object.values(folders).map((folder) => mkdir(folder, { recursive: true })));
  const files = {
    GITHUB_OUTPUT: path.join(folders.commands, 'set_output'),
    GITHUB_STEP_SUMMARY: path.join(folders.commands, 'step_summary'),
    GITHUB_ENV: path.join(folders.commands, 'set_env'),
    GITHUB_PATH: path.join(folders.commands, 'add_path'),
    GITHUB_STATE: path.join(folders.commands, 'save_state'),
  };
  await Promise.all(Object.values(files).map((file) => writeFile(file, '')));

  const env = mergeEnvironment(
    inheritedEnvironment(),
    {
      ...files,
      HOME: folders.home,
      RUNNER_TEMP: folders.temp,
      RUNNER_TOOL_CACHE: folders.toolCache,
      GITHUB_WORKSPACE: folders.workspace,
      GITHUB_ACTIONS: 'true',
      CI: 'true',
      GITHUB_ACTION: name,
      RUNNER_OS: runnerOs(),
      RUNNER_ARCH: runnerArch(),
    },
    inputs,
    options.env ?? {},
  );
  const run = await runNode(entry, folders.workspace, env, options.timeoutMs ?? 120_000);
  const commands = parseWorkflowCommands(run.stdout);
  return {
    ...run,
    outputs: parseGithubOutputFile(await readFile(files.GITHUB_OUTPUT, 'utf8')),
    summary: await readFile(files.GITHUB_STEP_SUMMARY, 'utf8'),
    annotations: commands.annotations,
    masks: commands.masks,
    runnerTemp: folders.temp,
    toolCache: folders.toolCache,
    cleanup: () => rm(scratch, { recursive: true, force: true }),
  };
}

/** The variable the runner sets for an input: `INPUT_` + the name upper-cased with spaces as `_` (hyphens stay). */
export function inputVariableName(inputName: string): string {
  return `INPUT_${inputName.replace(/ /g, '_').toUpperCase()}`;
}

interface DeclaredInput {
  default: string | undefined;
}

async function declaredInputs(actionYmlPath: string): Promise<Map<string, DeclaredInput>> {
  const document = parseYaml(await readFile(actionYmlPath, 'utf8')) as { inputs?: Record<string, unknown> };
  const inputs = new Map<string, DeclaredInput>();
  for (const [inputName, spec] of Object.entries(document.inputs ?? {})) {
    const value = (spec as { default?: unknown } | null)?.default;
    inputs.set(inputName, { default: value === undefined || value === null ? undefined : String(value) });
  }
  return inputs;
}

function inputEnvironment(
  actionName: string,
  declared: Map<string, DeclaredInput>,
  given: Record<string, string | number | boolean>,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const inputName of Object.keys(given)) {
    if (!declared.has(inputName)) {
      throw new Error(`${actionName} has no input named ${JSON.stringify(inputName)} in its action.yml`);
    }
  }
  for (const [inputName, { default: defaultValue }] of declared) {
    const value = Object.hasOwn(given, inputName) ? String(given[inputName]) : defaultValue;
    if (value === undefined) continue;
    if (value.includes('${{')) {
      throw new Error(
        `the default of ${actionName}'s input ${inputName} is an expression the harness cannot evaluate; pass the input`,
      );
    }
    env[inputVariableName(inputName)] = value;
  }
  return env;
}

const INHERITED = ['PATH', 'SystemRoot', 'windir', 'ComSpec', 'PATHEXT', 'TEMP', 'TMP', 'TMPDIR', 'LANG'];

function inheritedEnvironment(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const variable of INHERITED) {
    const value = process.env[variable];
    if (value !== undefined) env[variable] = value;
  }
  return env;
}

function mergeEnvironment(...layers: Record<string, string | undefined>[]): Record<string, string> {
  const merged: Record<string, string> = {};
  for (const layer of layers) {
    for (const [variable, value] of Object.entries(layer)) {
      if (value === undefined) delete merged[variable];
      else merged[variable] = value;
    }
  }
  return merged;
}

/** `RUNNER_OS` as the runner names this machine's platform. */
export function runnerOs(): string {
  return process.platform === 'win32' ? 'Windows' : process.platform === 'darwin' ? 'macOS' : 'Linux';
}

/** `RUNNER_ARCH` as the runner names this machine's architecture. */
export function runnerArch(): string {
  return process.arch === 'arm64'
    ? 'ARM64'
    : process.arch === 'arm'
      ? 'ARM'
      : process.arch === 'ia32'
        ? 'X86'
        : 'X64';
}

interface ProcessResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  stdout: string;
  stderr: string;
}

function runNode(
  entry: string,
  cwd: string,
  env: Record<string, string>,
  timeoutMs: number,
): Promise<ProcessResult> {
  return runCollected(process.execPath, [entry], cwd, env, timeoutMs);
}

/** Runs `command` with `args`, collecting stdout and stderr; killed (`timedOut`) after `timeoutMs`. */
export function runCollected(
  command: string,
  args: readonly string[],
  cwd: string,
  env: Record<string, string>,
  timeoutMs: number,
): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (exitCode, signal) => {
      clearTimeout(timer);
      resolve({
        exitCode,
        signal,
        timedOut,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
      });
    });
  });
}
