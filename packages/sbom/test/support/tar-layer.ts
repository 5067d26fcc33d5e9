import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';

/** A layer built from real files: the uncompressed tar (its sha256 is the config's diff_id) and its gzip. */
export interface TarLayer {
  readonly tar: Buffer;
  readonly gzip: Buffer;
  /** `sha256:<hex>` of the uncompressed tar. */
  readonly diffId: string;
}

const BLOCK = 512;

/**
 * A POSIX ustar archive of `files` (path without a leading slash → content), with a directory entry
 * for every parent, gzip-compressed as image layers are. Enough for syft to catalogue what it holds.
 */
export function tarLayer(files: Readonly<Record<string, string | Uint8Array>>): TarLayer {
  const blocks: Buffer[] = [];
  const directories = new Set<string>();
  for (const [path, content] of Object.entries(files)) {
    const parts = path.split('/');
    for (let depth = 1; depth < parts.length; depth += 1) {
      const directory = `${parts.slice(0, depth).join('/')}/`;
      if (directories.has(directory)) continue;
      directories.add(directory);
      blocks.push(header(directory, 0, '5', 0o755));
    }
    const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : Buffer.from(content);
    blocks.push(header(path, bytes.byteLength, '0', 0o644), bytes);
    const padding = (BLOCK - (bytes.byteLength % BLOCK)) % BLOCK;
    if (padding > 0) blocks.push(Buffer.alloc(padding));
  }
  blocks.push(Buffer.alloc(2 * BLOCK));
  const tar = Buffer.concat(blocks);
  return { tar, gzip: gzipSync(tar), diffId: `sha256:${createHash('sha256').update(tar).digest('hex')}` };
}

function header(name: string, size: number, type: '0' | '5', mode: number): Buffer {
  if (Buffer.byteLength(name) > 100) throw new Error(`tar path longer than 100 bytes: ${name}`);
  const block = Buffer.alloc(BLOCK);
  block.write(name, 0, 100, 'utf8');
  writeOctal(block, 100, 8, mode);
  writeOctal(block, 108, 8, 0);
  writeOctal(block, 116, 8, 0);
  writeOctal(block, 124, 12, size);
  writeOctal(block, 136, 12, 1_700_000_000);
  block.fill(0x20, 148, 156);
  block.write(type, 156, 1, 'ascii');
  block.write('ustar\u000000', 257, 8, 'ascii');
  block.write('root', 265, 32, 'ascii');
  block.write('root', 297, 32, 'ascii');
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(`${sum.toString(8).padStart(6, '0')}\u0000 `, 148, 8, 'ascii');
  return block;
}

function writeOctal(block: Buffer, offset: number, length: number, value: number): void {
  block.write(`${value.toString(8).padStart(length - 1, '0')}\u0000`, offset, length, 'ascii');
}
