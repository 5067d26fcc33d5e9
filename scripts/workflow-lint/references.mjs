// The pinning rule for every `uses:` (a step's action or a job's reusable workflow):
// - a remote action or workflow is pinned by full commit SHA with a version comment (`@<40 hex> # v5.0.0`);
// - sigil's own actions and workflows may instead be referenced on `main`, exactly as
//   `sigil-dev/sigil/actions/<name>@main` or `sigil-dev/sigil/.github/workflows/<file>@main`, naming an action
//   or workflow that exists here (the release process rewrites these to a full SHA with a version comment);
// - a container action (`docker://`) is pinned by digest;
// - a local step action (`./…`) is fine in sigil's own workflows, but not where the files run in someone
//   else's workspace (a reusable workflow, a workflow template, a composite action): there `./` resolves
//   against the caller's checkout, not sigil's.
import { existsSync } from 'node:fs';
import path from 'node:path';

const FULL_SHA = /^[0-9a-f]{40}$/;
const SIGIL_ACTION = /^sigil-dev\/sigil\/actions\/([a-z0-9][a-z0-9-]*)@main$/;
const SIGIL_WORKFLOW = /^sigil-dev\/sigil\/\.github\/workflows\/([A-Za-z0-9][A-Za-z0-9._-]*\.ya?ml)@main$/;
const IMAGE_DIGEST = /@sha256:[0-9a-f]{64}$/;

/**
 * What is wrong with one `uses:` value, or undefined.
 * @param {string} target the `uses:` value
 * @param {string} comment the comment after it on its line
 * @param {{ root: string, foreignWorkspace: boolean, level: 'step' | 'job' }} context
 * @returns {string | undefined}
 */
export function referenceProblem(target, comment, { root, foreignWorkspace, level }) {
  if (target.startsWith('./')) {
    if (level === 'step' && foreignWorkspace) {
      return `${target} resolves against the caller's workspace here, not sigil's: use sigil-dev/sigil/actions/<name>@main`;
    }
    return undefined;
  }
  if (target.startsWith('docker://')) {
    return IMAGE_DIGEST.test(target) ? undefined : `${target} is not pinned by digest (\`@sha256:<64 hex>\`)`;
  }
  const sigilAction = SIGIL_ACTION.exec(target);
  if (sigilAction !== null) {
    const metadata = path.join(root, 'actions', sigilAction[1] ?? '', 'action.yml');
    return existsSync(metadata) ? undefined : `${target}: there is no actions/${sigilAction[1]}/action.yml`;
  }
  const sigilWorkflow = SIGIL_WORKFLOW.exec(target);
  if (sigilWorkflow !== null) {
    const workflow = path.join(root, '.github', 'workflows', sigilWorkflow[1] ?? '');
    return existsSync(workflow) ? undefined : `${target}: there is no .github/workflows/${sigilWorkflow[1]}`;
  }
  const at = target.lastIndexOf('@');
  if (at === -1 || !FULL_SHA.test(target.slice(at + 1))) {
    return `${target} is not pinned to a full commit SHA (sigil's own actions and workflows may use \`sigil-dev/sigil/actions/<name>@main\` or \`sigil-dev/sigil/.github/workflows/<file>@main\`)`;
  }
  if (!/^v?\d/.test(comment)) return `${target} needs a version comment, e.g. \`# v5.0.0\``;
  return undefined;
}
