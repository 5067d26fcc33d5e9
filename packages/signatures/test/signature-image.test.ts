import { describe, expect, it } from '@jest/globals';
import { SigilError } from '@sigil/core';
import { MEDIA_TYPES, sha256Digest, type ManifestResponse } from '@sigil/oci';
import { parseSignatureManifest, signatureTag } from '../src/index.js';
import { signatureConfig } from '../src/signature-image.js';

const LAYER = 'sha256:ecdcf7da56cfd420ed14713fca91f780d92a3555e76867a808bd0fdb9667675f';
const encoder = new TextEncoder();

function served(document: unknown, mediaType: string = MEDIA_TYPES.ociManifest): ManifestResponse {
  const bytes = encoder.encode(typeof document === 'string' ? document : JSON.stringify(document));
  return { bytes, digest: sha256Digest(bytes), mediaType };
}

const config = { mediaType: MEDIA_TYPES.ociConfig, size: 233, digest: `sha256:${'f'.repeat(64)}` };
const layer = {
  mediaType: 'application/vnd.dev.cosign.simplesigning.v1+json',
  size: 243,
  digest: LAYER,
  annotations: { 'dev.cosignproject.cosign/signature': 'MEUCIQ==' },
};

function problem(response: ManifestResponse): string {
  try {
    parseSignatureManifest(response, 'r:sha256-x.sig');
  } catch (error) {
    if (error instanceof SigilError) return `${error.code}: ${error.message}`;
    throw error;
  }
  return 'accepted';
}

describe('signature image format', () => {
  it('writes the config blob byte for byte as cosign does (spec §3.2: 233 bytes, sha256 fbf9ccaf…)', () => {
    const bytes = signatureConfig([LAYER]);
    expect(bytes.length).toBe(233);
    expect(sha256Digest(bytes)).toBe(
      'sha256:fbf9ccaf92040b315a093afc8e2ffb2d89d11b0aa1dc669d992465a8cbd3c8f8',
    );
  });

  it('names the tag sha256-<hex>.sig', () => {
    expect(signatureTag(`sha256:${'0'.repeat(64)}`)).toBe(`sha256-${'0'.repeat(64)}.sig`);
  });

  it('parses a cosign signature manifest, keeping each layer descriptor as it was', () => {
    const parsed = parseSignatureManifest(
      served({ schemaVersion: 2, mediaType: MEDIA_TYPES.ociManifest, config, layers: [layer] }),
      'r',
    );
    expect(parsed.layers).toEqual([layer]);
    expect(parsed.rawLayers).toEqual([layer]);
  });

  it.each([
    [
      'served with a Docker media type',
      served({ schemaVersion: 2, config, layers: [] }, MEDIA_TYPES.dockerManifest),
    ],
    ['an index', served({ schemaVersion: 2, manifests: [] }, MEDIA_TYPES.ociIndex)],
    [
      'declaring a Docker media type in the body',
      served({ schemaVersion: 2, mediaType: MEDIA_TYPES.dockerManifest, config, layers: [] }),
    ],
    ['not JSON', served('{"schemaVersion":2,')],
    ['schemaVersion 1', served({ schemaVersion: 1, config, layers: [] })],
    ['without layers', served({ schemaVersion: 2, config })],
    [
      'a layer with an uppercase digest',
      served({ schemaVersion: 2, config, layers: [{ ...layer, digest: LAYER.toUpperCase() }] }),
    ],
    ['a layer with a negative size', served({ schemaVersion: 2, config, layers: [{ ...layer, size: -1 }] })],
    [
      'a layer with a non-string annotation',
      served({ schemaVersion: 2, config, layers: [{ ...layer, annotations: { a: 1 } }] }),
    ],
  ])('refuses a manifest %s (MANIFEST_INVALID)', (_case, response) => {
    expect(problem(response)).toMatch(/^MANIFEST_INVALID: /);
  });
});
