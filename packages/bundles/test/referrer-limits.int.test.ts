import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { runGate, type GateResult } from '@sigil/gate';
import { SigningKey } from '@sigil/keys';
import {
  MEDIA_TYPES,
  RegistryClient,
  parseReference,
  sha256Digest,
  type Descriptor,
  type RepositoryRef,
} from '@sigil/oci';
import {
  pushTestImage,
  startReferrersRegistry,
  startRegistry,
  type StartedReferrersRegistry,
  type StartedRegistry,
} from '@sigil/testing';
import { generateKeyPairSync } from 'node:crypto';
import {
  errorAnswer,
  manifestPath,
  startTamperingProxy,
  type ProxiedAnswer,
  type TamperingProxy,
} from '../../../test/e2e/tampering-proxy.js';
import { MAX_REFERRERS, referrersTag } from '../../oci/src/referrers.js';
import { bytes, spdxDocument } from '../../gate/test/support/predicates.js';
import { attestImageBundle, signImageBundles } from '../src/index.js';

/**
 * What registries refuse and how much they list, with sigil writing and the gate reading bundle referrers
 * on Docker Distribution (fallback index) and go-containerregistry (referrers API): a referrer the registry
 * refuses is REFERRER_REFUSED with nothing listed; a full fallback index is refused before it is written;
 * a thousand referrers of one image are listed whole, through `Link` pages, within the bound, and the gate
 * reads only the bundles among them. The refusals and pages come from a loopback proxy in front of the real
 * registry (test/e2e/tampering-proxy.ts): neither registry refuses or paginates by itself.
 */
/** Another kind of referrer (an SBOM, a scan result): a config of its own, so listings can tell it apart. */
const OTHER_ARTIFACT = 'application/vnd.example.scan.v1+json';
const OTHER_CONFIG = 'application/vnd.example.scan.config.v1+json';
const key = new SigningKey(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey);
const encoder = new TextEncoder();
const decoder = new TextDecoder();
const indexUpdate = { settleMs: 300, staleMs: 100 };

let distribution: StartedRegistry;
let referrersApi: StartedReferrersRegistry;
let client: RegistryClient;
const cleanups: (() => Promise<void> | void)[] = [];

beforeAll(async () => {
  [distribution, referrersApi] = await Promise.all([startRegistry(), startReferrersRegistry()]);
  client = new RegistryClient({ timeoutMs: 60_000, concurrency: 16, referrersIndexUpdate: indexUpdate });
});

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  client.close();
  await Promise.all([distribution?.stop(), referrersApi?.stop()]);
});

async function proxyTo(upstream: string): Promise<TamperingProxy> {
  const proxy = await startTamperingProxy(upstream);
  cleanups.push(() => proxy.stop());
  return proxy;
}

/** A client whose debug lines (`METHOD host/path → status`) are collected in `lines`. */
function loggingClient(lines: string[] = []): { client: RegistryClient; lines: string[] } {
  const created = new RegistryClient({
    timeoutMs: 30_000,
    retry: { maxAttempts: 2, baseDelayMs: 10, maxDelayMs: 50 },
    referrersIndexUpdate: indexUpdate,
    logger: { debug: (line) => lines.push(line) },
  });
  cleanups.push(() => created.close());
  return { client: created, lines };
}

interface Image {
  readonly repo: RepositoryRef;
  readonly digest: string;
  readonly ref: string;
}

async function image(repo: RepositoryRef): Promise<Image> {
  const { digest } = await pushTestImage(client, repo);
  return { repo, digest, ref: `${repo.registry}/${repo.repository}@${digest}` };
}

/** The same image seen through `host` (a proxy in front of its registry). */
function via(target: Image, host: string): Image {
  const repo = { ...target.repo, registry: host };
  return { repo, digest: target.digest, ref: `${host}/${repo.repository}@${target.digest}` };
}

const sign = (registry: RegistryClient, target: Image, annotations: Record<string, string> = {}) =>
  signImageBundles(registry, { image: target.ref, ...target }, key, { annotations });

/**
 * `count` referrers of `subject` that are not bundles (each its own manifest, one config and layer shared),
 * pushed straight into the registry by digest; their descriptors, as a fallback index lists them.
 */
