import { mkdtempSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { LocatedCosign } from '@sigil/cosign-cli';
import { locateCosign } from '../../packages/toolkit/src/cosign-location.js';
import { cosignBinary, type CosignMajor } from './cosign-cli.js';

/**
 * Each pinned cosign major found the way an action finds it: `cosign` on a PATH holding only that binary
 * (a folder made under `scratch`), its version checked by `locateCosign`.
 */
export async function locateCosignMajors(scratch: string): Promise<Map<CosignMajor, LocatedCosign>> {
  const located = new Map<CosignMajor, LocatedCosign>();
  for (const major of ['v3', 'v2'] as const) {
    const bin = mkdtempSync(join(scratch, `bin-${major}-`));
    symlinkSync(cosignBinary(major), join(bin, 'cosign'));
    const environment = {
      path: bin,
      platform: process.platform,
      arch: process.arch,
      variable: () => undefined,
      helperEnvironment: {},
    };
    located.set(major, await locateCosign({ environment }));
  }
  return located;
}
