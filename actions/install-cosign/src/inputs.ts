import path from 'node:path';
import { SigilError } from '@sigil/core';
import type { InputReader, RunnerEnvironment } from '@sigil/toolkit';
import {
  COSIGN_DEFAULT_VERSION,
  COSIGN_RELEASES_URL,
  parseDownloadBase,
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

/** A release tag as cosign tags them: `v` + semver 2.0 without build metadata. */
const IDENTIFIER = '(?:0|[1-9]\\d*|\\d*[A-Za-z-][0-9A-Za-z-]*)';
const RELEASE_TAG = new RegExp(
  `^v(?:0|[1-9]\\d*)\\.(?:0|[1-9]\\d*)\\.(?:0|[1-9]\\d*)(?:-${IDENTIFIER}(?:\\.${IDENTIFIER})*)?$`,
);
const SHA256_HEX = /^[0-9a-f]{64}$/;

export function readInstallCosignInputs(
  inputs: InputReader,
  environment: Pick<RunnerEnvironment, 'workspace' | 'home'>,
): InstallCosignInputs {
  const version = readVersion(inputs);
  const downloadUrl = parseDownloadBase(inputs.string('download-url') ?? COSIGN_RELEASES_URL, 'download-url');
  const checksum = readChecksum(inputs);
  const verify = inputs.enumeration('verify', ['checksum', 'signature'], 'checksum');
  const installDir = readInstallDir(inputs, environment);
  return Object.freeze({ version, downloadUrl, checksum, verify, installDir });
}

/**
 * Exactly the release tag, `v` included: it is the folder name of the download URL and what
 * `cosign version` reports, so a version without `v` is refused rather than guessed at.
 */
function readVersion(inputs: InputReader): string {
  const version = inputs.string('cosign-version') ?? COSIGN_DEFAULT_VERSION;
  if (RELEASE_TAG.test(version)) return version;
  const withV = `v${version}`;
  const suggestion = RELEASE_TAG.test(withV) ? ` (did you mean ${withV}?)` : '';
  throw new SigilError(
    'INPUT_INVALID',
    `input \`cosign-version\` must be a release tag such as ${COSIGN_DEFAULT_VERSION} (vMAJOR.MINOR.PATCH, ` +
      `optionally -prerelease), got ${JSON.stringify(version)}${suggestion}`,
    {
      input: 'cosign-version',
      hint: `Set \`cosign-version\` to the tag of a cosign release, with its leading v, e.g. ${COSIGN_DEFAULT_VERSION}.`,
    },
  );
}

function readChecksum(inputs: InputReader): string | undefined {
  const checksum = inputs.string('checksum');
  if (checksum === undefined || SHA256_HEX.test(checksum)) return checksum;
  throw new SigilError(
    'INPUT_INVALID',
    `input \`checksum\` must be a sha256 as 64 lower-case hex digits, got ${JSON.stringify(checksum.slice(0, 80))}`,
    {
      input: 'checksum',
      hint: "Copy the asset's line from the release's cosign_checksums.txt: the 64 hex digits before the file name.",
    },
  );
}

/** `~` is the home folder; a relative path is relative to the workspace. */
function readInstallDir(
  inputs: InputReader,
  environment: Pick<RunnerEnvironment, 'workspace' | 'home'>,
): string | undefined {
  const value = inputs.string('install-dir');
  if (value === undefined) return undefined;
  const expanded =
    value === '~'
      ? environment.home
      : /^~[/\\]/.test(value)
        ? path.join(environment.home, value.slice(2))
        : value;
  if (expanded.startsWith('~')) {
    throw new SigilError(
      'INPUT_INVALID',
      `input \`install-dir\` cannot name another user's home: ${JSON.stringify(value)}`,
      {
        input: 'install-dir',
        hint: 'Give an absolute path, a path relative to the workspace, or one under ~/.',
      },
    );
  }
  return path.resolve(environment.workspace, expanded);
}