async function pushOtherReferrers(target: Image, count: number): Promise<Descriptor[]> {
  const config = await client.putBlob(target.repo, encoder.encode('{"scanner":"example"}'));
  const layer = await client.putBlob(target.repo, encoder.encode('{"findings":[]}'));
  const subject = (await client.getManifest(target.repo, target.digest))!;
  return Promise.all(
    Array.from({ length: count }, async (_, n) => {
      const manifest = encoder.encode(
        JSON.stringify({
          schemaVersion: 2,
          mediaType: MEDIA_TYPES.ociManifest,
          artifactType: OTHER_ARTIFACT,
          config: { mediaType: OTHER_CONFIG, ...config },
          layers: [{ mediaType: 'application/vnd.example.scan.result.v1+json', ...layer }],
          annotations: { 'com.example.scan': String(n) },
          subject: { mediaType: subject.mediaType, size: subject.bytes.byteLength, digest: target.digest },
        }),
      );
      const digest = await client.putManifest(
        target.repo,
        sha256Digest(manifest),
        manifest,
        MEDIA_TYPES.ociManifest,
      );
      return {
        mediaType: MEDIA_TYPES.ociManifest,
        digest,
        size: manifest.byteLength,
        artifactType: OTHER_ARTIFACT,
      };
    }),
  );
}

async function putFallbackIndex(target: Image, manifests: readonly Descriptor[]): Promise<void> {
  const index = encoder.encode(
    JSON.stringify({ schemaVersion: 2, mediaType: MEDIA_TYPES.ociIndex, manifests }),
  );
  await client.putManifest(target.repo, referrersTag(target.digest), index, MEDIA_TYPES.ociIndex);
}

async function fallbackIndexDigest(target: Image): Promise<string | undefined> {
  return (await client.getManifest(target.repo, referrersTag(target.digest)))?.digest;
}

function gate(registry: RegistryClient, target: Image): Promise<GateResult> {
  return runGate(registry, [{ image: target.ref, reference: parseReference(target.ref) }], {
    signature: { trustedKeys: [key.publicKey] },
    requirements: [{ kind: 'signature' }],
    platforms: 'index',
    mode: 'enforce',
  });
}

function signatureCheck(result: GateResult) {
  expect(result.images).toHaveLength(1);
  const check = result.images[0]?.checks[0];
  if (!check?.passed) expect(result.verified).toBe(false);
  return { passed: check?.passed, reason: check?.reason, source: check?.source };
}

const digestOfPath = (url: string): string | undefined =>
  /\/manifests\/(sha256:[0-9a-f]{64})$/.exec(url)?.[1];

const registries = [
  ['Docker Distribution (fallback index)', () => distribution.host, 'referrers-tag'],
  ['go-containerregistry (referrers API)', () => referrersApi.host, 'referrers-api'],
] as const;

describe.each(registries)('a registry that refuses the referrer manifest: %s', (_name, host, source) => {
  it.each([
    [413, 'SIZE_INVALID'],
    [415, 'UNSUPPORTED'],
    [400, 'MANIFEST_INVALID'],
  ])('HTTP %d to its PUT by digest is REFERRER_REFUSED, and nothing is listed', async (status, code) => {
    const target = await image({ registry: host(), repository: `limits/refused-${status}` });
    const proxy = await proxyTo(host());
    const { client: through } = loggingClient();
    const [first] = await sign(through, via(target, proxy.host), { run: '1' });
    expect(first).toMatchObject({ deduplicated: false, listedThrough: source });
    const listedBefore = await client.listReferrers(target.repo, target.digest);
    const indexBefore = await fallbackIndexDigest(target);
    expect(indexBefore === undefined).toBe(source === 'referrers-api');

    const refused: string[] = [];
    proxy.tamper({
      before: (request): ProxiedAnswer | undefined => {
        const digest = request.method === 'PUT' ? digestOfPath(request.url) : undefined;
        if (digest === undefined) return undefined;
        refused.push(digest);
        return errorAnswer(status, code);
      },
    });
    const signing = sign(through, via(target, proxy.host), { run: '2' });
    await expect(signing).rejects.toMatchObject({
      code: 'REFERRER_REFUSED',
      message: expect.stringContaining(`HTTP ${status}`),
    });
    const attesting = attestImageBundle(through, { image: target.ref, ...via(target, proxy.host) }, key, {
      predicateType: 'https://spdx.dev/Document',
      predicate: bytes(spdxDocument('refused')),
    });
    await expect(attesting).rejects.toMatchObject({ code: 'REFERRER_REFUSED' });
    expect(refused).toHaveLength(2);

    // Read directly: the same listing, the same fallback index, and neither refused manifest stored.
    expect(await client.listReferrers(target.repo, target.digest)).toEqual(listedBefore);
    expect(await fallbackIndexDigest(target)).toBe(indexBefore);
    for (const digest of refused) expect(await client.getManifest(target.repo, digest)).toBeUndefined();
    expect(signatureCheck(await gate(client, target))).toEqual({ passed: true, reason: undefined, source });
  });
});

