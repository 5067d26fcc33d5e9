// The benchmark's untimed setup: a local registry holding `count` small images spread over a few
// repositories, every one signed once and attested twice (an SPDX SBOM and SLSA v1 provenance) with a fresh
// key whose public half is written to a file for the gate and for cosign. `prepareFixture` (`--format
// legacy`): Docker Distribution, cosign legacy `.sig` / `.att`, as attest-sbom and attest-provenance store
// them. `prepareBundleFixture` (`--format bundle`): Distribution or go-containerregistry's registry, every
// signature and attestation a Sigstore bundle referrer, as cosign v3 writes them by default.
// `prepareKeylessFixture` (`--format keyless`): the same bundle referrers signed keyless instead, through a
// loopback Sigstore (`startSigstoreStack`): one `KeylessSigner` (one Fulcio certificate) for every image,
// behind the native signing engine, as sign-image, attest-sbom and attest-provenance sign without a key.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { attestImage } from '@sigil/attestations';
import { attestImageBundle, signImageBundles } from '@sigil/bundles';
import { generateKeyPair, loadPrivateKey } from '@sigil/keys';
import { mapConcurrently } from '@sigil/core';
import { signImages } from '@sigil/signatures';
import { RegistryClient } from '@sigil/oci';
import { SLSA_PROVENANCE_V1, buildProvenance } from '@sigil/provenance';
import { SPDX_PREDICATE_TYPE } from '@sigil/sbom';
import { NativeSigningEngine } from '@sigil/signer';
import { pushTestImage, startReferrersRegistry, startRegistry } from '@sigil/testing';
import { KeylessSigner, readSigningConfig } from '@sigil/transparency/keyless';

const REPOSITORIES = ['acme/backend', 'acme/worker', 'acme/frontend', 'acme/billing-api'];
const KEY_PASSWORD = 'bench';
/** Packages per SBOM: a small distroless-like image (about 10 KB of SPDX JSON). */
const SBOM_PACKAGES = 40;
/**
 * Images whose bundles are written at once. Distribution ignores If-Match, so every fallback-index update
 * waits for the index to settle before checking it kept its entry; images have an index each, so many
 * images at once keep that wait off the set-up time.
 */
