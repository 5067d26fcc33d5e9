import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { attestImageBundle, signImageBundles } from '@sigil/bundles';
import { SigningKey } from '@sigil/keys';
import { RegistryClient, parseReference, type RepositoryRef } from '@sigil/oci';
import {
  pushTestImage,
  startFaultProxy,
  startReferrersRegistry,
  startRegistry,
  type FaultProxyOptions,
  type StartedFaultProxy,
  type StartedReferrersRegistry,
  type StartedRegistry,
} from '@sigil/testing';
import { generateKeyPairSync } from 'node:crypto';
import { runGate, type GateResult } from '../src/index.js';
import { clientThrough, type ClientOptions } from './support/client-through.js';
import { bytes, spdxDocument } from './support/predicates.js';

/**
 * The gate reading images whose only evidence is Sigstore bundle referrers (no `.sig`, no `.att`) through a
 * fault-injecting proxy (503, 429, resets before forwarding and after, slow answers) in front of Docker
 * Distribution (fallback index) and go-containerregistry (referrers API). With a short retry budget, an
 * image passes only if it is signed by a trusted key, and a signed image that fails does so with a
 * could-not-check code; with retries within the deadline, every image gets exactly its real verdict.
 */
const trusted = new SigningKey(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey);
const stranger = new SigningKey(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey);
/** Failures that mean "could not check": the registry kept failing, or the deadline came. */
const COULD_NOT_CHECK = ['REGISTRY_UNREACHABLE', 'TIMEOUT'];

let distribution: StartedRegistry;
let referrersApi: StartedReferrersRegistry;
let direct: RegistryClient;
const cleanups: (() => Promise<void> | void)[] = [];

beforeAll(async () => {
  [distribution, referrersApi] = await Promise.all([startRegistry(), startReferrersRegistry()]);
  direct = new RegistryClient({ timeoutMs: 60_000, referrersIndexUpdate: { settleMs: 300, staleMs: 100 } });
});

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  direct.close();
  await Promise.all([distribution?.stop(), referrersApi?.stop()]);
});

type Kind = 'signed' | 'attested-only' | 'stranger' | 'unsigned';

/** What each kind of image gets when every read succeeds: `[signature reason, sbom reason]`. */
const REAL_VERDICT: Record<Kind, [string | undefined, string | undefined]> = {
  signed: [undefined, undefined],
  'attested-only': ['SIGNATURE_ONLY_ATTESTATIONS', undefined],
  stranger: ['SIGNATURE_UNTRUSTED', 'ATTESTATION_UNTRUSTED'],
  unsigned: ['NO_SIGNATURES', 'NO_ATTESTATIONS'],
};

interface Target {
  readonly image: string;
  readonly repo: RepositoryRef;
  readonly digest: string;
  readonly kind: Kind;
}

/** Bundle-only images written directly (sigil's bundles, no legacy tags): 12 signed, 3 of each other kind. */
async function bundleOnlyImages(host: string): Promise<Target[]> {
  const kinds: Kind[] = [
    ...Array.from({ length: 12 }, (): Kind => 'signed'),
    ...(['attested-only', 'stranger', 'unsigned'] as const).flatMap((kind) => [kind, kind, kind]),
  ];
  return Promise.all(
    kinds.map(async (kind, n) => {
      const repo = { registry: host, repository: `read-faults/app-${n % 3}` };
      const { digest } = await pushTestImage(direct, repo);
      const target = { image: `${host}/${repo.repository}@${digest}`, repo, digest, kind };
      const sbom = { predicateType: 'https://spdx.dev/Document', predicate: bytes(spdxDocument(digest)) };
      if (kind === 'signed' || kind === 'stranger') {
        const key = kind === 'signed' ? trusted : stranger;
        await signImageBundles(direct, target, key);
        await attestImageBundle(direct, target, key, sbom);
      }
      if (kind === 'attested-only') await attestImageBundle(direct, target, trusted, sbom);
      return target;
    }),
  );
}

