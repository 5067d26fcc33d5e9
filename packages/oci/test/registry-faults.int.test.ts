import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { RegistryClient, createCredentialSource, type RepositoryRef } from '@sigil/oci';
import { systemRetryEnvironment } from '../src/retry.js';
import { type RegistryClientOptions } from '../src/client.js';
import {
  FAULT_KINDS,
  findFreePort,
  pushTestImage,
  pushTestIndex,
  startFaultProxy,
  startRegistry,
  type FaultProxyOptions,
  type StartedFaultProxy,
  type StartedRegistry,
} from '@sigil/testing';
import { failure } from './sigil-failure.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

let registry: StartedRegistry;
beforeAll(async () => {
  registry = await startRegistry();
  cleanups.push(() => registry.stop());
});

async function proxy(
  options: Omit<FaultProxyOptions, 'upstream'>,
  upstream = registry.host,
): Promise<StartedFaultProxy> {
  const started = await startFaultProxy({ upstream, ...options });
  cleanups.push(() => started.stop());
  return started;
}

function client(options: RegistryClientOptions): RegistryClient {
  const created = new RegistryClient(options);
  cleanups.push(() => created.close());
  return created;
}

/** The real clock, with every backoff sleep recorded. */
function recordingEnvironment() {
  const sleeps: number[] = [];
  return {
    sleeps,
    environment: {
      ...systemRetryEnvironment,
      sleep: (ms: number) => {
        sleeps.push(ms);
        return systemRetryEnvironment.sleep(ms);
      },
    },
  };
}

const patient = { maxAttempts: 10, baseDelayMs: 10, maxDelayMs: 100 };

describe('RegistryClient through the fault proxy', () => {
  it('pushes and reads an index correctly while 20% of requests fail in every way', async () => {
    const faulty = await proxy({ faultRate: 0.2, seed: 7, retryAfterSeconds: 0, slowMs: 50 });
    const c = client({ retry: patient, timeoutMs: 60_000 });
    const repo: RepositoryRef = { registry: faulty.host, repository: 'faults/app' };
    const platforms = ['amd64', 'arm64', 's390x', 'ppc64le'].map((architecture) => ({
      os: 'linux',
      architecture,
    }));
    const index = await pushTestIndex(c, repo, { tag: 'v1', platforms });
    await pushTestImage(c, repo, { tag: 'v2' });

    expect(await c.resolveDigest(repo, 'v1')).toBe(index.digest);
    expect(Buffer.from((await c.getManifest(repo, 'v1'))?.bytes ?? []).equals(index.index)).toBe(true);
    for (const image of index.images) {
      expect(Buffer.from((await c.getManifest(repo, image.digest))?.bytes ?? []).equals(image.manifest)).toBe(
        true,
      );
      expect(await c.getBlob(repo, image.layer.digest)).toHaveLength(image.layer.size);
      expect(await c.hasBlob(repo, image.config.digest)).toBe(true);
    }
    expect((await c.listTags(repo)).sort()).toEqual(['v1', 'v2']);

    for (const kind of FAULT_KINDS) expect(faulty.faults[kind]).toBeGreaterThan(0);
    // what the registry holds is exactly what was pushed, seen without faults
    const direct = client({});
    const directRepo = { registry: registry.host, repository: 'faults/app' };
    expect((await direct.listTags(directRepo)).sort()).toEqual(['v1', 'v2']);
    expect(await direct.resolveDigest(directRepo, 'v1')).toBe(index.digest);
  });

  it('survives faults in front of a registry that demands Basic auth', async () => {
    const secured = await startRegistry({ auth: 'htpasswd' });
    cleanups.push(() => secured.stop());
    const faulty = await proxy({ faultRate: 0.2, seed: 3, retryAfterSeconds: 0, slowMs: 20 }, secured.host);
    const c = client({
      retry: patient,
      credentials: createCredentialSource({ explicit: secured.credentials! }),
    });
    const repo = { registry: faulty.host, repository: 'faults/secured' };
    const image = await pushTestImage(c, repo, { tag: 'v1' });
    expect(await c.resolveDigest(repo, 'v1')).toBe(image.digest);
    expect(faulty.faults.resetAfter + faulty.faults.status503 + faulty.faults.resetBefore).toBeGreaterThan(0);
  });

  it('waits as long as Retry-After says on 429', async () => {
    const limited = await proxy({ faultRate: 1, kinds: ['status429'], retryAfterSeconds: 1, maxFaults: 1 });
    const { sleeps, environment } = recordingEnvironment();
    const c = client({ environment });
    const repo = { registry: limited.host, repository: 'faults/limited' };
    const started = Date.now();
    expect(await c.getManifest(repo, 'absent')).toBeUndefined();
    expect(Date.now() - started).toBeGreaterThanOrEqual(990);
    expect(sleeps).toEqual([1000]);
    expect(limited.faults.status429).toBe(1);
  });

  it('gives TIMEOUT when the registry answers too slowly for the deadline', async () => {
    const slow = await proxy({ faultRate: 1, kinds: ['slow'], slowMs: 3000 });
    const c = client({ timeoutMs: 400 });
    const started = Date.now();
    const error = await failure(c.getManifest({ registry: slow.host, repository: 'faults/slow' }, 'v1'));
    expect(error.code).toBe('TIMEOUT');
    expect(error.message).toContain(`on registry ${slow.host}`);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('gives TIMEOUT when 503s outlast the deadline', async () => {
    const down = await proxy({ faultRate: 1, kinds: ['status503'] });
    const c = client({ timeoutMs: 800, retry: { maxAttempts: 100, baseDelayMs: 100, maxDelayMs: 300 } });
    const error = await failure(
      c.hasBlob({ registry: down.host, repository: 'faults/down' }, `sha256:${'0'.repeat(64)}`),
    );
    expect(error.code).toBe('TIMEOUT');
    expect(error.message).toContain('(last failure: HTTP 503)');
    expect(down.faults.status503).toBeGreaterThan(1);
  });

  it('says REGISTRY_UNREACHABLE, with the host, soon after a closed port used up the retries', async () => {
    const host = `127.0.0.1:${await findFreePort()}`;
    const { sleeps, environment } = recordingEnvironment();
    const c = client({ environment, retry: { maxAttempts: 4, baseDelayMs: 50, maxDelayMs: 200 } });
    const started = Date.now();
    const error = await failure(c.resolveDigest({ registry: host, repository: 'faults/none' }, 'v1'));
    expect(error.code).toBe('REGISTRY_UNREACHABLE');
    expect(error.message).toContain(`registry ${host} is unreachable`);
    expect(error.message).toContain('ECONNREFUSED');
    expect(sleeps).toHaveLength(3);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
