import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

/**
 * The golden vectors live next to the repository: `<repo>/../shared/vectors`. They are required: a
 * missing folder fails every test that reads them instead of silently testing nothing.
 */
const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const VECTORS_DIR = path.resolve(repositoryRoot, '../shared/vectors');

if (!existsSync(path.join(VECTORS_DIR, 'README.md'))) {
  throw new Error(
    `golden vectors not found at ${VECTORS_DIR} (expected ../shared/vectors from the repository root)`,
  );
}

export function vectorBytes(relativePath: string): Uint8Array {
  return new Uint8Array(readFileSync(path.join(VECTORS_DIR, relativePath)));
}

export function vectorText(relativePath: string): string {
  return readFileSync(path.join(VECTORS_DIR, relativePath), 'utf8');
}
