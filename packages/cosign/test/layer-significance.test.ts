import { describe, expect, it } from '@jest/globals';
import {
  mostSignificantFailure,
  summarizeLayerVerdicts,
  type LayerFailure,
  type LayerFailureReason,
  type LayerVerdict,
} from '@sigil/cosign';

const failure = (reason: LayerFailureReason, message: string = reason): LayerFailure => ({
  ok: false,
  reason,
  message,
});
const success: LayerVerdict = {
  ok: true,
  keyId: 'k',
  payload: {
    dockerReference: 'r/x',
    dockerManifestDigest: `sha256:${'0'.repeat(64)}`,
    optional: null,
    annotations: {},
  },
};

describe('mostSignificantFailure', () => {
  const order: LayerFailureReason[] = [
    'CLAIM_DIGEST_MISMATCH',
    'IDENTITY_MISMATCH',
    'KEY_REVOKED',
    'ANNOTATION_MISMATCH',
    'SIGNATURE_ENCODING',
    'PAYLOAD_INVALID',
    'SIGNATURE_UNTRUSTED',
    'MEDIA_TYPE',
    'SIGNATURE_MISSING',
  ];

  it.each(order.slice(0, -1).map((reason, index) => [reason, order.slice(index + 1)] as const))(
    '%s outranks every less significant reason, in any layer order',
    (reason, weaker) => {
      const layers = [...weaker.map((r) => failure(r)), failure(reason)];
      expect(mostSignificantFailure(layers)?.reason).toBe(reason);
      expect(mostSignificantFailure([...layers].reverse())?.reason).toBe(reason);
    },
  );

  it('reports the earliest layer among equals, and nothing for no failures', () => {
    expect(
      mostSignificantFailure([
        failure('SIGNATURE_UNTRUSTED', 'first'),
        failure('SIGNATURE_UNTRUSTED', 'second'),
      ])?.message,
    ).toBe('first');
    expect(mostSignificantFailure([])).toBeUndefined();
  });
});

describe('summarizeLayerVerdicts', () => {
  it('passes the image when any layer verified, keeping the failures (e.g. revoked keys) for the report', () => {
    const outcome = summarizeLayerVerdicts([failure('KEY_REVOKED'), success]);
    expect(outcome).toEqual({ ok: true, accepted: [success], failures: [failure('KEY_REVOKED')] });
  });

  it('fails the image with the most significant reason when no layer verified', () => {
    const outcome = summarizeLayerVerdicts([
      failure('SIGNATURE_UNTRUSTED'),
      failure('CLAIM_DIGEST_MISMATCH'),
    ]);
    expect(outcome).toMatchObject({ ok: false, failure: { reason: 'CLAIM_DIGEST_MISMATCH' } });
  });

  it('has no failure to name when there are no layers', () => {
    expect(summarizeLayerVerdicts([])).toEqual({ ok: false, failure: undefined, failures: [] });
  });
});
