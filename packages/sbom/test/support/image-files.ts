/**
 * Files of a small Alpine-like root filesystem: two apk packages, each owning a README, and one
 * global npm package.
 */
export function alpineFiles(architecture: 'x86_64' | 'aarch64'): Record<string, string> {
  return {
    'usr/share/doc/musl/README': 'musl\n',
    'usr/share/doc/zlib/README': 'zlib\n',
    'etc/os-release': 'NAME="Alpine Linux"\nID=alpine\nVERSION_ID=3.20.3\nPRETTY_NAME="Alpine Linux v3.20"\n',
    'lib/apk/db/installed': [
      apkEntry('musl', '1.2.5-r0', architecture, 'MIT', 'the musl c library (libc) implementation'),
      apkEntry('zlib', '1.3.1-r1', architecture, 'Zlib', 'A compression/decompression Library'),
      '',
    ].join('\n'),
    'usr/lib/node_modules/left-pad/package.json': JSON.stringify({
      name: 'left-pad',
      version: '1.3.0',
      license: 'WTFPL',
      author: 'Cameron Westland <camwest@gmail.com>',
    }),
  };
}

function apkEntry(name: string, version: string, arch: string, license: string, description: string): string {
  return [
    `P:${name}`,
    `V:${version}`,
    `A:${arch}`,
    `S:100000`,
    `I:200000`,
    `T:${description}`,
    `U:https://example.org/${name}`,
    `L:${license}`,
    `o:${name}`,
    `m:Natanael Copa <ncopa@alpinelinux.org>`,
    `t:1700000000`,
    `F:usr/share/doc/${name}`,
    `R:README`,
    `Z:Q1${'A'.repeat(27)}=`,
    '',
  ].join('\n');
}
