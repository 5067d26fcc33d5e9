import { runDistAction, type DistActionRun, type RunDistActionOptions } from '@sigil/testing';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';

/** The actions this tier runs; each must have a committed `dist/<name>/index.js`. */
export type ActionName = 'sign-image' | 'verify-gate' | 'attest-sbom' | 'attest-provenance' | 'install-syft';

const REPOSITORY_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Fails with the fix when the committed bundle is missing, instead of a confusing Node error from the run. */
export function requireBundle(name: ActionName): string {
  const entry = join(REPOSITORY_ROOT, 'dist', name, 'index.js');
  if (!existsSync(entry)) {
    throw new Error(
      `dist/${name}/index.js is missing: run \`npm run build\` (tsc -b + scripts/bundle.mjs) and commit dist/, ` +
        'the e2e tests run the committed bundles exactly as the Actions runner does',
    );
  }
  return entry;
}

/**
 * Runs the committed bundle as the runner does. Every run is kept (see `runsSoFar`) so that a suite can
 * scan everything every run printed or wrote; the runs' folders are removed by `cleanupRuns`.
 */
export async function runBundle(name: ActionName, options: RunDistActionOptions): Promise<DistActionRun> {
  requireBundle(name);
  const run = await runDistAction(name, { timeoutMs: 45_000, ...options });
  if (run.timedOut) throw new Error(`${name} timed out:\n${run.stdout}\n${run.stderr}`);
  runs.push(run);
  return run;
}

const runs: DistActionRun[] = [];

export async function cleanupRuns(): Promise<void> {
  await Promise.all(runs.splice(0).map((run) => run.cleanup()));
}

/** The inputs `actions/<name>/action.yml` declares, with their defaults. */
export function declaredInputs(name: ActionName): Map<string, string | undefined> {
  const document = parseYaml(readFileSync(join(REPOSITORY_ROOT, 'actions', name, 'action.yml'), 'utf8')) as {
    inputs?: Record<string, { default?: unknown } | null>;
  };
  return new Map(
    Object.entries(document.inputs ?? {}).map(([input, spec]) => [
      input,
      spec?.default === undefined || spec.default === null ? undefined : String(spec.default),
    ]),
  );
}

/** Everything a run printed, for failure messages. */
export function transcript(run: DistActionRun): string {
  return `exit ${run.exitCode}\n--- stdout\n${run.stdout}\n--- stderr\n${run.stderr}`;
}
