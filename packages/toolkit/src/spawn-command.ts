import { spawn } from 'node:child_process';
import type { CosignExec } from '@sigil/cosign-cli';
import { SigilError } from '@sigil/core';

export interface SpawnCommandOptions {
  /** stdout beyond this kills the child (default 256 MiB: `cosign verify-attestation` prints whole SBOMs). */
  readonly maxOutputBytes?: number;
}

/** stderr is kept from its end: the error is the last thing a CLI prints. */
const STDERR_TAIL_BYTES = 64 * 1024;
const DEFAULT_MAX_OUTPUT_BYTES = 256 * 1024 * 1024;

/**
 * Runs `command` (a path, never through a shell) with the arguments and the whole environment of each
 * call: stdout collected and decoded once the child ends, the tail of stderr kept, the child killed
 * (SIGKILL) at the deadline or when stdout passes the cap. Resolves with any exit code; rejects when
 * the command cannot be started (ENOENT…), was killed (TIMEOUT), or wrote too much (COSIGN_FAILED).
 */
export function spawnCommand(command: string, options: SpawnCommandOptions = {}): CosignExec {
  const maxOutputBytes = options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES;
  const name = command.split(/[\\/]/).at(-1) ?? command;
  return (args, { env, timeoutMs }) =>
    new Promise((resolve, reject) => {
      const child = spawn(command, [...args], {
        env,
        shell: false,
        stdio: ['ignore', 'pipe', 'pipe'],
        windowsHide: true,
      });
      let killedFor: SigilError | undefined;
      const kill = (reason: SigilError): void => {
        killedFor ??= reason;
        child.kill('SIGKILL');
      };
      const timer = setTimeout(
        () =>
          kill(
            new SigilError(
              'TIMEOUT',
              `${name} ${args[0] ?? ''} did not finish within ${Math.ceil(timeoutMs / 1000)} s`,
              {
                input: 'timeout-seconds',
                hint: 'Raise `timeout-seconds`, or check the registry and key service.',
              },
            ),
          ),
        timeoutMs,
      );
      const chunks: Buffer[] = [];
      let outputBytes = 0;
      let stderr = Buffer.alloc(0);
      child.stdout.on('data', (chunk: Buffer) => {
        outputBytes += chunk.byteLength;
        if (outputBytes > maxOutputBytes) {
          kill(
            new SigilError(
              'COSIGN_FAILED',
              `${name} ${args[0] ?? ''} wrote more than ${maxOutputBytes} bytes`,
            ),
          );
          return;
        }
        chunks.push(chunk);
      });
      child.stderr.on('data', (chunk: Buffer) => {
        stderr = Buffer.concat([stderr, chunk]);
        if (stderr.byteLength > STDERR_TAIL_BYTES) stderr = stderr.subarray(-STDERR_TAIL_BYTES);
      });
      child.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      child.once('close', (code, signal) => {
        clearTimeout(timer);
        const stdout = Buffer.concat(chunks).toString('utf8');
        chunks.length = 0;
        if (killedFor !== undefined) {
          reject(
            new SigilError(killedFor.code, killedFor.message, {
              ...hintOf(killedFor),
              cause: new Error(stderr.toString('utf8')),
            }),
          );
          return;
        }
        resolve({ code: code ?? (signal === null ? 1 : 128), stdout, stderr: stderr.toString('utf8') });
      });
    });
}

function hintOf(error: SigilError): { input?: string; hint?: string } {
  return {
    ...(error.input === undefined ? {} : { input: error.input }),
    ...(error.hint === undefined ? {} : { hint: error.hint }),
  };
}
