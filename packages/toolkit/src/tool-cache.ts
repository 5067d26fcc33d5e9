import { rm } from 'node:fs/promises';
import * as toolCache from '@actions/tool-cache';

/** The runner's tool cache, as far as verified tool installs need it. */
export interface ToolCache {
  /** The folder of the complete entry `tool/version/arch`, or undefined. */
  find(tool: string, version: string, arch: string): string | undefined;
  /**
   * Copies every file of `folder` into the entry `tool/version/arch` (replacing the entry), then marks it
   * complete; returns the entry's folder.
   */
  add(folder: string, tool: string, version: string, arch: string): Promise<string>;
  /** Removes an entry: its completion marker first, so that a half-removed entry is never found. */
  remove(folder: string): Promise<void>;
}

/**
 * @actions/tool-cache over `RUNNER_TOOL_CACHE` (which it reads from the environment at each call).
 * An entry is `<cache>/<tool>/<version>/<arch>/` and counts only once its `<arch>.complete` marker
 * exists, which is written after the copy: an interrupted copy is never found.
 */
export const actionsToolCache: ToolCache = {
  find: (tool, version, arch) => toolCache.find(tool, version, arch) || undefined,
  add: (folder, tool, version, arch) => toolCache.cacheDir(folder, tool, version, arch),
  remove: async (folder) => {
    await rm(`${folder}.complete`, { force: true });
    await rm(folder, { recursive: true, force: true });
  },
};
