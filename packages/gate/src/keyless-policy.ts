/**
 * Who may sign keyless: the signing certificate's identity (its subject alternative name and the OIDC issuer
 * Fulcio recorded) and, for GitHub Actions, the claims Fulcio copies from the workflow's token into its
 * extensions — checked the way `gh attestation verify` checks them.
 */
export interface KeylessPolicy {
  /** Any of these may match (as any trusted key may verify: several workflows, rotation). */
  readonly identities: readonly CertificateIdentity[];
  /** Claims every certificate must carry as well (each given one is checked). */
  readonly github: GitHubCertificatePolicy;
}

export interface CertificateIdentity {
  /**
   * The subject alternative name: exactly this text, or a whole match of `pattern` (compiled anchored,
   * `^(?:source)$`, so a pattern matching only a prefix never matches).
   */
  readonly subject: { readonly exact: string } | { readonly pattern: RegExp; readonly source: string };
  /** The OIDC issuer, exactly. */
  readonly issuer: string;
}

interface GitHubCertificatePolicy {
  /** `[host/]OWNER/REPO/.github/workflows/FILE`: the Build Signer URI, without its `@ref`. */
  readonly signerWorkflow?: string;
  /** `[host/]OWNER/REPO`: the repository of the Build Signer URI. */
  readonly signerRepo?: string;
  /**
   * `[host/]OWNER/REPO`: the Source Repository URI, the repository the run was for (`gh attestation verify
   * --repo`). With a shared reusable workflow as the signer, this is what ties a signature to one repository.
   */
  readonly sourceRepo?: string;
  /** The Source Repository Ref (`refs/heads/main`, `refs/tags/v1.2.3`). */
  readonly sourceRef?: string;
  /** The Source Repository Digest (the commit SHA). */
  readonly sourceDigest?: string;
  /** The Runner Environment must be `github-hosted`. */
  readonly denySelfHostedRunners: boolean;
}

/** A `certificate-identity-regexp`, compiled to match whole names only. */
export function identityPattern(source: string): RegExp {
  return new RegExp(`^(?:${source})$`, 'u');
}

/** GitHub Actions' OIDC issuer: what a GitHub-signed certificate names when no identity says otherwise. */
export const GITHUB_ACTIONS_ISSUER = 'https://token.actions.githubusercontent.com';

/** Fulcio's certificate extensions (sigstore/fulcio docs/oid-info.md). */
const OID = {
  buildSignerUri: '1.3.6.1.4.1.57264.1.9',
  runnerEnvironment: '1.3.6.1.4.1.57264.1.11',
  sourceRepositoryUri: '1.3.6.1.4.1.57264.1.12',
  sourceRepositoryDigest: '1.3.6.1.4.1.57264.1.13',
  sourceRepositoryRef: '1.3.6.1.4.1.57264.1.14',
} as const;

/** What a verified certificate says about its signer. */
export interface CertificateSigner {
  readonly subjectAlternativeName?: string;
  readonly issuer?: string;
  readonly fulcioExtensions?: Readonly<Record<string, string>>;
}

/**
 * Why a verified certificate's signer is not one the policy accepts:
 * - `CERTIFICATE_IDENTITY_MISMATCH`: no identity's subject matches (a pattern must match the whole name);
 * - `CERTIFICATE_ISSUER_MISMATCH`: a subject matches, but not with its issuer;
 * - `SIGNER_MISMATCH`: the Build Signer URI is not `signer-workflow` / in `signer-repo`;
 * - `SOURCE_MISMATCH`: the source repository, ref or commit is not `source-repo` / `source-ref` / `source-digest`;
 * - `RUNNER_NOT_ALLOWED`: signed on a self-hosted runner while `deny-self-hosted-runners` is on.
 */
export type KeylessProblem =
  | 'CERTIFICATE_IDENTITY_MISMATCH'
  | 'CERTIFICATE_ISSUER_MISMATCH'
  | 'SIGNER_MISMATCH'
  | 'SOURCE_MISMATCH'
  | 'RUNNER_NOT_ALLOWED';

