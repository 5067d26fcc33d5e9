import { SigilError } from '@sigil/core';
import { buildContextProblems, splitWorkflowRef, type BuildContext } from './build-context.js';
import { GITHUB_WORKFLOW_BUILD_TYPE, type SlsaProvenanceV1 } from './slsa-provenance.js';

/**
 * The SLSA Provenance v1 predicate of a workflow run, in the shape of GitHub's own build provenance
 * (build type `https://actions.github.io/buildtypes/workflow/v1`), so that a policy written for
 * `actions/attest-build-provenance` reads it the same way. Refuses an unsound context (INPUT_INVALID).
 */
export function buildProvenance(context: BuildContext): SlsaProvenanceV1 {
  const first = buildContextProblems(context)[0];
  if (first !== undefined) {
    throw new SigilError('INPUT_INVALID', `build context: \`${first.field}\` ${first.problem}`, {
      hint: 'Provenance is made from the workflow run: run the step in GitHub Actions, or give a predicate file.',
    });
  }
  const workflow = splitWorkflowRef(context.workflowRef, context.repository);
  if (workflow === undefined) throw new SigilError('INTERNAL', 'a checked workflow ref did not split');
  const repositoryUrl = `${context.serverUrl}/${context.repository}`;
  return {
    buildDefinition: {
      buildType: GITHUB_WORKFLOW_BUILD_TYPE,
      externalParameters: {
        workflow: { ref: workflow.ref, repository: repositoryUrl, path: workflow.path },
      },
      internalParameters: {
        github: {
          event_name: context.eventName,
          repository_id: context.repositoryId,
          repository_owner_id: context.repositoryOwnerId,
          runner_environment: context.runnerEnvironment,
        },
      },
      resolvedDependencies: [
        { uri: `git+${repositoryUrl}@${context.ref}`, digest: { gitCommit: context.sha } },
      ],
    },
    runDetails: {
      builder: { id: `${context.serverUrl}/${context.jobWorkflowRef ?? context.workflowRef}` },
      metadata: {
        invocationId: `${repositoryUrl}/actions/runs/${context.runId}/attempts/${context.runAttempt}`,
      },
    },
  };
}
