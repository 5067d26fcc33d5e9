import { describe, expect, it } from '@jest/globals';
import { SYFT_PLATFORMS, syftAssetFor, syftChecksumsFileName } from '../src/syft-release-assets.js';

/** Names as syft's .goreleaser.yaml (v1.57.0) makes them: `syft_{{ .Version }}_{{ .Os }}_{{ .Arch }}`, zip on Windows. */
describe('syftAssetFor', () => {
  it.each([
    ['linux', 'x64', 'syft_1.57.0_linux_amd64.tar.gz', 'syft'],
    ['linux', 'arm64', 'syft_1.57.0_linux_arm64.tar.gz', 'syft'],
    ['linux', 'ppc64', 'syft_1.57.0_linux_ppc64le.tar.gz', 'syft'],
    ['linux', 'riscv64', 'syft_1.57.0_linux_riscv64.tar.gz', 'syft'],
    ['linux', 's390x', 'syft_1.57.0_linux_s390x.tar.gz', 'syft'],
    ['darwin', 'x64', 'syft_1.57.0_darwin_amd64.tar.gz', 'syft'],
    ['darwin', 'arm64', 'syft_1.57.0_darwin_arm64.tar.gz', 'syft'],
    ['win32', 'x64', 'syft_1.57.0_windows_amd64.zip', 'syft.exe'],
    ['win32', 'arm64', 'syft_1.57.0_windows_arm64.zip', 'syft.exe'],
  ])('%s/%s runs %s, holding %s', (platform, arch, asset, binary) => {
    expect(syftAssetFor('v1.57.0', platform, arch)).toEqual({
      asset,
      binary,
      format: asset.endsWith('.zip') ? 'zip' : 'tar.gz',
    });
  });

  it('names a prerelease by its version without the v, as goreleaser does', () => {
    expect(syftAssetFor('v1.58.0-rc.1', 'linux', 'x64').asset).toBe('syft_1.58.0-rc.1_linux_amd64.tar.gz');
    expect(syftChecksumsFileName('v1.58.0-rc.1')).toBe('syft_1.58.0-rc.1_checksums.txt');
  });

  it.each([
    ['linux', 'arm'],
    ['linux', 'ia32'],
    ['linux', 'mips'],
    ['darwin', 'ppc64'],
    ['win32', 'ia32'],
    ['freebsd', 'x64'],
    ['aix', 'ppc64'],
  ])('refuses %s/%s with PLATFORM_UNSUPPORTED, naming it and the supported list', (platform, arch) => {
    expect(() => syftAssetFor('v1.57.0', platform, arch)).toThrow(
      expect.objectContaining({
        code: 'PLATFORM_UNSUPPORTED',
        message: `syft publishes no build for this runner (${platform}/${arch}); builds exist for ${SYFT_PLATFORMS.join(', ')}`,
      }),
    );
  });

  it('lists every supported platform once', () => {
    expect(SYFT_PLATFORMS).toEqual([
      'linux/x64',
      'linux/arm64',
      'linux/ppc64',
      'linux/riscv64',
      'linux/s390x',
      'darwin/x64',
      'darwin/arm64',
      'win32/x64',
      'win32/arm64',
    ]);
  });
});

describe('syftChecksumsFileName', () => {
  it('is goreleaser’s `{{ .ProjectName }}_{{ .Version }}_checksums.txt`', () => {
    expect(syftChecksumsFileName('v1.57.0')).toBe('syft_1.57.0_checksums.txt');
  });
});
