import { describe, expect, it } from '@jest/globals';
import { SigilError } from '@sigil/core';
import { MEDIA_TYPES, type ImageTarget, type ManifestResponse, type Registry } from '@sigil/oci';
import { planScans } from '@sigil/sbom';

const repo = { registry: 'registry.example', repository: 'team/app' };
const digest = (n: number): string => `sha256:${String(n).padStart(64, '0')}`;
const target: ImageTarget = {
  image: `registry.example/team/app@${digest(1)}`,
  repo,
  digest: digest(1),
  tag: undefined,
};

function manifest(mediaType: string, content: unknown): ManifestResponse {
  return { bytes: new TextEncoder().encode(JSON.stringify(content)), digest: digest(0), mediaType };
}

const image = manifest(MEDIA_TYPES.ociManifest, { schemaVersion: 2, layers: [] });

function index(entries: { digest: string; mediaType?: string; platform?: object }[]): ManifestResponse {
  return manifest(MEDIA_TYPES.ociIndex, {
    schemaVersion: 2,
    manifests: entries.map((entry) => ({ mediaType: MEDIA_TYPES.ociManifest, ...entry })),
  });
}

/** A registry that serves the given manifests by digest, and fails on anything else it is asked. */
function manifests(byDigest: Record<string, ManifestResponse>): Registry {
  const refused = (): never => {
    throw new Error('not used by planScans');
  };
  return {
    getManifest: async (_repo, reference) => byDigest[reference],
    resolveDigest: refused,
    putManifest: refused,
    getBlob: refused,
    putBlob: refused,
    hasBlob: refused,
  };
}

async function refusal(work: Promise<unknown>): Promise<SigilError> {
  try {
    await work;
  } catch (error) {
    if (error instanceof SigilError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('planScans', () => {
  it('scans an image manifest itself', async () => {
    expect(await planScans(manifests({ [digest(1)]: image }), target)).toEqual({
      index: false,
      scans: [{ target }],
      skipped: [],
    });
  });

  it("scans each runnable platform of an index (nested ones too) to be attested to that platform's digest, skipping attestation manifests", async () => {
    const registry = manifests({
      [digest(1)]: index([
        { digest: digest(2), platform: { os: 'linux', architecture: 'amd64' } },
        { digest: digest(3), platform: { os: 'unknown', architecture: 'unknown' } },
        { digest: digest(4), mediaType: MEDIA_TYPES.ociIndex },
      ]),
      [digest(4)]: index([
        { digest: digest(5), platform: { os: 'linux', architecture: 'arm64', variant: 'v8' } },
      ]),
    });
    expect(await planScans(registry, target)).toEqual({
      index: true,
      scans: [
        {
          target: { image: `registry.example/team/app@${digest(2)}`, repo, digest: digest(2) },
          platform: 'linux/amd64',
        },
        {
          target: { image: `registry.example/team/app@${digest(5)}`, repo, digest: digest(5) },
          platform: 'linux/arm64/v8',
        },
      ],
      skipped: [
        { digest: digest(3), why: 'unknown/unknown is not a platform image (an attestation manifest)' },
      ],
    });
  });

  it('says an image that is not in the registry has nothing to scan, naming `images`', async () => {
    const error = await refusal(planScans(manifests({}), target));
    expect(error).toMatchObject({ code: 'MANIFEST_NOT_FOUND', field: 'image-reference' });
    expect(error.message).toBe(`${target.image} does not exist in the registry; nothing to scan.`);
  });

  it('refuses an index that lists no platform image, naming `images`', async () => {
    const registry = manifests({
      [digest(1)]: index([{ digest: digest(3), platform: { os: 'unknown', architecture: 'unknown' } }]),
    });
    const error = await refusal(planScans(registry, target));
    expect(error).toMatchObject({ code: 'MANIFEST_INVALID', field: 'image-reference' });
    expect(error.message).toBe(`the index ${target.image} lists no platform image to scan`);
  });
});
