import { createHash, generateKeyPairSync, randomBytes, sign, verify, type KeyObject } from 'node:crypto';

/** The issuer of GitHub Actions' OIDC tokens, and the host Fulcio's GitHub identities are URLs on. */
export const GITHUB_ACTIONS_ISSUER = 'https://token.actions.githubusercontent.com';
const GITHUB = 'https://github.com';

/** The workflow run a token describes; every field has a default (see `githubClaims`). */
export interface GitHubRunIdentity {
  /** `OWNER/REPO`. */
  readonly repository?: string;
  /** The workflow file within the repository, e.g. `.github/workflows/release.yml`. */
  readonly workflow?: string;
  /** The git ref the run is for, e.g. `refs/heads/main` or `refs/tags/v1.0.0`. */
  readonly ref?: string;
  /** The commit the run is for (40 hex digits). */
  readonly sha?: string;
  /** `push`, `workflow_dispatch`, `release`… */
  readonly eventName?: string;
  /** `github-hosted` or `self-hosted`. */
  readonly runnerEnvironment?: string;
}

type Claims = Readonly<Record<string, string | number | readonly string[]>>;

/**
 * The claims GitHub puts in a workflow run's ID token (the ones Fulcio reads, and the usual others): the
 * job's workflow and the top-level workflow are the same file at the same ref, as in a workflow that calls
 * no reusable workflow. `extra` is applied last (and may replace any claim).
 */
export function githubClaims(identity: GitHubRunIdentity = {}, extra: Claims = {}): Claims {
  const repository = identity.repository ?? 'sigil-test/app';
  const owner = repository.split('/')[0] ?? repository;
  const ref = identity.ref ?? 'refs/heads/main';
  const sha = identity.sha ?? createHash('sha1').update(repository).digest('hex');
  const workflowRef = `${repository}/${identity.workflow ?? '.github/workflows/release.yml'}@${ref}`;
  return {
    sub: `repo:${repository}:ref:${ref}`,
    repository,
    repository_owner: owner,
    repository_id: '101',
    repository_owner_id: '100',
    repository_visibility: 'public',
    ref,
    ref_type: ref.startsWith('refs/tags/') ? 'tag' : 'branch',
    sha,
    event_name: identity.eventName ?? 'push',
    runner_environment: identity.runnerEnvironment ?? 'github-hosted',
    job_workflow_ref: workflowRef,
    job_workflow_sha: sha,
    workflow_ref: workflowRef,
    workflow_sha: sha,
    workflow: 'release',
    actor: owner,
    run_id: '4242',
    run_number: '7',
    run_attempt: '1',
    ...extra,
  };
}

/** What Fulcio writes into a certificate for a GitHub workflow token. */
export interface FulcioIdentity {
  readonly subjectAlternativeName: string;
  readonly extensions: readonly { readonly oid: string; readonly value: string; readonly legacy?: true }[];
}

const fulcioOid = (n: number) => `1.3.6.1.4.1.57264.1.${n}`;

/**
 * Fulcio's GitHub workflow identity (its `github-workflow` CI provider, docs/oid-info.md): the SAN is the job's
 * workflow URL, the extensions carry the claims; the deprecated 1.1–1.6 hold raw strings, the rest DER
 * UTF8Strings. An extension whose claim the token lacks is left out; a token without `job_workflow_ref` is
 * not a GitHub workflow token.
 */
