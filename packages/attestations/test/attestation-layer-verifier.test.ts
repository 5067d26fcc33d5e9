import { X509Certificate, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { DSSE_ENVELOPE_MEDIA_TYPE, dsseEnvelopeBytes } from '../src/dsse.js';
import { IN_TOTO_PAYLOAD_TYPE } from '../src/in-toto-statement.js';
import { inTotoStatement, preAuthEncoding } from './support/whole-buffers.js';
import {
  verifyAttestationLayer,
  type AttestationLayer,
  type AttestationLayerPolicy,
} from '../src/attestation-layer-verifier.js';
import { SigningKey, publicKeyFromKeyObject } from '@sigil/keys';
import { vectorText } from '@sigil/testing';

const DIGEST = 'sha256:0cd1711fb791f3e00b8aa5923e50e47d7ec7dedbf03faa32347cb293b98ae874';
const OTHER_DIGEST = 'sha256:634a8f35b5f16dcf4aaa0822adc0b1964bb786fca12f6831de8ddc45e5986a00';
const SPDX = 'https://spdx.dev/Document';
const SLSA = 'https://slsa.dev/provenance/v1';
const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const b64 = (data: Uint8Array): string => Buffer.from(data).toString('base64');
const newKey = (): SigningKey =>
  new SigningKey(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey);
const signer = newKey();
const stranger = newKey();

const statementFor = (predicateType: string, digest = DIGEST, predicate = '{"spdxVersion":"SPDX-2.3"}') =>
  inTotoStatement({
    predicateType,
    subjects: [{ name: 'r.example/app', digest }],
    predicate: bytes(predicate),
  });

function envelope(
  payload: Uint8Array,
  key: SigningKey = signer,
  payloadType = IN_TOTO_PAYLOAD_TYPE,
): Uint8Array {
  return dsseEnvelopeBytes(payloadType, [payload], [key.sign(preAuthEncoding(payloadType, payload))]);
}

function layer(
  envelopeBytes: Uint8Array,
  label: string | null = SPDX,
  mediaType = DSSE_ENVELOPE_MEDIA_TYPE,
): AttestationLayer {
  return {
    mediaType,
    envelope: envelopeBytes,
    annotations: {
      'dev.cosignproject.cosign/signature': '',
      ...(label === null ? {} : { predicateType: label }),
    },
  };
}

/** Edits the parsed envelope JSON and writes it back (what someone with registry write access can do). */
function edited(envelopeBytes: Uint8Array, edit: (json: Record<string, unknown>) => void): Uint8Array {
  const json = JSON.parse(Buffer.from(envelopeBytes).toString('utf8')) as Record<string, unknown>;
  edit(json);
  return bytes(JSON.stringify(json));
}

const policy: AttestationLayerPolicy = {
  digest: DIGEST,
  predicateType: SPDX,
  trustedKeys: [signer.publicKey],
  revokedKeys: [],
};

describe('verifyAttestationLayer', () => {
  it('accepts a DSSE-signed v0.1 statement of the image with the required, matching predicate type', () => {
    const verdict = verifyAttestationLayer(layer(envelope(statementFor(SPDX))), policy);
    expect(verdict).toMatchObject({
      ok: true,
      keyId: signer.publicKey.id,
      ofRequiredType: true,
      statement: { predicateType: SPDX, predicate: { spdxVersion: 'SPDX-2.3' } },
    });
  });

  it('accepts a v1 statement and a cosign v3 envelope layout, with any trusted key of several', () => {
    const statement = inTotoStatement({
      version: 'v1',
      predicateType: SPDX,
      subjects: [
        { name: 'r/a', digest: OTHER_DIGEST },
        { name: 'r/b', digest: DIGEST },
      ],
      predicate: bytes('{}'),
    });
    const v3 = bytes(
      JSON.stringify({
        payload: b64(statement),
        payloadType: IN_TOTO_PAYLOAD_TYPE,
        signatures: [{ sig: b64(signer.sign(preAuthEncoding(IN_TOTO_PAYLOAD_TYPE, statement))) }],
      }),
    );
    expect(
      verifyAttestationLayer(layer(v3), { ...policy, trustedKeys: [stranger.publicKey, signer.publicKey] }),
    ).toMatchObject({ ok: true, keyId: signer.publicKey.id });
  });

  it('verifies the DSSE signature cosign v3 made for `cosign attest` (golden bundle, its certificate key)', () => {
    const bundle = JSON.parse(vectorText('cosign/oci-attestation.sigstore.json')) as {
      dsseEnvelope: unknown;
      verificationMaterial: { certificate: { rawBytes: string } };
    };
    const key = publicKeyFromKeyObject(
      new X509Certificate(Buffer.from(bundle.verificationMaterial.certificate.rawBytes, 'base64')).publicKey,
    );
    const custom = 'https://cosign.sigstore.dev/attestation/v1';
    const verdict = verifyAttestationLayer(layer(bytes(JSON.stringify(bundle.dsseEnvelope)), custom), {
      digest: 'sha256:732112270d7e59418a8c080b134b24cabd67d250d0d0147a97ed95ba5c280aa4',
      predicateType: custom,
      trustedKeys: [key],
      revokedKeys: [],
    });
    expect(verdict).toMatchObject({
      ok: true,
      statement: { predicate: { Timestamp: '2025-02-28T19:18:11Z' } },
    });
  });

  it('hands the predicate to validatePredicate only for the required type, and reports its message', () => {
    const seen: unknown[] = [];
    const validatePredicate = (predicate: unknown) => {
      seen.push(predicate);
      return { ok: false as const, message: 'spdxVersion SPDX-2.3 is not accepted here' };
    };
    expect(
      verifyAttestationLayer(layer(envelope(statementFor(SLSA)), SLSA), { ...policy, validatePredicate }),
    ).toMatchObject({
      ok: true,
      ofRequiredType: false,
    });
    expect(seen).toEqual([]);
    expect(
      verifyAttestationLayer(layer(envelope(statementFor(SPDX))), { ...policy, validatePredicate }),
    ).toMatchObject({
      ok: false,
      reason: 'PREDICATE_INVALID',
      message: 'the predicate is not valid: spdxVersion SPDX-2.3 is not accepted here',
      keyId: signer.publicKey.id,
    });
    expect(seen).toEqual([{ spdxVersion: 'SPDX-2.3' }]);
  });

  const good = envelope(statementFor(SPDX));
  const p1363 = b64(new Uint8Array(64).fill(1));
  it.each<[string, string, AttestationLayer, AttestationLayerPolicy, RegExp]>([
    [
      'ENVELOPE_INVALID',
      'a simple-signing layer in .att',
      layer(good, SPDX, 'application/vnd.dev.cosign.simplesigning.v1+json'),
      policy,
      /media type/,
    ],
    [
      'ENVELOPE_INVALID',
      'an envelope that is not JSON',
      layer(good.subarray(0, 40)),
      policy,
      /not valid JSON/,
    ],
    [
      'ENVELOPE_INVALID',
      'an envelope with a duplicate payload',
      layer(bytes(`{"payload":"e30=",${Buffer.from(good).toString('utf8').slice(1)}`)),
      policy,
      /Duplicate key "payload"/,
    ],
    [
      'SIGNATURE_ENCODING',
      'a signature that is not base64',
      layer(edited(good, (j) => (j['signatures'] = [{ keyid: '', sig: 'not base64!' }]))),
      policy,
      /not standard padded base64/,
    ],
    [
      'SIGNATURE_ENCODING',
      'a P1363 r‖s signature',
      layer(edited(good, (j) => (j['signatures'] = [{ sig: p1363 }]))),
      policy,
      /P1363 signature/,
    ],
    [
      'KEY_REVOKED',
      'a signature by a revoked key that is also trusted',
      layer(good),
      { ...policy, revokedKeys: [signer.publicKey] },
      /revoked key/,
    ],
    [
      'ATTESTATION_UNTRUSTED',
      'an attestation by an untrusted key',
      layer(envelope(statementFor(SPDX), stranger)),
      policy,
      /does not verify with any of the 1 trusted key/,
    ],
    [
      'ATTESTATION_UNTRUSTED',
      'an edited DSSE payload',
      layer(
        edited(good, (j) => (j['payload'] = b64(statementFor(SPDX, DIGEST, '{"spdxVersion":"SPDX-2.2"}')))),
      ),
      policy,
      /does not verify/,
    ],
    [
      'ATTESTATION_UNTRUSTED',
      'a changed payload type',
      layer(edited(good, (j) => (j['payloadType'] = 'application/json'))),
      policy,
      /payload type is "application\/json"/,
    ],
    [
      'PAYLOAD_TYPE_INVALID',
      'a trusted signature over another payload type',
      layer(envelope(statementFor(SPDX), signer, 'application/vnd.cncf.notary.payload.v1+json')),
      policy,
      /not application\/vnd.in-toto\+json/,
    ],
    [
      'STATEMENT_INVALID',
      'a trusted signature over a non-statement',
      layer(envelope(bytes('{"critical":{}}'))),
      policy,
      /_type is missing/,
    ],
    [
      'STATEMENT_INVALID',
      'a trusted statement with two predicateType keys',
      layer(
        envelope(
          bytes(
            `{"_type":"https://in-toto.io/Statement/v0.1","predicateType":"${SPDX}","predicateType":"${SLSA}","subject":[]}`,
          ),
        ),
      ),
      policy,
      /Duplicate key/,
    ],
    [
      'SUBJECT_MISMATCH',
      'a statement of another image',
      layer(envelope(statementFor(SPDX, OTHER_DIGEST))),
      policy,
      /no subject of the statement has sha256 0cd1711f/,
    ],
    [
      'PREDICATE_TYPE_MISMATCH',
      'an SPDX statement relabelled as SLSA in the annotation',
      layer(good, SLSA),
      { ...policy, predicateType: SLSA },
      /annotation is "https:\/\/slsa.dev\/provenance\/v1" but the signed statement's predicateType is "https:\/\/spdx.dev\/Document"/,
    ],
    [
      'PREDICATE_TYPE_MISMATCH',
      'a SLSA statement stored under the SPDX label',
      layer(envelope(statementFor(SLSA)), SPDX),
      policy,
      /relabelled/,
    ],
    [
      'PREDICATE_TYPE_MISMATCH',
      'a layer without the predicateType annotation',
      layer(good, null),
      policy,
      /annotation is missing/,
    ],
  ])('%s: %s', (reason, _, attestationLayer, layerPolicy, message) => {
    const verdict = verifyAttestationLayer(attestationLayer, layerPolicy);
    expect(verdict).toMatchObject({ ok: false, reason });
    if (!verdict.ok) expect(verdict.message).toMatch(message);
  });

  it('records the signer and the statement type once they are known', () => {
    expect(verifyAttestationLayer(layer(good, SLSA), { ...policy, predicateType: SLSA })).toMatchObject({
      keyId: signer.publicKey.id,
      statementPredicateType: SPDX,
    });
    expect(verifyAttestationLayer(layer(good), { ...policy, revokedKeys: [signer.publicKey] })).toMatchObject(
      {
        keyId: signer.publicKey.id,
      },
    );
  });

  it('refuses a layer with two signatures when one is by a revoked key, whatever the order', () => {
    const statement = statementFor(SPDX);
    const pae = preAuthEncoding(IN_TOTO_PAYLOAD_TYPE, statement);
    const both = dsseEnvelopeBytes(IN_TOTO_PAYLOAD_TYPE, [statement], [signer.sign(pae), stranger.sign(pae)]);
    const trustedBoth = { ...policy, trustedKeys: [signer.publicKey, stranger.publicKey] };
    expect(verifyAttestationLayer(layer(both), trustedBoth)).toMatchObject({ ok: true });
    expect(
      verifyAttestationLayer(layer(both), { ...trustedBoth, revokedKeys: [stranger.publicKey] }),
    ).toMatchObject({
      ok: false,
      reason: 'KEY_REVOKED',
      keyId: stranger.publicKey.id,
    });
  });
});
