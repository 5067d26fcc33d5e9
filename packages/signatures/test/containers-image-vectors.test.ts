import { createHash, X509Certificate } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { sha256Digest } from '@sigil/oci';
import { parsePublicKey, publicKeyFromKeyObject, type PublicKey } from '@sigil/keys';
import { parseSimpleSigningPayload } from '../src/payload-parser.js';
import {
  verifySignatureLayer,
  type KeylessLayer,
  type KeylessLayerVerifier,
  type SignatureLayer,
} from '../src/layer-verifier.js';
import { type LayerVerdict } from '../src/layer-verdict.js';
import { verifyRekorBundle } from '@sigil/transparency';
import { signatureVector } from './containers-image-vector.js';
import { vectorBytes, vectorText } from '@sigil/testing';

const key = (file: string): PublicKey => parsePublicKey(vectorText(`containers-image/${file}`));
const cosignPub = key('cosign.pub');
const cosign2Pub = key('cosign2.pub');
const rekorPub = key('rekor.pub');
const allPubs = [cosignPub, cosign2Pub, rekorPub];
const manifestDigest = (folder: string): string =>
  sha256Digest(vectorBytes(`containers-image/${folder}/manifest.json`));

/** Verifies as a user would: the image digest from manifest.json, the identity the signer claimed. */
function verifyImage(folder: string, signature: string, trustedKeys: PublicKey[]): LayerVerdict {
  const layer = signatureVector(`${folder}/${signature}`);
  const claimed = parseSimpleSigningPayload(layer.payload);
  if (!claimed.ok) throw new Error(claimed.message);
  return verifySignatureLayer(layer, {
    digest: manifestDigest(folder),
    identity: claimed.payload.dockerReference,
    trustedKeys,
    revokedKeys: [],
  });
}

