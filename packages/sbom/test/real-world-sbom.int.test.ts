import { execFile, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { parseSbom, processSyftExec, runSyft } from '@sigil/sbom';
import { type NormalizedPackage } from '../src/sbom-packages.js';
import { syftBinary, syftEnv } from './support/syft-binary.js';

const repoRoot = new URL('../../../', import.meta.url).pathname;
const syft = syftBinary();
const exec = processSyftExec({ timeoutMs: 300_000 });

interface SyftArtifact {
  name: string;
  version: string;
  purl?: string;
  licenses: unknown[];
}

/** syft's own JSON (-o json) of the same directory: the count and packages to check normalisation against. */
function syftArtifacts(directory: string, env: Record<string, string>): Promise<SyftArtifact[]> {
  return new Promise((resolve, reject) => {
    execFile(
      syft,
      ['scan', `dir:${directory}`, '--output', 'json'],
      { env: { ...env, SYFT_CHECK_FOR_APP_UPDATE: 'false' }, maxBuffer: 512 * 1024 * 1024, timeout: 300_000 },
      (error, stdout) => {
        if (error !== null) reject(error);
        else resolve((JSON.parse(stdout) as { artifacts: SyftArtifact[] }).artifacts);
      },
    );
  });
}

const key = (name: string, version: string | undefined, purl: string | undefined): string =>
  JSON.stringify([name, version ?? '', purl ?? '']);

/** Scans with runSyft (SPDX) and with syft -o json, and checks the normalised packages against syft's artifacts. */
async function compareWithSyft(
  directory: string,
  env: Record<string, string>,
): Promise<{ packages: NormalizedPackage[]; artifacts: SyftArtifact[]; bytes: number }> {
  const bytes = await runSyft({ source: { directory }, syft, exec, env });
  const sbom = parseSbom(bytes, `SPDX of ${directory}`);
  const artifacts = await syftArtifacts(directory, env);
  expect(sbom.format).toBe('spdx-json');
  // syft's SPDX adds one package for the scanned directory itself (the document's DESCRIBES root).
  expect(sbom.packages).toHaveLength(artifacts.length + 1);
  const normalised = new Map<string, number>();
  for (const p of sbom.packages) {
    const k = key(p.name, p.version, p.purl);
    normalised.set(k, (normalised.get(k) ?? 0) + 1);
  }
  const unmatched: string[] = [];
  for (const a of artifacts) {
    const k = key(a.name, a.version === '' ? undefined : a.version, a.purl === '' ? undefined : a.purl);
    const left = normalised.get(k) ?? 0;
    if (left === 0) unmatched.push(k);
    else normalised.set(k, left - 1);
  }
  expect(unmatched).toEqual([]);
  expect(sbom.packages.filter((p) => p.license !== undefined)).toHaveLength(
    artifacts.filter((a) => a.licenses.length > 0).length,
  );
  expect(sbom.packages.filter((p) => p.purl !== undefined)).toHaveLength(
    artifacts.filter((a) => a.purl !== undefined && a.purl !== '').length,
  );
  return { packages: sbom.packages, artifacts, bytes: bytes.byteLength };
}

describe('real-world SPDX documents written by syft', () => {
  it("normalises every package syft finds in the repository's own node_modules", async () => {
    // A directory scan reads lock files by default; the installed-package cataloger reads every
    // node_modules/*/package.json, as an image scan does.
    const env = { ...syftEnv(), SYFT_SELECT_CATALOGERS: '+javascript-package-cataloger' };
    const { packages, artifacts, bytes } = await compareWithSyft(join(repoRoot, 'node_modules'), env);
    console.log(
      `node_modules: ${artifacts.length} syft packages, ${packages.length} in the SPDX (${bytes} bytes)`,
    );
    expect(artifacts.length).toBeGreaterThan(300);
    const typescript = packages.filter((p) => p.name === 'typescript' && p.version?.startsWith('6.'));
    expect(typescript).toEqual([
      {
        name: 'typescript',
        version: expect.any(String),
        purl: expect.stringMatching(/^pkg:npm\/typescript@6\./),
        license: 'Apache-2.0',
        supplier: 'Microsoft Corp.',
      },
    ]);
  }, 300_000);

  it('normalises several thousand packages of many ecosystems: the Go module sources bootstrap fetched for cosign', async () => {
    const modules = execFileSync('go', ['env', 'GOMODCACHE'], { encoding: 'utf8' }).trim();
    const directory = join(modules, 'github.com', 'sigstore');
    if (!existsSync(directory)) {
      throw new Error(`${directory} is missing: run ./scripts/bootstrap.sh (go install of cosign fills it)`);
    }
    const { packages, artifacts, bytes } = await compareWithSyft(directory, syftEnv());
    console.log(
      `${directory}: ${artifacts.length} syft packages, ${packages.length} in the SPDX (${bytes} bytes)`,
    );
    expect(artifacts.length).toBeGreaterThan(2000);
    const ecosystems = new Set(packages.map((p) => /^pkg:([^/]+)\//.exec(p.purl ?? '')?.[1]).filter(Boolean));
    expect(ecosystems.size).toBeGreaterThan(3);
  }, 300_000);
});
