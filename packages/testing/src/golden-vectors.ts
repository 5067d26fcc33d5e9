import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

/**
 * The golden vectors live next to the repository: `<repo>/../shared/vectors`. They are required: a
 * missing folder fails every test that reads them instead of silently testing nothing (checked on each
 * read, so that tests importing `@sigil/testing` for anything else do not depend on them).
 */
const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const VECTORS_DIR = path.resolve(repositoryRoot, '../shared/vectors');

function vectorPath(relativePath: string): string {
  if (!existsSync(path.join(VECTORS_DIR, 'README.md'))) {
    throw new Error(
      `golden vectors not found at ${VECTORS_DIR} (expected ../shared/vectors from the repository root)`,
    );
  }
  return path.join(VECTORS_DIR, relativePath);
}

export function vectorBytes(relativePath: string): Uint8Array {
  return new Uint8Array(readFileSync(vectorPath(relativePath)));
}

export function vectorText(relativePath: string): string {
  return readFileSync(vectorPath(relativePath), 'utf8');
}
