import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SigningKey, decodeSignatureAnnotation, verifyWithPublicKey } from '@sigil/keys';
import { signImages, verifyImageSignatures, type SignaturePolicy } from '@sigil/signatures';
import { readSignatures } from '../../packages/signatures/src/signature-store.js';
import { simpleSigningPayload } from '../../packages/signatures/src/payload.js';
import { type ImageTarget } from '@sigil/oci';
import { runGate, type ImageVerdict } from '@sigil/gate';
import {
  NodeHttpTransport,
  RegistryClient,
  parseReference,
  repositoryName,
  type RepositoryRef,
} from '@sigil/oci';
import {
  FAULT_KINDS,
  pushTestImage,
  startFaultProxy,
  startRegistry,
  type FaultProxyOptions,
  type StartedFaultProxy,
  type StartedRegistry,
} from '@sigil/testing';
import { generateKeyPairSync } from 'node:crypto';

/**
 * The fault scenario: a fault-injecting proxy between the client and the registry (503, 429 with
 * Retry-After, resets before forwarding and after the registry acted, slow answers). Signing through it
 * must still leave every image signed exactly once; the gate through it must never pass an image it could
 * not check. What ended up in the registry is always read directly, never through the proxy.
 */
const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

let registry: StartedRegistry;
let direct: RegistryClient;

beforeAll(async () => {
  registry = await startRegistry();
  cleanups.push(() => registry.stop());
  direct = new RegistryClient({ timeoutMs: 120_000 });
  cleanups.push(() => direct.close());
});

const newKey = (): SigningKey =>
  new SigningKey(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey);

async function faultProxy(options: Omit<FaultProxyOptions, 'upstream'>): Promise<StartedFaultProxy> {
  const proxy = await startFaultProxy({ upstream: registry.host, ...options });
  cleanups.push(() => proxy.stop());
  return proxy;
}

/** What RegistryClient takes: `http` is the transport its requests go through, `retry` its retry policy. */
type ClientOptions = NonNullable<ConstructorParameters<typeof RegistryClient>[0]>;

/**
 * A registry client whose requests to the registry travel through `proxy`. Images keep the registry's
 * name, so the identity in signed payloads is the registry's and the direct checks agree with it.
 */
function clientThrough(
  proxy: StartedFaultProxy,
  options: { timeoutMs: number; retry: ClientOptions['retry'] },
): RegistryClient {
  const transport = new NodeHttpTransport({ concurrency: 8 });
  const send: ClientOptions['http'] = (request) => {
    if (request.url.host !== registry.host) return transport.send(request);
    const url = new URL(request.url);
    url.host = proxy.host;
    return transport.send({ ...request, url });
  };
  const client = new RegistryClient({ ...options, http: send });
  cleanups.push(() => transport.close());
  return client;
}

async function pushImages(repositories: readonly string[], count: number): Promise<ImageTarget[]> {
  const targets: ImageTarget[] = [];
  for (let i = 0; i < count; i++) {
    const repo: RepositoryRef = {
      registry: registry.host,
      repository: repositories[i % repositories.length]!,
    };
    const { digest } = await pushTestImage(direct, repo);
    targets.push({ image: `${repositoryName(repo)}@${digest}`, repo, digest, tag: undefined });
  }
  return targets;
}

async function signDirectly(targets: readonly ImageTarget[], key: SigningKey): Promise<void> {
  const outcomes = await signImages(direct, targets, key);
  expect(outcomes.every((outcome) => outcome.ok)).toBe(true);
}

/** What runGate takes as its policy. */
type GatePolicy = Parameters<typeof runGate>[2];

function gatePolicy(key: SigningKey): GatePolicy {
  return {
    signature: { trustedKeys: [key.publicKey] },
    requirements: [{ kind: 'signature' }],
    platforms: 'index',
    mode: 'enforce',
    concurrency: 8,
  };
}

const entries = (targets: readonly ImageTarget[]) =>
  targets.map((target) => ({ image: target.image, reference: parseReference(target.image) }));

/** Failures that mean "could not check": the registry kept failing, or the deadline came. */
const COULD_NOT_CHECK = ['REGISTRY_UNREACHABLE', 'TIMEOUT'];

/** A fault plan the gate cannot always get through: half the requests faulted, two attempts, 8 s. */
const HOSTILE = { faultRate: 0.5, retryAfterSeconds: 1, slowMs: 100 };
const SHORT_BUDGET = { timeoutMs: 8_000, retry: { maxAttempts: 2, baseDelayMs: 10, maxDelayMs: 50 } };