async function gateThrough(
  host: string,
  targets: readonly Target[],
  fault: Omit<FaultProxyOptions, 'upstream'>,
  budget: Pick<ClientOptions, 'timeoutMs' | 'retry'>,
): Promise<{ result: GateResult; proxy: StartedFaultProxy }> {
  const proxy = await startFaultProxy({ upstream: host, ...fault });
  cleanups.push(() => proxy.stop());
  const client = clientThrough(host, proxy.host, budget);
  cleanups.push(() => client.close());
  const result = await runGate(
    client,
    targets.map(({ image }) => ({ image, reference: parseReference(image) })),
    {
      signature: { trustedKeys: [trusted.publicKey] },
      requirements: [{ kind: 'signature' }, { kind: 'sbom' }],
      platforms: 'index',
      mode: 'enforce',
      // One image at a time: the seeded fault plan meets the requests in the same order on every run.
      concurrency: 1,
    },
  );
  expect(result.images.map(({ image }) => image)).toEqual(targets.map(({ image }) => image));
  return { result, proxy };
}

const reasonsOf = (result: GateResult, n: number) =>
  (result.images[n]?.checks ?? []).map(({ check, reason }) => [check, reason]);

const registries = [
  ['Docker Distribution (fallback index)', () => distribution.host, 'referrers-tag'],
  ['go-containerregistry (referrers API)', () => referrersApi.host, 'referrers-api'],
] as const;

describe.each(registries)('the gate reading bundle-only images through faults: %s', (_name, host, source) => {
  let targets: Target[];
  beforeAll(async () => {
    targets = await bundleOnlyImages(host());
  }, 30_000);

  it('with retries within the deadline, every image gets its real verdict', async () => {
    const { result, proxy } = await gateThrough(
      host(),
      targets,
      { faultRate: 0.2, seed: 5, retryAfterSeconds: 0, slowMs: 30 },
      { timeoutMs: 30_000, retry: { maxAttempts: 10, baseDelayMs: 10, maxDelayMs: 100 } },
    );
    expect(targets.map((_, n) => reasonsOf(result, n))).toEqual(
      targets.map(({ kind }) => [
        ['signature', REAL_VERDICT[kind][0]],
        ['sbom', REAL_VERDICT[kind][1]],
      ]),
    );
    const signed = result.images.filter((_, n) => targets[n]?.kind === 'signed');
    for (const verdict of signed) {
      expect(verdict.passed).toBe(true);
      expect(verdict.checks.map((check) => check.source)).toEqual([source, source]);
    }
    expect(proxy.faults.status503 + proxy.faults.status429 + proxy.faults.resetAfter).toBeGreaterThan(0);
  });

  it('with a short retry budget, never passes what it could not read; signed images fail only as could-not-check', async () => {
    const { result, proxy } = await gateThrough(
      host(),
      targets,
      { faultRate: 0.35, seed: 3, retryAfterSeconds: 0, slowMs: 30 },
      { timeoutMs: 8_000, retry: { maxAttempts: 2, baseDelayMs: 10, maxDelayMs: 50 } },
    );
    const byKind = (kind: Kind) => result.images.filter((_, n) => targets[n]?.kind === kind);
    // Only an image signed by a trusted key ever passes.
    for (const kind of ['attested-only', 'stranger', 'unsigned'] as const)
      expect(byKind(kind).map((verdict) => [kind, verdict.passed])).toEqual(
        byKind(kind).map(() => [kind, false]),
      );
    // A check either gives the image's real verdict or a could-not-check code; never another reason.
    targets.forEach(({ kind }, n) => {
      const checks = reasonsOf(result, n);
      expect(
        checks.filter(
          ([, reason], position) =>
            reason !== REAL_VERDICT[kind][position] && !COULD_NOT_CHECK.includes(reason ?? ''),
        ),
      ).toEqual([]);
      expect(checks.map(([check]) => check)).toEqual(['signature', 'sbom']);
    });
    // The fault plan produced both outcomes among the signed images, or this test would prove nothing.
    const signed = byKind('signed');
    expect(signed.some((verdict) => verdict.passed)).toBe(true);
    const unchecked = signed.filter((verdict) => !verdict.passed);
    expect(unchecked.length).toBeGreaterThan(0);
    for (const verdict of unchecked)
      expect(verdict.reasons.filter((reason) => !COULD_NOT_CHECK.includes(reason))).toEqual([]);
    expect(result.verified).toBe(false);
    expect(new Set(result.failed.map(({ image }) => image))).toEqual(
      new Set(result.images.filter((verdict) => !verdict.passed).map(({ image }) => image)),
    );
    expect(proxy.faults.status503 + proxy.faults.status429 + proxy.faults.resetBefore).toBeGreaterThan(0);
  });
});
