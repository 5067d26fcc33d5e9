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
import { SigilError, silentLogger, type Logger } from '@sigil/errors';
import { cosignAssetFor } from './cosign-release-assets.js';
import { HELD_COSIGN_RELEASES } from './cosign-release-checksums.js';
import type { RunnerEnvironment } from './environment.js';
import { findOnPath } from './executable-lookup.js';
import { sha256OfFile } from './file-sha256.js';
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
  /** Where the warning about a tool-cache cosign that cannot be re-checked goes. */
  readonly logger?: Logger;
}

/**
 * Finds the cosign CLI the way later steps would: `cosign` on PATH first, then the newest cosign in the
 * runner's tool cache (where the install-cosign action puts it: tool `cosign`, version without `v`, arch
 * `process.arch`, file `cosign`/`cosign.exe`). Runs `cosign version --json` and requires v2.2.0 or later.
 * COSIGN_MISSING when there is none (the hint names the install-cosign step), COSIGN_VERSION when it is too old.
 *
 * A tool-cache entry may have been left by an earlier job (self-hosted runners keep their cache), so it is
 * not run on trust: for a release whose checksums sigil holds, its sha256 must be the published one
 * (TOOL_CHECKSUM_MISMATCH otherwise); for any other release a warning says it could not be re-checked.
 * (install-cosign in the same job re-checks its entry and puts it on PATH, which is looked at first.)
 */
export async function locateCosign(options: CosignLocationOptions): Promise<LocatedCosign> {
  const { environment } = options;
  const input = options.input === undefined ? {} : { input: options.input };
  let binary = await findOnPath('cosign', environment);
  if (binary === undefined) {
    const cached = await newestInToolCache(options);
    if (cached !== undefined) await recheckCachedCosign(cached, options);
    binary = cached?.path;
  }
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

interface CachedCosign {
  readonly path: string;
  /** The entry's version folder, without `v`. */
  readonly version: string;
}

async function recheckCachedCosign(cached: CachedCosign, options: CosignLocationOptions): Promise<void> {
  const { platform, arch } = options.environment;
  const release = HELD_COSIGN_RELEASES[`v${cached.version}`];
  const asset = release === undefined ? undefined : heldAsset(platform, arch);
  const expected = asset === undefined ? undefined : release?.sha256[asset];
  if (release === undefined || expected === undefined) {
    (options.logger ?? silentLogger).warning(
      `cosign ${cached.version} from the tool cache (${cached.path}) runs without its sha256 re-checked: sigil ` +
        'holds no checksum for that release. Run install-cosign in this job (with `checksum`) to have it checked.',
    );
    return;
  }
  const actual = await sha256OfFile(cached.path);
  if (actual !== expected) {
    throw new SigilError(
      'TOOL_CHECKSUM_MISMATCH',
      `the cosign v${cached.version} in the tool cache (${cached.path}) has sha256 ${actual}, not the published ` +
        `${expected} (${release.source}); it was not run`,
      {
        ...(options.input === undefined ? {} : { input: options.input }),
        hint: 'Run install-cosign in this job (it replaces a tool-cache entry that does not match), and find out who wrote that entry.',
      },
    );
  }
}

function heldAsset(platform: string, arch: string): string | undefined {
  try {
    return cosignAssetFor(platform, arch).asset;
  } catch {
    return undefined;
  }
}

async function newestInToolCache(options: CosignLocationOptions): Promise<CachedCosign | undefined> {
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
  return {
    path: path.join(folder, options.environment.platform === 'win32' ? 'cosign.exe' : 'cosign'),
    version: newest.text,
  };
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
