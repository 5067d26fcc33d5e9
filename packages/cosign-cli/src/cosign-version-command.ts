import { SigilError, messageOf, type ErrorCode } from '@sigil/core';
import { cosignVersionArguments } from './cosign-arguments.js';
import type { CosignExec } from './cosign-exec.js';
import { parseCosignVersionOutput, type CosignVersion } from './cosign-version.js';
import { cosignExecutor } from './cosign-executor.js';

/** What a failed `cosign version --json` becomes, for the caller that ran it. */
export interface VersionRunFailure {
  /** The binary could not be started (or outlived the deadline). */
  readonly unrunnable: ErrorCode;
  /** It ran and exited with a non-zero code. */
  readonly failed: ErrorCode;
  readonly hint: string;
  readonly input?: string;
}

/**
 * Runs `<cosign> version --json` through `exec` and returns the release it reports. A binary that cannot
 * be run or fails gets the caller's codes (`failure`); one that reports no release number is COSIGN_VERSION.
 */
export async function cosignVersionOf(
  exec: CosignExec,
  binary: string,
  env: Readonly<Record<string, string>>,
  failure: VersionRunFailure,
  timeoutMs = 30_000,
): Promise<CosignVersion> {
  const error = (code: ErrorCode, detail: string, cause: unknown) =>
    new SigilError(code, `\`${binary} version --json\` ${detail}`, {
      cause,
      hint: failure.hint,
      ...(failure.input === undefined ? {} : { input: failure.input }),
    });
  const result = await exec(cosignVersionArguments(), { env, timeoutMs }).catch((cause: unknown) => {
    throw error(failure.unrunnable, `could not be run: ${messageOf(cause)}`, cause);
  });
  if (result.exitCode !== 0) {
    throw error(
      failure.failed,
      `exited with ${result.exitCode}`,
      new Error(result.stderr.trim().slice(-2000)),
    );
  }
  return parseCosignVersionOutput(result.stdout.toString('utf8'), binary);
}

/**
 * The release an installed cosign reports, as printed (e.g. `v3.1.3`); run only on a verified binary. A
 * binary that cannot be run, fails or outlives `timeoutMs` is COSIGN_FAILED.
 */
export async function reportedCosignVersion(
  cosign: string,
  env: Readonly<Record<string, string>>,
  timeoutMs = 30_000,
): Promise<string> {
  const failure: VersionRunFailure = {
    unrunnable: 'COSIGN_FAILED',
    failed: 'COSIGN_FAILED',
    hint: 'The installed file is not a cosign this runner can run; check `cosign-version` and `download-url`.',
  };
  return (await cosignVersionOf(cosignExecutor(cosign), cosign, env, failure, timeoutMs)).text;
}
