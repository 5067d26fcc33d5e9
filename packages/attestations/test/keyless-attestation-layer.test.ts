import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { SigningKey } from '@sigil/keys';
import { DSSE_ENVELOPE_MEDIA_TYPE, dsseEnvelopeBytes } from '../src/dsse.js';
import { IN_TOTO_PAYLOAD_TYPE } from '../src/in-toto-statement.js';
import {
  verifyAttestationLayer,
  type AttestationLayer,
  type AttestationLayerPolicy,
  type KeylessAttestationLayer,
  type KeylessAttestationVerdict,
} from '../src/attestation-layer-verifier.js';
import { inTotoStatement, preAuthEncoding } from './support/whole-buffers.js';

/**
 * How an `.att` layer signed with a certificate reaches the keyless verifier (the gate's; here a stand-in that
 * records what it was given): only when no trusted key verifies it, with the envelope and cosign's annotations,
 * and how its verdict becomes the layer's. The certificate, log entry and signer checks themselves are the gate's
 * (packages/gate/test/keyless-att.int.test.ts).
 */
const DIGEST = 'sha256:0cd1711fb791f3e00b8aa5923e50e47d7ec7dedbf03faa32347cb293b98ae874';
const OTHER_DIGEST = 'sha256:634a8f35b5f16dcf4aaa0822adc0b1964bb786fca12f6831de8ddc45e5986a00';
const SPDX = 'https://spdx.dev/Document';
const IDENTITY = {
  subjectAlternativeName: 'https://github.com/acme/app/.github/workflows/release.yml@refs/heads/main',
  issuer: 'https://token.actions.githubusercontent.com',
};
const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const newKey = (): SigningKey =>
  new SigningKey(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey);
const trusted = newKey();
/** Stands for the ephemeral key of the layer's certificate. */
const ephemeral = newKey();

const statementFor = (digest = DIGEST) =>
  inTotoStatement({
    predicateType: SPDX,
    subjects: [{ name: 'r.example/app', digest }],
    predicate: bytes('{"spdxVersion":"SPDX-2.3"}'),
  });

function envelope(payload: Uint8Array, keys: readonly SigningKey[] = [ephemeral]): Uint8Array {
  return dsseEnvelopeBytes(
    IN_TOTO_PAYLOAD_TYPE,
    [payload],
    keys.map((key) => key.sign(preAuthEncoding(IN_TOTO_PAYLOAD_TYPE, payload))),
  );
}

/** A keyless layer's annotations as cosign writes them (the PEMs need not parse: the verifier is a stand-in). */
function keylessLayer(envelopeBytes: Uint8Array, extra: Record<string, string> = {}): AttestationLayer {
  return {
    mediaType: DSSE_ENVELOPE_MEDIA_TYPE,
    envelope: envelopeBytes,
    annotations: {
      'dev.cosignproject.cosign/signature': '',
      predicateType: SPDX,
      'dev.sigstore.cosign/certificate': 'LEAF PEM',
      'dev.sigstore.cosign/chain': 'CHAIN PEM',
      'dev.sigstore.cosign/bundle': '{"rekor":"bundle"}',
      ...extra,
    },
  };
}

function recordingVerifier(verdict: KeylessAttestationVerdict): {
  verify: (layer: KeylessAttestationLayer) => KeylessAttestationVerdict;
  seen: KeylessAttestationLayer[];
} {
  const seen: KeylessAttestationLayer[] = [];
  return {
    seen,
    verify: (layer) => {
      seen.push(layer);
      return verdict;
    },
  };
}

const policy = (extra: Partial<AttestationLayerPolicy> = {}): AttestationLayerPolicy => ({
  digest: DIGEST,
  predicateType: SPDX,
  trustedKeys: [trusted.publicKey],
  revokedKeys: [],
  ...extra,
});