describe('a registry that refuses the fallback index (Distribution)', () => {
  it('HTTP 413 to the index PUT is REFERRER_REFUSED; the index is as it was and lists nothing new', async () => {
    const target = await image({ registry: distribution.host, repository: 'limits/index-refused' });
    const proxy = await proxyTo(distribution.host);
    const { client: through } = loggingClient();
    const [first] = await sign(through, via(target, proxy.host), { run: '1' });
    const indexBefore = await fallbackIndexDigest(target);
    const tag = referrersTag(target.digest);
    proxy.tamper({
      before: (request) =>
        request.method === 'PUT' && request.url === manifestPath(target.repo.repository, tag)
          ? errorAnswer(413, 'SIZE_INVALID')
          : undefined,
    });
    await expect(sign(through, via(target, proxy.host), { run: '2' })).rejects.toMatchObject({
      code: 'REFERRER_REFUSED',
      message: expect.stringContaining('HTTP 413'),
    });
    expect(await fallbackIndexDigest(target)).toBe(indexBefore);
    const listed = await client.listReferrers(target.repo, target.digest);
    expect(listed.descriptors.map(({ digest }) => digest)).toEqual([first!.ref.split('@')[1]]);
  });
});

describe('the fallback index holds at most MAX_REFERRERS entries (Distribution)', () => {
  it('fills up to the bound, then refuses before writing; an index over it is never a pass', async () => {
    const target = await image({ registry: distribution.host, repository: 'limits/full' });
    const others = await pushOtherReferrers(target, MAX_REFERRERS);
    await putFallbackIndex(target, others.slice(0, MAX_REFERRERS - 1));

    const { client: signer, lines } = loggingClient();
    const [last] = await sign(signer, target, { run: 'last' });
    expect(last).toMatchObject({ deduplicated: false, listedThrough: 'referrers-tag' });
    const full = await client.listReferrers(target.repo, target.digest);
    expect(full.descriptors).toHaveLength(MAX_REFERRERS);
    expect(full.descriptors.at(-1)?.digest).toBe(last!.ref.split('@')[1]);
    const indexFull = await fallbackIndexDigest(target);

    // The gate reads the one bundle among 4096 referrers: no other referrer manifest is fetched.
    lines.length = 0;
    expect(signatureCheck(await gate(signer, target))).toEqual({
      passed: true,
      reason: undefined,
      source: 'referrers-tag',
    });
    const otherDigests = new Set(others.map(({ digest }) => digest));
    const fetched = lines.filter((line) => line.startsWith('GET ')).map(digestOfPathIn);
    expect(fetched.filter((digest) => digest !== undefined && otherDigests.has(digest))).toEqual([]);
    expect(fetched).toContain(last!.ref.split('@')[1]);

    lines.length = 0;
    const error = await sign(signer, target, { run: 'one too many' }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({
      code: 'REFERRER_REFUSED',
      message: expect.stringContaining(`already lists ${MAX_REFERRERS} referrers`),
    });
    const tag = referrersTag(target.digest);
    expect(lines.filter((line) => line.startsWith('PUT ') && line.includes(`/manifests/${tag} `))).toEqual(
      [],
    );
    expect(await fallbackIndexDigest(target)).toBe(indexFull);

    // Written by another tool: one entry over the bound is refused by the reader, and the check fails.
    await putFallbackIndex(target, [...full.descriptors, others.at(-1)!]);
    await expect(client.listReferrers(target.repo, target.digest)).rejects.toMatchObject({
      code: 'REGISTRY_PROTOCOL',
      message: expect.stringContaining(`more than ${MAX_REFERRERS} referrers`),
    });
    expect(signatureCheck(await gate(loggingClient().client, target))).toEqual({
      passed: false,
      reason: 'REGISTRY_PROTOCOL',
      source: undefined,
    });
  }, 60_000);
});

function digestOfPathIn(line: string): string | undefined {
  return /\/manifests\/(sha256:[0-9a-f]{64}) /.exec(line)?.[1];
}

describe('a thousand referrers of one image (go-containerregistry)', () => {
  const COUNT = 1000;
  const PAGE = 100;
  let target: Image;
  let others: Descriptor[];
  let signature: string;

  beforeAll(async () => {
    target = await image({ registry: referrersApi.host, repository: 'limits/many' });
    others = await pushOtherReferrers(target, COUNT);
    const [signed] = await sign(client, target);
    signature = signed!.ref.split('@')[1]!;
  }, 30_000);

  const referrersUrl = () => `/v2/${target.repo.repository}/referrers/${target.digest}`;

  /** ggcr's whole listing, cut into pages of `PAGE` in digest order, each but the last with a `Link`. */
  function paginate(request: { method: string; url: string }, answer: ProxiedAnswer): ProxiedAnswer {
    const url = new URL(request.url, 'http://proxy');
    if (request.method !== 'GET' || url.pathname !== referrersUrl() || answer.status !== 200) return answer;
    const listing = JSON.parse(decoder.decode(answer.body)) as { manifests: { digest: string }[] };
    const sorted = [...listing.manifests].sort((a, b) => a.digest.localeCompare(b.digest));
    const page = Number(url.searchParams.get('page') ?? '0');
    const body = encoder.encode(
      JSON.stringify({ ...listing, manifests: sorted.slice(page * PAGE, (page + 1) * PAGE) }),
    );
    const headers: Record<string, string | string[]> = {
      ...answer.headers,
      'content-length': String(body.byteLength),
    };
    if ((page + 1) * PAGE < sorted.length) headers['link'] = `<${url.pathname}?page=${page + 1}>; rel="next"`;
    return { status: 200, headers, body: Buffer.from(body) };
  }

  it('lists every one, in one answer and through Link pages', async () => {
    const whole = await client.listReferrers(target.repo, target.digest);
    expect(whole.source).toBe('referrers-api');
    const expected = [...others.map(({ digest }) => digest), signature].sort();
    expect(whole.descriptors.map(({ digest }) => digest).sort()).toEqual(expected);

    const proxy = await proxyTo(referrersApi.host);
    proxy.tamper({ after: paginate });
    const { client: through } = loggingClient();
    const paged = await through.listReferrers(via(target, proxy.host).repo, target.digest);
    expect(paged.source).toBe('referrers-api');
    expect(paged.descriptors.map(({ digest }) => digest)).toEqual(expected);
    expect(proxy.requests.filter(({ url }) => url.startsWith(referrersUrl())).map(({ url }) => url)).toEqual([
      referrersUrl(),
      ...Array.from(
        { length: Math.ceil(expected.length / PAGE) - 1 },
        (_, n) => `${referrersUrl()}?page=${n + 1}`,
      ),
    ]);
  });

  it('the gate passes the one signature among them, fetching no other referrer', async () => {
    const proxy = await proxyTo(referrersApi.host);
    proxy.tamper({ after: paginate });
    const { client: through } = loggingClient();
    expect(signatureCheck(await gate(through, via(target, proxy.host)))).toEqual({
      passed: true,
      reason: undefined,
      source: 'referrers-api',
    });
    const otherDigests = new Set(others.map(({ digest }) => digest));
    const manifestsRead = proxy.requests
      .filter(({ method }) => method === 'GET')
      .map(({ url }) => digestOfPath(url))
      .filter((digest) => digest !== undefined);
    expect(manifestsRead.filter((digest) => otherDigests.has(digest))).toEqual([]);
    expect(manifestsRead).toContain(signature);
    expect(proxy.requests.filter(({ url }) => url.includes('/blobs/'))).toHaveLength(1);
  });

  it('a listing that grows past MAX_REFERRERS over its pages is refused, and the check fails', async () => {
    const proxy = await proxyTo(referrersApi.host);
    // Every page is the whole listing again, with a next page: endless, and over the bound after five.
    proxy.tamper({
      after: (request, answer) =>
        request.method === 'GET' && request.url.startsWith(referrersUrl())
          ? { ...answer, headers: { ...answer.headers, link: `<${referrersUrl()}?again=1>; rel="next"` } }
          : answer,
    });
    const { client: through } = loggingClient();
    await expect(through.listReferrers(via(target, proxy.host).repo, target.digest)).rejects.toMatchObject({
      code: 'REGISTRY_PROTOCOL',
      message: expect.stringContaining(`more than ${MAX_REFERRERS} referrers`),
    });
    const pages = Math.floor(MAX_REFERRERS / (COUNT + 1)) + 1;
    expect(proxy.requests.filter(({ url }) => url.startsWith(referrersUrl()))).toHaveLength(pages);
    expect(signatureCheck(await gate(loggingClient().client, via(target, proxy.host)))).toEqual({
      passed: false,
      reason: 'REGISTRY_PROTOCOL',
      source: undefined,
    });
  });
});
