import { SigilError } from '@sigil/core';

/** Where upstream publishes cosign releases: `<base>/<version>/<asset>`. */
export const COSIGN_RELEASES_URL = 'https://github.com/sigstore/cosign/releases/download';

/** The cosign binary a platform runs, by its upstream release asset name. */
export interface CosignAsset {
  /** Upstream asset name, e.g. `cosign-linux-amd64`, `cosign-windows-amd64.exe`. */
  readonly asset: string;
  /** The name the binary gets once installed: `cosign`, or `cosign.exe` on Windows. */
  readonly fileName: string;
  /** Set when the asset is built for another architecture that this one runs under emulation. */
  readonly emulation?: string;
}

interface AssetRow {
  readonly platform: NodeJS.Platform;
  readonly arch: string;
  readonly asset: string;
  readonly emulation?: string;
}

/**
 * Node's `process.platform`/`process.arch` to upstream's asset names. Node reports little-endian
 * 64-bit POWER as `ppc64` (it runs on no big-endian POWER Linux), which is cosign's `ppc64le`.
 */
const ASSET_ROWS: readonly AssetRow[] = [
  { platform: 'linux', arch: 'x64', asset: 'cosign-linux-amd64' },
  { platform: 'linux', arch: 'arm64', asset: 'cosign-linux-arm64' },
  { platform: 'linux', arch: 'arm', asset: 'cosign-linux-arm' },
  { platform: 'linux', arch: 'ppc64', asset: 'cosign-linux-ppc64le' },
  { platform: 'linux', arch: 's390x', asset: 'cosign-linux-s390x' },
  { platform: 'linux', arch: 'riscv64', asset: 'cosign-linux-riscv64' },
  { platform: 'darwin', arch: 'x64', asset: 'cosign-darwin-amd64' },
  { platform: 'darwin', arch: 'arm64', asset: 'cosign-darwin-arm64' },
  { platform: 'win32', arch: 'x64', asset: 'cosign-windows-amd64.exe' },
  {
    platform: 'win32',
    arch: 'arm64',
    asset: 'cosign-windows-amd64.exe',
    emulation:
      'cosign publishes no Windows arm64 build; installing the Windows x64 build, which Windows on Arm runs under x64 emulation',
  },
];

/** Every platform/arch pair with a cosign build, as `platform/arch` (Node's names). */
export const COSIGN_PLATFORMS: readonly string[] = ASSET_ROWS.map((row) => `${row.platform}/${row.arch}`);

/** The cosign asset for a runner (Node's `process.platform` and `process.arch`), or PLATFORM_UNSUPPORTED. */
export function cosignAssetFor(platform: string, arch: string): CosignAsset {
  const row = ASSET_ROWS.find((candidate) => candidate.platform === platform && candidate.arch === arch);
  if (row === undefined) {
    throw new SigilError(
      'PLATFORM_UNSUPPORTED',
      `cosign publishes no build for this runner (${platform}/${arch}); builds exist for ${COSIGN_PLATFORMS.join(', ')}`,
      { hint: 'Run this step on a runner of one of those platforms, or install cosign there yourself.' },
    );
  }
  return {
    asset: row.asset,
    fileName: platform === 'win32' ? 'cosign.exe' : 'cosign',
    ...(row.emulation === undefined ? {} : { emulation: row.emulation }),
  };
}
