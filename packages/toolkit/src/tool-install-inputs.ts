import path from 'node:path';
import { SigilError } from '@sigil/core';
import type { RunnerEnvironment } from './environment.js';
import type { InputReader } from './input-reader.js';

/** A release tag as cosign and syft tag them: `v` + semver 2.0 without build metadata. */
const IDENTIFIER = '(?:0|[1-9]\\d*|\\d*[A-Za-z-][0-9A-Za-z-]*)';
const RELEASE_TAG = new RegExp(
  `^v(?:0|[1-9]\\d*)\\.(?:0|[1-9]\\d*)\\.(?:0|[1-9]\\d*)(?:-${IDENTIFIER}(?:\\.${IDENTIFIER})*)?$`,
);
const SHA256_HEX = /^[0-9a-f]{64}$/;

/**
 * A `<tool>-version` input: exactly the release tag, `v` included. It is the folder name of the download
 * URL and what the tool reports, so a version without `v` is refused (with the spelling it probably
 * meant) rather than guessed at.
 */
export function readReleaseTag(inputs: InputReader, tool: string, defaultVersion: string): string {
  const input = `${tool}-version`;
  const version = inputs.string(input) ?? defaultVersion;
  if (RELEASE_TAG.test(version)) return version;
  const withV = `v${version}`;
  const suggestion = RELEASE_TAG.test(withV) ? ` (did you mean ${withV}?)` : '';
  throw new SigilError(
    'INPUT_INVALID',
    `input \`${input}\` must be a release tag such as ${defaultVersion} (vMAJOR.MINOR.PATCH, ` +
      `optionally -prerelease), got ${JSON.stringify(version)}${suggestion}`,
    {
      input,
      hint: `Set \`${input}\` to the tag of a ${tool} release, with its leading v, e.g. ${defaultVersion}.`,
    },
  );
}

/** The `checksum` input: a sha256 as 64 lower-case hex, as `checksumsFile` (e.g. `cosign_checksums.txt`) lists it. */
export function readChecksum(inputs: InputReader, checksumsFile: string): string | undefined {
  const checksum = inputs.string('checksum');
  if (checksum === undefined || SHA256_HEX.test(checksum)) return checksum;
  throw new SigilError(
    'INPUT_INVALID',
    `input \`checksum\` must be a sha256 as 64 lower-case hex digits, got ${JSON.stringify(checksum.slice(0, 80))}`,
    {
      input: 'checksum',
      hint: `Copy the asset's line from the release's ${checksumsFile}: the 64 hex digits before the file name.`,
    },
  );
}

/** The `install-dir` input, absolute: `~` is the home folder; a relative path is relative to the workspace. */
export function readInstallDir(
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
