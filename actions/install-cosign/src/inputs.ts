import type { InputReader, RunnerEnvironment } from '@sigil/toolkit';
import {
  COSIGN_DEFAULT_VERSION,
  COSIGN_RELEASES_URL,
  parseDownloadBase,
  readChecksum,
  readInstallDir,
  readReleaseTag,
  type CosignVerification,
} from '@sigil/toolkit/tool-install';

/** Everything install-cosign was asked to do, read and checked once. */
export interface InstallCosignInputs {
  /** `vMAJOR.MINOR.PATCH[-prerelease]`. */
  readonly version: string;
  /** Without a trailing slash. */
  readonly downloadUrl: string;
  readonly checksum: string | undefined;
  readonly verify: CosignVerification;
  /** Absolute. */
  readonly installDir: string | undefined;
}

export function readInstallCosignInputs(
  inputs: InputReader,
  environment: Pick<RunnerEnvironment, 'workspace' | 'home'>,
): InstallCosignInputs {
  const version = readReleaseTag(inputs, 'cosign', COSIGN_DEFAULT_VERSION);
  const downloadUrl = parseDownloadBase(inputs.string('download-url') ?? COSIGN_RELEASES_URL, 'download-url');
  const checksum = readChecksum(inputs, 'cosign_checksums.txt');
  const verify = inputs.enumeration('verify', ['checksum', 'signature'], 'checksum');
  const installDir = readInstallDir(inputs, environment);
  return Object.freeze({ version, downloadUrl, checksum, verify, installDir });
}
