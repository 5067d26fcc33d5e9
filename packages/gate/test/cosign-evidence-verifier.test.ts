import { describe, expect, it } from '@jest/globals';
import type { AttestationVerdict } from '@sigil/attestations';
import type { Registry } from '@sigil/oci';
import type { SignatureVerdict } from '@sigil/signatures';
import { cosignEvidenceVerifier, type KeyVerifier } from '../src/cosign-evidence-verifier.js';
import { type EvidenceTarget } from '../src/evidence-verifier.js';

const digest = `sha256:${'a'.repeat(64)}`;
const target: EvidenceTarget = {
  image: `registry.example/team/app@${digest}`,
  repo: { registry: 'registry.example', repository: 'team/app' },
  digest,
};
/** The cosign verifier reads through its engines, never through the gate's registry. */
const registry = {} as Registry;
const SPDX = 'https://spdx.dev/Document';

function signatureVerdict(keyId: string, reason?: SignatureVerdict['reason']): SignatureVerdict {
  return {
    image: target.image,
    digest,
    signatureRef: `registry.example/team/app:sha256-${'a'.repeat(64)}.sig`,
    verified: reason === undefined,
    ...(reason === undefined ? {} : { reason }),
    message: reason === undefined ? `verified by ${keyId}` : `${reason} for ${keyId}`,
    layers: [],
    acceptedKeyIds: reason === undefined ? [keyId] : [],
    revokedSignatures: [],
  };
}

function attestationVerdict(keyId: string, predicate: unknown): AttestationVerdict {
  return {
    image: target.image,
    digest,
    attestationRef: `registry.example/team/app:sha256-${'a'.repeat(64)}.att`,
    predicateType: SPDX,
    verified: true,
    message: `verified by ${keyId}`,
    layers: [],
    acceptedKeyIds: [keyId],
    revokedSignatures: [],
    statement: { predicateType: SPDX, predicate },
  };
}

/** An engine for one key that answers with `verdict` and records what it was asked. */
function engine(
  keyId: string,
  reason: SignatureVerdict['reason'] | undefined,
  asked: string[],
  predicate: unknown = { spdxVersion: 'SPDX-2.3' },
): KeyVerifier {
  return {
    verifySignatures: async (_target, options) => {
      asked.push(`${keyId}:${JSON.stringify(options)}`);
      return signatureVerdict(keyId, reason);
    },
    verifyAttestations: async (_target, options) => {
      asked.push(`${keyId}:${options.predicateType}`);
      return attestationVerdict(keyId, predicate);
    },
  };
}

describe('cosignEvidenceVerifier', () => {
  it('tries key after key until one verifies (rotation), passing annotations only when there are some', async () => {
    const asked: string[] = [];
    const verifier = cosignEvidenceVerifier([
      engine('old', 'SIGNATURE_UNTRUSTED', asked),
      engine('new', undefined, asked),
      engine('unused', undefined, asked),
    ]);
    const verdict = await verifier.verifySignatures(registry, target, { trustedKeys: [], annotations: {} });
    expect(verdict).toMatchObject({ verified: true, acceptedKeyIds: ['new'] });
    expect(asked).toEqual(['old:{}', 'new:{}']);
    asked.length = 0;
    await verifier.verifySignatures(registry, target, { trustedKeys: [], annotations: { env: 'prod' } });
    expect(asked).toEqual(['old:{"annotations":{"env":"prod"}}', 'new:{"annotations":{"env":"prod"}}']);
  });

  it('stops at a failure every key would see alike, and reports the most telling failure with how many keys were tried', async () => {
    const asked: string[] = [];
    const absent = cosignEvidenceVerifier([
      engine('a', 'NO_SIGNATURES', asked),
      engine('b', undefined, asked),
    ]);
    expect(await absent.verifySignatures(registry, target, { trustedKeys: [] })).toMatchObject({
      verified: false,
      reason: 'NO_SIGNATURES',
      message: 'NO_SIGNATURES for a',
    });
    expect(asked).toEqual(['a:{}']);

    const telling = cosignEvidenceVerifier([
      engine('a', 'SIGNATURE_UNTRUSTED', asked),
      engine('b', 'IDENTITY_MISMATCH', asked),
    ]);
    expect(await telling.verifySignatures(registry, target, { trustedKeys: [] })).toMatchObject({
      reason: 'IDENTITY_MISMATCH',
      message: 'no trusted key verified (2 tried): IDENTITY_MISMATCH for b',
    });
    const untrusted = cosignEvidenceVerifier([
      engine('a', 'SIGNATURE_UNTRUSTED', asked),
      engine('b', 'SIGNATURE_UNTRUSTED', asked),
    ]);
    expect(await untrusted.verifySignatures(registry, target, { trustedKeys: [] })).toMatchObject({
      reason: 'SIGNATURE_UNTRUSTED',
      message: 'no trusted key verified (2 tried): SIGNATURE_UNTRUSTED for a',
    });
  });

  it("holds the statement cosign verified to the gate's predicate check: an invalid predicate fails PREDICATE_INVALID", async () => {
    const asked: string[] = [];
    const verifier = cosignEvidenceVerifier([engine('a', undefined, asked, 'not an SBOM')]);
    const policy = {
      trustedKeys: [],
      predicateType: SPDX,
      validatePredicate: (predicate: unknown) =>
        typeof predicate === 'object'
          ? { ok: true as const }
          : { ok: false as const, message: 'not an object' },
    };
    const verdict = await verifier.verifyAttestations(registry, target, policy);
    expect(asked).toEqual([`a:${SPDX}`]);
    expect(verdict).toMatchObject({
      verified: false,
      reason: 'PREDICATE_INVALID',
      acceptedKeyIds: [],
      message: `cosign verified an attestation of ${target.image} as ${SPDX}, but its predicate is not valid: not an object`,
    });
    expect(verdict.statement).toBeUndefined();
    const valid = cosignEvidenceVerifier([engine('a', undefined, asked)]);
    expect(await valid.verifyAttestations(registry, target, policy)).toMatchObject({
      verified: true,
      acceptedKeyIds: ['a'],
    });
  });

  it('needs at least one engine (one trusted key)', () => {
    expect(() => cosignEvidenceVerifier([])).toThrow('no engine');
  });
});
