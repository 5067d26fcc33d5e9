import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { RegistryClient } from '@sigil/oci';
import { startRegistry, type StartedRegistry } from '@sigil/testing';
import {
  ARTIFACT_TYPE,
  pushActionsArtifact,
  releasedFiles,
} from '../../scripts/release/push-actions-artifact.mjs';

// release.yml pushes the released actions as one OCI artifact and signs it with sigil: here against Distribution.

let registry: StartedRegistry;
let client: RegistryClient;

beforeAll(async () => {
  registry = await startRegistry();
  client = new RegistryClient({ timeoutMs: 120_000 });
});

afterAll(async () => {
  client?.close();
  await registry?.stop();
});

describe('push-actions-artifact', () => {
  it('pushes every released file as a titled layer, the same digest twice', async () => {
    const repository = `${registry.host}/sigil/actions`;
    const first = await pushActionsArtifact({
      repository,
      tag: 'v1.4.0',
      client,
      created: '2026-12-07T00:00:00Z',
    });
    const again = await pushActionsArtifact({
      repository,
      tag: 'v1.4.0',
      client,
      created: '2026-12-07T00:00:00Z',
    });
    expect(again.digest).toBe(first.digest);
    expect(first.image).toBe(`${repository}@${first.digest}`);
    const files = releasedFiles();
    expect(files).toEqual(
      expect.arrayContaining(['dist/sign-image/index.js', 'actions/sign-and-attest/action.yml']),
    );
    expect(files.some((file) => file.includes('/src/'))).toBe(false);
    const manifest = JSON.parse(
      new TextDecoder().decode(
        (await client.getManifest({ registry: registry.host, repository: 'sigil/actions' }, first.digest))!
          .bytes,
      ),
    ) as { artifactType: string; layers: { annotations: Record<string, string> }[] };
    expect(manifest.artifactType).toBe(ARTIFACT_TYPE);
    expect(manifest.layers.map((layer) => layer.annotations['org.opencontainers.image.title'])).toEqual(
      files,
    );
  });
});
