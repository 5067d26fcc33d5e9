import { SigilError } from '@sigil/core';
import type { ToolArchiveFormat } from './tool-archive.js';

/** Where upstream publishes syft releases: `<base>/<version>/<asset>`. */
export const SYFT_RELEASES_URL = 'https://github.com/anchore/syft/releases/download';

/** The syft archive a platform runs, by its upstream release asset name. */
export interface SyftAsset {
  /** Upstream asset name, e.g. `syft_1.57.0_linux_amd64.tar.gz`, `syft_1.57.0_windows_amd64.zip`. */
  readonly asset: string;
  readonly format: ToolArchiveFormat;
  /** The binary at the archive's root, and its name once installed: `syft`, or `syft.exe` on Windows. */
  readonly binary: string;
}

interface Build {
  readonly platform: NodeJS.Platform;
  readonly arch: string;
  /** goreleaser's `{{ .Os }}_{{ .Arch }}` for it. */
  readonly target: string;
}

/**
 * Node's `process.platform`/`process.arch` to the targets of syft's .goreleaser.yaml (linux: amd64, arm64,
 * ppc64le, riscv64, s390x; darwin: amd64, arm64; windows: amd64, arm64). Node reports little-endian 64-bit
 * POWER as `ppc64`.
 */
const BUILDS: readonly Build[] = [
  { platform: 'linux', arch: 'x64', target: 'linux_amd64' },
  { platform: 'linux', arch: 'arm64', target: 'linux_arm64' },
  { platform: 'linux', arch: 'ppc64', target: 'linux_ppc64le' },
  { platform: 'linux', arch: 'riscv64', target: 'linux_riscv64' },
  { platform: 'linux', arch: 's390x', target: 'linux_s390x' },
  { platform: 'darwin', arch: 'x64', target: 'darwin_amd64' },
  { platform: 'darwin', arch: 'arm64', target: 'darwin_arm64' },
  { platform: 'win32', arch: 'x64', target: 'windows_amd64' },
  { platform: 'win32', arch: 'arm64', target: 'windows_arm64' },
];

/** Every platform/arch pair with a syft build, as `platform/arch` (Node's names). */
export const SYFT_PLATFORMS: readonly string[] = BUILDS.map((build) => `${build.platform}/${build.arch}`);

/**
 * The syft archive of release `version` (`vMAJOR.MINOR.PATCH[-pre]`) for a runner, named as goreleaser names
 * it (`{{ .ProjectName }}_{{ .Version }}_{{ .Os }}_{{ .Arch }}`, the version without its `v`): a `.tar.gz`,
 * a `.zip` on Windows. PLATFORM_UNSUPPORTED for a runner syft has no build for.
 */
export function syftAssetFor(version: string, platform: string, arch: string): SyftAsset {
  const build = BUILDS.find((candidate) => candidate.platform === platform && candidate.arch === arch);
  if (build === undefined) {
    throw new SigilError(
      'PLATFORM_UNSUPPORTED',
      `syft publishes no build for this runner (${platform}/${arch}); builds exist for ${SYFT_PLATFORMS.join(', ')}`,
      { hint: 'Run this step on a runner of one of those platforms, or install syft there yourself.' },
    );
  }
  const windows = build.platform === 'win32';
  const format: ToolArchiveFormat = windows ? 'zip' : 'tar.gz';
  return {
    asset: `syft_${version.slice(1)}_${build.target}.${format}`,
    format,
    binary: windows ? 'syft.exe' : 'syft',
  };
}

/** The name of a release's checksums file: `syft_<version without v>_checksums.txt`. */
export function syftChecksumsFileName(version: string): string {
  return `syft_${version.slice(1)}_checksums.txt`;
}

/** Where a release's checksums file is: `<downloadUrl>/<version>/syft_<version without v>_checksums.txt`. */
export function syftChecksumsUrl(downloadUrl: string, version: string): string {
  return `${downloadUrl}/${version}/${syftChecksumsFileName(version)}`;
}
