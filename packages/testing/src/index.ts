export { findFreePort } from './free-port.js';
export { startRegistry, type StartedRegistry } from './registry.js';
export { startReferrersRegistry, type StartedReferrersRegistry } from './referrers-registry.js';
export { pushTestImage, pushTestIndex, type PushedImage, type PushedIndex } from './test-image.js';
export {
  runDistAction,
  inputVariableName,
  type RunDistActionOptions,
  type DistActionRun,
} from './runner-harness.js';
export { actionRunHarness } from './action-run-harness.js';
export { parseGithubOutputFile } from './github-output-file.js';
export { parseWorkflowCommands } from './workflow-commands.js';
export { startTokenServer, type StartedTokenServer } from './token-server.js';
export {
  FAULT_KINDS,
  startFaultProxy,
  type FaultKind,
  type FaultProxyOptions,
  type StartedFaultProxy,
} from './fault-proxy.js';
export { startReleaseMirror, type StartedReleaseMirror } from './release-mirror.js';
export { vectorBytes, vectorText } from './golden-vectors.js';
export { refusalOf, refusalOfAsync, type Refusal } from './sigil-refusal.js';
export { seededRandom } from './seeded-random.js';
