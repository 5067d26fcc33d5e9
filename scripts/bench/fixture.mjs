// The benchmark's untimed setup: a local Docker Distribution registry holding `count` small images spread
// over a few repositories, every one signed once (cosign legacy `.sig`) with a fresh key whose public half
// is written to a file for the gate and for cosign.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { generateKeyPair, loadPrivateKey, mapConcurrently, signImages } from '@sigil/cosign';
import { RegistryClient } from '@sigil/oci';
import { pushTestImage, startRegistry } from '@sigil/testing';

const REPOSITORIES = ['acme/backend', 'acme/worker', 'acme/frontend', 'acme/billing-api'];
const KEY_PASSWORD = 'bench';

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
