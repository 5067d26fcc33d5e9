import { execFile } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { RegistryClient } from '@sigil/oci';
import { pushTestImage, startRegistry, type StartedRegistry } from '@sigil/testing';
import { writeLargeSpdx } from '../../packages/sbom/test/support/large-spdx.js';

/**
 * The "50 MB SBOM attested and verified with peak RSS measured and reported": each step runs in
 * its own Node process (so Jest's heap does not blur the figure) against a real registry.
 */
const MIB = 1024 * 1024;
const here = new URL('./', import.meta.url).pathname;
let registry: StartedRegistry;
let dir: string;

interface Probe {
  scenario: string;
  outcome: string;
  baselineRss: number;
  peakRss: number;
  ms: number;
}

function probe(args: string[]): Promise<Probe> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--expose-gc', join(here, 'attestation-memory-probe.ts'), ...args],
      { timeout: 180_000, maxBuffer: MIB },
      (error, stdout, stderr) => {
        if (error !== null) reject(new Error(`probe ${args[0]} failed: ${stderr}`, { cause: error }));
        else resolve(JSON.parse(stdout) as Probe);
      },
    );
  });
}

beforeAll(async () => {
  registry = await startRegistry();
  dir = await mkdtemp(join(tmpdir(), 'sigil-att-memory-'));
});

afterAll(async () => {
  await registry.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('a 50 MB SPDX SBOM', () => {
  it('is attested to an image and verified by the gate’s path, each with its peak RSS reported', async () => {
    const sbom = join(dir, 'large.spdx.json');
    const { packages } = await writeLargeSpdx(sbom, 50 * MIB);
    const size = (await stat(sbom)).size;
    const client = new RegistryClient({ timeoutMs: 60_000 });
    const repo = { registry: registry.host, repository: 'large/sbom' };
    const image = await pushTestImage(client, repo, { tag: 'v1' });
    client.close();
    const args = [registry.host, repo.repository, image.digest, sbom, join(dir, 'key.pub')];

    const attest = await probe(['attest', ...args]);
    const verify = await probe(['verify', ...args]);
    const mib = (bytes: number): string => `${(bytes / MIB).toFixed(0)} MiB`;
    console.log(
      `50 MB SBOM (${mib(size)}, ${packages} packages):\n` +
        [attest, verify]
          .map(
            (p) =>
              `${p.scenario.padEnd(6)} ${p.ms} ms, peak RSS ${mib(p.peakRss)} (baseline ${mib(p.baselineRss)}): ${p.outcome}`,
          )
          .join('\n'),
    );

    expect(size).toBeGreaterThanOrEqual(50 * MIB);
    expect(attest.outcome).toBe(`${registry.host}/large/sbom:sha256-${image.digest.slice(7)}.att`);
    expect(verify.outcome).toBe('verified');
    // One envelope-sized buffer on top of the file when attesting; the parsed document when verifying.
    expect(attest.peakRss - attest.baselineRss).toBeLessThan(6 * size);
    expect(verify.peakRss - verify.baselineRss).toBeLessThan(12 * size);
  });
});
