import { describe, expect, it } from '@jest/globals';
import { SigilError } from '@sigil/core';
import { parsePublicKey } from '@sigil/keys';
import { verifyBundle, verifyBundleWithKey } from '@sigil/transparency';
import { vectorBytes, vectorText } from '@sigil/testing';

const conformance = (file: string): string => vectorText(`sigstore-conformance/${file}`);
const productionRoot = vectorText('sigstore-js/trusted_root.production.json');
const happyBundle = conformance('managed-key-happy-path/bundle.sigstore.json');
const artifact = vectorBytes('sigstore-conformance/a.txt');

describe('verifyBundleWithKey (sigstore-conformance managed-key cases)', () => {
  it('verifies the happy path with key.pub and the production trusted root', () => {
    const publicKey = parsePublicKey(conformance('managed-key-happy-path/key.pub'));
    expect(
      verifyBundleWithKey({ bundle: happyBundle, artifact, trustedRoot: productionRoot, publicKey }),
    ).toEqual({
      ok: true,
      signer: { keyId: publicKey.id },
    });
  });

  it('fails when the artifact differs from the signed one', () => {
    const publicKey = parsePublicKey(conformance('managed-key-happy-path/key.pub'));
    const altered = new TextEncoder().encode('not a.txt');
    const verdict = verifyBundleWithKey({
      bundle: happyBundle,
      artifact: altered,
      trustedRoot: productionRoot,
      publicKey,
    });
    expect(verdict).toMatchObject({ ok: false, reason: 'SIGNATURE' });
  });

  it('fails with another key than the one that signed', () => {
    const publicKey = parsePublicKey(vectorText('containers-image/cosign.pub'));
    const verdict = verifyBundleWithKey({
      bundle: happyBundle,
      artifact,
      trustedRoot: productionRoot,
      publicKey,
    });
    expect(verdict).toMatchObject({ ok: false, reason: 'SIGNATURE' });
  });

  it('wrong-key case: the corrupt key.pub fails at key loading', () => {
    expect(conformance('managed-key-wrong-key_fail/bundle.sigstore.json')).toBe(happyBundle);
    expect(() => parsePublicKey(conformance('managed-key-wrong-key_fail/key.pub'))).toThrow(SigilError);
  });

  it('no-key case: without a key the key-signed bundle fails', () => {
    const verdict = verifyBundle({
      bundle: conformance('managed-key-no-key_fail/bundle.sigstore.json'),
      artifact,
      trustedRoot: productionRoot,
    });
    expect(verdict).toMatchObject({ ok: false, reason: 'KEY_NOT_TRUSTED' });
  });

  it("refuses an inclusion proof whose root hash or tree size is not its checkpoint's", () => {
    const publicKey = parsePublicKey(conformance('managed-key-happy-path/key.pub'));
    const edited = (edit: (proof: Record<string, unknown>) => void): string => {
      const bundle = JSON.parse(happyBundle) as {
        verificationMaterial: { tlogEntries: { inclusionProof: Record<string, unknown> }[] };
      };
      edit(bundle.verificationMaterial.tlogEntries[0]!.inclusionProof);
      return JSON.stringify(bundle);
    };
    const rootHash = edited((proof) => {
      const bytes = Buffer.from(proof['rootHash'] as string, 'base64');
      bytes[0] = (bytes[0] as number) ^ 1;
      proof['rootHash'] = bytes.toString('base64');
    });
    const treeSize = edited((proof) => {
      proof['treeSize'] = String(Number(proof['treeSize']) + 1);
    });
    for (const bundle of [rootHash, treeSize])
      expect(verifyBundleWithKey({ bundle, artifact, trustedRoot: productionRoot, publicKey })).toMatchObject(
        {
          ok: false,
          reason: 'TLOG',
        },
      );
  });

  it('refuses a message-signature bundle without an artifact', () => {
    const publicKey = parsePublicKey(conformance('managed-key-happy-path/key.pub'));
    expect(
      verifyBundleWithKey({ bundle: happyBundle, trustedRoot: productionRoot, publicKey }),
    ).toMatchObject({
      ok: false,
      reason: 'ARTIFACT_MISSING',
    });
  });

  it('names broken inputs', () => {
    const publicKey = parsePublicKey(conformance('managed-key-happy-path/key.pub'));
    expect(
      verifyBundleWithKey({ bundle: '{"mediaType":"x"}', artifact, trustedRoot: productionRoot, publicKey }),
    ).toMatchObject({
      ok: false,
      reason: 'BUNDLE_INVALID',
    });
    expect(verifyBundleWithKey({ bundle: happyBundle, artifact, trustedRoot: '{', publicKey })).toMatchObject(
      {
        ok: false,
        reason: 'TRUSTED_ROOT_INVALID',
      },
    );
  });
});

