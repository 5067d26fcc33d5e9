import path from 'node:path';
import {
  compareVersions,
  cosignVersionArguments,
  parseCosignVersionOutput,
  parseVersionText,
  requireSupportedCosign,
  type CosignExec,
  type LocatedCosign,
} from '@sigil/cosign';
import { SigilError } from '@sigil/errors';
import type { RunnerEnvironment } from './environment.js';
import { findOnPath } from './executable-lookup.js';
import { spawnCommand } from './spawn-command.js';

/** The step users add so that cosign is there (it puts cosign on PATH and in the tool cache). */
export const INSTALL_COSIGN_STEP = 'uses: <owner>/sigil/actions/install-cosign@v1';
const INSTALL_HINT = `Add a \`${INSTALL_COSIGN_STEP}\` step before this one, or put cosign (v2.2.0 or later) on PATH.`;

/** The part of @actions/tool-cache the lookup uses (its folders are `<tool>/<version>/<arch>`). */
export interface ToolCacheLookup {
  findAllVersions(tool: string, arch: string): string[];
  find(tool: string, version: string, arch: string): string;
}

export interface CosignLocationOptions {
  readonly environment: Pick<
    RunnerEnvironment,
    'path' | 'platform' | 'arch' | 'variable' | 'helperEnvironment'
  >;
  /** The runner's tool cache (default: @actions/tool-cache over RUNNER_TOOL_CACHE). */
  readonly toolCache?: ToolCacheLookup;
  /** Makes the executor for a binary (default `spawnCommand`). */
  readonly executor?: (binary: string) => CosignExec;
  /** The input the user changes to need cosign no more (`key`, `engine`, `public-keys`), named in errors. */
  readonly input?: string;
}

/**
 * Finds the cosign CLI the way later steps would: `cosign` on PATH first, then the newest cosign in the
 * runner's tool cache (where the install-cosign action puts it: tool `cosign`, version without `v`, arch
 * `process.arch`, file `cosign`/`cosign.exe`). Runs `cosign version --json` and requires v2.2.0 or later.
 * COSIGN_MISSING when there is none (the hint names the install-cosign step), COSIGN_VERSION when it is too old.
 */
export async function locateCosign(options: CosignLocationOptions): Promise<LocatedCosign> {
  const { environment } = options;
  const input = options.input === undefined ? {} : { input: options.input };
  const binary = (await findOnPath('cosign', environment)) ?? (await newestInToolCache(options));
  if (binary === undefined) {
    throw new SigilError(
      'COSIGN_MISSING',
      'the cosign CLI is needed for this key, but it is not on PATH or in the tool cache',
      {
        ...input,
        hint: INSTALL_HINT,
      },
    );
  }
  const exec = (options.executor ?? spawnCommand)(binary);
  const result = await exec(cosignVersionArguments(), {
    env: { ...environment.helperEnvironment, PATH: environment.path },
    timeoutMs: 30_000,
  }).catch((cause: unknown) => {
    throw new SigilError('COSIGN_MISSING', `${binary} could not be run`, {
      ...input,
      cause,
      hint: INSTALL_HINT,
    });
  });
  if (result.code !== 0) {
    throw new SigilError('COSIGN_VERSION', `\`${binary} version --json\` exited with ${result.code}`, {
      ...input,
      cause: new Error(result.stderr.trim().slice(-2000)),
      hint: INSTALL_HINT,
    });
  }
  const version = parseCosignVersionOutput(result.stdout, binary);
  requireSupportedCosign(version, binary, INSTALL_HINT);
  return { path: binary, version, exec };
}

async function newestInToolCache(options: CosignLocationOptions): Promise<string | undefined> {
  const cache = options.toolCache ?? (await actionsToolCacheLookup(options.environment));
  if (cache === undefined) return undefined;
  const arch = options.environment.arch;
  const newest = cache
    .findAllVersions('cosign', arch)
    .flatMap((text) => {
      const version = parseVersionText(text);
      return version === undefined ? [] : [{ text, version }];
    })
    .sort((a, b) => compareVersions(b.version, a.version))[0];
  if (newest === undefined) return undefined;
  const folder = cache.find('cosign', newest.text, arch);
  if (folder === '') return undefined;
  return path.join(folder, options.environment.platform === 'win32' ? 'cosign.exe' : 'cosign');
}

/**
 * @actions/tool-cache reads RUNNER_TOOL_CACHE itself, and throws when it is not set (outside Actions).
 * Loaded only when cosign is not on PATH, so that runs without the cosign engine never load it.
 */
async function actionsToolCacheLookup(
  environment: Pick<RunnerEnvironment, 'variable'>,
): Promise<ToolCacheLookup | undefined> {
  if (!environment.variable('RUNNER_TOOL_CACHE')) return undefined;
  const toolCache = await import('@actions/tool-cache');
  return {
    findAllVersions: (tool, arch) => toolCache.findAllVersions(tool, arch),
    find: (tool, version, arch) => toolCache.find(tool, version, arch),
  };
}
