import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { runGate } from '@sigil/gate';
import { SigningKey } from '@sigil/keys';
import { RegistryClient, parseReference, type RepositoryRef } from '@sigil/oci';
import {
  FAULT_KINDS,
  pushTestImage,
  startFaultProxy,
  startReferrersRegistry,
  startRegistry,
  type StartedFaultProxy,
  type StartedReferrersRegistry,
  type StartedRegistry,
} from '@sigil/testing';
import { generateKeyPairSync } from 'node:crypto';
import { errorAnswer, manifestPath, startTamperingProxy } from '../../../test/e2e/tampering-proxy.js';
import { referrersTag } from '../../oci/src/referrers.js';
import { clientThrough } from '../../gate/test/support/client-through.js';
import { bytes, spdxDocument } from '../../gate/test/support/predicates.js';
import { attestImageBundle, signImageBundles } from '../src/index.js';

/**
 * sigil writing Sigstore bundles through a fault-injecting proxy (503, 429, resets before forwarding and
 * after the registry acted, slow answers) in front of Docker Distribution (fallback index) and
 * go-containerregistry (referrers API): every bundle ends up listed exactly once, nothing is lost when
 * several writers update one fallback index, and a re-run writes nothing. What the registry holds is always
 * read directly, never through the proxy.
 */
const key = new SigningKey(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey);
const SPDX = 'https://spdx.dev/Document';
const indexUpdate = { settleMs: 400, staleMs: 150 };

let distribution: StartedRegistry;
let referrersApi: StartedReferrersRegistry;
let direct: RegistryClient;
const cleanups: (() => Promise<void> | void)[] = [];

beforeAll(async () => {
  [distribution, referrersApi] = await Promise.all([startRegistry(), startReferrersRegistry()]);
  direct = new RegistryClient({ timeoutMs: 60_000, referrersIndexUpdate: indexUpdate });
});

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  direct.close();
  await Promise.all([distribution?.stop(), referrersApi?.stop()]);
});

async function faultProxy(upstream: string, seed: number): Promise<StartedFaultProxy> {
  const proxy = await startFaultProxy({ upstream, faultRate: 0.2, seed, retryAfterSeconds: 0, slowMs: 30 });
  cleanups.push(() => proxy.stop());
  return proxy;
}

const manifestDigest = (ref: string): string => ref.slice(ref.indexOf('@') + 1);

async function images(host: string, count: number) {
  return Promise.all(
    Array.from({ length: count }, async (_, n) => {
      const repo: RepositoryRef = { registry: host, repository: `faults/app-${n % 3}` };
      const { digest } = await pushTestImage(direct, repo);
      return { image: `${host}/${repo.repository}@${digest}`, repo, digest };
    }),
  );
}

const registries = [
  ['Docker Distribution (fallback index)', () => distribution.host, 'referrers-tag'],
  ['go-containerregistry (referrers API)', () => referrersApi.host, 'referrers-api'],
] as const;

