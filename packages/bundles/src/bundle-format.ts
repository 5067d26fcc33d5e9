/** The predicate type of what `cosign sign` (v3, bundle format) signs: a signature, not an attestation. */
export const COSIGN_SIGN_PREDICATE_TYPE = 'https://sigstore.dev/cosign/sign/v1';

/** What cosign v3 and sigil write: the bundle's own media type, the layer's and the referrer's artifactType. */
export const BUNDLE_V03_MEDIA_TYPE = 'application/vnd.dev.sigstore.bundle.v0.3+json';

/** Sigstore bundle media types a reader accepts (v0.3 as cosign v3 writes it; v0.1/v0.2 as older writers label them). */
export const SIGSTORE_BUNDLE_MEDIA_TYPES: readonly string[] = [
  BUNDLE_V03_MEDIA_TYPE,
  'application/vnd.dev.sigstore.bundle+json;version=0.3',
  'application/vnd.dev.sigstore.bundle+json;version=0.2',
  'application/vnd.dev.sigstore.bundle+json;version=0.1',
];

/** Referrer manifest annotations, as cosign v3 writes them (sigstore/cosign `pkg/oci/remote/write.go`). */
export const BUNDLE_CONTENT_ANNOTATION = 'dev.sigstore.bundle.content';
export const PREDICATE_TYPE_ANNOTATION = 'dev.sigstore.bundle.predicateType';
export const CREATED_ANNOTATION = 'org.opencontainers.image.created';

/** The one layer of a referrer manifest whose media type says it is a Sigstore bundle. */
export function isBundleLayerMediaType(mediaType: unknown): boolean {
  return typeof mediaType === 'string' && mediaType.startsWith('application/vnd.dev.sigstore.bundle');
}