export function fulcioIdentityOf(claims: Readonly<Record<string, unknown>>): FulcioIdentity {
  const claim = (name: string): string | undefined => {
    const value = claims[name];
    return typeof value === 'string' && value !== ''
      ? value
      : typeof value === 'number'
        ? String(value)
        : undefined;
  };
  const jobWorkflowRef = claim('job_workflow_ref');
  const issuer = claim('iss');
  if (jobWorkflowRef === undefined || issuer === undefined) {
    throw new Error('the token has no job_workflow_ref or iss claim: not a GitHub Actions workflow token');
  }
  const extensions: { oid: string; value: string; legacy?: true }[] = [
    { oid: fulcioOid(1), value: issuer, legacy: true },
  ];
  const add = (n: number, value: string | undefined, legacy?: true) => {
    if (value !== undefined)
      extensions.push(legacy ? { oid: fulcioOid(n), value, legacy } : { oid: fulcioOid(n), value });
  };
  const url = (value: string | undefined) => (value === undefined ? undefined : `${GITHUB}/${value}`);
  add(2, claim('event_name'), true);
  add(3, claim('sha'), true);
  add(4, claim('workflow'), true);
  add(5, claim('repository'), true);
  add(6, claim('ref'), true);
  add(8, issuer);
  add(9, url(jobWorkflowRef));
  add(10, claim('job_workflow_sha'));
  add(11, claim('runner_environment'));
  add(12, url(claim('repository')));
  add(13, claim('sha'));
  add(14, claim('ref'));
  add(15, claim('repository_id'));
  add(16, url(claim('repository_owner')));
  add(17, claim('repository_owner_id'));
  add(18, url(claim('workflow_ref')));
  add(19, claim('workflow_sha'));
  add(20, claim('event_name'));
  const [repository, runId, runAttempt] = [claim('repository'), claim('run_id'), claim('run_attempt')];
  if (repository !== undefined && runId !== undefined && runAttempt !== undefined) {
    add(21, `${GITHUB}/${repository}/actions/runs/${runId}/attempts/${runAttempt}`);
  }
  add(22, claim('repository_visibility'));
  add(23, claim('environment'));
  return { subjectAlternativeName: `${GITHUB}/${jobWorkflowRef}`, extensions };
}

const segment = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** An OIDC issuer's signing key: RS256 JWTs, and its JWKS. */
export class TokenSigner {
  readonly #privateKey: KeyObject;
  readonly #publicKey: KeyObject;
  readonly keyId = randomBytes(8).toString('hex');

  constructor() {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    this.#privateKey = privateKey;
    this.#publicKey = publicKey;
  }

  get jwks(): { keys: Record<string, unknown>[] } {
    return {
      keys: [{ ...this.#publicKey.export({ format: 'jwk' }), kid: this.keyId, alg: 'RS256', use: 'sig' }],
    };
  }

  /** A JWT over `claims`, issued now by `issuer` for `audience`, valid `lifetimeSeconds`. */
  mint(issuer: string, audience: string, claims: Claims, lifetimeSeconds: number): string {
    const now = Math.floor(Date.now() / 1000);
    const header = segment({ typ: 'JWT', alg: 'RS256', kid: this.keyId });
    const payload = segment({
      jti: randomBytes(16).toString('hex'),
      ...claims,
      iss: issuer,
      aud: audience,
      iat: now,
      nbf: now - 5,
      exp: now + lifetimeSeconds,
    });
    const signature = sign('sha256', Buffer.from(`${header}.${payload}`), this.#privateKey);
    return `${header}.${payload}.${signature.toString('base64url')}`;
  }

  /**
   * The claims of `token` if this key signed it (RS256, this `kid`), `issuer` issued it, it names
   * `audience` and it is valid now (30 s of skew); otherwise throws saying why.
   */
  verify(token: string, issuer: string, audience: string): Record<string, unknown> {
    const [header, payload, signature, ...rest] = token.split('.');
    if (header === undefined || payload === undefined || signature === undefined || rest.length > 0) {
      throw new Error('not a compact JWS');
    }
    const head = parseSegment(header);
    if (head['alg'] !== 'RS256' || head['kid'] !== this.keyId)
      throw new Error('unknown signing key or algorithm');
    if (
      !verify(
        'sha256',
        Buffer.from(`${header}.${payload}`),
        this.#publicKey,
        Buffer.from(signature, 'base64url'),
      )
    ) {
      throw new Error('the token signature does not verify');
    }
    const claims = parseSegment(payload);
    if (claims['iss'] !== issuer)
      throw new Error(`the token is from ${String(claims['iss'])}, not ${issuer}`);
    const aud = claims['aud'];
    if (!(aud === audience || (Array.isArray(aud) && aud.includes(audience)))) {
      throw new Error(`the token's audience is not ${audience}`);
    }
    const now = Date.now() / 1000;
    const time = (name: string) => (typeof claims[name] === 'number' ? (claims[name] as number) : undefined);
    const [exp, nbf] = [time('exp'), time('nbf') ?? time('iat')];
    if (exp === undefined || exp < now - 30) throw new Error('the token has expired');
    if (nbf !== undefined && nbf > now + 30) throw new Error('the token is not valid yet');
    return claims;
  }
}

function parseSegment(text: string): Record<string, unknown> {
  const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new Error('not a JSON object');
  return value as Record<string, unknown>;
}
