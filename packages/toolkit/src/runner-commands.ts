import { randomUUID } from 'node:crypto';
import { appendFileSync, existsSync } from 'node:fs';
import { EOL } from 'node:os';
import { delimiter } from 'node:path';

// The runner's side of an action: inputs from `INPUT_*`, workflow commands on stdout, file commands in
// `GITHUB_OUTPUT` / `GITHUB_PATH` — byte for byte what @actions/core 3 writes for the calls sigil makes
// (test/runner-commands.test.ts holds the two side by side). @actions/core itself is not imported: through
// its OIDC client it loads @actions/http-client and undici (some 900 KB, 60% of a bundle) before an action
// reads its first input, and an action pays that on every start.

/** Where an annotation points (`::warning title=…,file=…,line=…::`). */
interface CommandAnnotation {
  title?: string;
  file?: string;
  startLine?: number;
}

/** `core.getInput(name, { trimWhitespace: false })`: the raw value, empty when the input is absent. */
export function getInput(name: string): string {
  return process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] || '';
}

/** `core.isDebug()`: step debug logging is on. */
export function isDebug(): boolean {
  return process.env['RUNNER_DEBUG'] === '1';
}

/** `core.setSecret`: the runner masks `secret` in every later log line. */
export function setSecret(secret: string): void {
  issueCommand('add-mask', {}, secret);
}

/** `core.setOutput`: a heredoc entry in the `GITHUB_OUTPUT` file (the `set-output` command without one). */
export function setOutput(name: string, value: string): void {
  if (process.env['GITHUB_OUTPUT']) {
    issueFileCommand('OUTPUT', keyValueMessage(name, value));
    return;
  }
  process.stdout.write(EOL);
  issueCommand('set-output', { name }, value);
}

/** `core.addPath`: `directory` first on PATH for this step (`process.env`) and the later ones (`GITHUB_PATH`). */
export function addPath(directory: string): void {
  if (process.env['GITHUB_PATH']) issueFileCommand('PATH', directory);
  else issueCommand('add-path', {}, directory);
  process.env['PATH'] = `${directory}${delimiter}${process.env['PATH']}`;
}

export function debug(message: string): void {
  issueCommand('debug', {}, message);
}

export function info(message: string): void {
  process.stdout.write(message + EOL);
}

export function warning(message: string, annotation: CommandAnnotation = {}): void {
  issueCommand('warning', annotationProperties(annotation), message);
}

export function error(message: string, annotation: CommandAnnotation = {}): void {
  issueCommand('error', annotationProperties(annotation), message);
}

/** `core.ExitCode.Failure`. */
export const FAILURE_EXIT_CODE = 1;

type CommandProperties = Readonly<Record<string, string | number | undefined>>;

/**
 * `::command key=value,…::message`. As in @actions/core, properties without a value are left out, but the
 * space after the command is written whenever any property was named.
 */
function issueCommand(command: string, properties: CommandProperties, message: string): void {
  const entries = Object.entries(properties);
  const set = entries.filter(([, value]) => Boolean(value));
  const head =
    entries.length === 0
      ? ''
      : ` ${set.map(([key, value]) => `${key}=${escapeProperty(String(value))}`).join(',')}`;
  process.stdout.write(`::${command}${head}::${escapeData(message)}${EOL}`);
}

/** The annotation properties in @actions/core's order (`toCommandProperties`). */
function annotationProperties(annotation: CommandAnnotation): CommandProperties {
  if (Object.keys(annotation).length === 0) return {};
  return { title: annotation.title, file: annotation.file, line: annotation.startLine };
}

function issueFileCommand(command: 'OUTPUT' | 'PATH', message: string): void {
  const file = process.env[`GITHUB_${command}`];
  if (!file) throw new Error(`Unable to find environment variable for file command ${command}`);
  if (!existsSync(file)) throw new Error(`Missing file at path: ${file}`);
  appendFileSync(file, `${message}${EOL}`, { encoding: 'utf8' });
}

function keyValueMessage(key: string, value: string): string {
  const fence = `ghadelimiter_${randomUUID()}`;
  if (key.includes(fence)) {
    throw new Error(`Unexpected input: name should not contain the delimiter "${fence}"`);
  }
  if (value.includes(fence)) {
    throw new Error(`Unexpected input: value should not contain the delimiter "${fence}"`);
  }
  return `${key}<<${fence}${EOL}${value}${EOL}${fence}`;
}

function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
