import { MEDIA_TYPES, type Descriptor } from '@sigil/oci';
import {
  BUNDLE_CONTENT_ANNOTATION,
  BUNDLE_V03_MEDIA_TYPE,
  CREATED_ANNOTATION,
  PREDICATE_TYPE_ANNOTATION,
} from './bundle-format.js';

/** The OCI empty descriptor's blob, `{}` (sha256:44136fa3…). */
export const EMPTY_CONFIG = new TextEncoder().encode('{}');

export interface BundleReferrerInput {
  /** The bundle blob's descriptor parts. */
  readonly bundle: { readonly digest: string; readonly size: number };
  readonly emptyConfig: { readonly digest: string; readonly size: number };
  /** The image it is about: its manifest's media type, size and digest. */
  readonly subject: Pick<Descriptor, 'mediaType' | 'size' | 'digest'>;
  readonly predicateType: string;
  readonly created: Date;
}

/** The referrer manifest annotations, in cosign's order. */
export function bundleReferrerAnnotations(predicateType: string, created: Date): Record<string, string> {
  return {
    [BUNDLE_CONTENT_ANNOTATION]: 'dsse-envelope',
    [PREDICATE_TYPE_ANNOTATION]: predicateType,
    [CREATED_ANNOTATION]: created.toISOString().replace(/\.\d{3}Z$/, 'Z'),
  };
}

/**
 * The referrer manifest exactly as cosign v3 writes it for a bundle (sigstore/cosign `WriteReferrer`, spec
 * §5.4): an OCI image manifest with the empty config (which also carries `artifactType`, as cosign's does),
 * one bundle layer, the annotations, the subject, and `artifactType`.
 */
export function bundleReferrerManifest(input: BundleReferrerInput): Uint8Array {
  const manifest = {
    schemaVersion: 2,
    mediaType: MEDIA_TYPES.ociManifest,
    config: {
      mediaType: MEDIA_TYPES.ociEmpty,
      size: input.emptyConfig.size,
      digest: input.emptyConfig.digest,
      artifactType: BUNDLE_V03_MEDIA_TYPE,
    },
    layers: [{ mediaType: BUNDLE_V03_MEDIA_TYPE, size: input.bundle.size, digest: input.bundle.digest }],
    annotations: bundleReferrerAnnotations(input.predicateType, input.created),
    subject: { mediaType: input.subject.mediaType, size: input.subject.size, digest: input.subject.digest },
    artifactType: BUNDLE_V03_MEDIA_TYPE,
  };
  return new TextEncoder().encode(JSON.stringify(manifest));
}
