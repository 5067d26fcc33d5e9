import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SigningKey } from '@sigil/keys';
import { MEDIA_TYPES, RegistryClient, parseReference, type RepositoryRef } from '@sigil/oci';
import { referrersTag } from '../../oci/src/referrers.js';
import { runGate } from '@sigil/gate';
import {
  pushTestImage,
  pushTestIndex,
  startReferrersRegistry,
  startRegistry,
  type StartedReferrersRegistry,
  type StartedRegistry,
} from '@sigil/testing';
import { generateKeyPairSync } from 'node:crypto';
import { bytes, spdxDocument } from '../../gate/test/support/predicates.js';
import { attestImageBundle, signImageBundles } from '../src/index.js';

/**
 * sigil writing Sigstore bundles as referrers, on both registries for real: Docker Distribution (no referrers
 * API: the fallback index) and go-containerregistry's registry (the OCI 1.1 referrers API). Read back by the
 * gate; cosign and sigstore-js read them in test/interop/sigil-bundles.interop.test.ts.
 */
const key = new SigningKey(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey);
const SPDX = bytes(spdxDocument('bundles'));
const created = new Date('2026-12-06T08:00:00.123Z');
let distribution: StartedRegistry;
let referrersApi: StartedReferrersRegistry;
let client: RegistryClient;

beforeAll(async () => {
  [distribution, referrersApi] = await Promise.all([startRegistry(), startReferrersRegistry()]);
  client = new RegistryClient({ timeoutMs: 120_000, referrersIndexUpdate: { settleMs: 400, staleMs: 150 } });
}, 120_000);

afterAll(async () => {
  client.close();
  await Promise.all([distribution.stop(), referrersApi.stop()]);
});

const policy: Parameters<typeof runGate>[2] = {
  signature: { trustedKeys: [key.publicKey] },
  requirements: [{ kind: 'signature' }, { kind: 'sbom' }],
  platforms: 'index',
  mode: 'enforce',
};

function gate(repo: RepositoryRef, digest: string, registry = client) {
  const image = `${repo.registry}/${repo.repository}@${digest}`;
  return runGate(registry, [{ image, reference: parseReference(image) }], policy);
}

/** The referrer manifest's digest, from a bundle's ref `registry/repo@<digest>`. */
function manifestDigest(written: { ref: string }): string {
  return written.ref.slice(written.ref.indexOf('@') + 1);
}

const registries = [
  ['Distribution (fallback index)', () => distribution.host, 'referrers-tag'],
  ['ggcr (referrers API)', () => referrersApi.host, 'referrers-api'],
] as const;

describe.each(registries)('bundles written by sigil on %s', (_name, host, source) => {
  it('signs and attests as cosign v3 does; the gate passes them from the listing, each found once', async () => {
    const repo = { registry: host(), repository: 'bundles/written' };
    const { digest, manifest: subjectBytes } = await pushTestImage(client, repo);
    const target = { image: `${repo.registry}/${repo.repository}@${digest}`, repo, digest };
    const [signed] = await signImageBundles(client, target, key, {
      annotations: { env: 'prod' },
      now: () => created,
    });
    const attested = await attestImageBundle(
      client,
      target,
      key,
      { predicateType: 'https://spdx.dev/Document', predicate: SPDX },
      { now: () => created },
    );
    expect(signed).toMatchObject({ digest, format: 'bundle', listedThrough: source, deduplicated: false });
    expect(attested).toMatchObject({
      digest,
      format: 'bundle',
      listedThrough: source,
      deduplicated: false,
      replaced: 0,
    });
    expect(signed?.ref).toMatch(new RegExp(`^${repo.registry}/${repo.repository}@sha256:[0-9a-f]{64}$`));

    const manifest = await client.getManifest(repo, manifestDigest(signed!));
    const document = JSON.parse(new TextDecoder().decode(manifest!.bytes)) as Record<string, unknown>;
    expect(Object.keys(document)).toEqual([
      'schemaVersion',
      'mediaType',
      'config',
      'layers',
      'annotations',
      'subject',
      'artifactType',
    ]);
    expect(document).toMatchObject({
      config: {
        mediaType: 'application/vnd.oci.empty.v1+json',
        size: 2,
        digest: 'sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a',
        artifactType: 'application/vnd.dev.sigstore.bundle.v0.3+json',
      },
      annotations: {
        'dev.sigstore.bundle.content': 'dsse-envelope',
        'dev.sigstore.bundle.predicateType': 'https://sigstore.dev/cosign/sign/v1',
        'org.opencontainers.image.created': '2026-12-06T08:00:00Z',
      },
      subject: { mediaType: MEDIA_TYPES.ociManifest, size: subjectBytes.byteLength, digest },
      artifactType: 'application/vnd.dev.sigstore.bundle.v0.3+json',
    });
    const listed = await client.listReferrers(repo, digest);
    expect(listed.source).toBe(source);
    expect(listed.descriptors.map((entry) => entry.digest).sort()).toEqual(
      [manifestDigest(signed!), manifestDigest(attested)].sort(),
    );

    const result = await gate(repo, digest);
    expect(result.images[0]?.checks.map(({ check, passed, source: from }) => [check, passed, from])).toEqual([
      ['signature', true, source],
      ['sbom', true, source],
    ]);
    const annotated = await runGate(
      client,
      [{ image: target.image, reference: parseReference(target.image) }],
      {
        ...policy,
        signature: { ...policy.signature, annotations: { env: 'stage' } },
        requirements: [{ kind: 'signature' }],
      },
    );
    expect(annotated.images[0]?.checks[0]).toMatchObject({ passed: false, reason: 'ANNOTATION_MISMATCH' });
  });

  it('re-running writes nothing: the same bundles are found, the listing unchanged', async () => {
    const repo = { registry: host(), repository: 'bundles/rerun' };
    const { digest } = await pushTestImage(client, repo);
    const target = { image: `${repo.registry}/${repo.repository}@${digest}`, repo, digest };
    const first = await signImageBundles(client, target, key, { annotations: { run: '1' } });
    const sbom = { predicateType: 'https://spdx.dev/Document', predicate: SPDX };
    const firstSbom = await attestImageBundle(client, target, key, sbom);
    const again = await signImageBundles(client, target, key, { annotations: { run: '1' } });
    const againSbom = await attestImageBundle(client, target, key, sbom);
    expect(again).toEqual([{ ...first[0], deduplicated: true }]);
    expect(againSbom).toEqual({ ...firstSbom, deduplicated: true });
    // Other annotations, another predicate, another key: each is a new bundle.
    const other = new SigningKey(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey);
    const added = [
      (await signImageBundles(client, target, key, { annotations: { run: '2' } }))[0],
      await attestImageBundle(client, target, key, {
        predicateType: 'https://spdx.dev/Document',
        predicate: new TextEncoder().encode('{"spdxVersion":"SPDX-2.3","name":"other"}'),
      }),
      (await signImageBundles(client, target, other, { annotations: { run: '1' } }))[0],
    ];
    expect(added.map((entry) => entry?.deduplicated)).toEqual([false, false, false]);
    expect((await client.listReferrers(repo, digest)).descriptors).toHaveLength(5);
  });

  it('recursive signing puts a bundle on the index and on every platform manifest', async () => {
    const repo = { registry: host(), repository: 'bundles/index' };
    const index = await pushTestIndex(client, repo);
    const target = {
      image: `${repo.registry}/${repo.repository}@${index.digest}`,
      repo,
      digest: index.digest,
    };
    const signed = await signImageBundles(client, target, key, { recursive: true });
    expect(signed.map((entry) => entry.digest)).toEqual([
      index.digest,
      ...index.images.map((child) => child.digest),
    ]);
    for (const entry of signed) {
      const listed = await client.listReferrers(repo, entry.digest);
      expect(listed.descriptors.map((descriptor) => descriptor.digest)).toEqual([manifestDigest(entry)]);
    }
  });
});

