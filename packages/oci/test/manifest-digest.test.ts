import { describe, expect, it } from '@jest/globals';
import { SigilError } from '@sigil/core';
import { imageManifestDigest } from '@sigil/oci';
import { vectorBytes } from '@sigil/testing';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

function codeOf(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    return error instanceof SigilError ? `${error.code}: ${error.message}` : 'not a SigilError';
  }
  return undefined;
}

describe('imageManifestDigest', () => {
  it('is the sha256 of the exact bytes of a schema 2 manifest', () => {
    expect(imageManifestDigest(vectorBytes('containers-image/dir-img-cosign-valid/manifest.json'))).toBe(
      'sha256:634a8f35b5f16dcf4aaa0822adc0b1964bb786fca12f6831de8ddc45e5986a00',
    );
  });

  it.each([
    [
      'the golden schema 1 manifest with invalid signatures',
      vectorBytes('containers-image/v2s1-invalid-signatures.manifest.json'),
    ],
    [
      'a schema 1 manifest without signatures',
      bytes('{"schemaVersion":1,"name":"a/b","tag":"t","fsLayers":[],"history":[]}'),
    ],
    [
      'a manifest typed as signed schema 1',
      bytes('{"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v1+prettyjws"}'),
    ],
  ])('refuses %s as unsupported', (_name, manifest) => {
    expect(codeOf(() => imageManifestDigest(manifest))).toBe(
      'MANIFEST_INVALID: Docker schema 1 manifests are not supported',
    );
  });

  it.each([
    ['text that is not JSON', bytes('not json')],
    ['JSON without schemaVersion', bytes('{}')],
    ['JSON null', bytes('null')],
  ])('refuses %s', (_name, manifest) => {
    expect(codeOf(() => imageManifestDigest(manifest))).toMatch(/^MANIFEST_INVALID: /);
  });
});
