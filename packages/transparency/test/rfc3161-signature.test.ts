import { describe, expect, it } from '@jest/globals';
import { generateKeyPairSync, X509Certificate } from 'node:crypto';
import { ASN1Obj, RFC3161Timestamp } from '@sigstore/core';
import { vectorText } from '@sigil/testing';
import { encoded, verifyTimestampSignature } from '../src/rfc3161-signature.js';

/**
 * sigil's RFC 3161 signature check against sigstore-js's `RFC3161Timestamp.verify`, on the TSA timestamp of the
 * sigstore-conformance in-toto bundle (and its trust root's TSA): the same answer for the real timestamp and for
 * every one-byte change of it that still reads, with the timestamp's own bytes where sigstore-js re-encodes.
 */
const folder = 'sigstore-conformance/intoto-with-custom-trust-root';
const bundle = JSON.parse(vectorText(`${folder}/bundle.sigstore.json`)) as {
  dsseEnvelope: { signatures: { sig: string }[] };
  verificationMaterial: { timestampVerificationData: { rfc3161Timestamps: { signedTimestamp: string }[] } };
};
const root = JSON.parse(vectorText(`${folder}/trusted_root.json`)) as {
  timestampAuthorities: { certChain: { certificates: { rawBytes: string }[] } }[];
};
const der = Buffer.from(
  bundle.verificationMaterial.timestampVerificationData.rfc3161Timestamps[0]?.signedTimestamp ?? '',
  'base64',
);
const signature = Buffer.from(bundle.dsseEnvelope.signatures[0]?.sig ?? '', 'base64');
const tsaKey = new X509Certificate(
  Buffer.from(root.timestampAuthorities[0]?.certChain.certificates[0]?.rawBytes ?? '', 'base64'),
).publicKey;
// The mock TSA's chain shares one key: another authority is a key of its own.
const otherKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey;

function outcome(check: () => void): string {
  try {
    check();
    return 'verified';
  } catch {
    return 'refused';
  }
}

function elements(element: ASN1Obj): ASN1Obj[] {
  return [element, ...element.subs.flatMap(elements)];
}

describe('verifyTimestampSignature', () => {
  it("reads every element's own bytes as sigstore-js re-encodes them", () => {
    const all = elements(RFC3161Timestamp.parse(der).root);
    expect(all.length).toBeGreaterThan(50);
    for (const element of all) expect(encoded(element).equals(element.toDER())).toBe(true);
    expect(encoded(RFC3161Timestamp.parse(der).root).equals(der)).toBe(true);
  });

  it('verifies the timestamp of the signature with the authority key, as sigstore-js does', () => {
    const timestamp = RFC3161Timestamp.parse(der);
    expect(outcome(() => timestamp.verify(signature, tsaKey))).toBe('verified');
    expect(outcome(() => verifyTimestampSignature(timestamp, signature, tsaKey))).toBe('verified');
  });

  it('refuses another signature, another key and a token without signed attributes', () => {
    const timestamp = RFC3161Timestamp.parse(der);
    const another = Buffer.from(signature);
    another[10] = (another[10] ?? 0) ^ 1;
    expect(() => verifyTimestampSignature(timestamp, another, tsaKey)).toThrow('message imprint');
    expect(() => verifyTimestampSignature(timestamp, signature, otherKey)).toThrow('does not verify');
    const noToken = new RFC3161Timestamp(
      new ASN1Obj(timestamp.root.tag, timestamp.root.value, [timestamp.root.subs[0] as ASN1Obj]),
    );
    expect(outcome(() => verifyTimestampSignature(noToken, signature, tsaKey))).toBe('refused');
  });

  it('agrees with sigstore-js on every one-byte change of the timestamp that still reads', () => {
    let read = 0;
    const disagreements: string[] = [];
    for (let offset = 0; offset < der.length; offset++) {
      for (const flip of [0x01, 0x80]) {
        const changed = Buffer.from(der);
        changed[offset] = (changed[offset] ?? 0) ^ flip;
        let timestamp: RFC3161Timestamp;
        try {
          timestamp = RFC3161Timestamp.parse(changed);
        } catch {
          continue;
        }
        read++;
        const theirs = outcome(() => timestamp.verify(signature, tsaKey));
        const ours = outcome(() => verifyTimestampSignature(timestamp, signature, tsaKey));
        if (theirs !== ours)
          disagreements.push(`offset ${offset} ^${flip}: sigstore-js ${theirs}, sigil ${ours}`);
      }
    }
    expect(read).toBeGreaterThan(der.length);
    expect(disagreements).toEqual([]);
  });
});
