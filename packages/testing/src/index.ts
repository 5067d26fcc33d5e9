export { findFreePort } from './free-port.js';
export {
  REGISTRY_BINARY,
  startRegistry,
  type RegistryCredentials,
  type StartRegistryOptions,
  type StartedRegistry,
  type TokenAuthConfig,
} from './registry.js';
export { pushTestImage, pushTestIndex, type PushedImage, type PushedIndex } from './test-image.js';