describe('verifyBundle (keyless)', () => {
  const intoto = (file: string): string => conformance(`intoto-with-custom-trust-root/${file}`);

  it('verifies the v0.2 in-toto bundle with its custom trusted root and the artifact as subject', () => {
    const verdict = verifyBundle({
      bundle: intoto('bundle.sigstore.json'),
      artifact: vectorBytes('sigstore-conformance/intoto-with-custom-trust-root/artifact'),
      trustedRoot: intoto('trusted_root.json'),
    });
    expect(verdict.ok).toBe(true);
    expect(verdict.ok && verdict.signer.subjectAlternativeName).toContain(
      'sigstore-conformance/extremely-dangerous-public-oidc-beacon',
    );
  });

  it('refuses that bundle for an artifact its statement does not name', () => {
    const verdict = verifyBundle({
      bundle: intoto('bundle.sigstore.json'),
      artifact,
      trustedRoot: intoto('trusted_root.json'),
    });
    expect(verdict).toMatchObject({ ok: false, reason: 'SUBJECT_MISMATCH' });
  });

  it('refuses that bundle against the production root, which does not trust its timestamp authority', () => {
    const verdict = verifyBundle({ bundle: intoto('bundle.sigstore.json'), trustedRoot: productionRoot });
    expect(verdict).toMatchObject({ ok: false, reason: 'TIMESTAMP' });
  });

  const attestation = vectorText('cosign/oci-attestation.sigstore.json');
  const pgiRoot = vectorText('cosign/trusted_root_pgi.json');

  it('verifies the cosign OCI attestation against trusted_root_pgi, identity cody@soyland.com', () => {
    const verdict = verifyBundle({
      bundle: attestation,
      trustedRoot: pgiRoot,
      identity: { subjectAlternativeName: 'cody@soyland.com' },
    });
    expect(verdict).toMatchObject({ ok: true, signer: { subjectAlternativeName: 'cody@soyland.com' } });
  });

  it('checks the attestation subject against an image digest', () => {
    const subjectDigest = 'sha256:732112270d7e59418a8c080b134b24cabd67d250d0d0147a97ed95ba5c280aa4';
    expect(verifyBundle({ bundle: attestation, trustedRoot: pgiRoot, subjectDigest }).ok).toBe(true);
    expect(
      verifyBundle({
        bundle: attestation,
        trustedRoot: pgiRoot,
        subjectDigest: subjectDigest.replace('7321', '7322'),
      }),
    ).toMatchObject({ ok: false, reason: 'SUBJECT_MISMATCH' });
  });

  it('captures stack traces again once a verification is over, whether it passed, failed or threw', () => {
    const limit = Error.stackTraceLimit;
    expect(verifyBundle({ bundle: attestation, trustedRoot: pgiRoot }).ok).toBe(true);
    expect(Error.stackTraceLimit).toBe(limit);
    expect(verifyBundle({ bundle: attestation, trustedRoot: intoto('trusted_root.json') }).ok).toBe(false);
    expect(Error.stackTraceLimit).toBe(limit);
    expect(verifyBundle({ bundle: '{"mediaType":', trustedRoot: pgiRoot }).ok).toBe(false);
    expect(Error.stackTraceLimit).toBe(limit);
    expect(new Error('after').stack?.split('\n').length).toBeGreaterThan(1);
  });

  it('reads a certificate seen before as the same certificate, and another as another', () => {
    // The same bundle twice (its parsed certificate remembered), then the in-toto bundle with another
    // certificate: each is judged by its own certificate.
    const first = verifyBundle({ bundle: attestation, trustedRoot: pgiRoot });
    const again = verifyBundle({ bundle: attestation, trustedRoot: pgiRoot });
    const other = verifyBundle({
      bundle: intoto('bundle.sigstore.json'),
      trustedRoot: intoto('trusted_root.json'),
    });
    expect(first).toEqual(again);
    expect(first.ok && first.signer.subjectAlternativeName).toBe('cody@soyland.com');
    expect(other.ok && other.signer.subjectAlternativeName).toContain('sigstore-conformance');
    expect(verifyBundle({ bundle: attestation, trustedRoot: intoto('trusted_root.json') })).toMatchObject({
      ok: false,
    });
  });

  it('refuses the attestation for another identity', () => {
    const verdict = verifyBundle({
      bundle: attestation,
      trustedRoot: pgiRoot,
      identity: { subjectAlternativeName: 'someone@example.com' },
    });
    expect(verdict).toMatchObject({ ok: false, reason: 'IDENTITY_MISMATCH' });
  });
});
