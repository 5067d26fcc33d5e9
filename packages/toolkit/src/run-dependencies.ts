import type { Logger } from '@sigil/core';
import type { Registry } from '@sigil/oci';
import type { RunnerEnvironment } from './environment.js';
import { writeReport } from './outputs.js';
import { createRegistryClient, type RegistrySettings } from './registry-access.js';
import type { ActionRuntime } from './runtime.js';
import { signingEngineFactory, type SigningEngineFactory } from './signing-engine-factory.js';
import { writeJobSummary } from './summary.js';

/** What an action's `run(inputs, dependencies)` needs from the runner: plain functions, so tests pass their own. */
export interface RunDependencies {
  readonly environment: Pick<RunnerEnvironment, 'dockerConfigPath' | 'path' | 'home'> &
    Partial<Pick<RunnerEnvironment, 'helperEnvironment'>>;
  readonly logger: Logger;
  readonly outputs: { set(name: string, value: unknown): void };
  /** Writes the JSON report and returns its path (toolkit `writeReport` into RUNNER_TEMP). */
  readonly writeReport: (name: string, report: unknown) => Promise<string>;
  /** Appends Markdown to the job summary (toolkit `writeJobSummary`). */
  readonly writeSummary: (markdown: string) => Promise<unknown>;
  /** Masks a secret in every later log line (toolkit `SecretMasker.add`): registry credentials found at run time. */
  readonly mask: (secret: string) => void;
  /** A registry to use instead of a client built from the inputs (tests, embedding). */
  readonly registry?: Registry;
  /** Makes the signing engine for a key (native, or the cosign CLI); without one, native only. */
  readonly signingEngine?: SigningEngineFactory;
  readonly now?: () => Date;
}

/** The dependencies of a real run on the runner, all sharing the runtime's secret list. */
export function runDependencies(runtime: ActionRuntime, options: { showSummary: boolean }): RunDependencies {
  const { environment, logger, outputs, secrets } = runtime;
  return {
    environment,
    logger,
    outputs,
    mask: secrets.add,
    signingEngine: signingEngineFactory({ environment, logger, mask: secrets.add }),
    writeReport: (name, report) => writeReport(environment.runnerTemp, name, report, secrets),
    writeSummary: (markdown) =>
      writeJobSummary(markdown, { show: options.showSummary, environment, secrets }),
  };
}

/**
 * Runs `work` with the run's registry: `dependencies.registry` when given (tests, embedding), else a
 * client built from the registry inputs, closed when `work` ends.
 */
export async function withRegistry<T>(
  settings: RegistrySettings,
  dependencies: Pick<RunDependencies, 'registry' | 'environment' | 'mask' | 'logger'>,
  work: (registry: Registry) => Promise<T>,
): Promise<T> {
  if (dependencies.registry !== undefined) return work(dependencies.registry);
  const client = await createRegistryClient(
    settings,
    dependencies.environment,
    dependencies.mask,
    dependencies.logger,
  );
  try {
    return await work(client);
  } finally {
    client.close();
  }
}
