import { describe, expect, it } from '@jest/globals';
import { parsePublicKey } from '@sigil/keys';
import { vectorBytes, vectorText } from '@sigil/testing';
import { LoadedTrustedRoot, verifyBundleWithKey } from '@sigil/transparency';
import { createHash } from 'node:crypto';
import { judgeBundle } from '../src/bundle-evidence.js';
import type { GatePolicy } from '../src/gate-policy.js';
import { GITHUB_ACTIONS_ISSUER, identityPattern, type KeylessPolicy } from '../src/keyless-policy.js';

/**
 * The sigstore-conformance bundles and sigstore-js's production trusted root (../shared/vectors) through the
 * gate's own judgement of a bundle it has read (`judgeBundle`, what every bundle referrer goes through), and
 * the trust material the gate builds from `trusted-root` (`LoadedTrustedRoot`) through the verifier the gate
 * checks log entries and timestamps with.
 */
const conformance = (file: string) => vectorText(`sigstore-conformance/${file}`);
const json = (text: string) => JSON.parse(text) as Record<string, unknown>;
const productionRoot = LoadedTrustedRoot.load(vectorText('sigstore-js/trusted_root.production.json'));
const customRoot = LoadedTrustedRoot.load(conformance('intoto-with-custom-trust-root/trusted_root.json'));
const happyKey = parsePublicKey(conformance('managed-key-happy-path/key.pub'));
const happyBundle = conformance('managed-key-happy-path/bundle.sigstore.json');
const sha256 = (bytes: Uint8Array) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

function policy(trustedRoot: LoadedTrustedRoot, requireTlog: boolean): GatePolicy {
  return {
    signature: { trustedKeys: [happyKey] },
    requirements: [{ kind: 'signature' }],
    platforms: 'index',
    mode: 'enforce',
    transparency: { trustedRoot, requireTlog },
  };
}

const target = (digest: string) => ({
  image: `registry.example/vectors@${digest}`,
  repo: { registry: 'registry.example', repository: 'vectors' },
  digest,
});
const base = { manifest: `sha256:${'0'.repeat(64)}`, signedPredicateType: false };

describe('the gate judges the conformance bundles as it judges a bundle referrer', () => {
  it('managed-key-happy-path: signs a blob, not an image — never evidence, even with its key and the production root', async () => {
    const digest = sha256(vectorBytes('sigstore-conformance/a.txt'));
    const judged = await judgeBundle(
      json(happyBundle),
      'the bundle',
      target(digest),
      policy(productionRoot, true),
      base,
    );
    expect(judged.outcome).toMatchObject({ verified: false, problem: 'BUNDLE_INVALID' });
    expect(judged.outcome.message).toContain('signs a blob (a message signature)');
  });

  it('intoto-with-custom-trust-root: a keyless v0.2 bundle is reported, not verified, when no keyless signer is named', async () => {
    const digest = sha256(vectorBytes('sigstore-conformance/intoto-with-custom-trust-root/artifact'));
    const judged = await judgeBundle(
      json(conformance('intoto-with-custom-trust-root/bundle.sigstore.json')),
      'the bundle',
      target(digest),
      policy(customRoot, false),
      base,
    );
    expect(judged.outcome).toMatchObject({ verified: false, problem: 'KEYLESS_NOT_CONFIGURED' });
  });

  it('a bundle of a version the gate does not read is BUNDLE_INVALID before anything else', async () => {
    const relabelled = { ...json(happyBundle), mediaType: 'application/vnd.dev.sigstore.bundle.v0.9+json' };
    const judged = await judgeBundle(
      relabelled,
      'the bundle',
      target(`sha256:${'1'.repeat(64)}`),
      policy(productionRoot, false),
      base,
    );
    expect(judged.outcome).toMatchObject({ verified: false, problem: 'BUNDLE_INVALID' });
    expect(judged.outcome.message).toContain('not a Sigstore bundle version the gate reads');
  });
});

