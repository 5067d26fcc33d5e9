import { beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startMockSigstore, type MockSigstore } from '@sigil/testing/sigstore';
import { COSIGN_RELEASE_IDENTITY } from '../src/cosign-release-signature.js';
import { verifyReleaseBundle } from '../src/release-signature.js';

const verifyCosignReleaseBundle = (artifact: Uint8Array, bundle: string, trustedRoot: unknown) =>
  verifyReleaseBundle(artifact, bundle, COSIGN_RELEASE_IDENTITY, trustedRoot);

/**
 * install-cosign trusts the held checksums of a cosign release because a Sigstore bundle verifies them as
 * signed by cosign's release identity: the subject keyless@projectsigstore.iam.gserviceaccount.com *as
 * vouched for by* https://accounts.google.com. These bundles come from a private Sigstore (@sigstore/mock)
 * whose certificates carry whatever identity the test names, and are checked by the same code install-cosign
 * uses (sigstore-js underneath), only against that instance's trusted root.
 */
describe('verifyReleaseBundle: the cosign release identity', () => {
  let sigstore: MockSigstore;
  // The held checksums file itself, re-signed by the private instance under each identity.
  const checksums = readFileSync(
    path.join(
      path.dirname(fileURLToPath(import.meta.url)),
      '..',
      'release-data',
      'cosign',
      'v3.1.3',
      'cosign_checksums.txt',
    ),
  );
  const { subjectAlternativeName, issuer } = COSIGN_RELEASE_IDENTITY;

  beforeAll(async () => {
    sigstore = await startMockSigstore();
  });

  const verifySignedBy = async (signer: { subjectAlternativeName: string; issuer: string | undefined }) =>
    verifyCosignReleaseBundle(checksums, await sigstore.signBlob(checksums, signer), sigstore.trustedRoot);

  it('is the subject and the issuer upstream checks', () => {
    expect(COSIGN_RELEASE_IDENTITY).toEqual({
      subjectAlternativeName: 'keyless@projectsigstore.iam.gserviceaccount.com',
      issuer: 'https://accounts.google.com',
    });
  });

  it('a bundle by the release subject from the release issuer verifies (the bundles are sound)', async () => {
    expect(await verifySignedBy({ subjectAlternativeName, issuer })).toEqual({
      ok: true,
      signer: { subjectAlternativeName, issuer, fulcioExtensions: expect.any(Object) },
    });
  });

  it('a bundle by the release subject from another issuer fails with IDENTITY_MISMATCH', async () => {
    for (const other of [
      'https://token.actions.githubusercontent.com',
      'https://accounts.google.com.attacker.example',
      'https://oauth2.sigstore.dev/auth',
    ]) {
      const verdict = await verifySignedBy({ subjectAlternativeName, issuer: other });
      expect({ other, verdict }).toEqual({
        other,
        verdict: expect.objectContaining({ ok: false, reason: 'IDENTITY_MISMATCH' }),
      });
    }
  });

  it('a bundle by the release subject in a certificate naming no issuer fails with IDENTITY_MISMATCH', async () => {
    expect(await verifySignedBy({ subjectAlternativeName, issuer: undefined })).toMatchObject({
      ok: false,
      reason: 'IDENTITY_MISMATCH',
    });
  });

  it('a bundle by another subject from the release issuer fails with IDENTITY_MISMATCH', async () => {
    expect(
      await verifySignedBy({
        subjectAlternativeName: 'someone@projectsigstore.iam.gserviceaccount.com',
        issuer,
      }),
    ).toMatchObject({ ok: false, reason: 'IDENTITY_MISMATCH' });
  });

  // The subject is documented as exact (CertificateIdentityPolicy), as cosign's --certificate-identity is;
  // sigstore-js treats a policy SAN as an unanchored regular expression.
  it('a bundle by a subject that only contains the release subject fails with IDENTITY_MISMATCH', async () => {
    for (const lookalike of [
      `${subjectAlternativeName}.attacker.example`,
      `evil-${subjectAlternativeName}`,
      'keyless@projectsigstore-iam-gserviceaccount-com.attacker.example',
    ]) {
      const verdict = await verifySignedBy({ subjectAlternativeName: lookalike, issuer });
      expect({ lookalike, verdict }).toEqual({
        lookalike,
        verdict: expect.objectContaining({ ok: false, reason: 'IDENTITY_MISMATCH' }),
      });
    }
  });
});
