import type { Logger } from '@sigil/core';
import type { RunnerEnvironment } from '@sigil/toolkit';
import {
  installCosign,
  type DownloadRetryOptions,
  type InstalledCosign,
  type ToolCache,
} from '@sigil/toolkit/tool-install';
import type { InstallCosignInputs } from './inputs.js';

/** What install-cosign needs from the runner: plain values and functions, so tests pass their own. */
export interface InstallCosignDependencies {
  /** `platform`/`arch` choose the asset and the cache entry; tests give any. */
  readonly environment: Pick<
    RunnerEnvironment,
    'runnerTemp' | 'runnerToolCache' | 'platform' | 'arch' | 'helperEnvironment'
  >;
  readonly logger: Logger;
  readonly outputs: { set(name: string, value: unknown): void };
  /** Puts a folder on PATH for this and later steps (toolkit `addToRunnerPath`). */
  readonly addPath: (directory: string) => void;
  /** The runner's tool cache (toolkit `actionsToolCache`); only used when `RUNNER_TOOL_CACHE` is set. */
  readonly toolCache: ToolCache;
  readonly retry?: Partial<DownloadRetryOptions>;
  /** Milliseconds, for the time taken. */
  readonly clock?: () => number;
}

/** Installs cosign, puts it on PATH, sets the outputs, and logs one summary line. */
export async function run(
  inputs: InstallCosignInputs,
  dependencies: InstallCosignDependencies,
): Promise<InstalledCosign> {
  const { environment, logger } = dependencies;
  const clock = dependencies.clock ?? (() => performance.now());
  const started = clock();
  const installed = await installCosign(
    {
      version: inputs.version,
      downloadUrl: inputs.downloadUrl,
      verify: inputs.verify,
      platform: environment.platform,
      arch: environment.arch,
      ...(inputs.checksum === undefined ? {} : { checksum: inputs.checksum }),
      ...(inputs.installDir === undefined ? {} : { installDir: inputs.installDir }),
    },
    {
      cache: environment.runnerToolCache === undefined ? undefined : dependencies.toolCache,
      tempDirectory: environment.runnerTemp,
      env: environment.helperEnvironment,
      logger,
      ...(dependencies.retry === undefined ? {} : { retry: dependencies.retry }),
    },
  );
  dependencies.addPath(installed.directory);
  dependencies.outputs.set('cosign-path', installed.path);
  dependencies.outputs.set('cosign-version', installed.version);
  dependencies.outputs.set('cache-hit', String(installed.cacheHit));
  logger.info(summaryLine(installed, (clock() - started) / 1000));
  return installed;
}

function summaryLine(installed: InstalledCosign, seconds: number): string {
  const verified = installed.verify === 'signature' ? 'sha256 and Sigstore signature' : 'sha256';
  return (
    `cosign ${installed.version} (${installed.asset}) is at ${installed.path}: ${verified} verified, ` +
    `checksum from ${installed.checksum.source}; cache hit: ${installed.cacheHit}; ${seconds.toFixed(2)} s`
  );
}