describe('containers/image golden signatures', () => {
  it.each([
    ['dir-img-cosign-valid', 'signature-1', cosignPub, '192.168.64.2:5000/cosign-signed-single-sample'],
    ['dir-img-cosign-valid-2', 'signature-1', cosignPub, '192.168.64.2:5000/cosign-signed-single-sample'],
    ['dir-img-cosign-valid-2', 'signature-2', cosignPub, '192.168.64.2:5000/cosign-signed-single-sample'],
    ['dir-img-cosign-key-rekor-valid', 'signature-1', cosign2Pub, '192.168.64.2:5000/cosign-signed/key-1'],
  ])('%s/%s is VERIFIED with its key', (folder, signature, trusted, identity) => {
    const verdict = verifyImage(folder, signature, [trusted]);
    expect(verdict).toMatchObject({
      ok: true,
      keyId: trusted.id,
      payload: { dockerReference: identity, dockerManifestDigest: manifestDigest(folder), optional: null },
    });
  });

  it.each([
    ['dir-img-cosign-valid', 'signature-1', cosign2Pub],
    ['dir-img-cosign-key-rekor-valid', 'signature-1', cosignPub],
  ])('%s/%s is SIGNATURE_UNTRUSTED with the other key', (folder, signature, wrongKey) => {
    expect(verifyImage(folder, signature, [wrongKey, rekorPub])).toMatchObject({
      ok: false,
      reason: 'SIGNATURE_UNTRUSTED',
    });
  });

  it('the manifest digests are what the README says', () => {
    expect(manifestDigest('dir-img-cosign-valid')).toBe(
      'sha256:634a8f35b5f16dcf4aaa0822adc0b1964bb786fca12f6831de8ddc45e5986a00',
    );
    expect(manifestDigest('dir-img-cosign-key-rekor-valid')).toBe(
      'sha256:0489474da8ea22426ece86ace6c1c0026ab2fd3cdfbbd62b7e94650266c37d9a',
    );
  });

  it('dir-img-cosign-modified-manifest: a valid signature for another digest is CLAIM_DIGEST_MISMATCH', () => {
    const folder = 'dir-img-cosign-modified-manifest';
    expect(manifestDigest(folder)).toBe(
      'sha256:d9dcafdb480aa7c475e91737b96925e45844213dcb0290b4a90017459121f71f',
    );
    expect(verifyImage(folder, 'signature-1', [cosignPub])).toMatchObject({
      ok: false,
      reason: 'CLAIM_DIGEST_MISMATCH',
      keyId: cosignPub.id,
    });
  });

  it('dir-img-cosign-fulcio-rekor-valid (keyless) verifies with none of the .pub files: without a keyless verifier, KEYLESS_NOT_CONFIGURED', () => {
    expect(verifyImage('dir-img-cosign-fulcio-rekor-valid', 'signature-1', allPubs)).toMatchObject({
      ok: false,
      reason: 'KEYLESS_NOT_CONFIGURED',
    });
  });

  describe('a keyless layer and the keyless verifier (the gate judges certificates; see packages/gate)', () => {
    const folder = 'dir-img-cosign-fulcio-rekor-valid';
    const layer = signatureVector(`${folder}/signature-1`);
    const claimed = parseSimpleSigningPayload(layer.payload);
    if (!claimed.ok) throw new Error(claimed.message);
    const identity = { subjectAlternativeName: 'mitr@redhat.com', issuer: 'https://github.com/login/oauth' };
    const judged = (verifier: KeylessLayerVerifier, digest = manifestDigest(folder), trustedKeys = allPubs) =>
      verifySignatureLayer(layer, {
        digest,
        identity: claimed.payload.dockerReference,
        trustedKeys,
        revokedKeys: [],
        keyless: verifier,
      });

    it('is given the stored payload and the annotations exactly, then the claims are checked', () => {
      const seen: KeylessLayer[] = [];
      const verdict = judged((given) => {
        seen.push(given);
        return { ok: true, identity };
      });
      expect(verdict).toMatchObject({ ok: true, identity });
      expect(verdict).not.toHaveProperty('keyId');
      expect(seen).toEqual([
        {
          payload: layer.payload,
          signature: layer.annotations['dev.cosignproject.cosign/signature'],
          certificate: layer.annotations['dev.sigstore.cosign/certificate'],
          chain: layer.annotations['dev.sigstore.cosign/chain'],
          rekorBundle: layer.annotations['dev.sigstore.cosign/bundle'],
        },
      ]);
      expect(judged(() => ({ ok: true, identity }), `sha256:${'1'.repeat(64)}`)).toMatchObject({
        ok: false,
        reason: 'CLAIM_DIGEST_MISMATCH',
        identity,
      });
    });

    it("passes the verifier's refusal on, with the signer it names", () => {
      expect(
        judged(() => ({ ok: false, reason: 'SIGNER_MISMATCH', message: 'another workflow', identity })),
      ).toEqual({ ok: false, reason: 'SIGNER_MISMATCH', message: 'another workflow', identity });
    });

    it('is not asked when a trusted key verifies the layer: the key decides', () => {
      let asked = false;
      const verdict = judged(
        () => {
          asked = true;
          return { ok: false, reason: 'CERTIFICATE_UNTRUSTED', message: 'not asked' };
        },
        manifestDigest(folder),
        [leafKey(layer)],
      );
      expect(verdict).toMatchObject({ ok: true, keyId: leafKey(layer).id });
      expect(asked).toBe(false);
    });
  });

  it('dir-img-cosign-fulcio-rekor-valid verifies with its certificate key (chain checks are not ours here)', () => {
    const layer = signatureVector('dir-img-cosign-fulcio-rekor-valid/signature-1');
    const leaf = leafKey(layer);
    expect(verifyImage('dir-img-cosign-fulcio-rekor-valid', 'signature-1', [leaf])).toMatchObject({
      ok: true,
    });
  });
});

function leafKey(layer: SignatureLayer): PublicKey {
  const pem = layer.annotations['dev.sigstore.cosign/certificate'];
  if (pem === undefined) throw new Error('no certificate annotation');
  return publicKeyFromKeyObject(new X509Certificate(pem).publicKey);
}

