import { spawn } from 'node:child_process';

interface ProcessOptions {
  /** The child's whole environment (its PATH finds a bare program name): nothing else is inherited. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The child is killed (SIGKILL) after this long. */
  readonly timeoutMs: number;
  /** stdout beyond this many bytes kills the child. */
  readonly maxOutputBytes: number;
  /** Written to stdin, which is then closed; without it the child gets no stdin. */
  readonly input?: string;
}

/** How a program ended: its exit code (128 when a signal ended it), stdout as bytes, the end of stderr. */
export interface ProcessResult {
  readonly exitCode: number;
  readonly stdout: Buffer;
  readonly stderr: string;
}

/** Runs one program: the one shape every tool runner (cosign, syft, credential helpers) takes. */
export type RunProcess = (
  command: string,
  args: readonly string[],
  options: ProcessOptions,
) => Promise<ProcessResult>;

/**
 * - `not-started`: the program could not be started (`notFound` when it does not exist);
 * - `timeout`: killed at the deadline;
 * - `output-limit`: killed for writing more than `maxOutputBytes` to stdout.
 */
export type ProcessFailureKind = 'not-started' | 'timeout' | 'output-limit';

/**
 * A program that did not run to its own end. The runner does not know what the program is for, so it
 * carries facts (which program, what happened, the end of stderr); each caller turns it into its own
 * error code and advice.
 */
export class ProcessFailure extends Error {
  override readonly name = 'ProcessFailure';
  readonly kind: ProcessFailureKind;
  /** The program's file name (no directory). */
  readonly program: string;
  /** The end of what it wrote to stderr before it was killed. */
  readonly stderr: string;
  /** `not-started` only: the program does not exist (ENOENT). */
  readonly notFound: boolean;

  constructor(
    kind: ProcessFailureKind,
    program: string,
    message: string,
    details: { stderr?: string; cause?: unknown } = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.kind = kind;
    this.program = program;
    this.stderr = details.stderr ?? '';
    this.notFound = (details.cause as { code?: unknown } | undefined)?.code === 'ENOENT';
  }
}

/** A CLI's error is the last thing it prints: stderr is kept from its end. */
const STDERR_TAIL_CHARS = 64 * 1024;

/**
 * Runs `command` without a shell, with exactly `env`: stdout collected as bytes (one copy when the child
 * ends), the tail of stderr as text, the child killed at the deadline or when stdout passes the cap.
 * Resolves with any exit code; rejects with a ProcessFailure when the program did not run to its end.
 */
export const runProcess: RunProcess = (command, args, options) =>
  new Promise((resolve, reject) => {
    const program = command.split(/[\\/]/).at(-1) ?? command;
    const verb = `${program} ${args[0] ?? ''}`.trim();
    const child = spawn(command, [...args], {
      env: options.env,
      shell: false,
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      windowsHide: true,
    });
    let killedFor: ProcessFailure | undefined;
    const kill = (kind: ProcessFailureKind, message: string): void => {
      killedFor ??= new ProcessFailure(kind, program, message);
      child.kill('SIGKILL');
    };
    // spawn's own `timeout` leaves its timer running when the program does not exist (no 'exit').
    const timer = setTimeout(
      () => kill('timeout', `${verb} did not finish within ${Math.ceil(options.timeoutMs / 1000)} s`),
      options.timeoutMs,
    );
    const chunks: Buffer[] = [];
    let outputBytes = 0;
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      outputBytes += chunk.byteLength;
      if (outputBytes > options.maxOutputBytes) {
        kill('output-limit', `${verb} wrote more than ${options.maxOutputBytes} bytes`);
        return;
      }
      chunks.push(chunk);
    });
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-STDERR_TAIL_CHARS);
    });
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(
        new ProcessFailure('not-started', program, `${program} could not be started: ${error.message}`, {
          cause: error,
        }),
      );
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      if (killedFor !== undefined) {
        reject(new ProcessFailure(killedFor.kind, program, killedFor.message, { stderr }));
        return;
      }
      const stdout = chunks.length === 1 && chunks[0] !== undefined ? chunks[0] : Buffer.concat(chunks);
      chunks.length = 0;
      resolve({ exitCode: code ?? (signal === null ? 1 : 128), stdout, stderr });
    });
    if (options.input !== undefined) {
      child.stdin?.on('error', () => undefined);
      child.stdin?.end(options.input);
    }
  });