const BUNDLE_WRITERS = 24;
/** Trust material with nothing in it, for cosign v3: the key is the only trust of a key-based bundle. */
const EMPTY_TRUSTED_ROOT = { mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1' };
const encoder = new TextEncoder();

/** The two registries of `--format bundle`: where a reader finds the referrers of a digest. */
export const BUNDLE_REGISTRIES = {
  distribution: {
    name: 'Docker Distribution',
    listedThrough: 'referrers-tag',
    discovery: 'no referrers API: the fallback tag sha256-<hex>',
    start: startRegistry,
  },
  'referrers-api': {
    name: "go-containerregistry's registry",
    listedThrough: 'referrers-api',
    discovery: 'the OCI 1.1 referrers API',
    start: startReferrersRegistry,
  },
};

/**
 * @returns {Promise<{ registry: import('@sigil/testing').StartedRegistry, images: { registry: string,
 *   repository: string, digest: string, reference: string }[], publicKeyPath: string }>}
 */
export async function prepareFixture({ count, workDir }) {
  const registry = await startRegistry();
  const client = new RegistryClient({ timeoutMs: 300_000 });
  try {
    const images = await pushImages(client, registry.host, count);
    const { pair, key } = await freshKey();
    const targets = images.map(targetOf);
    const outcomes = await signImages(client, targets, key, { concurrency: 8 });
    const unsigned = outcomes.filter((outcome) => !outcome.ok);
    if (unsigned.length > 0 || outcomes.length !== count) {
      throw new Error(`signing failed for ${unsigned.length} image(s): ${unsigned[0]?.error.message}`);
    }
    await mapConcurrently(targets, 8, async (target, index) => {
      for (const attestation of attestationsOf(target, index))
        await attestImage(client, target, key, attestation);
    });
    const publicKeyPath = path.join(workDir, 'bench.pub');
    await writeFile(publicKeyPath, pair.publicKeyPem);
    return { registry, images, publicKeyPath };
  } catch (error) {
    await registry.stop();
    throw error;
  } finally {
    client.close();
  }
}

/**
 * `--format bundle` on one of `BUNDLE_REGISTRIES` (`kind`): every image signed (`signImageBundles`) and
 * attested twice (`attestImageBundle`, the same predicates as `prepareFixture`) as Sigstore bundle
 * referrers, each found where `listedThrough` says; also writes the empty trusted root cosign v3 needs.
 * @returns {Promise<{ registry: { host: string, pid: number, stop: () => Promise<void> }, images: { registry: string,
 *   repository: string, digest: string, reference: string }[], publicKeyPath: string,
 *   trustedRootPath: string }>}
 */
export async function prepareBundleFixture({ count, workDir, kind }) {
  return withBundleRegistry(kind, count, async ({ client, images, listedThrough }) => {
    const { pair, key } = await freshKey();
    await mapConcurrently(images.map(targetOf), BUNDLE_WRITERS, async (target, index) => {
      // One image's bundles one after another: they share its fallback index.
      const written = await signImageBundles(client, target, key);
      for (const attestation of attestationsOf(target, index))
        written.push(await attestImageBundle(client, target, key, attestation));
      const misplaced = written.find((entry) => entry.listedThrough !== listedThrough);
      if (written.length !== 3 || misplaced !== undefined) {
        throw new Error(
          `${target.image}: expected 3 bundles listed through the ${listedThrough}, got ` +
            written.map((entry) => entry.listedThrough).join(', '),
        );
      }
    });
    const publicKeyPath = path.join(workDir, `bench-${kind}.pub`);
    await writeFile(publicKeyPath, pair.publicKeyPem);
    const trustedRootPath = path.join(workDir, 'trusted-root.json');
    await writeFile(trustedRootPath, JSON.stringify(EMPTY_TRUSTED_ROOT));
    return { publicKeyPath, trustedRootPath };
  });
}

/**
 * Starts the registry of `BUNDLE_REGISTRIES[kind]`, pushes `count` images, and lets `fill` write their bundles;
 * returns the registry, the images and what `fill` returns (the registry stopped if anything failed). The
 * fallback index is updated, then checked after it settled (Distribution ignores If-Match): shorter waits than a
 * real run's keep set-up short; the images' indexes are their own, so nothing races.
 */
async function withBundleRegistry(kind, count, fill) {
  const { start, listedThrough } = BUNDLE_REGISTRIES[kind];
  const registry = await start();
  const client = new RegistryClient({
    timeoutMs: 300_000,
    referrersIndexUpdate: { settleMs: 300, staleMs: 150 },
  });
  try {
    const images = await pushImages(client, registry.host, count);
    return { registry, images, ...(await fill({ client, images, listedThrough })) };
  } catch (error) {
    await registry.stop();
    throw error;
  } finally {
    client.close();
  }
}

/** Fulcio's path on the loopback stack: `stack.requests()[FULCIO_PATH]` certificates were asked for. */
export const FULCIO_PATH = '/api/v2/signingCert';

/**
 * One keyless signer on the loopback Sigstore: the stack's token (its runner identity), its Fulcio, the log its
 * signing config names (Rekor v1, or v2 with `--rekor 2`) and TSA, as sign-image uses them with a signing
 * config. It asks Fulcio once, on its first signature.
 */
export function keylessSigner(stack) {
  const { fulcioURL, rekorURL, rekorVersion, tsaURL } = readSigningConfig(stack.signingConfig);
  return new KeylessSigner({ identityToken: stack.token(), fulcioURL, rekorURL, rekorVersion, tsaURL });
}

/**
 * `--format keyless` on one of `BUNDLE_REGISTRIES` (`kind`): every image signed (`signImages`, bundle format)
 * and attested twice (`attestImage`, bundle format; the same predicates as `prepareFixture`) through ONE
 * `KeylessSigner` on `stack` behind the native engine; every bundle logged in the stack's Rekor and
 * timestamped by its TSA, and found where `listedThrough` says. `certificates`: the Fulcio requests it took.
 * @returns {Promise<{ registry: { host: string, pid: number, stop: () => Promise<void> }, images: { registry: string,
 *   repository: string, digest: string, reference: string }[], certificates: number }>}
 */
export async function prepareKeylessFixture({ count, kind, stack }) {
  return withBundleRegistry(kind, count, async ({ client, images, listedThrough }) => {
    const targets = images.map(targetOf);
    const fulcioBefore = stack.requests()[FULCIO_PATH] ?? 0;
    const engine = new NativeSigningEngine(client, keylessSigner(stack));
    const outcomes = await engine.signImages(targets, { format: 'bundle', concurrency: BUNDLE_WRITERS });
    const problem = (target, what) => new Error(`${target.image}: keyless signing: ${what}`);
    for (const [index, outcome] of outcomes.entries()) {
      const target = targets[index];
      if (!outcome.ok) throw problem(target, outcome.error.message);
      checkWritten(outcome.signatures, 1, listedThrough, (what) => problem(target, what));
    }
    if (outcomes.length !== count) throw new Error(`signed ${outcomes.length} of ${count} images`);
    // One image's attestations one after another: they share its fallback index.
    await mapConcurrently(targets, BUNDLE_WRITERS, async (target, index) => {
      const written = [];
      for (const attestation of attestationsOf(target, index))
        written.push(await engine.attestImage(target, attestation, { format: 'bundle' }));
      checkWritten(written, 2, listedThrough, (what) => problem(target, what));
    });
    return { certificates: (stack.requests()[FULCIO_PATH] ?? 0) - fulcioBefore };
  });
}

/** `expected` entries, each a new bundle, logged (a Rekor index), listed through `listedThrough`. */
function checkWritten(written, expected, listedThrough, problem) {
  if (written.length !== expected) throw problem(`${written.length} bundles written, expected ${expected}`);
  for (const entry of written) {
    if (entry.format !== 'bundle' || entry.deduplicated)
      throw problem(
        `expected a new bundle, got ${entry.format}${entry.deduplicated ? ' (deduplicated)' : ''}`,
      );
    if (entry.listedThrough !== listedThrough)
      throw problem(`listed through the ${entry.listedThrough}, not the ${listedThrough}`);
    if (entry.tlogIndex === undefined) throw problem('a bundle without a transparency-log entry');
  }
}

/** `count` images, tagged `build-<n>`, spread over `REPOSITORIES`. */
export function pushImages(client, host, count) {
  return mapConcurrently(Array.from({ length: count }), 8, async (_, index) => {
    const repo = { registry: host, repository: REPOSITORIES[index % REPOSITORIES.length] };
    const pushed = await pushTestImage(client, repo, { tag: `build-${index}` });
    const reference = `${repo.registry}/${repo.repository}@${pushed.digest}`;
    return { ...repo, digest: pushed.digest, reference };
  });
}

async function freshKey() {
  const pair = await generateKeyPair(KEY_PASSWORD);
  return { pair, key: await loadPrivateKey(pair.privateKeyPem, KEY_PASSWORD) };
}

export function targetOf(image) {
  return {
    image: image.reference,
    repo: { registry: image.registry, repository: image.repository },
    digest: image.digest,
    tag: undefined,
  };
}

/** An image's SBOM and provenance predicates, in the order they are attested. */
function attestationsOf(target, index) {
  const name = target.repo.repository.split('/')[1];
  return [
    {
      predicateType: SPDX_PREDICATE_TYPE,
      predicate: encoder.encode(JSON.stringify(spdxDocument(name, index))),
    },
    {
      predicateType: SLSA_PROVENANCE_V1,
      predicate: encoder.encode(JSON.stringify(provenance(index))),
    },
  ];
}

function spdxDocument(name, index) {
  return {
    spdxVersion: 'SPDX-2.3',
    dataLicense: 'CC0-1.0',
    SPDXID: 'SPDXRef-DOCUMENT',
    name,
    documentNamespace: `https://sigil.invalid/bench/${name}-${index}`,
    creationInfo: { created: '2026-01-02T03:04:05Z', creators: ['Tool: syft-1.57.0'] },
    packages: Array.from({ length: SBOM_PACKAGES }, (_, n) => ({
      SPDXID: `SPDXRef-Package-${n}`,
      name: `package-${n}`,
      versionInfo: `1.${n}.0`,
      licenseConcluded: 'Apache-2.0',
      externalRefs: [
        {
          referenceCategory: 'PACKAGE-MANAGER',
          referenceType: 'purl',
          referenceLocator: `pkg:deb/debian/package-${n}@1.${n}.0`,
        },
      ],
    })),
  };
}

function provenance(index) {
  return buildProvenance({
    serverUrl: 'https://github.com',
    repository: 'acme/shop',
    repositoryId: '123456',
    repositoryOwnerId: '7890',
    eventName: 'push',
    ref: 'refs/heads/main',
    sha: 'c0ffee'.padEnd(40, String(index % 10)),
    workflowRef: 'acme/shop/.github/workflows/release.yml@refs/heads/main',
    runId: String(1000 + index),
    runAttempt: '1',
    runnerEnvironment: 'github-hosted',
  });
}
