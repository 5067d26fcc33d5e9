import { spawn } from 'node:child_process';
import { SigilError } from '@sigil/core';
import type { RegistryCredential } from './credentials.js';

export interface ExecResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a program found on PATH with `input` on stdin. Rejects (code ENOENT) when it does not exist. */
export type ExecFunction = (
  command: string,
  args: readonly string[],
  options: { input: string },
) => Promise<ExecResult>;

const HELPER_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const NOT_FOUND = /credentials not found/i;

/**
 * Asks `docker-credential-<helper> get` for the credentials of `serverUrl`. Undefined when the helper
 * has none. A `<token>` username means the secret is an identity token.
 */
export async function credentialFromHelper(
  helper: string,
  serverUrl: string,
  exec: ExecFunction,
): Promise<RegistryCredential | undefined> {
  const program = `docker-credential-${helper}`;
  if (!HELPER_NAME.test(helper)) {
    throw new SigilError('CREDENTIAL_HELPER', `"${helper}" is not a valid credential helper name`, {
      hint: 'Fix credHelpers/credsStore in the Docker config.',
    });
  }
  let result: ExecResult;
  try {
    result = await exec(program, ['get'], { input: serverUrl });
  } catch (error) {
    const missing = (error as { code?: unknown }).code === 'ENOENT';
    throw new SigilError(
      'CREDENTIAL_HELPER',
      missing ? `${program} is not on PATH` : `${program} could not be run: ${(error as Error).message}`,
      {
        cause: error,
        hint: `Install ${program}, or remove it from credHelpers/credsStore in the Docker config.`,
      },
    );
  }
  if (result.exitCode !== 0) {
    const said = `${result.stdout} ${result.stderr}`.trim().slice(0, 200);
    if (NOT_FOUND.test(said)) return undefined;
    throw new SigilError(
      'CREDENTIAL_HELPER',
      `${program} get failed for ${serverUrl} (exit ${result.exitCode}): ${said}`,
      {
        hint: `Run "echo ${serverUrl} | ${program} get" on the runner to see why.`,
      },
    );
  }
  return parseHelperOutput(result.stdout, program, serverUrl);
}

function parseHelperOutput(
  stdout: string,
  program: string,
  serverUrl: string,
): RegistryCredential | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(stdout);
  } catch {
    // The output may hold a secret: never quote it.
    throw new SigilError(
      'CREDENTIAL_HELPER',
      `${program} get printed something other than JSON for ${serverUrl}`,
    );
  }
  const { Username: username, Secret: secret } = (parsed ?? {}) as { Username?: unknown; Secret?: unknown };
  if (typeof username !== 'string' || typeof secret !== 'string') {
    throw new SigilError(
      'CREDENTIAL_HELPER',
      `${program} get did not print {"Username","Secret"} strings for ${serverUrl}`,
    );
  }
  if (secret === '') return undefined;
  const source = `credential helper ${program}`;
  if (username === '<token>') return { kind: 'identity-token', token: secret, source };
  return { kind: 'basic', username, password: secret, source };
}

/** An ExecFunction over node:child_process with exactly `env` (PATH decides where helpers are found). */
export function processExec(options: {
  env: Readonly<Record<string, string | undefined>>;
  timeoutMs?: number;
}): ExecFunction {
  const timeoutMs = options.timeoutMs ?? 30_000;
  return (command, args, { input }) =>
    new Promise((resolve, reject) => {
      const child = spawn(command, [...args], {
        env: options.env,
        stdio: ['pipe', 'pipe', 'pipe'],
        windowsHide: true,
      });
      // spawn's own `timeout` leaves its timer running when the program does not exist (no 'exit').
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      child.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      child.once('close', (code, signal) => {
        clearTimeout(timer);
        resolve({ exitCode: code ?? (signal ? 128 : 1), stdout, stderr });
      });
      child.stdin.on('error', () => undefined);
      child.stdin.end(input);
    });
}