describe('the conformance keyless bundle verifies through the gate with its own trust root', () => {
  const bundle = json(conformance('intoto-with-custom-trust-root/bundle.sigstore.json'));
  const digest = sha256(vectorBytes('sigstore-conformance/intoto-with-custom-trust-root/artifact'));
  const workflow =
    'https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main';
  const keyless = (
    root: LoadedTrustedRoot,
    identities: KeylessPolicy['identities'],
    github: Partial<KeylessPolicy['github']> = {},
  ): GatePolicy => ({
    ...policy(root, false),
    signature: { trustedKeys: [] },
    transparency: { trustedRoot: root, requireTlog: 'auto' },
    keyless: { identities, github: { denySelfHostedRunners: false, ...github } },
  });
  const exact = [{ subject: { exact: workflow }, issuer: GITHUB_ACTIONS_ISSUER }];

  it('verified: the certificate chains to the custom CA, its SCT, Rekor entry and timestamp verify, the identity matches', async () => {
    const judged = await judgeBundle(bundle, 'the bundle', target(digest), keyless(customRoot, exact), base);
    expect(judged.outcome).toMatchObject({
      verified: true,
      predicateType: 'https://slsa.dev/provenance/v1',
      signedPredicateType: true,
      identity: { subjectAlternativeName: workflow, issuer: GITHUB_ACTIONS_ISSUER },
      transparency: { tlogEntries: 1, rfc3161Timestamps: 1, checked: 'verified' },
    });
    expect(judged.outcome.keyId).toBeUndefined();
  });

  it('a pattern must match the whole name; the issuer is part of the identity', async () => {
    const prefix = [
      {
        subject: { pattern: identityPattern('https://github\\.com/sigstore-conformance/'), source: 'prefix' },
        issuer: GITHUB_ACTIONS_ISSUER,
      },
    ];
    expect(
      (await judgeBundle(bundle, 'b', target(digest), keyless(customRoot, prefix), base)).outcome.problem,
    ).toBe('CERTIFICATE_IDENTITY_MISMATCH');
    const whole = [
      {
        subject: {
          pattern: identityPattern('https://github\\.com/sigstore-conformance/.*'),
          source: 'whole',
        },
        issuer: GITHUB_ACTIONS_ISSUER,
      },
    ];
    expect(
      (await judgeBundle(bundle, 'b', target(digest), keyless(customRoot, whole), base)).outcome.verified,
    ).toBe(true);
    const otherIssuer = [{ subject: { exact: workflow }, issuer: 'https://accounts.google.com' }];
    expect(
      (await judgeBundle(bundle, 'b', target(digest), keyless(customRoot, otherIssuer), base)).outcome
        .problem,
    ).toBe('CERTIFICATE_ISSUER_MISMATCH');
  });

  it('GitHub claims the certificate does not carry never match (it has no Build Signer URI extension)', async () => {
    const judged = await judgeBundle(
      bundle,
      'b',
      target(digest),
      keyless(customRoot, [], {
        signerWorkflow:
          'sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/extremely-dangerous-oidc-beacon.yml',
      }),
      base,
    );
    expect(judged.outcome.problem).toBe('SIGNER_MISMATCH');
  });

  it('another trust root: CERTIFICATE_UNTRUSTED; another digest: STATEMENT_SUBJECT_MISMATCH', async () => {
    expect(
      (await judgeBundle(bundle, 'b', target(digest), keyless(productionRoot, exact), base)).outcome.problem,
    ).toBe('CERTIFICATE_UNTRUSTED');
    expect(
      (await judgeBundle(bundle, 'b', target(`sha256:${'2'.repeat(64)}`), keyless(customRoot, exact), base))
        .outcome.problem,
    ).toBe('STATEMENT_SUBJECT_MISMATCH');
  });
});

describe('trusted-root as the gate loads it verifies real log entries and timestamps', () => {
  const artifact = vectorBytes('sigstore-conformance/a.txt');

  it('the happy path: its rekor.sigstore.dev entry and its timestamp verify against the loaded production root', () => {
    expect(productionRoot.counts).toEqual({
      tlogs: 2,
      certificateAuthorities: 2,
      ctlogs: 2,
      timestampAuthorities: 1,
    });
    const verdict = verifyBundleWithKey({
      bundle: happyBundle,
      artifact,
      publicKey: happyKey,
      trustedRoot: productionRoot,
      tlogThreshold: 1,
      timestampThreshold: 2,
    });
    expect(verdict).toEqual({ ok: true, signer: { keyId: happyKey.id } });
  });

  it('the same entry against a root without that log: TLOG (the gate says TLOG_INVALID)', () => {
    const verdict = verifyBundleWithKey({
      bundle: happyBundle,
      artifact,
      publicKey: happyKey,
      trustedRoot: customRoot,
      tlogThreshold: 1,
      timestampThreshold: 0,
    });
    expect(verdict).toMatchObject({ ok: false });
    expect(verdict.ok ? undefined : verdict.reason).toMatch(/^(TLOG|TIMESTAMP)$/);
  });

  it('an entry whose logged body was edited does not verify', () => {
    const bundle = json(happyBundle) as { verificationMaterial: { tlogEntries: Record<string, unknown>[] } };
    const entry = bundle.verificationMaterial.tlogEntries[0]!;
    const body = JSON.parse(Buffer.from(entry['canonicalizedBody'] as string, 'base64').toString('utf8'));
    body.spec.data.hash.value = '0'.repeat(64);
    entry['canonicalizedBody'] = Buffer.from(JSON.stringify(body)).toString('base64');
    const verdict = verifyBundleWithKey({
      bundle,
      artifact,
      publicKey: happyKey,
      trustedRoot: productionRoot,
      tlogThreshold: 1,
      timestampThreshold: 0,
    });
    expect(verdict).toMatchObject({ ok: false, reason: 'TLOG' });
  });
});
