import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Logger } from '@sigil/core';

/**
 * In-process runs of an action's `run(inputs, dependencies)` (its integration and interop tests), as
 * opposed to `runDistAction`, which runs the committed bundle as the runner does. The shapes here are
 * the toolkit's `RunnerEnvironment` and `RunDependencies` written out structurally: @sigil/testing
 * stays off the toolkit and @actions/*.
 */

/** The runner environment of one run: what the actions and the toolkit's signing-engine factory read. */
interface HarnessEnvironment {
  /** A fresh folder per run; reports are written here. */
  readonly runnerTemp: string;
  /** `<home>/.docker/config.json` by default, which does not exist: no Docker config. */
  readonly dockerConfigPath: string;
  /** This process's `PATH` by default. */
  readonly path: string;
  /** A fresh folder per run. */
  readonly home: string;
  readonly platform: NodeJS.Platform;
  readonly arch: string;
  /** No other variable is set by default. */
  variable(name: string): string | undefined;
  /** `{ PATH, HOME }` of this environment by default. */
  readonly helperEnvironment: Readonly<Record<string, string>>;
}

/** What the engine factory of a run is made from: toolkit `signingEngineFactory` takes it as its context. */
interface HarnessRunner {
  readonly environment: HarnessEnvironment;
  readonly logger: Logger;
  readonly mask: (secret: string) => void;
}

/** The dependencies every action's `run` takes (toolkit `RunDependencies`), recorded by the harness. */
interface HarnessDependencies {
  readonly environment: HarnessEnvironment;
  readonly logger: Logger;
  readonly outputs: { set(name: string, value: unknown): void };
  readonly writeReport: (name: string, report: unknown) => Promise<string>;
  readonly writeSummary: (markdown: string) => Promise<unknown>;
  readonly mask: (secret: string) => void;
}

interface ActionRunHarnessOptions<Extra extends object> {
  /** toolkit `writeReport(folder, name, report)`, so reports are written as on the runner (into `runnerTemp`). */
  readonly writeReport: (folder: string, name: string, report: unknown) => Promise<string>;
  /** Where each run's home and runner temp folders are made (default: a fresh temporary folder). */
  readonly scratch?: string;
  /** Dependencies an action takes beyond the common ones (attest-sbom's `syftExec`), given to every run. */
  readonly dependencies?: Extra;
}

interface ActionRunOptions<Engine> {
  /** Replaces parts of the default environment (`helperEnvironment` follows `path` and `home` unless given). */
  readonly environment?: Partial<HarnessEnvironment>;
  /** Makes the run's `signingEngine` from its environment, logger and masking (default: none, native only). */
  readonly signingEngine?: (runner: HarnessRunner) => Engine;
}

/** One run's dependencies and everything the action did through them. */
interface ActionRun<Dependencies> {
  /** Outputs by name, as the action set them (not yet turned into strings). */
  readonly outputs: Record<string, unknown>;
  /** Each Markdown block the action appended to the job summary. */
  readonly summaries: string[];
  /** Each secret the action masked. */
  readonly masked: string[];
  readonly warnings: string[];
  readonly infos: string[];
  /** Every logged line, debug included, in order. */
  readonly lines: string[];
  readonly environment: HarnessEnvironment;
  readonly dependencies: Dependencies;
}

/**
 * Makes `runHarness()`, which builds the dependencies of one in-process run of an action: a recording
 * logger, outputs, summary and masking, a fresh home and runner temp, and reports written with the
 * toolkit's own writer.
 *
 * ```ts
 * const runHarness = actionRunHarness({ writeReport });
 * const h = runHarness();
 * await run(inputs, h.dependencies);
 * expect(h.outputs['digests']).toBe(digest);
 * ```
 */
export function actionRunHarness<Extra extends object = object>(
  options: ActionRunHarnessOptions<Extra>,
): <Engine = never>(
  run?: ActionRunOptions<Engine>,
) => ActionRun<HarnessDependencies & Extra & { readonly signingEngine?: Engine }> {
  const scratch = options.scratch ?? mkdtempSync(path.join(tmpdir(), 'sigil-action-run-'));
  return <Engine>(run: ActionRunOptions<Engine> = {}) => {
    const outputs: Record<string, unknown> = {};
    const summaries: string[] = [];
    const masked: string[] = [];
    const warnings: string[] = [];
    const infos: string[] = [];
    const lines: string[] = [];
    const logger: Logger = {
      debug: (message) => void lines.push(message),
      info: (message) => void (infos.push(message), lines.push(message)),
      warning: (message) => void (warnings.push(message), lines.push(message)),
    };
    const mask = (secret: string): void => void masked.push(secret);
    const home = run.environment?.home ?? mkdtempSync(path.join(scratch, 'home-'));
    const searchPath = run.environment?.path ?? process.env.PATH ?? '';
    const environment: HarnessEnvironment = {
      runnerTemp: mkdtempSync(path.join(scratch, 'temp-')),
      dockerConfigPath: path.join(home, '.docker', 'config.json'),
      platform: process.platform,
      arch: process.arch,
      variable: () => undefined,
      helperEnvironment: { PATH: searchPath, HOME: home },
      ...run.environment,
      home,
      path: searchPath,
    };
    const dependencies = {
      ...options.dependencies,
      environment,
      logger,
      outputs: { set: (name: string, value: unknown) => void (outputs[name] = value) },
      writeReport: (name: string, report: unknown) =>
        options.writeReport(environment.runnerTemp, name, report),
      writeSummary: async (markdown: string) => void summaries.push(markdown),
      mask,
      ...(run.signingEngine === undefined
        ? {}
        : { signingEngine: run.signingEngine({ environment, logger, mask }) }),
    } as HarnessDependencies & Extra & { readonly signingEngine?: Engine };
    return { outputs, summaries, masked, warnings, infos, lines, environment, dependencies };
  };
}