describe('verifyAttestationLayer: layers signed with a certificate', () => {
  it('hands the verifier the envelope (payload as signed, its signature) and the annotations; accepts its signer', () => {
    const statement = statementFor();
    const signed = envelope(statement);
    const keyless = recordingVerifier({ ok: true, identity: IDENTITY });
    const verdict = verifyAttestationLayer(keylessLayer(signed), policy({ keyless: keyless.verify }));
    expect(verdict).toMatchObject({ ok: true, identity: IDENTITY, ofRequiredType: true });
    expect(verdict.keyId).toBeUndefined();
    const sig = (JSON.parse(Buffer.from(signed).toString('utf8')) as { signatures: { sig: string }[] })
      .signatures[0]?.sig;
    expect(keyless.seen).toEqual([
      {
        envelope: { payloadType: IN_TOTO_PAYLOAD_TYPE, payload: statement, signature: sig },
        certificate: 'LEAF PEM',
        chain: 'CHAIN PEM',
        rekorBundle: '{"rekor":"bundle"}',
      },
    ]);
  });

  it('without a keyless verifier: KEYLESS_NOT_CONFIGURED; without a certificate: ATTESTATION_UNTRUSTED', () => {
    const signed = envelope(statementFor());
    expect(verifyAttestationLayer(keylessLayer(signed), policy())).toMatchObject({
      ok: false,
      reason: 'KEYLESS_NOT_CONFIGURED',
    });
    const keyless = recordingVerifier({ ok: true, identity: IDENTITY });
    const { 'dev.sigstore.cosign/certificate': _certificate, ...annotations } =
      keylessLayer(signed).annotations;
    expect(
      verifyAttestationLayer(
        { mediaType: DSSE_ENVELOPE_MEDIA_TYPE, envelope: signed, annotations },
        policy({ keyless: keyless.verify }),
      ),
    ).toMatchObject({ ok: false, reason: 'ATTESTATION_UNTRUSTED' });
    expect(keyless.seen).toEqual([]);
  });

  it('a trusted key decides first: the verifier is not asked about a layer the key verifies', () => {
    const keyless = recordingVerifier({ ok: false, reason: 'CERTIFICATE_UNTRUSTED', message: 'no' });
    const verdict = verifyAttestationLayer(
      keylessLayer(envelope(statementFor(), [trusted])),
      policy({ keyless: keyless.verify }),
    );
    expect(verdict).toMatchObject({ ok: true, keyId: trusted.publicKey.id });
    expect(keyless.seen).toEqual([]);
  });

  it("the verifier's refusal is the layer's reason, with the signer once known", () => {
    const refused = recordingVerifier({
      ok: false,
      reason: 'SIGNER_MISMATCH',
      message: 'another workflow',
      identity: IDENTITY,
    });
    expect(
      verifyAttestationLayer(keylessLayer(envelope(statementFor())), policy({ keyless: refused.verify })),
    ).toEqual({ ok: false, reason: 'SIGNER_MISMATCH', message: 'another workflow', identity: IDENTITY });
    const unlogged = recordingVerifier({ ok: false, reason: 'TLOG_MISSING', message: 'no entry' });
    expect(
      verifyAttestationLayer(keylessLayer(envelope(statementFor())), policy({ keyless: unlogged.verify })),
    ).toEqual({ ok: false, reason: 'TLOG_MISSING', message: 'no entry' });
  });

  it('the statement is checked after the signer, naming it: another digest is SUBJECT_MISMATCH', () => {
    const keyless = recordingVerifier({ ok: true, identity: IDENTITY });
    expect(
      verifyAttestationLayer(
        keylessLayer(envelope(statementFor(OTHER_DIGEST))),
        policy({ keyless: keyless.verify }),
      ),
    ).toMatchObject({
      ok: false,
      reason: 'SUBJECT_MISMATCH',
      identity: IDENTITY,
      statementPredicateType: SPDX,
    });
  });

  it('an envelope with two signatures is not a keyless layer cosign writes: ATTESTATION_UNTRUSTED, unasked', () => {
    const keyless = recordingVerifier({ ok: true, identity: IDENTITY });
    const verdict = verifyAttestationLayer(
      keylessLayer(envelope(statementFor(), [ephemeral, newKey()])),
      policy({ keyless: keyless.verify }),
    );
    expect(verdict).toMatchObject({ ok: false, reason: 'ATTESTATION_UNTRUSTED' });
    expect(keyless.seen).toEqual([]);
  });
});