describe('Rekor SETs of the golden vectors', () => {
  const signatureOf = (layer: SignatureLayer): string =>
    layer.annotations['dev.cosignproject.cosign/signature'] ?? '';
  const bundleOf = (layer: SignatureLayer): string => layer.annotations['dev.sigstore.cosign/bundle'] ?? '';

  const standalone = {
    bundle: vectorText('containers-image/rekor-set'),
    payload: vectorBytes('containers-image/rekor-payload'),
    signature: vectorText('containers-image/rekor-sig'),
  };
  const keyRekor = signatureVector('dir-img-cosign-key-rekor-valid/signature-1');
  const fulcioRekor = signatureVector('dir-img-cosign-fulcio-rekor-valid/signature-1');

  it('rekor-set verifies with rekor.pub and matches rekor-payload and rekor-sig', () => {
    const signerKey = keyOfLoggedCertificate(standalone.bundle);
    expect(verifyRekorBundle({ ...standalone, rekorKeys: [rekorPub], signerKey })).toEqual({
      ok: true,
      logId: rekorPub.id,
      logIndex: 8949589,
      integratedTime: 1670870899,
    });
  });

  it('the key-based layer SET verifies with rekor.pub and binds payload, signature and cosign2.pub', () => {
    const check = { bundle: bundleOf(keyRekor), payload: keyRekor.payload, signature: signatureOf(keyRekor) };
    expect(verifyRekorBundle({ ...check, rekorKeys: [cosignPub, rekorPub], signerKey: cosign2Pub })).toEqual({
      ok: true,
      logId: rekorPub.id,
      logIndex: 11608800,
      integratedTime: 1674251859,
    });
    expect(verifyRekorBundle({ ...check, rekorKeys: [rekorPub], signerKey: cosignPub })).toMatchObject({
      ok: false,
      reason: 'ENTRY_MISMATCH',
    });
    const otherPayload = signatureVector('dir-img-cosign-valid/signature-1').payload;
    expect(
      verifyRekorBundle({ ...check, payload: otherPayload, rekorKeys: [rekorPub], signerKey: cosign2Pub }),
    ).toMatchObject({
      ok: false,
      reason: 'ENTRY_MISMATCH',
    });
    const otherSignature = signatureOf(signatureVector('dir-img-cosign-valid/signature-1'));
    expect(
      verifyRekorBundle({
        ...check,
        signature: otherSignature,
        rekorKeys: [rekorPub],
        signerKey: cosign2Pub,
      }),
    ).toMatchObject({ ok: false, reason: 'ENTRY_MISMATCH' });
  });

  it('the keyless layer SET verifies with rekor.pub and names the leaf certificate', () => {
    const check = {
      bundle: bundleOf(fulcioRekor),
      payload: fulcioRekor.payload,
      signature: signatureOf(fulcioRekor),
    };
    expect(
      verifyRekorBundle({ ...check, rekorKeys: [rekorPub], signerKey: leafKey(fulcioRekor) }),
    ).toMatchObject({
      ok: true,
      logId: rekorPub.id,
    });
  });

  it.each([
    ['rekor-set', () => ({ ...standalone, signerKey: keyOfLoggedCertificate(standalone.bundle) })],
    [
      'key-rekor layer',
      () => ({
        bundle: bundleOf(keyRekor),
        payload: keyRekor.payload,
        signature: signatureOf(keyRekor),
        signerKey: cosign2Pub,
      }),
    ],
    [
      'fulcio-rekor layer',
      () => ({
        bundle: bundleOf(fulcioRekor),
        payload: fulcioRekor.payload,
        signature: signatureOf(fulcioRekor),
        signerKey: leafKey(fulcioRekor),
      }),
    ],
  ])('%s fails with any other key as the Rekor key', (_name, check) => {
    for (const other of [cosignPub, cosign2Pub]) {
      // A foreign key with the log ID of rekor.sigstore.dev would be selected, and must not verify the SET.
      const impostor = { ...other, id: rekorPub.id };
      expect(verifyRekorBundle({ ...check(), rekorKeys: [impostor] })).toMatchObject({
        ok: false,
        reason: 'SET_INVALID',
      });
      expect(verifyRekorBundle({ ...check(), rekorKeys: [other] })).toMatchObject({
        ok: false,
        reason: 'REKOR_KEY_UNKNOWN',
      });
    }
  });

  it('a SET over an altered integratedTime fails', () => {
    const bundle = standalone.bundle.replace('"integratedTime":1670870899', '"integratedTime":1670870900');
    const signerKey = keyOfLoggedCertificate(standalone.bundle);
    expect(verifyRekorBundle({ ...standalone, bundle, rekorKeys: [rekorPub], signerKey })).toMatchObject({
      ok: false,
      reason: 'SET_INVALID',
    });
  });

  it('rejects a bundle that is not cosign JSON', () => {
    for (const bundle of ['', '{}', '{"SignedEntryTimestamp":"x","Payload":{}}', `${standalone.bundle}x`]) {
      expect(
        verifyRekorBundle({ ...standalone, bundle, rekorKeys: [rekorPub], signerKey: cosignPub }),
      ).toMatchObject({
        ok: false,
        reason: 'BUNDLE_INVALID',
      });
    }
  });

  it('the entry hash of rekor-set is the sha256 of rekor-payload', () => {
    const body = JSON.parse(
      Buffer.from(
        (JSON.parse(standalone.bundle) as { Payload: { body: string } }).Payload.body,
        'base64',
      ).toString(),
    ) as { spec: { data: { hash: { value: string } } } };
    expect(body.spec.data.hash.value).toBe(createHash('sha256').update(standalone.payload).digest('hex'));
  });
});

