export {
  SLSA_PROVENANCE_V1,
  SLSA_PROVENANCE_V02,
  GITHUB_WORKFLOW_BUILD_TYPE,
  type ResourceDescriptor,
  type SlsaProvenanceV1,
} from './slsa-provenance.js';
export {
  buildContextProblems,
  splitWorkflowRef,
  type BuildContext,
  type BuildContextField,
  type BuildContextProblem,
} from './build-context.js';
export { buildProvenance } from './github-provenance.js';
export {
  validateSlsaV1Predicate,
  validateSlsaV02Predicate,
  type PredicateCheck,
} from './predicate-validation.js';
export {
  provenanceSource,
  provenanceBuilderId,
  sourceMatches,
  builderIdMatches,
} from './provenance-claims.js';
