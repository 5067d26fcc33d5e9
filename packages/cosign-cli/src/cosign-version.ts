import { SigilError } from '@sigil/core';
import { parseStrictJson } from '@sigil/core';

/** A cosign release, from `cosign version --json` (`gitVersion`, e.g. `v3.1.3`). */
export interface CosignVersion {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
  /** As cosign printed it, e.g. `v3.1.3` or `v2.2.0-rc.1`. */
  readonly text: string;
}

/**
 * The oldest cosign the engine drives: v2.2 has every flag the engine passes (`--tlog-upload`,
 * `--allow-http-registry`, `--insecure-ignore-tlog`, `--replace`) and writes the legacy `.sig`/`.att` format.
 */
const MINIMUM_COSIGN_VERSION: CosignVersion = Object.freeze({
  major: 2,
  minor: 2,
  patch: 0,
  text: 'v2.2.0',
});

const SEMVER = /^v?(\d{1,6})\.(\d{1,6})\.(\d{1,6})(?:[-+][0-9A-Za-z.+-]*)?$/;

/** `v3.1.3`, `3.1.3`, `v2.2.0-rc.1` → its numbers; undefined for anything else (`(devel)`, `latest`). */
export function parseVersionText(text: string): CosignVersion | undefined {
  const match = SEMVER.exec(text.trim());
  if (match === null) return undefined;
  return { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3]), text: text.trim() };
}

/** Negative, zero or positive as `a` is older than, the same release as, or newer than `b` (numbers only). */
export function compareVersions(a: CosignVersion, b: CosignVersion): number {
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch;
}

/**
 * The version in the output of `cosign version --json` from the binary at `binary`. Its `gitVersion`
 * field (any letter case, as older releases spelled it `GitVersion`) must be a release number; anything
 * else is COSIGN_VERSION.
 */
export function parseCosignVersionOutput(stdout: string, binary: string): CosignVersion {
  const parsed = parseStrictJson(stdout.trim());
  const fields = parsed.ok && parsed.value instanceof Map ? parsed.value : undefined;
  const key =
    fields === undefined ? undefined : [...fields.keys()].find((name) => name.toLowerCase() === 'gitversion');
  const value = key === undefined ? undefined : fields?.get(key);
  const version = typeof value === 'string' ? parseVersionText(value) : undefined;
  if (version === undefined) {
    throw new SigilError('COSIGN_VERSION', `cannot tell which cosign release ${binary} is`, {
      cause: new Error(`cosign version --json printed: ${stdout.trim().slice(0, 400) || '(nothing)'}`),
      hint: 'Install a cosign release (v2.2.0 or later) with the install-cosign action instead of a development build.',
    });
  }
  return version;
}

/**
 * The newest cosign major the engine's flags were checked against. A later major may drop the flags that
 * keep cosign on the legacy `.sig` / `.att` format (v3 already deprecates `--new-bundle-format` and
 * `--tlog-upload`) and sign in another format while exiting 0, so it is refused until it is tested.
 */
const NEWEST_SUPPORTED_COSIGN_MAJOR = 3;

/** Throws COSIGN_VERSION unless `version` is at least `MINIMUM_COSIGN_VERSION` and of a tested major. */
export function requireSupportedCosign(version: CosignVersion, binary: string, installHint: string): void {
  if (compareVersions(version, MINIMUM_COSIGN_VERSION) < 0) {
    throw new SigilError(
      'COSIGN_VERSION',
      `cosign ${version.text} at ${binary} is too old: the cosign engine needs ${MINIMUM_COSIGN_VERSION.text} or later`,
      { hint: installHint },
    );
  }
  if (version.major > NEWEST_SUPPORTED_COSIGN_MAJOR) {
    throw new SigilError(
      'COSIGN_VERSION',
      `cosign ${version.text} at ${binary} is newer than the cosign engine supports: it is tested with ` +
        `v${MINIMUM_COSIGN_VERSION.major}.${MINIMUM_COSIGN_VERSION.minor} to v${NEWEST_SUPPORTED_COSIGN_MAJOR}.x, and a new ` +
        'major may sign in another format',
      { hint: 'Install a v3 release with the install-cosign action (its default is tested).' },
    );
  }
}
