import { beforeAll, describe, expect, it } from '@jest/globals';
import { verifyBundle } from '@sigil/transparency';
import { vectorText } from '@sigil/testing';
import { startMockSigstore, type MockSigstore } from '@sigil/testing/sigstore';

/**
 * The certificate-issuer half of the keyless identity policy (`identity.issuer`): sigstore-js compares it
 * with the OIDC issuer Fulcio wrote into the certificate. A subject is only an identity together with the
 * issuer that vouched for it, so the right subject from another issuer must fail.
 */
describe('verifyBundle: the identity policy checks the certificate issuer', () => {
  const attestation = vectorText('cosign/oci-attestation.sigstore.json');
  const pgiRoot = vectorText('cosign/trusted_root_pgi.json');
  const subjectAlternativeName = 'cody@soyland.com';

  it('real cosign bundle: its subject with its issuer (GitHub OAuth) verifies', () => {
    expect(
      verifyBundle({
        bundle: attestation,
        trustedRoot: pgiRoot,
        identity: { subjectAlternativeName, issuer: 'https://github.com/login/oauth' },
      }),
    ).toEqual({
      ok: true,
      signer: {
        subjectAlternativeName,
        issuer: 'https://github.com/login/oauth',
        // Fulcio's issuer extension, v1 (raw text) as this certificate carries it.
        fulcioExtensions: expect.objectContaining({
          '1.3.6.1.4.1.57264.1.1': 'https://github.com/login/oauth',
        }),
      },
    });
  });

  it('real cosign bundle: its subject with another issuer fails with IDENTITY_MISMATCH', () => {
    for (const issuer of ['https://accounts.google.com', 'https://github.com/login/oauth/', '']) {
      const verdict = verifyBundle({
        bundle: attestation,
        trustedRoot: pgiRoot,
        identity: { subjectAlternativeName, issuer },
      });
      expect({ issuer, verdict }).toEqual({
        issuer,
        verdict: expect.objectContaining({ ok: false, reason: 'IDENTITY_MISMATCH' }),
      });
    }
  });

  describe('bundles of a private Sigstore (@sigstore/mock) with chosen certificate identities', () => {
    let sigstore: MockSigstore;
    const artifact = new TextEncoder().encode('release checksums\n');
    const subject = 'https://github.com/example/app/.github/workflows/release.yml@refs/tags/v1.0.0';
    const github = 'https://token.actions.githubusercontent.com';

    beforeAll(async () => {
      sigstore = await startMockSigstore();
    });

    const verify = async (issuer: string | undefined, identity: { issuer?: string }) =>
      verifyBundle({
        bundle: await sigstore.signBlob(artifact, { subjectAlternativeName: subject, issuer }),
        artifact,
        trustedRoot: sigstore.trustedRoot,
        identity: { subjectAlternativeName: subject, ...identity },
      });

    it('the expected subject from the expected issuer verifies (the bundles are sound)', async () => {
      expect(await verify(github, { issuer: github })).toEqual({
        ok: true,
        signer: {
          subjectAlternativeName: subject,
          issuer: github,
          // Both issuer extensions, decoded: v1 raw, v2 a DER UTF8String.
          fulcioExtensions: { '1.3.6.1.4.1.57264.1.1': github, '1.3.6.1.4.1.57264.1.8': github },
        },
      });
    });

    it('the expected subject from another issuer fails with IDENTITY_MISMATCH naming both issuers', async () => {
      const verdict = await verify('https://issuer.attacker.example', { issuer: github });
      expect(verdict).toMatchObject({ ok: false, reason: 'IDENTITY_MISMATCH' });
      expect(!verdict.ok && verdict.message).toContain(github);
      expect(!verdict.ok && verdict.message).toContain('https://issuer.attacker.example');
    });

    it('the expected subject in a certificate that names no issuer fails when an issuer is required', async () => {
      expect(await verify(undefined, { issuer: github })).toMatchObject({
        ok: false,
        reason: 'IDENTITY_MISMATCH',
      });
    });

    it('without an issuer in the policy, any issuer is accepted (the policy is what checks it)', async () => {
      expect(await verify('https://issuer.attacker.example', {})).toMatchObject({
        ok: true,
        signer: { issuer: 'https://issuer.attacker.example' },
      });
    });
  });
});
