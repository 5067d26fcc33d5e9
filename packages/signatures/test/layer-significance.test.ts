import { describe, expect, it } from '@jest/globals';
import { mostSignificant } from '@sigil/signatures';
import { SIGNATURE_SIGNIFICANCE } from '../src/layer-significance.js';
import { type LayerFailure, type LayerFailureReason } from '../src/layer-verdict.js';

const failure = (reason: LayerFailureReason, message: string = reason): LayerFailure => ({
  ok: false,
  reason,
  message,
});

/** How the verifier picks an image's failure from its layers' (verify.ts). */
const mostSignificantFailure = (failures: readonly LayerFailure[]) =>
  mostSignificant(failures, SIGNATURE_SIGNIFICANCE);

describe('the most significant signature layer failure', () => {
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

  it('places payload problems: edited storage right after a replayed signature, an unobtainable payload just above a non-signature layer', () => {
    expect(SIGNATURE_SIGNIFICANCE).toEqual([
      'CLAIM_DIGEST_MISMATCH',
      'IDENTITY_MISMATCH',
      'PAYLOAD_DIGEST_MISMATCH',
      'KEY_REVOKED',
      'TLOG_INVALID',
      'ANNOTATION_MISMATCH',
      'TLOG_MISSING',
      'SIGNATURE_ENCODING',
      'PAYLOAD_INVALID',
      'SIGNATURE_UNTRUSTED',
      'PAYLOAD_MISSING',
      'PAYLOAD_TOO_LARGE',
      'MEDIA_TYPE',
      'SIGNATURE_MISSING',
    ]);
    const layers = [
      { reason: 'SIGNATURE_UNTRUSTED' },
      { reason: 'PAYLOAD_DIGEST_MISMATCH' },
      { reason: 'KEY_REVOKED' },
    ];
    expect(mostSignificant(layers, SIGNATURE_SIGNIFICANCE)?.reason).toBe('PAYLOAD_DIGEST_MISMATCH');
    expect(
      mostSignificant([{ reason: 'MEDIA_TYPE' }, { reason: 'PAYLOAD_TOO_LARGE' }], SIGNATURE_SIGNIFICANCE)
        ?.reason,
    ).toBe('PAYLOAD_TOO_LARGE');
  });

  it('ranks a reason missing from the order last', () => {
    expect(
      mostSignificant([{ reason: 'SOMETHING_NEW' }, { reason: 'SIGNATURE_MISSING' }], SIGNATURE_SIGNIFICANCE)
        ?.reason,
    ).toBe('SIGNATURE_MISSING');
  });

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