export function judgeSigner(
  signer: CertificateSigner,
  policy: KeylessPolicy,
): { readonly problem: KeylessProblem; readonly message: string } | undefined {
  const san = signer.subjectAlternativeName;
  const issuer = signer.issuer;
  const named = `${JSON.stringify(san ?? null)} from ${JSON.stringify(issuer ?? null)}`;
  if (policy.identities.length > 0) {
    const subjectMatches = policy.identities.filter(
      ({ subject }) => san !== undefined && matches(subject, san),
    );
    if (subjectMatches.length === 0) {
      return {
        problem: 'CERTIFICATE_IDENTITY_MISMATCH',
        message: `the certificate names ${named}, which matches no certificate-identity (${policy.identities.map(describe).join('; ')})`,
      };
    }
    if (!subjectMatches.some((identity) => identity.issuer === issuer)) {
      return {
        problem: 'CERTIFICATE_ISSUER_MISMATCH',
        message: `the certificate names ${named}: the subject matches, but not with the issuer ${subjectMatches.map(({ issuer: expected }) => JSON.stringify(expected)).join(' or ')}`,
      };
    }
  } else if (issuer !== GITHUB_ACTIONS_ISSUER) {
    return {
      problem: 'CERTIFICATE_ISSUER_MISMATCH',
      message: `the certificate names ${named}, not a GitHub Actions workflow (${GITHUB_ACTIONS_ISSUER})`,
    };
  }
  return judgeGitHubClaims(signer.fulcioExtensions ?? {}, policy.github);
}

function judgeGitHubClaims(
  extensions: Readonly<Record<string, string>>,
  github: GitHubCertificatePolicy,
): { readonly problem: KeylessProblem; readonly message: string } | undefined {
  const buildSigner = extensions[OID.buildSignerUri];
  const workflow = buildSigner?.replace(/@[^@]*$/, '');
  if (github.signerWorkflow !== undefined && workflow !== githubUrl(github.signerWorkflow)) {
    return {
      problem: 'SIGNER_MISMATCH',
      message: `the certificate was signed by the workflow ${JSON.stringify(buildSigner ?? null)}, not ${githubUrl(github.signerWorkflow)}`,
    };
  }
  if (github.signerRepo !== undefined && !(workflow ?? '').startsWith(`${githubUrl(github.signerRepo)}/`)) {
    return {
      problem: 'SIGNER_MISMATCH',
      message: `the certificate was signed by the workflow ${JSON.stringify(buildSigner ?? null)}, not one of ${githubUrl(github.signerRepo)}`,
    };
  }
  const sourceRepository = extensions[OID.sourceRepositoryUri];
  // GitHub's owner and repository names are case-insensitive: `Acme/App` and `acme/app` are one repository.
  if (
    github.sourceRepo !== undefined &&
    sourceRepository?.toLowerCase() !== githubUrl(github.sourceRepo).toLowerCase()
  ) {
    return {
      problem: 'SOURCE_MISMATCH',
      message: `the certificate's source repository is ${JSON.stringify(sourceRepository ?? null)}, not ${githubUrl(github.sourceRepo)} (source-repo)`,
    };
  }
  for (const [expected, oid, input] of [
    [github.sourceRef, OID.sourceRepositoryRef, 'source-ref'],
    [github.sourceDigest, OID.sourceRepositoryDigest, 'source-digest'],
  ] as const) {
    if (expected !== undefined && extensions[oid] !== expected) {
      return {
        problem: 'SOURCE_MISMATCH',
        message: `the certificate's ${input === 'source-ref' ? 'source ref' : 'source commit'} is ${JSON.stringify(extensions[oid] ?? null)}, not ${JSON.stringify(expected)} (${input})`,
      };
    }
  }
  if (github.denySelfHostedRunners && extensions[OID.runnerEnvironment] !== 'github-hosted') {
    return {
      problem: 'RUNNER_NOT_ALLOWED',
      message: `signed on a ${JSON.stringify(extensions[OID.runnerEnvironment] ?? 'unknown')} runner, and deny-self-hosted-runners is on`,
    };
  }
  return undefined;
}

/** `github.com/o/r` or `o/r` (on github.com) as the URL Fulcio writes. */
function githubUrl(path: string): string {
  const trimmed = path.replace(/^https:\/\//, '').replace(/\/+$/, '');
  const host = /^[^/]+\.[^/]+\//.test(trimmed) ? '' : 'github.com/';
  return `https://${host}${trimmed}`;
}

function matches(subject: CertificateIdentity['subject'], name: string): boolean {
  return 'exact' in subject ? subject.exact === name : subject.pattern.test(name);
}

function describe({ subject, issuer }: CertificateIdentity): string {
  return `${'exact' in subject ? JSON.stringify(subject.exact) : `/${subject.source}/`} from ${JSON.stringify(issuer)}`;
}
