export * from './types.js';
export {
  DOCKER_HUB_REGISTRY,
  formatReference,
  parseReference,
  parseRepository,
  repositoryName,
} from './reference.js';
export { isSha256Digest, sha256Digest, verifyDigest } from './digest.js';
export {
  RegistryClient,
  MAX_MANIFEST_BYTES,
  type RegistryClientOptions,
  type RegistryLogger,
} from './client.js';
export { Authenticator } from './authenticator.js';
export { SchemePolicy, isLoopbackHost } from './scheme-policy.js';
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
  withRetries,
  type RetryContext,
  type RetryEnvironment,
  type RetryOptions,
} from './retry.js';
