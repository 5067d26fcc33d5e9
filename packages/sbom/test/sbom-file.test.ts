import { createHash } from 'node:crypto';
import { mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SigilError } from '@sigil/core';
import { readSbomFile } from '@sigil/sbom';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sigil-sbom-file-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function failure(promise: Promise<unknown>): Promise<SigilError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof SigilError) return error;
    throw error;
  }
  throw new Error('expected a SigilError');
}

describe('readSbomFile', () => {
  it('returns the bytes with the sha256 of exactly those bytes, over several read chunks', async () => {
    const content = Buffer.alloc(3 * 1024 * 1024 + 17);
    for (let i = 0; i < content.length; i += 1) content[i] = (i * 31) % 251;
    const path = join(dir, 'chunks.json');
    await writeFile(path, content);
    const file = await readSbomFile(path);
    expect(file.size).toBe(content.length);
    expect(Buffer.from(file.bytes).equals(content)).toBe(true);
    expect(file.sha256).toBe(`sha256:${createHash('sha256').update(content).digest('hex')}`);
  });

  it('reads an empty file as zero bytes (detectSbom then says it is empty)', async () => {
    const path = join(dir, 'empty.json');
    await writeFile(path, '');
    expect(await readSbomFile(path)).toEqual({
      bytes: Buffer.alloc(0),
      size: 0,
      sha256: 'sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    });
  });

  it('refuses a file over maxBytes before reading it, naming max-sbom-bytes and the path', async () => {
    const path = join(dir, 'huge.json');
    await writeFile(path, '');
    await truncate(path, 64 * 1024 * 1024 * 1024); // sparse: 64 GiB would not fit in memory if it were read
    const error = await failure(readSbomFile(path, { maxBytes: 16 * 1024 * 1024 }));
    expect(error).toMatchObject({ code: 'INPUT_INVALID', field: 'sbom-size-limit' });
    expect(error.message).toContain(`The SBOM ${path} is 65536 MiB`);
  });

  it.each([
    ['a path that does not exist', 'missing.json', /does not exist/],
    ['a directory', '.', /is not a regular file/],
  ])('refuses %s, naming the sbom input', async (_what, name, message) => {
    const error = await failure(readSbomFile(join(dir, name)));
    expect(error).toMatchObject({ code: 'INPUT_INVALID', field: 'sbom-document' });
    expect(error.message).toMatch(message);
  });
});
