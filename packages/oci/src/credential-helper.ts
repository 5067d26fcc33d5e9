import { ProcessFailure, SigilError, runProcess, type ProcessResult, type RunProcess } from '@sigil/core';
import type { RegistryCredential } from './credentials.js';

/** How a helper ended: the process runner's result. */
type ExecResult = ProcessResult;

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
    const said = `${result.stdout.toString('utf8')} ${result.stderr}`.trim().slice(0, 200);
    if (NOT_FOUND.test(said)) return undefined;
    throw new SigilError(
      'CREDENTIAL_HELPER',
      `${program} get failed for ${serverUrl} (exit ${result.exitCode}): ${said}`,
      {
        hint: `Run "echo ${serverUrl} | ${program} get" on the runner to see why.`,
      },
    );
  }
  return parseHelperOutput(result.stdout.toString('utf8'), program, serverUrl);
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

/** Helpers print one small JSON object: more than this is not a credential helper's answer. */
const MAX_HELPER_OUTPUT_BYTES = 1024 * 1024;

/**
 * An ExecFunction over the one process runner with exactly `env` (PATH decides where helpers are found),
 * `input` on stdin. A helper that cannot be started rejects with the system's error (ENOENT: not on PATH).
 */
export function processExec(options: {
  env: Readonly<Record<string, string | undefined>>;
  timeoutMs?: number;
  run?: RunProcess;
}): ExecFunction {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const run = options.run ?? runProcess;
  return async (command, args, { input }) => {
    try {
      return await run(command, args, {
        env: options.env,
        timeoutMs,
        maxOutputBytes: MAX_HELPER_OUTPUT_BYTES,
        input,
      });
    } catch (error) {
      if (error instanceof ProcessFailure && error.kind === 'not-started') throw error.cause ?? error;
      throw error;
    }
  };
}