describe('signing through a fault-injecting proxy', () => {
  it('signs 50 images with 20% of requests faulted: each ends with exactly one valid signature layer', async () => {
    const targets = await pushImages(['faults/backend', 'faults/worker', 'faults/frontend'], 50);
    const proxy = await faultProxy({ faultRate: 0.2, seed: 42, retryAfterSeconds: 1, slowMs: 100 });
    const key = newKey();
    const client = clientThrough(proxy, {
      timeoutMs: 45_000,
      retry: { maxAttempts: 12, baseDelayMs: 20, maxDelayMs: 200 },
    });

    const outcomes = await signImages(client, targets, key, { concurrency: 8 });

    expect(outcomes.map((outcome) => (outcome.ok ? 'signed' : outcome.error.message))).toEqual(
      targets.map(() => 'signed'),
    );
    for (const outcome of outcomes) {
      expect(outcome.ok && outcome.signatures.map((signed) => signed.deduplicated)).toEqual([false]);
    }
    for (const kind of FAULT_KINDS)
      expect({ kind, injected: proxy.faults[kind] > 0 }).toEqual({ kind, injected: true });

    for (const target of targets) {
      const stored = await readSignatures(direct, target.repo, target.digest);
      expect(stored?.layers).toHaveLength(1);
      const [layer] = stored?.layers ?? [];
      const expected = simpleSigningPayload(repositoryName(target.repo), target.digest);
      expect(layer?.payload.ok && Buffer.from(layer.payload.bytes).equals(Buffer.from(expected))).toBe(true);
      const decoded = decodeSignatureAnnotation(layer?.signature ?? '');
      expect(decoded.ok && verifyWithPublicKey(key.publicKey, expected, decoded.signature)).toBe(true);
    }
  });
});

describe('the gate through a fault-injecting proxy with a short retry budget', () => {
  function expectOnlyCheckedImagesPassed(
    verdicts: readonly ImageVerdict[],
    verifiedDirectly: ReadonlyMap<string, boolean>,
  ): void {
    for (const verdict of verdicts) {
      if (verdict.passed)
        expect({ image: verdict.image, verifiable: verifiedDirectly.get(verdict.image) }).toEqual({
          image: verdict.image,
          verifiable: true,
        });
    }
  }

  async function directVerdicts(targets: readonly ImageTarget[], policy: SignaturePolicy) {
    const verdicts = new Map<string, boolean>();
    for (const target of targets) {
      verdicts.set(target.image, (await verifyImageSignatures(direct, target, policy)).verified);
    }
    return verdicts;
  }

  it('fails every signed image it could not check with a registry reason, and the whole gate with it', async () => {
    const key = newKey();
    const targets = await pushImages(['gate/backend', 'gate/worker'], 40);
    await signDirectly(targets, key);
    const proxy = await faultProxy({ ...HOSTILE, seed: 3 });

    const result = await runGate(clientThrough(proxy, SHORT_BUDGET), entries(targets), gatePolicy(key));

    expect(result.images.map((verdict) => verdict.image)).toEqual(targets.map((target) => target.image));
    const passed = result.images.filter((verdict) => verdict.passed);
    const unchecked = result.images.filter((verdict) => !verdict.passed);
    // The fault plan must have produced both outcomes, or this test would prove nothing.
    expect(passed.length).toBeGreaterThan(0);
    expect(unchecked.length).toBeGreaterThan(0);
    for (const verdict of unchecked) {
      expect({
        image: verdict.image,
        reasons: verdict.reasons.filter((r) => !COULD_NOT_CHECK.includes(r)),
      }).toEqual({
        image: verdict.image,
        reasons: [],
      });
    }
    // Read directly, every image is signed and verifies: each failure above is a check the gate could not make.
    const verifiedDirectly = await directVerdicts(targets, gatePolicy(key).signature);
    expect([...verifiedDirectly.values()].filter((verified) => !verified)).toEqual([]);
    expect(result.verified).toBe(false);
    expect(result.passed).toBe(false);
    expect(new Set(result.failed.map((failure) => failure.image))).toEqual(
      new Set(unchecked.map((verdict) => verdict.image)),
    );
    expect(
      proxy.faults.status503 + proxy.faults.status429 + proxy.faults.resetBefore + proxy.faults.resetAfter,
    ).toBeGreaterThan(0);
  });

  it('never passes an unsigned image or one signed by an untrusted key', async () => {
    const key = newKey();
    const signed = await pushImages(['mixed/backend', 'mixed/worker'], 24);
    const unsigned = await pushImages(['mixed/backend', 'mixed/frontend'], 10);
    const foreign = await pushImages(['mixed/worker'], 6);
    await signDirectly(signed, key);
    await signDirectly(foreign, newKey());
    const all = [...signed, ...unsigned, ...foreign].sort((a, b) => a.digest.localeCompare(b.digest));
    const proxy = await faultProxy({ ...HOSTILE, seed: 9 });

    const result = await runGate(clientThrough(proxy, SHORT_BUDGET), entries(all), gatePolicy(key));

    const byImage = new Map(result.images.map((verdict) => [verdict.image, verdict]));
    const untrusted = [...unsigned, ...foreign];
    expect(untrusted.map((target) => [target.image, byImage.get(target.image)?.passed])).toEqual(
      untrusted.map((target) => [target.image, false]),
    );
    for (const target of unsigned) {
      const reasons = byImage.get(target.image)?.reasons ?? [];
      expect(reasons.filter((r) => r !== 'NO_SIGNATURES' && !COULD_NOT_CHECK.includes(r))).toEqual([]);
    }
    // Under these faults the gate still checked some images both ways, so the refusals above are not
    // only registry trouble.
    expect(signed.some((target) => byImage.get(target.image)?.passed)).toBe(true);
    expect(unsigned.some((target) => byImage.get(target.image)?.reasons.includes('NO_SIGNATURES'))).toBe(
      true,
    );
    expectOnlyCheckedImagesPassed(result.images, await directVerdicts(all, gatePolicy(key).signature));
    expect(result.verified).toBe(false);
    expect(result.passed).toBe(false);
  });
});
