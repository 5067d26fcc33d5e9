// The benchmark's untimed setup: a local Docker Distribution registry holding `count` small images spread
// over a few repositories, every one signed once (cosign legacy `.sig`) and attested twice (cosign legacy
// `.att`: an SPDX SBOM and SLSA v1 provenance, as attest-sbom and attest-provenance store them) with a fresh
// key whose public half is written to a file for the gate and for cosign.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { attestImage } from '@sigil/attestations';
import { generateKeyPair, loadPrivateKey } from '@sigil/keys';
import { mapConcurrently } from '@sigil/core';
import { signImages } from '@sigil/signatures';
import { RegistryClient } from '@sigil/oci';
import { SLSA_PROVENANCE_V1, buildProvenance } from '@sigil/provenance';
import { SPDX_PREDICATE_TYPE } from '@sigil/sbom';
import { pushTestImage, startRegistry } from '@sigil/testing';

const REPOSITORIES = ['acme/backend', 'acme/worker', 'acme/frontend', 'acme/billing-api'];
const KEY_PASSWORD = 'bench';
/** Packages per SBOM: a small distroless-like image (about 10 KB of SPDX JSON). */
const SBOM_PACKAGES = 40;
const encoder = new TextEncoder();

/**
 * @returns {Promise<{ registry: import('@sigil/testing').StartedRegistry, images: { registry: string,
 *   repository: string, digest: string, reference: string }[], publicKeyPath: string }>}
 */
export async function prepareFixture({ count, workDir }) {
  const registry = await startRegistry();
  const client = new RegistryClient({ timeoutMs: 300_000 });
  try {
    const images = await mapConcurrently(Array.from({ length: count }), 8, async (_, index) => {
      const repo = { registry: registry.host, repository: REPOSITORIES[index % REPOSITORIES.length] };
      const pushed = await pushTestImage(client, repo, { tag: `build-${index}` });
      const reference = `${repo.registry}/${repo.repository}@${pushed.digest}`;
      return { ...repo, digest: pushed.digest, reference };
    });
    const pair = await generateKeyPair(KEY_PASSWORD);
    const key = await loadPrivateKey(pair.privateKeyPem, KEY_PASSWORD);
    const targets = images.map((image) => ({
      image: image.reference,
      repo: { registry: image.registry, repository: image.repository },
      digest: image.digest,
      tag: undefined,
    }));
    const outcomes = await signImages(client, targets, key, { concurrency: 8 });
    const unsigned = outcomes.filter((outcome) => !outcome.ok);
    if (unsigned.length > 0 || outcomes.length !== count) {
      throw new Error(`signing failed for ${unsigned.length} image(s): ${unsigned[0]?.error.message}`);
    }
    await mapConcurrently(targets, 8, async (target, index) => {
      const name = target.repo.repository.split('/')[1];
      await attestImage(client, target, key, {
        predicateType: SPDX_PREDICATE_TYPE,
        predicate: encoder.encode(JSON.stringify(spdxDocument(name, index))),
      });
      await attestImage(client, target, key, {
        predicateType: SLSA_PROVENANCE_V1,
        predicate: encoder.encode(JSON.stringify(provenance(index))),
      });
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
