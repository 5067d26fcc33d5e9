import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';

/** The real cosign CLIs that scripts/bootstrap.sh builds with `go install` at the pinned versions. */
export type CosignMajor = 'v3' | 'v2';

const repoRoot = new URL('../../', import.meta.url).pathname;
const versions = JSON.parse(readFileSync(join(repoRoot, 'tools/versions.json'), 'utf8')) as {
  cosign: Record<CosignMajor, string>;
};

export function cosignVersion(major: CosignMajor): string {
  return versions.cosign[major];
}

export function cosignBinary(major: CosignMajor): string {
  const toolsDir = process.env.SIGIL_TOOLS_DIR ?? join(homedir(), '.cache', 'sigil-tools');
  const path = join(toolsDir, `cosign-${cosignVersion(major)}`, 'cosign');
  if (!existsSync(path)) {
    throw new Error(`cosign ${cosignVersion(major)} is not at ${path}: run ./scripts/bootstrap.sh first`);
  }
  return path;
}

export interface CosignRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs cosign with a private HOME (no TUF cache or docker config of the machine leaks in) and only
 * the environment given; the password travels in COSIGN_PASSWORD, never in argv.
 */
export function runCosign(
  major: CosignMajor,
  args: readonly string[],
  options: { env?: Record<string, string>; home?: string } = {},
): Promise<CosignRun> {
  const home = options.home ?? mkdtempSync(join(tmpdir(), 'sigil-cosign-home-'));
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    ...options.env,
  };
  return new Promise((resolve) => {
    execFile(
      cosignBinary(major),
      [...args],
      { env, timeout: 120_000, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** Flags that make each cosign major sign key-based, offline, in the legacy `.sig` format. */
export function legacyKeySignFlags(major: CosignMajor): string[] {
  const common = ['--tlog-upload=false', '--allow-http-registry', '--yes'];
  return major === 'v3' ? ['--use-signing-config=false', '--new-bundle-format=false', ...common] : common;
}
