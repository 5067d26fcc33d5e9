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
export {
  runDistAction,
  inputVariableName,
  type RunDistActionOptions,
  type DistActionRun,
} from './runner-harness.js';
export { actionRunHarness } from './action-run-harness.js';
export { parseGithubOutputFile } from './github-output-file.js';
export {
  parseWorkflowCommands,
  type Annotation,
  type AnnotationLevel,
  type WorkflowCommands,
} from './workflow-commands.js';
export {
  startTokenServer,
  type StartedTokenServer,
  type TokenServerOptions,
  type TokenServerStats,
  type TokenUser,
} from './token-server.js';
export {
  FAULT_KINDS,
  startFaultProxy,
  type FaultKind,
  type FaultProxyOptions,
  type StartedFaultProxy,
} from './fault-proxy.js';
export { seededRandom } from './seeded-random.js';
export {
  startReleaseMirror,
  type MirrorContent,
  type MirrorFault,
  type MirrorRequest,
  type StartedReleaseMirror,
} from './release-mirror.js';
export { vectorBytes, vectorText } from './golden-vectors.js';
