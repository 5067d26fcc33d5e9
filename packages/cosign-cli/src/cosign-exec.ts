import type { ProcessResult } from '@sigil/core';

/**
 * What one cosign run printed, and how it ended: the process runner's result (exit code: cosign uses 10
 * no signatures, 11 no such tag, 12 no matching signatures, 1 other).
 */
export type CosignRunResult = ProcessResult;

/** What cosign printed, as text (secrets redacted), and its exit code: what verdicts and errors are read from. */
export interface CosignOutput {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

interface CosignRunOptions {
  /** The child's whole environment: nothing else is inherited. */
  readonly env: Readonly<Record<string, string>>;
  /** The child is killed after this long. */
  readonly timeoutMs: number;
}

/**
 * Runs the located cosign binary with `args` (no shell). Resolves with the result whatever the exit code;
 * rejects only when cosign could not be run or was killed (deadline, output cap). The real one is
 * `cosignExecutor`.
 */
export type CosignExec = (args: readonly string[], options: CosignRunOptions) => Promise<CosignRunResult>;