describe.each(registries)('writing bundles through a fault-injecting proxy: %s', (_name, host, source) => {
  it('signs and attests images concurrently: each bundle listed exactly once; a re-run writes nothing', async () => {
    const targets = await images(host(), 6);
    const proxy = await faultProxy(host(), source === 'referrers-tag' ? 11 : 12);
    const client = clientThrough(host(), proxy.host, {
      timeoutMs: 40_000,
      retry: { maxAttempts: 10, baseDelayMs: 10, maxDelayMs: 100 },
      referrersIndexUpdate: indexUpdate,
    });
    cleanups.push(() => client.close());
    const write = () =>
      Promise.all(
        targets.map((target) =>
          Promise.all([
            signImageBundles(client, target, key, { annotations: { team: 'faults' } }).then(
              (signed) => signed[0]!,
            ),
            attestImageBundle(client, target, key, {
              predicateType: SPDX,
              predicate: bytes(spdxDocument(target.digest)),
            }),
          ]),
        ),
      );

    const written = await write();
    expect(written.flat().map((entry) => [entry.deduplicated, entry.listedThrough])).toEqual(
      targets.flatMap(() => [
        [false, source],
        [false, source],
      ]),
    );
    for (const kind of FAULT_KINDS)
      expect({ kind, injected: proxy.faults[kind] > 0 }).toEqual({ kind, injected: true });

    const listings = async () =>
      Promise.all(
        targets.map(async (target) =>
          (await direct.listReferrers(target.repo, target.digest)).descriptors
            .map(({ digest }) => digest)
            .sort(),
        ),
      );
    const listed = await listings();
    expect(listed).toEqual(written.map((pair) => pair.map(({ ref }) => manifestDigest(ref)).sort()));
    const gated = await runGate(
      direct,
      targets.map((target) => ({ image: target.image, reference: parseReference(target.image) })),
      {
        signature: { trustedKeys: [key.publicKey], annotations: { team: 'faults' } },
        requirements: [{ kind: 'signature' }, { kind: 'sbom' }],
        platforms: 'index',
        mode: 'enforce',
      },
    );
    expect(gated.failed).toEqual([]);
    expect(gated.verified).toBe(true);

    const faultsBefore = proxy.requests;
    const again = await write();
    expect(proxy.requests).toBeGreaterThan(faultsBefore);
    expect(again.map((pair) => pair.map(({ ref, deduplicated }) => [ref, deduplicated]))).toEqual(
      written.map((pair) => pair.map(({ ref }) => [ref, true])),
    );
    expect(await listings()).toEqual(listed);
  }, 60_000);
});

describe('two writers of one fallback index, one held up by 429 Retry-After (Distribution)', () => {
  it('the delayed write does not drop the entry the other wrote and verified meanwhile', async () => {
    const repo = { registry: distribution.host, repository: 'faults/held-up' };
    const { digest } = await pushTestImage(direct, repo);
    const target = { image: `${repo.registry}/${repo.repository}@${digest}`, repo, digest };
    const [existing] = await signImageBundles(direct, target, key, { annotations: { writer: 'first' } });

    // Writer A's first write of the index is answered 429 with Retry-After: 1 (the registry did nothing);
    // its retry comes a second later, long after writer B wrote, settled and verified its own entry.
    const proxy = await startTamperingProxy(distribution.host);
    cleanups.push(() => proxy.stop());
    let heldUp: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (heldUp = resolve));
    let answered429 = 0;
    proxy.tamper({
      before: (request) => {
        if (
          request.method !== 'PUT' ||
          request.url !== manifestPath(repo.repository, referrersTag(digest)) ||
          answered429 > 0
        )
          return undefined;
        answered429++;
        heldUp();
        const answer = errorAnswer(429, 'TOOMANYREQUESTS');
        return { ...answer, headers: { ...answer.headers, 'retry-after': '1' } };
      },
    });
    const writerA = clientThrough(distribution.host, proxy.host, {
      timeoutMs: 30_000,
      retry: { maxAttempts: 4, baseDelayMs: 10, maxDelayMs: 50 },
      referrersIndexUpdate: indexUpdate,
    });
    const writerB = new RegistryClient({ timeoutMs: 30_000, referrersIndexUpdate: indexUpdate });
    cleanups.push(() => writerA.close());
    cleanups.push(() => writerB.close());

    const a = signImageBundles(writerA, target, key, { annotations: { writer: 'A' } });
    await held;
    const [b] = await signImageBundles(writerB, target, key, { annotations: { writer: 'B' } });
    const [fromA] = await a;
    expect(answered429).toBe(1);

    const listed = await direct.listReferrers(repo, digest);
    expect(listed.descriptors.map((entry) => entry.digest).sort()).toEqual(
      [existing!, b!, fromA!].map(({ ref }) => manifestDigest(ref)).sort(),
    );
  });
});
