import { SigilError } from '@sigil/core';
import {
  GITHUB_ACTIONS_ISSUER,
  identityPattern,
  type CertificateIdentity,
  type KeylessPolicy,
} from '@sigil/gate';
import type { InputReader } from '@sigil/toolkit';

/**
 * The keyless inputs: `certificate-identity` (exact names) and `certificate-identity-regexp` (patterns matching
 * whole names), one per line, each with `certificate-oidc-issuer`; and the GitHub shorthands of
 * `gh attestation verify` (`signer-workflow`, `signer-repo`, `source-repo`, `source-ref`, `source-digest`,
 * `deny-self-hosted-runners`), whose issuer is GitHub Actions' unless `certificate-oidc-issuer` says otherwise.
 * Undefined when none is given: keyless evidence is then not trusted.
 */
export function readKeylessInputs(inputs: InputReader): KeylessPolicy | undefined {
  const exact = lines(inputs.string('certificate-identity'));
  const patterns = lines(inputs.string('certificate-identity-regexp'));
  const issuer = inputs.string('certificate-oidc-issuer')?.trim();
  const signerWorkflow = githubPath(inputs.string('signer-workflow'), 'signer-workflow', 'workflow');
  const signerRepo = githubPath(inputs.string('signer-repo'), 'signer-repo', 'repository');
  const sourceRepo = githubPath(inputs.string('source-repo'), 'source-repo', 'repository');
  const sourceRef = inputs.string('source-ref')?.trim();
  const sourceDigest = inputs.string('source-digest')?.trim();
  const denySelfHostedRunners = inputs.boolean('deny-self-hosted-runners', { default: false });
  if (sourceRef !== undefined && !/^refs\/(heads|tags|pull)\/\S+$/.test(sourceRef))
    throw invalid(
      'source-ref',
      `is ${JSON.stringify(sourceRef)}, not a full Git ref`,
      'Give a full ref such as `refs/heads/main` or `refs/tags/v1.2.3`.',
    );
  if (sourceDigest !== undefined && !/^[0-9a-f]{40}([0-9a-f]{24})?$/.test(sourceDigest))
    throw invalid(
      'source-digest',
      `is ${JSON.stringify(sourceDigest)}, not a commit SHA`,
      'Give the 40-character (or 64-character) lowercase hex commit SHA.',
    );
  const named = exact.length > 0 || patterns.length > 0;
  const github = signerWorkflow !== undefined || signerRepo !== undefined;
  if (!named && !github) {
    for (const [input, given] of [
      ['certificate-oidc-issuer', issuer],
      ['source-repo', sourceRepo],
      ['source-ref', sourceRef],
      ['source-digest', sourceDigest],
      ['deny-self-hosted-runners', denySelfHostedRunners ? 'true' : undefined],
    ] as const) {
      if (given !== undefined)
        throw invalid(
          input,
          'says something about keyless signers, but no signer is named',
          'Name who signs keyless with `certificate-identity` (or `certificate-identity-regexp`), `signer-workflow` or `signer-repo`.',
        );
    }
    return undefined;
  }
  if (named && issuer === undefined)
    throw invalid(
      'certificate-oidc-issuer',
      'is required with certificate-identity / certificate-identity-regexp: a name is an identity only with the issuer that vouched for it',
      `Set \`certificate-oidc-issuer\` (\`${GITHUB_ACTIONS_ISSUER}\` for GitHub Actions workflows).`,
    );
  const identities: CertificateIdentity[] = [
    ...exact.map((name) => ({ subject: { exact: name }, issuer: issuer ?? GITHUB_ACTIONS_ISSUER })),
    ...patterns.map((source) => ({
      subject: { pattern: compile(source), source },
      issuer: issuer ?? GITHUB_ACTIONS_ISSUER,
    })),
  ];
  if (!named && issuer !== undefined && issuer !== GITHUB_ACTIONS_ISSUER)
    throw invalid(
      'certificate-oidc-issuer',
      `is ${JSON.stringify(issuer)}, but signer-workflow / signer-repo name GitHub Actions workflows (${GITHUB_ACTIONS_ISSUER})`,
      'Remove `certificate-oidc-issuer`, or name the signers with `certificate-identity`.',
    );
  return {
    identities,
    github: {
      ...(signerWorkflow === undefined ? {} : { signerWorkflow }),
      ...(signerRepo === undefined ? {} : { signerRepo }),
      ...(sourceRepo === undefined ? {} : { sourceRepo }),
      ...(sourceRef === undefined ? {} : { sourceRef }),
      ...(sourceDigest === undefined ? {} : { sourceDigest }),
      denySelfHostedRunners,
    },
  };
}

function lines(text: string | undefined): string[] {
  return (text ?? '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

function compile(source: string): RegExp {
  try {
    return identityPattern(source);
  } catch (error) {
    throw invalid(
      'certificate-identity-regexp',
      `has a pattern that does not compile: ${JSON.stringify(source)} (${error instanceof Error ? error.message : String(error)})`,
      'Give JavaScript regular expressions, one per line; each must match the whole name.',
    );
  }
}

/** `[host/]OWNER/REPO` or `[host/]OWNER/REPO/.github/workflows/FILE.yml`; undefined when not given. */
function githubPath(
  text: string | undefined,
  input: string,
  kind: 'workflow' | 'repository',
): string | undefined {
  const value = text
    ?.trim()
    .replace(/^https:\/\//, '')
    .replace(/\/+$/, '');
  if (value === undefined || value === '') return undefined;
  const parts = value.split('/');
  const withHost = /\./.test(parts[0] ?? '') ? parts.slice(1) : parts;
  const workflow = kind === 'workflow';
  const shaped = workflow
    ? withHost.length === 5 &&
      withHost[2] === '.github' &&
      withHost[3] === 'workflows' &&
      /\.ya?ml$/.test(withHost[4] ?? '')
    : withHost.length === 2;
  if (!shaped || withHost.some((part) => part === '' || part.includes('@')))
    throw invalid(
      input,
      `is ${JSON.stringify(text)}, not ${workflow ? '[host/]OWNER/REPO/.github/workflows/FILE.yml' : '[host/]OWNER/REPO'}`,
      workflow
        ? 'Give the workflow path without its ref, e.g. `acme/app/.github/workflows/release.yml`.'
        : 'Give the repository, e.g. `acme/app`.',
    );
  return value;
}

function invalid(input: string, problem: string, hint: string): SigilError {
  return new SigilError('INPUT_INVALID', `input \`${input}\` ${problem}`, { input, hint });
}
