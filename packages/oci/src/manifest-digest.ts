import { SigilError } from '@sigil/core';
import { sha256Digest } from '@sigil/oci';

const SCHEMA_1_MEDIA_TYPE = /^application\/vnd\.docker\.distribution\.manifest\.v1\+(?:prettyjws|json)$/;

/**
 * The digest a signature must name for this manifest: sha256 of the exact bytes. Only schema 2
 * manifests (OCI and Docker) are accepted. Docker schema 1 is refused: its digest is not the hash of the
 * bytes served (the JWS `signatures` are cut out first), it is deprecated and unsigned-by-design, and
 * neither registries nor cosign keep supporting it.
 */
export function imageManifestDigest(bytes: Uint8Array): string {
  let manifest: unknown;
  try {
    manifest = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw new SigilError('MANIFEST_INVALID', 'the image manifest is not JSON');
  }
  const { schemaVersion, mediaType } = (manifest ?? {}) as { schemaVersion?: unknown; mediaType?: unknown };
  if (schemaVersion === 1 || (typeof mediaType === 'string' && SCHEMA_1_MEDIA_TYPE.test(mediaType))) {
    throw new SigilError('MANIFEST_INVALID', 'Docker schema 1 manifests are not supported', {
      hint: 'Push the image again with a current client (Docker schema 2 or OCI manifest).',
    });
  }
  if (schemaVersion !== 2) {
    throw new SigilError('MANIFEST_INVALID', 'the image manifest has no schemaVersion 2');
  }
  return sha256Digest(bytes);
}
