import type { Logger } from '@sigil/core';
import type { DownloadRetryOptions } from './download-file.js';
import type { RunnerEnvironment } from './environment.js';
import type { ActionRuntime } from './runtime.js';
import { addToRunnerPath } from './runner-path.js';
import { actionsToolCache, type ToolCache } from './tool-cache.js';
import type { ToolInstallDependencies } from './verified-tool-install.js';

/** What an install action (install-cosign, install-syft) needs from the runner: plain values and functions, so tests pass their own. */
export interface ToolInstallActionDependencies {
  /** `platform`/`arch` choose the asset and the cache entry; tests give any. */
  readonly environment: Pick<
    RunnerEnvironment,
    'runnerTemp' | 'runnerToolCache' | 'platform' | 'arch' | 'helperEnvironment'
  >;
  readonly logger: Logger;
  readonly outputs: { set(name: string, value: unknown): void };
  /** Puts a folder on PATH for this and later steps (`addToRunnerPath`). */
  readonly addPath: (directory: string) => void;
  /** The runner's tool cache (`actionsToolCache`); only used when `RUNNER_TOOL_CACHE` is set. */
  readonly toolCache: ToolCache;
  readonly retry?: Partial<DownloadRetryOptions>;
  /** Milliseconds, for the time taken. */
  readonly clock?: () => number;
}

/** An install action's dependencies on the real runner. */
export function runnerToolInstallDependencies(
  runtime: Pick<ActionRuntime, 'environment' | 'logger' | 'outputs'>,
): ToolInstallActionDependencies {
  return {
    environment: runtime.environment,
    logger: runtime.logger,
    outputs: runtime.outputs,
    addPath: addToRunnerPath,
    toolCache: actionsToolCache,
  };
}

/** What an install reports: the outputs `<tool>-path`, `<tool>-version`, `cache-hit`, and the summary line. */
export interface InstalledToolReport {
  readonly path: string;
  readonly directory: string;
  readonly version: string;
  readonly cacheHit: boolean;
  readonly asset: string;
  /** What was verified, e.g. `sha256`, `sha256 and Sigstore signature`. */
  readonly verified: string;
  /** Where the expected sha256 came from. */
  readonly checksumSource: string;
}

/**
 * Runs `install` with the runner's tool cache and scratch space, puts the tool's folder on PATH, sets the
 * outputs, and logs one summary line.
 */
export async function runToolInstall<Installed>(
  tool: string,
  dependencies: ToolInstallActionDependencies,
  install: (context: ToolInstallDependencies) => Promise<Installed>,
  report: (installed: Installed) => InstalledToolReport,
): Promise<Installed> {
  const { environment, logger } = dependencies;
  const clock = dependencies.clock ?? (() => performance.now());
  const started = clock();
  const installed = await install({
    cache: environment.runnerToolCache === undefined ? undefined : dependencies.toolCache,
    tempDirectory: environment.runnerTemp,
    env: environment.helperEnvironment,
    logger,
    ...(dependencies.retry === undefined ? {} : { retry: dependencies.retry }),
  });
  const reported = report(installed);
  dependencies.addPath(reported.directory);
  dependencies.outputs.set(`${tool}-path`, reported.path);
  dependencies.outputs.set(`${tool}-version`, reported.version);
  dependencies.outputs.set('cache-hit', String(reported.cacheHit));
  const seconds = (clock() - started) / 1000;
  logger.info(
    `${tool} ${reported.version} (${reported.asset}) is at ${reported.path}: ${reported.verified} verified, ` +
      `checksum from ${reported.checksumSource}; cache hit: ${reported.cacheHit}; ${seconds.toFixed(2)} s`,
  );
  return installed;
}
