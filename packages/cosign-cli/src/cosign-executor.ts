import { ProcessFailure, SigilError, runProcess, type RunProcess } from '@sigil/core';
import type { CosignExec } from './cosign-exec.js';

export interface CosignExecutorOptions {
  /** stdout beyond this kills cosign (default 256 MiB: `cosign verify-attestation` prints whole SBOMs). */
  readonly maxOutputBytes?: number;
  /** The process runner (default: @sigil/core's). */
  readonly run?: RunProcess;
}

const DEFAULT_MAX_OUTPUT_BYTES = 256 * 1024 * 1024;

/**
 * The executor of one cosign binary over the one process runner: no shell, exactly the environment of
 * each call, killed at the deadline (TIMEOUT) or past the output cap (COSIGN_FAILED), the end of stderr
 * kept as the cause. A binary that cannot be started rejects with the system's error (ENOENT…), which
 * the locator and the runner name.
 */
export function cosignExecutor(binary: string, options: CosignExecutorOptions = {}): CosignExec {
  const maxOutputBytes = options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES;
  const run = options.run ?? runProcess;
  return async (args, { env, timeoutMs }) => {
    try {
      return await run(binary, args, { env, timeoutMs, maxOutputBytes });
    } catch (error) {
      throw killed(error);
    }
  };
}

function killed(error: unknown): unknown {
  if (!(error instanceof ProcessFailure)) return error;
  const cause = new Error(error.stderr);
  switch (error.kind) {
    case 'not-started':
      return error.cause ?? error;
    case 'timeout':
      return new SigilError('TIMEOUT', error.message, {
        cause,
        field: 'deadline',
        hint: 'Raise `timeout-seconds`, or check the registry and key service.',
      });
    case 'output-limit':
      return new SigilError('COSIGN_FAILED', error.message, { cause });
  }
}
