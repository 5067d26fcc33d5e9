export * from './types.js';
export { formatReference, parseReference, repositoryName } from './reference.js';
export { isSha256Digest, sha256Digest } from './digest.js';
export { RegistryClient } from './client.js';
export { type Referrers, type ReferrersOptions, type ReferrersSource } from './referrers.js';
export { type CredentialSource, type RegistryCredential } from './credentials.js';
export { createCredentialSource } from './credential-source.js';
export { credentialHelperServerUrl, parseDockerConfig, type DockerConfig } from './docker-config.js';
export { processExec } from './credential-helper.js';
export { SchemePolicy, isLoopbackHost } from './scheme-policy.js';
export { NodeHttpTransport } from './transport.js';
export {
  TransientFailure,
  backoffDelay,
  isRetryableStatus,
  parseRetryAfter,
  transientFailureOf,
} from './retry.js';
export { MANIFEST_ACCEPT } from './manifest-media-type.js';
export { isManifestDigest } from './manifest-digest-format.js';
export { indexChildren } from './image-index.js';
export { manifestTree, type ManifestTree, type PlatformManifest } from './platform-manifests.js';
export {
  parseImageList,
  pinnedReference,
  resolveImageTarget,
  groupByDigest,
  uniqueTargets,
  type ImageEntry,
  type ImageTarget,
} from './image-target.js';
export { dockerRepositoryOf } from './docker-repository.js';
export { imageNotFound, requireImage } from './image-existence.js';
