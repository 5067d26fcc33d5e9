import { chmod, copyFile, mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import {
  compareVersions,
  parseVersionText,
  requireSupportedCosign,
  cosignExecutor,
  cosignVersionOf,
  type CosignExec,
  type LocatedCosign,
} from '@sigil/cosign-cli';
import { SigilError, findOnPath, sha256OfFile } from '@sigil/core';
import { cosignAssetFor } from './cosign-release-assets.js';
import { HELD_COSIGN_RELEASES, type HeldCosignRelease } from './cosign-release-checksums.js';
import type { RunnerEnvironment } from './environment.js';

/** The step users add so that cosign is there (it puts cosign on PATH and in the tool cache). */
const INSTALL_COSIGN_STEP = 'uses: <owner>/sigil/actions/install-cosign@v1';
const INSTALL_HINT = `Add a \`${INSTALL_COSIGN_STEP}\` step before this one, or put cosign (v2.2.0 or later) on PATH.`;

/** The part of @actions/tool-cache the lookup uses (its folders are `<tool>/<version>/<arch>`). */
interface ToolCacheLookup {
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
  /** Makes the executor for a binary (default `cosignExecutor`). */
  readonly executor?: (binary: string) => CosignExec;
  /** The input the user changes to need cosign no more (`key`, `engine`, `public-keys`), named in errors. */
  readonly input?: string;
  /**
   * A folder only this job writes (RUNNER_TEMP): a tool-cache cosign is copied there, and the copy is
   * hashed and run, so a shared cache cannot swap the file between the check and the run.
   */
  readonly privateDir?: string;
  /** The checksums a tool-cache cosign is re-checked against (default: the ones sigil holds). */
  readonly heldReleases?: Readonly<Record<string, HeldCosignRelease>>;
}

/**
 * Finds the cosign CLI the way later steps would: `cosign` on PATH first, then the newest cosign in the
 * runner's tool cache (where the install-cosign action puts it: tool `cosign`, version without `v`, arch
 * `process.arch`, file `cosign`/`cosign.exe`). Runs `cosign version --json` and requires v2.2.0 or later.
 * COSIGN_MISSING when there is none (the hint names the install-cosign step), COSIGN_VERSION when it is too old.
 *
 * A tool-cache entry may have been left by an earlier job (self-hosted runners keep their cache), so it is
 * not run on trust: only releases whose checksums sigil holds are taken from it, each re-checked (see
 * `heldCosignFromToolCache`). install-cosign in the same job puts its verified cosign on PATH, which is
 * looked at first, so an unheld release installed with `checksum` is found there.
 */
export async function locateCosign(options: CosignLocationOptions): Promise<LocatedCosign> {
  const { environment } = options;
  const input = options.input === undefined ? {} : { input: options.input };
  let binary = await findOnPath('cosign', environment);
  if (binary === undefined) {
    const cached = await heldCosignFromToolCache(options);
    if ('path' in cached) binary = cached.path;
    else {
      const passedOver =
        cached.unheld.length === 0
          ? ''
          : ` (the tool cache holds cosign ${cached.unheld.join(', ')}, whose checksums sigil does not hold, so ` +
            'it is not run: a tool cache outlives jobs on self-hosted runners)';
      throw new SigilError(
        'COSIGN_MISSING',
        `the cosign CLI is needed for this key, but it is not on PATH or in the tool cache${passedOver}`,
        { ...input, hint: INSTALL_HINT },
      );
    }
  }
  const exec = (options.executor ?? cosignExecutor)(binary);
  const version = await cosignVersionOf(
    exec,
    binary,
    { ...environment.helperEnvironment, PATH: environment.path },
    { unrunnable: 'COSIGN_MISSING', failed: 'COSIGN_VERSION', hint: INSTALL_HINT, ...input },
  );
  requireSupportedCosign(version, binary, INSTALL_HINT);
  return { path: binary, version, exec };
}

/**
 * The newest cosign of the tool cache among the releases whose checksums sigil holds, re-checked: copied
 * into `privateDir` first (when given) so that the bytes hashed are the bytes run, then its sha256 compared
 * with the published one (TOOL_CHECKSUM_MISMATCH otherwise; nothing is run). Entries of other releases are
 * passed over and named, never run: whoever could write the cache could have put them there.
 */
async function heldCosignFromToolCache(
  options: CosignLocationOptions,
): Promise<{ readonly path: string } | { readonly unheld: readonly string[] }> {
  const cache = options.toolCache ?? (await actionsToolCacheLookup(options.environment));
  if (cache === undefined) return { unheld: [] };
  const { platform, arch } = options.environment;
  const held = options.heldReleases ?? HELD_COSIGN_RELEASES;
  const asset = heldAsset(platform, arch);
  const versions = cache.findAllVersions('cosign', arch).flatMap((text) => {
    const version = parseVersionText(text);
    return version === undefined ? [] : [{ text, version }];
  });
  const checksumOf = (text: string) => (asset === undefined ? undefined : held[`v${text}`]?.sha256[asset]);
  const newest = versions
    .filter(({ text }) => checksumOf(text) !== undefined)
    .sort((a, b) => compareVersions(b.version, a.version))[0];
  const unheld = versions.filter(({ text }) => checksumOf(text) === undefined).map(({ text }) => text);
  if (newest === undefined) return { unheld };
  const folder = cache.find('cosign', newest.text, arch);
  if (folder === '') return { unheld };
  const entry = path.join(folder, platform === 'win32' ? 'cosign.exe' : 'cosign');
  const binary = options.privateDir === undefined ? entry : await privateCopy(entry, options.privateDir);
  const expected = checksumOf(newest.text) ?? '';
  const actual = await sha256OfFile(binary);
  if (actual !== expected) {
    if (binary !== entry) await rm(path.dirname(binary), { recursive: true, force: true });
    throw new SigilError(
      'TOOL_CHECKSUM_MISMATCH',
      `the cosign v${newest.text} in the tool cache (${entry}) has sha256 ${actual}, not the published ` +
        `${expected} (${held[`v${newest.text}`]?.source ?? 'held checksums'}); it was not run`,
      {
        ...(options.input === undefined ? {} : { input: options.input }),
        hint: 'Run install-cosign in this job (it replaces a tool-cache entry that does not match), and find out who wrote that entry.',
      },
    );
  }
  return { path: binary };
}

async function privateCopy(entry: string, privateDir: string): Promise<string> {
  const folder = await mkdtemp(path.join(privateDir, 'sigil-cosign-'));
  const copy = path.join(folder, path.basename(entry));
  await copyFile(entry, copy);
  await chmod(copy, 0o700);
  return copy;
}

function heldAsset(platform: string, arch: string): string | undefined {
  try {
    return cosignAssetFor(platform, arch).asset;
  } catch {
    return undefined;
  }
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