/** The rekor-set entry was made keyless; its leaf certificate is only available inside the entry. */
function keyOfLoggedCertificate(bundle: string): PublicKey {
  const body = JSON.parse(
    Buffer.from((JSON.parse(bundle) as { Payload: { body: string } }).Payload.body, 'base64').toString(),
  ) as { spec: { signature: { publicKey: { content: string } } } };
  const pem = Buffer.from(body.spec.signature.publicKey.content, 'base64').toString();
  return publicKeyFromKeyObject(new X509Certificate(pem).publicKey);
}

describe('containers/image golden signatures with trusted transparency logs (trusted-root)', () => {
  const withLogs = (folder: string, trusted: PublicKey, rekorKeys: PublicKey[], require: boolean) => {
    const layer = signatureVector(`${folder}/signature-1`);
    const claimed = parseSimpleSigningPayload(layer.payload);
    if (!claimed.ok) throw new Error(claimed.message);
    return verifySignatureLayer(layer, {
      digest: manifestDigest(folder),
      identity: claimed.payload.dockerReference,
      trustedKeys: [trusted],
      revokedKeys: [],
      transparency: { rekorKeys, require },
    });
  };

  it("cosign sign --key with a Rekor upload: the layer's Rekor bundle verifies with rekor.sigstore.dev's key", () => {
    expect(withLogs('dir-img-cosign-key-rekor-valid', cosign2Pub, [rekorPub], true)).toMatchObject({
      ok: true,
      keyId: cosign2Pub.id,
    });
  });

  it('the same layer against logs that do not include its log: TLOG_INVALID (never a pass)', () => {
    for (const require of [true, false]) {
      expect(withLogs('dir-img-cosign-key-rekor-valid', cosign2Pub, [cosignPub], require)).toMatchObject({
        ok: false,
        reason: 'TLOG_INVALID',
        keyId: cosign2Pub.id,
      });
    }
  });

  it('its Rekor bundle moved onto another signature layer: TLOG_INVALID (the entry is about other content)', () => {
    const layer = signatureVector('dir-img-cosign-valid/signature-1');
    const bundle = signatureVector('dir-img-cosign-key-rekor-valid/signature-1').annotations[
      'dev.sigstore.cosign/bundle'
    ] as string;
    const claimed = parseSimpleSigningPayload(layer.payload);
    if (!claimed.ok) throw new Error(claimed.message);
    const verdict = verifySignatureLayer(
      { ...layer, annotations: { ...layer.annotations, 'dev.sigstore.cosign/bundle': bundle } },
      {
        digest: manifestDigest('dir-img-cosign-valid'),
        identity: claimed.payload.dockerReference,
        trustedKeys: [cosignPub],
        revokedKeys: [],
        transparency: { rekorKeys: [rekorPub], require: true },
      },
    );
    expect(verdict).toMatchObject({ ok: false, reason: 'TLOG_INVALID' });
  });

  it('a layer without a Rekor bundle: TLOG_MISSING when required, verified when not', () => {
    expect(withLogs('dir-img-cosign-valid', cosignPub, [rekorPub], true)).toMatchObject({
      ok: false,
      reason: 'TLOG_MISSING',
    });
    expect(withLogs('dir-img-cosign-valid', cosignPub, [rekorPub], false)).toMatchObject({ ok: true });
  });

  it("a trusted root's Rekor keys are identified by their log ID", async () => {
    const { LoadedTrustedRoot } = await import('@sigil/transparency');
    const root = LoadedTrustedRoot.load(vectorText('sigstore-js/trusted_root.production.json'));
    // rekor.sigstore.dev's P-256 key is the same key as rekor.pub; the Ed25519 Rekor v2 log is left out.
    expect(root.rekorKeys().map(({ id }) => id)).toEqual([rekorPub.id]);
    expect(withLogs('dir-img-cosign-key-rekor-valid', cosign2Pub, root.rekorKeys(), true)).toMatchObject({
      ok: true,
    });
  });
});
