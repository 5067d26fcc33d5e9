export { SLSA_PROVENANCE_V1, SLSA_PROVENANCE_V02 } from './slsa-provenance.js';
export { buildContextProblems, type BuildContext, type BuildContextField } from './build-context.js';
export { buildProvenance } from './github-provenance.js';
export { validateSlsaV1Predicate, validateSlsaV02Predicate } from './predicate-validation.js';
export {
  provenanceSource,
  provenanceBuilderId,
  sourceMatches,
  builderIdMatches,
} from './provenance-claims.js';
