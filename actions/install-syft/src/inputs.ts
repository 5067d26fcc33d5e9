import path from 'node:path';
import { SigilError } from '@sigil/core';
import type { InputReader, RunnerEnvironment } from '@sigil/toolkit';
import {
  SYFT_DEFAULT_VERSION,
  SYFT_RELEASES_URL,
  parseDownloadBase,
  readChecksum,
  readInstallDir,
  readReleaseTag,
  syftChecksumsFileName,
  type SyftVerification,
} from '@sigil/toolkit/tool-install';

/** Everything install-syft was asked to do, read and checked once. */
export interface InstallSyftInputs {
  /** `vMAJOR.MINOR.PATCH[-prerelease]`. */
  readonly version: string;
  /** Without a trailing slash. */
  readonly downloadUrl: string;
  /** The sha256 of the release archive. */
  readonly checksum: string | undefined;
  readonly verify: SyftVerification;
  /** Absolute path of a trusted_root.json; only with `verify: signature`. */
  readonly trustedRoot: string | undefined;
  /** Absolute. */
  readonly installDir: string | undefined;
}

export function readInstallSyftInputs(
  inputs: InputReader,
  environment: Pick<RunnerEnvironment, 'workspace' | 'home'>,
): InstallSyftInputs {
  const version = readReleaseTag(inputs, 'syft', SYFT_DEFAULT_VERSION);
  const downloadUrl = parseDownloadBase(inputs.string('download-url') ?? SYFT_RELEASES_URL, 'download-url');
  const checksum = readChecksum(inputs, syftChecksumsFileName(version));
  const verify = inputs.enumeration('verify', ['signature', 'checksum'], 'signature');
  const trustedRoot = readTrustedRoot(inputs, environment, verify);
  const installDir = readInstallDir(inputs, environment);
  return Object.freeze({ version, downloadUrl, checksum, verify, trustedRoot, installDir });
}

/** `trusted-root`: a file, relative to the workspace; it only means something when a signature is verified. */
function readTrustedRoot(
  inputs: InputReader,
  environment: Pick<RunnerEnvironment, 'workspace'>,
  verify: SyftVerification,
): string | undefined {
  const file = inputs.string('trusted-root');
  if (file === undefined) return undefined;
  if (verify !== 'signature') {
    throw new SigilError(
      'INPUT_INVALID',
      'input `trusted-root` is given with `verify: checksum`, which verifies no signature to use it for',
      {
        input: 'trusted-root',
        hint: 'Remove `trusted-root`, or use `verify: signature` to verify the checksums file against it.',
      },
    );
  }
  return path.resolve(environment.workspace, file);
}
