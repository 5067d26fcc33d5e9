export * from './types.js';
export {
  DOCKER_HUB_REGISTRY,
  formatReference,
  parseReference,
  parseRepository,
  repositoryName,
} from './reference.js';
export { isSha256Digest, sha256Digest, verifyDigest } from './digest.js';
export { RegistryClient, MAX_MANIFEST_BYTES, type RegistryClientOptions } from './client.js';
export { Authenticator, type AuthenticatorOptions } from './authenticator.js';
export { parseChallenges, type Challenge } from './challenge.js';
export { TokenCache } from './token-cache.js';
export { fetchToken, type TokenGrant, type TokenRequest, type TokenSend } from './token-client.js';
export { EXPLICIT_SOURCE, type CredentialSource, type RegistryCredential } from './credentials.js';
export { createCredentialSource, type CredentialSourceOptions } from './credential-source.js';
export {
  DOCKER_HUB_SERVER_URL,
  credentialFromAuths,
  credentialHelperServerUrl,
  dockerConfigHost,
  dockerConfigPath,
  findDockerConfig,
  parseDockerConfig,
  type DockerAuthEntry,
  type DockerConfig,
  type ReadTextFile,
} from './docker-config.js';
export {
  credentialFromHelper,
  processExec,
  type ExecFunction,
  type ExecResult,
} from './credential-helper.js';
export { SchemePolicy, hostOf, isLoopbackHost } from './scheme-policy.js';
export {
  NodeHttpTransport,
  headerValue,
  type HttpMethod,
  type HttpRequest,
  type HttpResponse,
  type HttpSend,
  type NodeHttpTransportOptions,
} from './transport.js';
export {
  DEFAULT_RETRY_OPTIONS,
  TransientFailure,
  backoffDelay,
  isRetryableStatus,
  parseRetryAfter,
  systemRetryEnvironment,
  transientFailureOf,
  withRetries,
  type RetryContext,
  type RetryEnvironment,
  type RetryOptions,
} from './retry.js';
export { MANIFEST_ACCEPT } from './manifest-media-type.js';
export { isManifestDigest } from './manifest-digest-format.js';
export { formatPlatform, indexChildren, isIndexMediaType, type IndexChild } from './image-index.js';
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
export { imageManifestDigest } from './manifest-digest.js';
export { imageNotFound, requireImage } from './image-existence.js';
