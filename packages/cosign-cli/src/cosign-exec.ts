/** What one cosign run printed, and how it ended. */
export interface CosignRunResult {
  /** The exit code (cosign: 10 no signatures, 11 no such tag, 12 no matching signatures, 1 other). */
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CosignRunOptions {
  /** The child's whole environment: nothing else is inherited. */
  readonly env: Readonly<Record<string, string>>;
  /** The child is killed after this long. */
  readonly timeoutMs: number;
}

/**
 * Runs the located cosign binary with `args` (no shell). Resolves with the result whatever the exit code;
 * rejects only when cosign could not be run or was killed (deadline, output cap). The real one is
 * `spawnCommand` in @sigil/toolkit.
 */
export type CosignExec = (args: readonly string[], options: CosignRunOptions) => Promise<CosignRunResult>;
