import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { vectorText } from '@sigil/testing';
import { startTufRepository, type StartedTufRepository } from '@sigil/testing/tuf-repository';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LoadedTrustedRoot } from '../src/index.js';
import { KNOWN_TUF_REPOSITORIES, fetchTrustedRootFromTuf } from '../src/tuf-trusted-root.js';

/**
 * The trusted root through TUF, against a TUF repository on loopback (signed root, timestamp, snapshot and
 * targets metadata serving a real trusted_root.json): fetched, verified and cached; re-read from the cache;
 * updated when a new version is published; refused when a target or metadata does not verify.
 */
const ROOT = vectorText('sigstore-js/trusted_root.production.json');
let work: string;
let repository: StartedTufRepository;
const repositories: StartedTufRepository[] = [];

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'sigil-tuf-'));
  repository = await startTufRepository({ dir: work, targets: { 'trusted_root.json': ROOT } });
  repositories.push(repository);
});

afterAll(async () => {
  await Promise.all(repositories.map((started) => started.stop()));
  rmSync(work, { recursive: true, force: true });
});

let caches = 0;
const freshCache = () => join(work, `cache-${++caches}`);

async function another(options: { expires?: string } = {}): Promise<StartedTufRepository> {
  const dir = mkdtempSync(join(work, 'repo-'));
  const started = await startTufRepository({ dir, targets: { 'trusted_root.json': ROOT }, ...options });
  repositories.push(started);
  return started;
}

describe('fetchTrustedRootFromTuf', () => {
  it('fetches and verifies trusted_root.json, then serves it from the cache without downloading it again', async () => {
    const cachePath = freshCache();
    const request = { mirrorURL: repository.url, rootPath: repository.rootPath, cachePath };
    const text = await fetchTrustedRootFromTuf(request);
    expect(text).toBe(ROOT);
    expect(
      LoadedTrustedRoot.load(JSON.parse(text) as Record<string, unknown>).rekorKeys().length,
    ).toBeGreaterThan(0);
    expect(await fetchTrustedRootFromTuf(request)).toBe(ROOT);
    const requests = repository.requests();
    expect(requests['targets/trusted_root.json']).toBe(1);
    expect(requests['timestamp.json']).toBe(2);
  });

  it('follows a new version of the target', async () => {
    const started = await another();
    const cachePath = freshCache();
    const request = { mirrorURL: started.url, rootPath: started.rootPath, cachePath };
    expect(await fetchTrustedRootFromTuf(request)).toBe(ROOT);
    const updated = ROOT.replace('"mediaType"', '"mediaType" ');
    started.publish({ 'trusted_root.json': updated });
    expect(await fetchTrustedRootFromTuf(request)).toBe(updated);
  });

  it('refuses a target that does not match the signed targets metadata', async () => {
    const started = await another();
    started.tamper('targets/trusted_root.json', ROOT.replace('rekor.sigstore.dev', 'rekor.attacker.example'));
    await expect(
      fetchTrustedRootFromTuf({
        mirrorURL: started.url,
        rootPath: started.rootPath,
        cachePath: freshCache(),
      }),
    ).rejects.toMatchObject({ code: 'TRUST_ROOT_UNAVAILABLE' });
  });

  it('refuses metadata signed by keys the trusted root.json does not name (another repository)', async () => {
    const other = await another();
    await expect(
      fetchTrustedRootFromTuf({
        mirrorURL: repository.url,
        rootPath: other.rootPath,
        cachePath: freshCache(),
      }),
    ).rejects.toMatchObject({ code: 'TRUST_ROOT_UNAVAILABLE' });
  });

  it('refuses expired metadata', async () => {
    const expired = await another({ expires: '2020-01-01T00:00:00Z' });
    await expect(
      fetchTrustedRootFromTuf({
        mirrorURL: expired.url,
        rootPath: expired.rootPath,
        cachePath: freshCache(),
      }),
    ).rejects.toMatchObject({ code: 'TRUST_ROOT_UNAVAILABLE' });
  });

  it('names an unreachable repository, and seeds the public-good root from the embedded one', async () => {
    await expect(
      fetchTrustedRootFromTuf({
        mirrorURL: 'http://127.0.0.1:9',
        rootPath: repository.rootPath,
        cachePath: freshCache(),
        timeoutMs: 1_000,
      }),
    ).rejects.toMatchObject({
      code: 'TRUST_ROOT_UNAVAILABLE',
      message: expect.stringContaining('127.0.0.1:9'),
    });
    // The public-good repository needs no root file: the embedded root is the bootstrap (not reachable here).
    const cachePath = freshCache();
    await fetchTrustedRootFromTuf({
      mirrorURL: 'https://tuf-repo-cdn.sigstore.dev',
      cachePath,
      timeoutMs: 1_000,
    }).catch(() => undefined);
    expect(existsSync(join(cachePath, 'tuf-repo-cdn.sigstore.dev', 'root.json'))).toBe(true);
  });

  it('refuses a repository URL of plain http off loopback', async () => {
    await expect(
      fetchTrustedRootFromTuf({ mirrorURL: 'http://tuf.example', cachePath: freshCache() }),
    ).rejects.toMatchObject({ code: 'INPUT_INVALID' });
  });

  it("starts GitHub's repository from the root gh embeds, pinned by its sha256", async () => {
    const file = new URL('../trust-data/tuf-repo.github.com/root.json', import.meta.url);
    expect(createHash('sha256').update(readFileSync(file)).digest('hex')).toBe(
      '98cba97be9075bc98b2322de3de85fbd1b70ec7392991dfd2f53d215bede1a8d',
    );
    const { signed } = KNOWN_TUF_REPOSITORIES.github.root as {
      signed: { _type: string; version: number; roles: { root: { threshold: number } } };
    };
    expect(signed).toMatchObject({ _type: 'root', version: 3, roles: { root: { threshold: 3 } } });
    // The anchor is what the client starts from (the repository itself is not reachable here).
    const cachePath = freshCache();
    await expect(
      fetchTrustedRootFromTuf({ ...KNOWN_TUF_REPOSITORIES.github, cachePath, timeoutMs: 1_000 }),
    ).rejects.toMatchObject({ code: 'TRUST_ROOT_UNAVAILABLE' });
    expect(JSON.parse(readFileSync(join(cachePath, 'tuf-repo.github.com', 'root.json'), 'utf8'))).toEqual(
      KNOWN_TUF_REPOSITORIES.github.root,
    );
  });
});
