import { describe, expect, it } from '@jest/globals';
import { vectorText } from '@sigil/testing';
import { LoadedTrustedRoot } from '@sigil/transparency';
import { judgeBundle } from '../src/bundle-evidence.js';
import type { GatePolicy } from '../src/gate-policy.js';
import { identityPattern, type CertificateIdentity } from '../src/keyless-policy.js';

/**
 * A real keyless bundle through the gate's own judgement of a bundle referrer it has read (`judgeBundle`):
 * `cosign attest --new-bundle-format` output (../shared/vectors/cosign), signed with a Fulcio certificate for
 * `cody@soyland.com` (GitHub OAuth login), logged in Rekor as a dsse entry, checked against the public-good
 * trusted root cosign's test data ships with it.
 */
const SAN = 'cody@soyland.com';
const ISSUER = 'https://github.com/login/oauth';
const SUBJECT = `sha256:732112270d7e59418a8c080b134b24cabd67d250d0d0147a97ed95ba5c280aa4`;
const PREDICATE_TYPE = 'https://cosign.sigstore.dev/attestation/v1';

const bundle = () =>
  JSON.parse(vectorText('cosign/oci-attestation.sigstore.json')) as Record<string, unknown>;
const publicGood = LoadedTrustedRoot.load(vectorText('cosign/trusted_root_pgi.json'));
const customRoot = LoadedTrustedRoot.load(
  vectorText('sigstore-conformance/intoto-with-custom-trust-root/trusted_root.json'),
);

const exact = (subject: string, issuer = ISSUER): CertificateIdentity => ({
  subject: { exact: subject },
  issuer,
});

function policy(
  identities: readonly CertificateIdentity[] | undefined,
  trustedRoot: LoadedTrustedRoot = publicGood,
  requireTlog: boolean | 'auto' = 'auto',
): GatePolicy {
  return {
    signature: { trustedKeys: [] },
    requirements: [{ kind: 'signature' }],
    platforms: 'index',
    mode: 'enforce',
    ...(identities === undefined
      ? {}
      : { keyless: { identities, github: { denySelfHostedRunners: false } } }),
    transparency: { trustedRoot, requireTlog },
  };
}

const target = (digest: string) => ({
  image: `registry.example/vectors@${digest}`,
  repo: { registry: 'registry.example', repository: 'vectors' },
  digest,
});
const base = { manifest: `sha256:${'0'.repeat(64)}`, signedPredicateType: false };

const judge = (gatePolicy: GatePolicy, digest = SUBJECT) =>
  judgeBundle(bundle(), 'the bundle', target(digest), gatePolicy, base);

describe('the real cosign keyless attestation bundle, judged by the gate', () => {
  it('verifies against the public-good root for its identity: the certificate, its SCT and the Rekor dsse entry', async () => {
    const { outcome, statement } = await judge(policy([exact(SAN)]));
    expect(outcome).toMatchObject({
      verified: true,
      identity: { subjectAlternativeName: SAN, issuer: ISSUER },
      predicateType: PREDICATE_TYPE,
      signedPredicateType: true,
      transparency: { tlogEntries: 1, rfc3161Timestamps: 0, checked: 'verified' },
    });
    expect(outcome.problem).toBeUndefined();
    expect(outcome.keyId).toBeUndefined();
    expect(outcome.transparency?.entries).toHaveLength(1);
    expect(outcome.transparency?.entries?.[0]?.integratedTime).toMatch(/^2025-02-28T/);
    expect(statement).toEqual({ predicateType: PREDICATE_TYPE, predicate: expect.any(Object) });
  });

  it('verifies for a pattern matching the whole name, and with require-tlog true or false', async () => {
    const pattern = { subject: { pattern: identityPattern('.*@soyland\\.com'), source: '.*@soyland\\.com' } };
    expect((await judge(policy([{ ...pattern, issuer: ISSUER }]))).outcome.verified).toBe(true);
    expect((await judge(policy([exact(SAN)], publicGood, true))).outcome.verified).toBe(true);
    expect((await judge(policy([exact(SAN)], publicGood, false))).outcome.verified).toBe(true);
  });

  it('another identity: CERTIFICATE_IDENTITY_MISMATCH, the verified identity still reported', async () => {
    const { outcome } = await judge(policy([exact('mallory@soyland.com')]));
    expect(outcome).toMatchObject({
      verified: false,
      problem: 'CERTIFICATE_IDENTITY_MISMATCH',
      identity: { subjectAlternativeName: SAN, issuer: ISSUER },
    });
    expect(outcome.message).toContain('mallory@soyland.com');
  });

  it('a pattern that matches only a prefix of the name: CERTIFICATE_IDENTITY_MISMATCH', async () => {
    const { outcome } = await judge(
      policy([{ subject: { pattern: identityPattern('cody@'), source: 'cody@' }, issuer: ISSUER }]),
    );
    expect(outcome).toMatchObject({ verified: false, problem: 'CERTIFICATE_IDENTITY_MISMATCH' });
  });

  it('the right name from another issuer: CERTIFICATE_ISSUER_MISMATCH', async () => {
    const { outcome } = await judge(policy([exact(SAN, 'https://accounts.google.com')]));
    expect(outcome).toMatchObject({ verified: false, problem: 'CERTIFICATE_ISSUER_MISMATCH' });
  });

  it('no identity at all: only GitHub Actions certificates count, so CERTIFICATE_ISSUER_MISMATCH', async () => {
    const { outcome } = await judge(policy([]));
    expect(outcome).toMatchObject({ verified: false, problem: 'CERTIFICATE_ISSUER_MISMATCH' });
  });

  it('no keyless policy: KEYLESS_NOT_CONFIGURED', async () => {
    const { outcome } = await judge(policy(undefined));
    expect(outcome).toMatchObject({ verified: false, problem: 'KEYLESS_NOT_CONFIGURED' });
  });

  it('judged for another digest: STATEMENT_SUBJECT_MISMATCH', async () => {
    const { outcome } = await judge(policy([exact(SAN)]), `sha256:${'1'.repeat(64)}`);
    expect(outcome).toMatchObject({
      verified: false,
      problem: 'STATEMENT_SUBJECT_MISMATCH',
      identity: { subjectAlternativeName: SAN, issuer: ISSUER },
    });
  });

  it('against the conformance custom root (another CA, another log): CERTIFICATE_UNTRUSTED', async () => {
    const { outcome } = await judge(policy([exact(SAN)], customRoot));
    expect(outcome).toMatchObject({
      verified: false,
      problem: 'CERTIFICATE_UNTRUSTED',
    });
    expect(outcome.identity).toBeUndefined();
  });

  it('an edited statement no longer matches its Rekor entry: TLOG_INVALID', async () => {
    const edited = bundle() as { dsseEnvelope: { payload: string } };
    const statement = JSON.parse(Buffer.from(edited.dsseEnvelope.payload, 'base64').toString('utf8'));
    statement.predicate = { Data: 'edited' };
    edited.dsseEnvelope.payload = Buffer.from(JSON.stringify(statement)).toString('base64');
    const { outcome } = await judgeBundle(
      edited as unknown as Record<string, unknown>,
      'the bundle',
      target(SUBJECT),
      policy([exact(SAN)]),
      base,
    );
    // The Rekor dsse entry logged the payload's hash: the edit shows there first.
    expect(outcome).toMatchObject({ verified: false, problem: 'TLOG_INVALID' });
    expect(outcome.message).toContain('DSSE payload hash mismatch');
    expect(outcome.identity).toBeUndefined();
  });
});
