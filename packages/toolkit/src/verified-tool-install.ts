import { randomUUID } from 'node:crypto';
import { chmod, copyFile, lstat, mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { SigilError, messageOf, sha256OfFile, type ErrorCode, type Logger } from '@sigil/core';
import { downloadFile, type DownloadFileOptions, type DownloadRetryOptions } from './download-file.js';
import type { ToolCache } from './tool-cache.js';

/** The sha256 a download must have, where that value comes from, and what to do when it does not match. */
interface ExpectedToolChecksum {
  readonly sha256: string;
  /** Where the value comes from, e.g. `the \`checksum\` input`, named in messages. */
  readonly source: string;
  /** The input to fix when the download does not match. */
  readonly input: string;
  /** How to fix a mismatch, one sentence. */
  readonly hint: string;
}

/** A tool released inside an archive: which file of it is the tool, and how to unpack it. */
interface ToolArchive {
  /** The binary's name at the archive's root, kept once installed: e.g. `syft`, `syft.exe`. */
  readonly binary: string;
  /** Unpacks the verified archive into `folder`, a new empty folder. */
  readonly extract: (archive: string, folder: string) => Promise<void>;
}

export interface VerifiedToolRequest {
  /** Tool-cache name, e.g. `cosign`. */
  readonly tool: string;
  /** Tool-cache version: semver without a leading `v`. */
  readonly version: string;
  /** Tool-cache arch: the runner's `process.arch`. */
  readonly arch: string;
  /**
   * The downloaded file's name: the binary itself (`cosign`, `cosign.exe`), or with `archive` the archive
   * that holds it (`syft_1.57.0_linux_amd64.tar.gz`).
   */
  readonly fileName: string;
  /** What is installed, for messages: e.g. `cosign v3.1.3 (cosign-linux-amd64)`. */
  readonly what: string;
  /** What the download (the binary, or the archive) must hash to. */
  readonly expected: ExpectedToolChecksum;
  /** Where and how to download it (`url`, `input`, `notFound`, `retry`, `maxBytes`). */
  readonly download: Omit<DownloadFileOptions, 'directory' | 'fileName' | 'what' | 'logger'>;
  /**
   * More verification of a download whose sha256 already matched (e.g. a Sigstore signature), for a
   * download and for a cache hit alike; throws to refuse it.
   */
  readonly verify?: (file: string) => Promise<void>;
  /**
   * Set when the download is an archive: once it verified, the binary is unpacked from it. The cache entry
   * keeps both, and a cache hit unpacks the archive again to check that the cached binary is still its.
   */
  readonly archive?: ToolArchive;
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

/** What a tool install (install-cosign, install-syft) needs around `installVerifiedTool`. */
export interface ToolInstallDependencies extends VerifiedToolDependencies {
  /** The environment the installed tool runs with to report its version (the runner's, without inputs and tokens). */
  readonly env: Readonly<Record<string, string>>;
  readonly retry?: Partial<DownloadRetryOptions>;
}

/** Where and how a tool install downloads its small release files (`downloadReleaseFile`'s context). */
export function downloadContext(
  dependencies: Pick<ToolInstallDependencies, 'tempDirectory' | 'logger' | 'retry'>,
): { directory: string; logger: Logger; retry?: Partial<DownloadRetryOptions> } {
  return {
    directory: dependencies.tempDirectory,
    logger: dependencies.logger,
    ...(dependencies.retry === undefined ? {} : { retry: dependencies.retry }),
  };
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

/** A file whose sha256 is known, where that value comes from, and what it is called in messages. */
interface VerifiedFile {
  readonly file: string;
  readonly sha256: string;
  readonly source: string;
  readonly subject: string;
}

/**
 * Installs a tool whose download's sha256 is known, so that nothing unverified is ever cached or run: a
 * cache entry is used only if its download still has the expected sha256 (and, for an archive, its binary
 * is still the one the archive holds; else it is removed and the tool downloaded again); a download must
 * match before it is unpacked or enters the cache; `verify` runs on the bytes to be used; the copy into
 * `installDir` is hashed again before it is renamed into place.
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
    await request.verify?.(cached.download);
    const installed =
      installDir === undefined ? cached.binary.file : await copyInto(installDir, cached.binary, request);
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
    const download = expectedDownload(request, downloaded.path);
    if (downloaded.sha256 !== download.sha256) {
      throw checksumMismatch(request, download, downloaded.sha256, downloaded.url, 'downloaded from');
    }
    await request.verify?.(downloaded.path);
    // An archive's binary is unpacked next to it, so that the cache entry gets both.
    const binary =
      request.archive === undefined
        ? download
        : await unpackBinary(request, request.archive, downloaded.path, dependencies, (unpacked) =>
            moveInto(path.dirname(downloaded.path), unpacked),
          );
    const entry = cache === undefined ? undefined : await addToCache(request, cache, download, binary);
    const usable = entry?.binary ?? binary;
    const installed = installDir === undefined ? usable.file : await copyInto(installDir, usable, request);
    return {
      path: installed,
      directory: path.dirname(installed),
      cacheHit: false,
      cacheEntry: entry?.folder,
    };
  } finally {
    await downloaded.remove();
  }
}

/**
 * Copies the folder of the verified download (and the binary unpacked next to it) into the tool cache and
 * hashes them there; an entry whose files do not match is removed again.
 */
async function addToCache(
  request: VerifiedToolRequest,
  cache: ToolCache,
  download: VerifiedFile,
  binary: VerifiedFile,
): Promise<{ folder: string; binary: VerifiedFile }> {
  const folder = await cache.add(path.dirname(download.file), request.tool, request.version, request.arch);
  const inCache = (file: VerifiedFile) => ({ ...file, file: path.join(folder, path.basename(file.file)) });
  try {
    await chmod(inCache(binary).file, 0o755);
    // One file when the download is the binary.
    for (const file of new Set([download, binary])) {
      await assertSha256(request, inCache(file), 'copied into the tool cache at');
    }
  } catch (error) {
    await cache.remove(folder);
    throw error;
  }
  return { folder, binary: inCache(binary) };
}

/**
 * When the binary `installed` reports `reported` rather than `requested`, removes its tool-cache entry and
 * fails with `failure.code`: a verified download can still be another version (a `checksum` copied from
 * another release's line).
 */
export async function requireReportedVersion(
  installed: InstalledTool,
  cache: ToolCache | undefined,
  check: {
    readonly what: string;
    readonly requested: string;
    readonly reported: string;
    readonly code: ErrorCode;
    readonly input: string;
    readonly hint: string;
  },
): Promise<void> {
  if (check.reported === check.requested) return;
  const cached = installed.cacheEntry !== undefined && cache !== undefined;
  if (cached) await cache?.remove(installed.cacheEntry);
  throw new SigilError(
    check.code,
    `the verified ${check.what} reports version ${check.reported}, not ${check.requested}` +
      (cached ? '; it was removed from the tool cache' : ''),
    { input: check.input, hint: check.hint },
  );
}

/** The download as it must be: its file, the expected sha256 and where that comes from. */
function expectedDownload(request: VerifiedToolRequest, file: string): VerifiedFile {
  return { file, sha256: request.expected.sha256, source: request.expected.source, subject: request.what };
}

/** The cache entry, if it is complete, its download has the expected sha256, and its binary is the download's. */
async function verifiedCacheEntry(
  request: VerifiedToolRequest,
  dependencies: VerifiedToolDependencies,
): Promise<{ folder: string; download: string; binary: VerifiedFile } | undefined> {
  const { cache } = dependencies;
  const folder = cache?.find(request.tool, request.version, request.arch);
  if (cache === undefined || folder === undefined) return undefined;
  const download = expectedDownload(request, path.join(folder, request.fileName));
  const poisoned = async (file: VerifiedFile, actual: string) => {
    dependencies.logger.warning(
      `The tool cache entry ${folder} holds a ${path.basename(file.file)} whose sha256 is ${actual}, not ` +
        `${file.sha256} (from ${file.source}): removing the entry and installing ${request.what} again. ` +
        "Something changed the runner's tool cache; on a self-hosted runner, find out what.",
    );
    await cache.remove(folder);
    return undefined;
  };
  const actual = await sha256OrWhy(download.file);
  if (actual !== download.sha256) return poisoned(download, actual);
  if (request.archive === undefined) return { folder, download: download.file, binary: download };
  const unpacked = await unpackBinary(
    request,
    request.archive,
    download.file,
    dependencies,
    async (file) => file,
  );
  const binary = { ...unpacked, file: path.join(folder, request.archive.binary) };
  const cachedBinary = await sha256OrWhy(binary.file);
  if (cachedBinary !== binary.sha256) return poisoned(binary, cachedBinary);
  return { folder, download: download.file, binary };
}

async function sha256OrWhy(file: string): Promise<string> {
  try {
    return await sha256OfFile(file);
  } catch (error) {
    return `unreadable (${messageOf(error)})`;
  }
}

/**
 * Unpacks the verified `archive` file into a fresh folder, checks that it holds the binary as a regular file
 * at its root, lets `keep` move it (or not), hashes what `keep` returns, and removes the folder.
 */
async function unpackBinary(
  request: VerifiedToolRequest,
  archive: ToolArchive,
  file: string,
  dependencies: VerifiedToolDependencies,
  keep: (binary: string) => Promise<string>,
): Promise<VerifiedFile> {
  const folder = await mkdtemp(path.join(dependencies.tempDirectory, 'sigil-unpack-'));
  const unusable = (detail: string, cause?: unknown) =>
    new SigilError('TOOL_UNUSABLE', `the verified ${request.fileName} of ${request.what} ${detail}`, {
      ...(cause === undefined ? {} : { cause }),
      input: request.expected.input,
      hint: request.expected.hint,
    });
  try {
    await archive.extract(file, folder).catch((cause: unknown) => {
      throw unusable(`could not be unpacked: ${messageOf(cause)}`, cause);
    });
    const unpacked = path.join(folder, archive.binary);
    const entry = await lstat(unpacked).catch(() => undefined);
    if (entry === undefined || !entry.isFile()) {
      throw unusable(`holds no ${archive.binary} file at its root`);
    }
    const kept = await keep(unpacked);
    return {
      file: kept,
      sha256: await sha256OfFile(kept),
      source: `the ${archive.binary} in the verified ${request.fileName}`,
      subject: `${archive.binary} of ${request.what}`,
    };
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

async function moveInto(folder: string, file: string): Promise<string> {
  const target = path.join(folder, path.basename(file));
  await rename(file, target);
  return target;
}

/** Copies the verified binary into `folder` under a temporary name, checks it, and renames it into place. */
async function copyInto(folder: string, binary: VerifiedFile, request: VerifiedToolRequest): Promise<string> {
  const name = path.basename(binary.file);
  const target = path.join(folder, name);
  const temporary = path.join(folder, `.${name}.${randomUUID()}.partial`);
  try {
    await mkdir(folder, { recursive: true });
    await copyFile(binary.file, temporary);
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
    await assertSha256(request, { ...binary, file: temporary }, 'copied to');
    await rename(temporary, target);
  } catch (error) {
    await discard(temporary);
    throw error;
  }
  return target;
}

async function assertSha256(
  request: VerifiedToolRequest,
  expected: VerifiedFile,
  how: string,
): Promise<void> {
  const actual = await sha256OfFile(expected.file);
  if (actual !== expected.sha256) throw checksumMismatch(request, expected, actual, expected.file, how);
}

function checksumMismatch(
  request: VerifiedToolRequest,
  expected: VerifiedFile,
  actual: string,
  where: string,
  how: string,
): SigilError {
  return new SigilError(
    'TOOL_CHECKSUM_MISMATCH',
    `the sha256 of ${expected.subject} ${how} ${where} is ${actual}, but ${expected.sha256} was expected ` +
      `(from ${expected.source}); the file was deleted, and nothing was installed or run`,
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
