import { constants, generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { parsePublicKey, SigningKey } from '@sigil/keys';
import { simpleSigningPayload, SIMPLE_SIGNING_MEDIA_TYPE } from '../src/payload.js';
import { verifySignatureLayer, type LayerPolicy, type SignatureLayer } from '../src/layer-verifier.js';

const DIGEST = 'sha256:0cd1711fb791f3e00b8aa5923e50e47d7ec7dedbf03faa32347cb293b98ae874';
const OTHER_DIGEST = 'sha256:634a8f35b5f16dcf4aaa0822adc0b1964bb786fca12f6831de8ddc45e5986a00';
const REPOSITORY = 'registry.example:5000/team/app';
const ANNOTATION = 'dev.cosignproject.cosign/signature';

const newKey = (): SigningKey =>
  new SigningKey(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey);
const signerPrivateKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
const signer = new SigningKey(signerPrivateKey);
const stranger = newKey();
const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const b64 = (data: Uint8Array): string => Buffer.from(data).toString('base64');

function layer(
  payload: Uint8Array,
  signature: string | undefined,
  mediaType = SIMPLE_SIGNING_MEDIA_TYPE,
): SignatureLayer {
  return { mediaType, payload, annotations: signature === undefined ? {} : { [ANNOTATION]: signature } };
}
const signedBy = (key: SigningKey, payload: Uint8Array): SignatureLayer =>
  layer(payload, b64(key.sign(payload)));
const goodPayload = simpleSigningPayload(REPOSITORY, DIGEST, { env: 'prod' });
const policy: LayerPolicy = {
  digest: DIGEST,
  identity: REPOSITORY,
  trustedKeys: [signer.publicKey],
  revokedKeys: [],
  annotations: { env: 'prod' },
};
const critical = (inner: string, optional = 'null'): Uint8Array =>
  bytes(`{"critical":{${inner}},"optional":${optional}}`);
const IDENTITY = `"identity":{"docker-reference":"${REPOSITORY}"}`;
const IMAGE = `"image":{"docker-manifest-digest":"${DIGEST}"}`;
const TYPE = '"type":"cosign container image signature"';

describe('verifySignatureLayer', () => {
  it('accepts a layer signed by a trusted key whose claims match', () => {
    expect(verifySignatureLayer(signedBy(signer, goodPayload), policy)).toMatchObject({
      ok: true,
      keyId: signer.publicKey.id,
      payload: { dockerReference: REPOSITORY, dockerManifestDigest: DIGEST, annotations: { env: 'prod' } },
    });
  });

  it('accepts any of several trusted keys (rotation)', () => {
    const rotated = { ...policy, trustedKeys: [stranger.publicKey, signer.publicKey] };
    expect(verifySignatureLayer(signedBy(signer, goodPayload), rotated)).toMatchObject({
      ok: true,
      keyId: signer.publicKey.id,
    });
  });

  const p1363 = b64(sign('sha256', goodPayload, { key: signerPrivateKey, dsaEncoding: 'ieee-p1363' }));

  it.each([
    [
      'MEDIA_TYPE',
      'a layer of another media type',
      layer(goodPayload, b64(signer.sign(goodPayload)), 'application/json'),
      policy,
      'application/json',
    ],
    [
      'SIGNATURE_MISSING',
      'a layer without signature annotation',
      layer(goodPayload, undefined),
      policy,
      ANNOTATION,
    ],
    ['SIGNATURE_ENCODING', 'an empty signature', layer(goodPayload, ''), policy, 'empty'],
    [
      'SIGNATURE_ENCODING',
      'a signature that is not base64',
      layer(goodPayload, 'MEUCIQ not base64!'),
      policy,
      'not standard padded base64',
    ],
    [
      'SIGNATURE_ENCODING',
      'base64 with a line break',
      layer(
        goodPayload,
        `${b64(signer.sign(goodPayload)).slice(0, 20)}\n${b64(signer.sign(goodPayload)).slice(20)}`,
      ),
      policy,
      'not standard padded base64',
    ],
    ['SIGNATURE_ENCODING', 'a P1363 r‖s signature', layer(goodPayload, p1363), policy, 'P1363 signature'],
    [
      'SIGNATURE_ENCODING',
      'bytes that are no signature',
      layer(goodPayload, b64(new Uint8Array(70).fill(7))),
      policy,
      'not an ASN.1 DER ECDSA signature',
    ],
    [
      'KEY_REVOKED',
      'a signature by a revoked key that is also trusted',
      signedBy(signer, goodPayload),
      { ...policy, revokedKeys: [signer.publicKey] },
      signer.publicKey.id,
    ],
    [
      'KEY_REVOKED',
      'a revoked signature whose claims are also wrong',
      signedBy(signer, simpleSigningPayload(REPOSITORY, OTHER_DIGEST)),
      { ...policy, revokedKeys: [signer.publicKey] },
      'revoked',
    ],
    [
      'SIGNATURE_UNTRUSTED',
      'a signature by another key',
      signedBy(stranger, goodPayload),
      policy,
      '1 trusted key',
    ],
    [
      'SIGNATURE_UNTRUSTED',
      'a payload changed after signing',
      layer(simpleSigningPayload(REPOSITORY, OTHER_DIGEST), b64(signer.sign(goodPayload))),
      policy,
      'does not verify',
    ],
    [
      'SIGNATURE_UNTRUSTED',
      'an untrusted malformed payload (claims are never read unverified)',
      signedBy(stranger, bytes('{')),
      policy,
      'does not verify',
    ],
    [
      'SIGNATURE_UNTRUSTED',
      'any signature when no key is trusted',
      signedBy(signer, goodPayload),
      { ...policy, trustedKeys: [] },
      '0 trusted key',
    ],
    [
      'PAYLOAD_INVALID',
      'an extra key in critical',
      signedBy(signer, critical(`${IDENTITY},${IMAGE},${TYPE},"extra":true`)),
      policy,
      'unknown key "extra"',
    ],
    [
      'PAYLOAD_INVALID',
      'a duplicate key',
      signedBy(signer, critical(`${IDENTITY},${IMAGE},${TYPE},"type":"x"`)),
      policy,
      'Duplicate key "type"',
    ],
    [
      'PAYLOAD_INVALID',
      'a float timestamp',
      signedBy(signer, critical(`${IDENTITY},${IMAGE},${TYPE}`, '{"timestamp":1.5}')),
      policy,
      'not an integer',
    ],
    [
      'PAYLOAD_INVALID',
      'a wrong signature type',
      signedBy(signer, critical(`${IDENTITY},${IMAGE},"type":"atomic container signature"`)),
      policy,
      'critical.type',
    ],
    [
      'CLAIM_DIGEST_MISMATCH',
      'a signature for another digest',
      signedBy(signer, simpleSigningPayload(REPOSITORY, OTHER_DIGEST, { env: 'prod' })),
      policy,
      OTHER_DIGEST,
    ],
    [
      'IDENTITY_MISMATCH',
      'a signature copied from another repository',
      signedBy(signer, simpleSigningPayload('registry.example:5000/team/other', DIGEST, { env: 'prod' })),
      policy,
      'team/other',
    ],
    [
      'IDENTITY_MISMATCH',
      'the same path on another registry',
      signedBy(signer, simpleSigningPayload('ghcr.io/team/app', DIGEST, { env: 'prod' })),
      policy,
      'ghcr.io',
    ],
    [
      'IDENTITY_MISMATCH',
      'an identity that is no reference',
      signedBy(signer, simpleSigningPayload('Not A Reference', DIGEST, { env: 'prod' })),
      policy,
      'Not A Reference',
    ],
    [
      'ANNOTATION_MISMATCH',
      'a required annotation that is absent',
      signedBy(signer, simpleSigningPayload(REPOSITORY, DIGEST)),
      policy,
      'required annotation "env" is absent',
    ],
    [
      'ANNOTATION_MISMATCH',
      'a required annotation that differs',
      signedBy(signer, simpleSigningPayload(REPOSITORY, DIGEST, { env: 'dev' })),
      policy,
      '"env" is "dev" in the payload, the policy requires "prod"',
    ],
    [
      'ANNOTATION_MISMATCH',
      'a required annotation of another JSON type',
      signedBy(signer, critical(`${IDENTITY},${IMAGE},${TYPE}`, '{"env":1}')),
      { ...policy, annotations: { env: '1' } },
      'a number value',
    ],
  ] as const)('%s: %s', (reason, _name, input, layerPolicy, fragment) => {
    const verdict = verifySignatureLayer(input, layerPolicy);
    expect(verdict).toMatchObject({ ok: false, reason });
    expect(!verdict.ok && verdict.message).toContain(fragment);
  });

  it('reports the verifying key with claim failures, and the revoked key', () => {
    const wrongDigest = signedBy(signer, simpleSigningPayload(REPOSITORY, OTHER_DIGEST));
    expect(verifySignatureLayer(wrongDigest, policy)).toMatchObject({ keyId: signer.publicKey.id });
    expect(
      verifySignatureLayer(signedBy(signer, goodPayload), { ...policy, revokedKeys: [signer.publicKey] }),
    ).toMatchObject({
      reason: 'KEY_REVOKED',
      keyId: signer.publicKey.id,
    });
    expect(verifySignatureLayer(signedBy(stranger, goodPayload), policy)).not.toHaveProperty('keyId');
  });

  it('a revoked key that did not make the signature does not matter', () => {
    const verdict = verifySignatureLayer(signedBy(signer, goodPayload), {
      ...policy,
      revokedKeys: [stranger.publicKey],
    });
    expect(verdict.ok).toBe(true);
  });

  it.each([
    ['a tagged identity (skopeo style)', `${REPOSITORY}:v1`, REPOSITORY],
    ['an identity pinned by digest', `${REPOSITORY}@${DIGEST}`, REPOSITORY],
    [
      'index.docker.io against docker.io',
      'index.docker.io/library/busybox',
      'docker.io/library/busybox:latest',
    ],
    ['a Docker Hub short name', 'busybox', 'index.docker.io/library/busybox'],
    ['a registry host in capitals', 'Registry.Example:5000/team/app', REPOSITORY],
  ])('matches %s', (_name, signedIdentity, expected) => {
    const verdict = verifySignatureLayer(signedBy(signer, simpleSigningPayload(signedIdentity, DIGEST)), {
      ...policy,
      identity: expected,
      annotations: {},
    });
    expect(verdict.ok).toBe(true);
  });

  it('does not check the identity when the policy has none (cosign semantics)', () => {
    const copied = signedBy(signer, simpleSigningPayload('elsewhere.example/x', DIGEST));
    const { identity: _identity, ...withoutIdentity } = policy;
    expect(verifySignatureLayer(copied, { ...withoutIdentity, annotations: {} }).ok).toBe(true);
  });

  it('verifies pretty-printed payloads as stored, without re-serialising them', () => {
    const pretty = bytes(
      `{\n  "critical": {\n    ${IDENTITY},\n    ${IMAGE},\n    ${TYPE}\n  },\n  "optional": {"env": "prod"}\n}\n`,
    );
    expect(verifySignatureLayer(signedBy(signer, pretty), policy).ok).toBe(true);
  });

  describe('with RSA keys', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const rsaKey = parsePublicKey(String(rsa.publicKey.export({ type: 'spki', format: 'pem' })));
    const rsaSignature = b64(
      sign('sha256', goodPayload, { key: rsa.privateKey, padding: constants.RSA_PKCS1_PADDING }),
    );
    const rsaPolicy = { ...policy, trustedKeys: [signer.publicKey, rsaKey] };

    it('verifies an RSA PKCS#1 v1.5 SHA-256 signature', () => {
      expect(verifySignatureLayer(layer(goodPayload, rsaSignature), rsaPolicy)).toMatchObject({
        ok: true,
        keyId: rsaKey.id,
      });
    });

    it('still calls a P1363 signature an encoding error', () => {
      expect(verifySignatureLayer(layer(goodPayload, p1363), rsaPolicy)).toMatchObject({
        reason: 'SIGNATURE_ENCODING',
      });
    });

    it('counts an RSA signature only against RSA keys: KEY_REVOKED if revoked, else an encoding error for ECDSA-only policies', () => {
      expect(
        verifySignatureLayer(layer(goodPayload, rsaSignature), { ...policy, revokedKeys: [rsaKey] }),
      ).toMatchObject({
        reason: 'KEY_REVOKED',
      });
      expect(verifySignatureLayer(layer(goodPayload, rsaSignature), policy)).toMatchObject({
        reason: 'SIGNATURE_ENCODING',
      });
    });
  });

  it('refuses a policy with an invalid digest or identity (a caller bug, not a verdict)', () => {
    expect(() =>
      verifySignatureLayer(signedBy(signer, goodPayload), { ...policy, digest: 'sha256:abc' }),
    ).toThrow('invalid digest');
    expect(() =>
      verifySignatureLayer(signedBy(signer, goodPayload), { ...policy, identity: 'UPPER/Case' }),
    ).toThrow('not a repository reference');
  });
});
