import os from 'node:os';
import path from 'node:path';

/** What the action needs from the runner's environment, read once in the action entry and passed down. */
export interface RunnerEnvironment {
  /** `RUNNER_TEMP`: a per-job scratch folder (the system temp folder outside Actions). */
  readonly runnerTemp: string;
  /** `RUNNER_TOOL_CACHE`, when the runner provides one. */
  readonly runnerToolCache: string | undefined;
  /** `GITHUB_STEP_SUMMARY`, when the runner provides one. */
  readonly stepSummaryPath: string | undefined;
  /** `GITHUB_WORKSPACE`, or the working folder outside Actions; relative paths in inputs resolve against it. */
  readonly workspace: string;
  /** `$DOCKER_CONFIG/config.json`, else `~/.docker/config.json` (where `docker/login-action` writes). */
  readonly dockerConfigPath: string;
  readonly home: string;
  /** The executable search path (`PATH`), for credential helpers and installed CLIs. */
  readonly path: string;
  readonly platform: NodeJS.Platform;
  readonly arch: string;
  /** Any other variable, e.g. for `env://NAME` keys or `COSIGN_PASSWORD`. */
  variable(name: string): string | undefined;
  /**
   * The environment for programs run on the user's behalf (credential helpers such as
   * `docker-credential-ecr-login` need `AWS_*`, `gcloud` needs `CLOUDSDK_*`): everything but the step's
   * inputs, cosign's and Sigstore's variables, and the runner's own tokens.
   */
  readonly helperEnvironment: Readonly<Record<string, string>>;
}

/** Never handed to helper programs: step inputs (secrets among them), key passwords, runner tokens. */
const WITHHELD_FROM_HELPERS =
  /^(INPUT_|COSIGN_|SIGSTORE_|ACTIONS_RUNTIME_TOKEN$|ACTIONS_ID_TOKEN_REQUEST_|GITHUB_TOKEN$)/i;

export interface SystemFacts {
  homedir: string;
  tmpdir: string;
  cwd: string;
  platform: NodeJS.Platform;
  arch: string;
}

const thisSystem = (): SystemFacts => ({
  homedir: os.homedir(),
  tmpdir: os.tmpdir(),
  cwd: process.cwd(),
  platform: process.platform,
  arch: process.arch,
});

export function readRunnerEnvironment(
  env: Readonly<Record<string, string | undefined>> = process.env,
  system: SystemFacts = thisSystem(),
): RunnerEnvironment {
  const snapshot = { ...env };
  const variable = (name: string): string | undefined => lookup(snapshot, name, system.platform);
  const nonEmpty = (name: string): string | undefined => {
    const value = variable(name);
    return value === undefined || value === '' ? undefined : value;
  };
  const pathApi = system.platform === 'win32' ? path.win32 : path.posix;
  const home = nonEmpty('HOME') ?? nonEmpty('USERPROFILE') ?? system.homedir;
  const dockerConfigDir = nonEmpty('DOCKER_CONFIG') ?? pathApi.join(home, '.docker');
  return Object.freeze({
    runnerTemp: nonEmpty('RUNNER_TEMP') ?? system.tmpdir,
    runnerToolCache: nonEmpty('RUNNER_TOOL_CACHE'),
    stepSummaryPath: nonEmpty('GITHUB_STEP_SUMMARY'),
    workspace: nonEmpty('GITHUB_WORKSPACE') ?? system.cwd,
    dockerConfigPath: pathApi.join(dockerConfigDir, 'config.json'),
    home,
    path: nonEmpty('PATH') ?? '',
    platform: system.platform,
    arch: system.arch,
    variable,
    helperEnvironment: Object.freeze(
      Object.fromEntries(
        Object.entries(snapshot).filter(
          (entry): entry is [string, string] =>
            entry[1] !== undefined && !WITHHELD_FROM_HELPERS.test(entry[0]),
        ),
      ),
    ),
  });
}

// Windows environment names are case-insensitive (`Path`), but a copied object is not.
function lookup(
  snapshot: Record<string, string | undefined>,
  name: string,
  platform: NodeJS.Platform,
): string | undefined {
  if (Object.hasOwn(snapshot, name)) return snapshot[name];
  if (platform !== 'win32') return undefined;
  const key = Object.keys(snapshot).find((candidate) => candidate.toUpperCase() === name.toUpperCase());
  return key === undefined ? undefined : snapshot[key];
}
