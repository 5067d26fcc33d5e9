import { createHash } from 'node:crypto';
import { open, type FileHandle } from 'node:fs/promises';
import { SigilError } from '@sigil/core';
import { preflightSbomSize } from './sbom-size.js';

export interface SbomFile {
  readonly bytes: Uint8Array;
  /** `sha256:<hex>` of exactly `bytes`. */
  readonly sha256: string;
  readonly size: number;
}

const CHUNK_BYTES = 1024 * 1024;

/**
 * Reads an SBOM file into one buffer of its size, hashing each chunk as it lands (no second pass, no
 * concatenation: peak memory is the file size plus one hash state). With `maxBytes` the size is
 * checked before anything is read (preflightSbomSize). A file that changes size while being read is
 * refused rather than hashed half old, half new.
 */
export async function readSbomFile(path: string, options: { maxBytes?: number } = {}): Promise<SbomFile> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (cause) {
    const code = (cause as { code?: unknown }).code;
    const what = code === 'ENOENT' ? 'does not exist' : `cannot be opened (${String(code)})`;
    throw new SigilError('INPUT_INVALID', `The SBOM file ${path} ${what}`, {
      field: 'sbom-document',
      cause,
      hint: 'Give the path of the SBOM file relative to the workspace, or leave `sbom` empty to generate one with syft.',
    });
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) {
      throw new SigilError('INPUT_INVALID', `The SBOM path ${path} is not a regular file`, {
        field: 'sbom-document',
      });
    }
    const size = stat.size;
    if (options.maxBytes !== undefined) preflightSbomSize(size, options.maxBytes, `The SBOM ${path}`);
    const bytes = Buffer.allocUnsafe(size);
    const hash = createHash('sha256');
    let offset = 0;
    while (offset < size) {
      const { bytesRead } = await handle.read(bytes, offset, Math.min(CHUNK_BYTES, size - offset), offset);
      if (bytesRead === 0) break;
      hash.update(bytes.subarray(offset, offset + bytesRead));
      offset += bytesRead;
    }
    const { bytesRead: extra } = await handle.read(Buffer.alloc(1), 0, 1, size);
    if (offset !== size || extra !== 0) {
      throw new SigilError('INPUT_INVALID', `The SBOM file ${path} changed size while it was read`, {
        field: 'sbom-document',
        hint: 'Attest the SBOM once the step that writes it has finished.',
      });
    }
    return { bytes, sha256: `sha256:${hash.digest('hex')}`, size };
  } finally {
    await handle.close();
  }
}
