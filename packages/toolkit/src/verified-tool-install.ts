import { randomUUID } from 'node:crypto';
import { chmod, copyFile, mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { SigilError, messageOf, type Logger } from '@sigil/core';
import { downloadFile, type DownloadFileOptions } from './download-file.js';
import { sha256OfFile } from '@sigil/core';
import type { ToolCache } from './tool-cache.js';

/** The sha256 a tool binary must have, where that value comes from, and what to do when it does not match. */
interface ExpectedToolChecksum {
  readonly sha256: string;
  /** Where the value comes from, e.g. `the \`checksum\` input`, named in messages. */
  readonly source: string;
  /** The input to fix when the download does not match. */
  readonly input: string;
  /** How to fix a mismatch, one sentence. */
  readonly hint: string;
}

export interface VerifiedToolRequest {
  /** Tool-cache name, e.g. `cosign`. */
  readonly tool: string;
  /** Tool-cache version: semver without a leading `v`. */
  readonly version: string;
  /** Tool-cache arch: the runner's `process.arch`. */
  readonly arch: string;
  /** The installed file's name, e.g. `cosign` or `cosign.exe`. */
  readonly fileName: string;
  /** What is installed, for messages: e.g. `cosign v3.1.3 (cosign-linux-amd64)`. */
  readonly what: string;
  readonly expected: ExpectedToolChecksum;
  /** Where and how to download it (`url`, `input`, `notFound`, `retry`, `maxBytes`). */
  readonly download: Omit<DownloadFileOptions, 'directory' | 'fileName' | 'what' | 'logger'>;
  /**
   * More verification of a file whose sha256 already matched (e.g. a Sigstore signature), for a download
   * and for a cache hit alike; throws to refuse it.
   */
  readonly verify?: (file: string) => Promise<void>;
  /** Also copy the verified binary into this folder (atomically) and use that copy. */
  readonly installDir?: string;
  /** The input that chose `installDir`, named when the folder cannot be written. */
  readonly installDirInput?: string;
}

export interface VerifiedToolDependencies {
  /** The runner's tool cache; undefined outside a runner (no `RUNNER_TOOL_CACHE`). */
  readonly cache: ToolCache | undefined;
  /** Scratch space for downloads (`RUNNER_TEMP`). */
  readonly tempDirectory: string;
  readonly logger: Logger;
}

export interface InstalledTool {
  /** The verified binary to run. */
  readonly path: string;
  /** Its folder, for PATH. */
  readonly directory: string;
  readonly cacheHit: boolean;
  /** The tool-cache entry that holds the binary, if any (to drop it when a later check fails). */
  readonly cacheEntry: string | undefined;
}

/**
 * Installs a single-file tool whose sha256 is known, so that nothing unverified is ever cached or run:
 * a cache entry is used only if its file still has the expected sha256 (else it is removed and the tool
 * downloaded again); a download must match before it enters the cache; `verify` runs on the bytes to be
 * used; the copy into `installDir` is hashed again before it is renamed into place.
 */
export async function installVerifiedTool(
  request: VerifiedToolRequest,
  dependencies: VerifiedToolDependencies,
): Promise<InstalledTool> {
  const { cache, logger } = dependencies;
  const installDir =
    request.installDir ?? (cache === undefined ? fallbackFolder(request, dependencies) : undefined);
  const cached = await verifiedCacheEntry(request, dependencies);
  if (cached !== undefined) {
    await request.verify?.(cached.file);
    const installed =
      installDir === undefined ? cached.file : await copyInto(installDir, cached.file, request);
    return { path: installed, directory: path.dirname(installed), cacheHit: true, cacheEntry: cached.folder };
  }
  const downloaded = await downloadFile({
    ...request.download,
    directory: dependencies.tempDirectory,
    fileName: request.fileName,
    what: request.what,
    logger,
  });
  try {
    if (downloaded.sha256 !== request.expected.sha256) {
      throw checksumMismatch(request, downloaded.sha256, downloaded.url, 'downloaded from');
    }
    await request.verify?.(downloaded.path);
    let cacheEntry: string | undefined;
    let binary = downloaded.path;
    if (cache !== undefined) {
      cacheEntry = await cache.add(
        downloaded.path,
        request.fileName,
        request.tool,
        request.version,
        request.arch,
      );
      binary = path.join(cacheEntry, request.fileName);
      try {
        await chmod(binary, 0o755);
        await assertSha256(binary, request, 'copied into the tool cache at');
      } catch (error) {
        await cache.remove(cacheEntry);
        throw error;
      }
    }
    const installed = installDir === undefined ? binary : await copyInto(installDir, binary, request);
    return { path: installed, directory: path.dirname(installed), cacheHit: false, cacheEntry };
  } finally {
    await downloaded.remove();
  }
}

/** The cached file, if the cache has a complete entry whose file has the expected sha256. */
async function verifiedCacheEntry(
  request: VerifiedToolRequest,
  { cache, logger }: VerifiedToolDependencies,
): Promise<{ folder: string; file: string } | undefined> {
  const folder = cache?.find(request.tool, request.version, request.arch);
  if (cache === undefined || folder === undefined) return undefined;
  const file = path.join(folder, request.fileName);
  let actual: string;
  try {
    actual = await sha256OfFile(file);
  } catch (error) {
    actual = `unreadable (${messageOf(error)})`;
  }
  if (actual === request.expected.sha256) return { folder, file };
  logger.warning(
    `The tool cache entry ${folder} holds a ${request.fileName} whose sha256 is ${actual}, not ` +
      `${request.expected.sha256} (from ${request.expected.source}): removing the entry and installing ` +
      `${request.what} again. Something changed the runner's tool cache; on a self-hosted runner, find out what.`,
  );
  await cache.remove(folder);
  return undefined;
}

/** Copies `source` into `folder` under a temporary name, checks it, and renames it into place. */
async function copyInto(folder: string, source: string, request: VerifiedToolRequest): Promise<string> {
  const target = path.join(folder, request.fileName);
  const temporary = path.join(folder, `.${request.fileName}.${randomUUID()}.partial`);
  try {
    await mkdir(folder, { recursive: true });
    await copyFile(source, temporary);
    await chmod(temporary, 0o755);
  } catch (cause) {
    await discard(temporary);
    const input = request.installDirInput;
    throw new SigilError(
      'INPUT_INVALID',
      `could not install ${request.what} into ${folder}: ${messageOf(cause)}`,
      {
        cause,
        ...(input === undefined ? {} : { input }),
        hint: `Give ${input === undefined ? 'a folder' : `\`${input}\` as a folder`} this job can create and write.`,
      },
    );
  }
  try {
    await assertSha256(temporary, request, 'copied to');
    await rename(temporary, target);
  } catch (error) {
    await discard(temporary);
    throw error;
  }
  return target;
}

async function assertSha256(file: string, request: VerifiedToolRequest, how: string): Promise<void> {
  const actual = await sha256OfFile(file);
  if (actual !== request.expected.sha256) throw checksumMismatch(request, actual, file, how);
}

function checksumMismatch(
  request: VerifiedToolRequest,
  actual: string,
  where: string,
  how: string,
): SigilError {
  return new SigilError(
    'TOOL_CHECKSUM_MISMATCH',
    `the sha256 of ${request.what} ${how} ${where} is ${actual}, but ${request.expected.sha256} was expected ` +
      `(from ${request.expected.source}); the file was deleted, and nothing was installed or run`,
    { input: request.expected.input, hint: request.expected.hint },
  );
}

/** Without a tool cache (outside a runner) and without an install folder, the tool goes into RUNNER_TEMP. */
function fallbackFolder(request: VerifiedToolRequest, dependencies: VerifiedToolDependencies): string {
  const folder = path.join(
    dependencies.tempDirectory,
    'sigil-tools',
    request.tool,
    request.version,
    request.arch,
  );
  dependencies.logger.info(
    `No tool cache (RUNNER_TOOL_CACHE is not set): installing ${request.what} into ${folder}`,
  );
  return folder;
}

/** Removes a partial copy; a folder that cannot hold it cannot hold a leftover either. */
async function discard(file: string): Promise<void> {
  await rm(file, { force: true }).catch(() => undefined);
}