describe('writing referrers', () => {
  it('keeps every other entry and field of a fallback index as it was (Distribution), and lists ours with artifactType and annotations', async () => {
    const repo = { registry: distribution.host, repository: 'bundles/kept' };
    const { digest } = await pushTestImage(client, repo);
    // Distribution accepts an index only when every manifest it lists exists.
    const other = await pushTestImage(client, repo);
    const foreign = {
      mediaType: MEDIA_TYPES.ociManifest,
      digest: other.digest,
      size: other.manifest.byteLength,
      artifactType: 'application/vnd.example.thing',
      annotations: { 'com.example.kept': 'yes' },
      platform: { architecture: 'amd64', os: 'linux' },
    };
    const existing = {
      schemaVersion: 2,
      mediaType: MEDIA_TYPES.ociIndex,
      manifests: [foreign],
      annotations: { owner: 'someone' },
    };
    await client.putManifest(
      repo,
      referrersTag(digest),
      new TextEncoder().encode(JSON.stringify(existing)),
      MEDIA_TYPES.ociIndex,
    );
    const [signed] = await signImageBundles(client, { image: 'kept', repo, digest }, key, {
      now: () => created,
    });
    const index = JSON.parse(
      new TextDecoder().decode((await client.getManifest(repo, referrersTag(digest)))!.bytes),
    ) as {
      manifests: unknown[];
      annotations: unknown;
    };
    expect(index.annotations).toEqual({ owner: 'someone' });
    expect(index.manifests).toEqual([
      foreign,
      {
        mediaType: MEDIA_TYPES.ociManifest,
        digest: manifestDigest(signed!),
        size: expect.any(Number),
        artifactType: 'application/vnd.dev.sigstore.bundle.v0.3+json',
        annotations: {
          'dev.sigstore.bundle.content': 'dsse-envelope',
          'dev.sigstore.bundle.predicateType': 'https://sigstore.dev/cosign/sign/v1',
          'org.opencontainers.image.created': '2026-12-06T08:00:00Z',
        },
      },
    ]);
  });

  it.each(registries)(
    '50 signers, each with its own client, lose no entry (%s)',
    async (_name, host, _source) => {
      const repo = { registry: host(), repository: 'bundles/contended' };
      const { digest } = await pushTestImage(client, repo);
      const signers = Array.from({ length: 50 }, (_, n) => ({
        client: new RegistryClient({
          timeoutMs: 120_000,
          referrersIndexUpdate: { settleMs: 400, staleMs: 150 },
        }),
        annotations: { signer: String(n) },
      }));
      try {
        const results = await Promise.all(
          signers.map(({ client: own, annotations }) =>
            signImageBundles(own, { image: 'contended', repo, digest }, key, { annotations }),
          ),
        );
        const written = results.map((result) => manifestDigest(result[0]!));
        expect(new Set(written).size).toBe(50);
        const listed = await client.listReferrers(repo, digest);
        expect(listed.descriptors.map((entry) => entry.digest).sort()).toEqual([...written].sort());
      } finally {
        for (const { client: own } of signers) own.close();
      }
    },
    180_000,
  );
});
