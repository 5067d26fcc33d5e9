import { describe, expect, it } from '@jest/globals';
import { COSIGN_PLATFORMS, cosignAssetFor } from '../src/cosign-release-assets.js';

describe('cosignAssetFor', () => {
  it.each([
    ['linux', 'x64', 'cosign-linux-amd64', 'cosign'],
    ['linux', 'arm64', 'cosign-linux-arm64', 'cosign'],
    ['linux', 'arm', 'cosign-linux-arm', 'cosign'],
    ['linux', 'ppc64', 'cosign-linux-ppc64le', 'cosign'],
    ['linux', 's390x', 'cosign-linux-s390x', 'cosign'],
    ['linux', 'riscv64', 'cosign-linux-riscv64', 'cosign'],
    ['darwin', 'x64', 'cosign-darwin-amd64', 'cosign'],
    ['darwin', 'arm64', 'cosign-darwin-arm64', 'cosign'],
    ['win32', 'x64', 'cosign-windows-amd64.exe', 'cosign.exe'],
  ])('%s/%s runs %s, installed as %s', (platform, arch, asset, fileName) => {
    expect(cosignAssetFor(platform, arch)).toEqual({ asset, fileName });
  });

  it('gives Windows on Arm the x64 build, saying that it runs under emulation', () => {
    const chosen = cosignAssetFor('win32', 'arm64');
    expect(chosen).toMatchObject({ asset: 'cosign-windows-amd64.exe', fileName: 'cosign.exe' });
    expect(chosen.emulation).toMatch(/no Windows arm64 build.*x64 emulation/);
  });

  it.each([
    ['linux', 'ia32'],
    ['linux', 'loong64'],
    ['darwin', 'arm'],
    ['win32', 'ia32'],
    ['freebsd', 'x64'],
    ['aix', 'ppc64'],
  ])('refuses %s/%s with PLATFORM_UNSUPPORTED, naming it and the supported list', (platform, arch) => {
    expect(() => cosignAssetFor(platform, arch)).toThrow(
      expect.objectContaining({
        code: 'PLATFORM_UNSUPPORTED',
        message: expect.stringContaining(`(${platform}/${arch}); builds exist for linux/x64, linux/arm64`),
      }),
    );
  });

  it('lists every supported platform once', () => {
    expect(COSIGN_PLATFORMS).toEqual([
      'linux/x64',
      'linux/arm64',
      'linux/arm',
      'linux/ppc64',
      'linux/s390x',
      'linux/riscv64',
      'darwin/x64',
      'darwin/arm64',
      'win32/x64',
      'win32/arm64',
    ]);
  });
});
