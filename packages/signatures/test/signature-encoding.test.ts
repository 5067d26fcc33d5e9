import { generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { classifyEcdsaSignature, decodeSignatureAnnotation } from '@sigil/keys';
import { isStrictDerEcdsaSignature } from '../../keys/src/signature-encoding.js';
import { signatureVector } from './containers-image-vector.js';

const hex = (text: string): Uint8Array => new Uint8Array(Buffer.from(text.replace(/\s/g, ''), 'hex'));
const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const data = new TextEncoder().encode('payload');

describe('classifyEcdsaSignature', () => {
  it('recognises the DER signatures cosign made', () => {
    const layer = signatureVector('dir-img-cosign-valid/signature-1');
    const decoded = decodeSignatureAnnotation(layer.annotations['dev.cosignproject.cosign/signature'] ?? '');
    expect(decoded.ok && classifyEcdsaSignature(decoded.signature)).toBe('der');
  });

  it('recognises node DER signatures and P1363 r‖s signatures of the same key', () => {
    for (let i = 0; i < 20; i++) {
      expect(classifyEcdsaSignature(sign('sha256', data, { key: privateKey, dsaEncoding: 'der' }))).toBe(
        'der',
      );
      expect(
        classifyEcdsaSignature(sign('sha256', data, { key: privateKey, dsaEncoding: 'ieee-p1363' })),
      ).toBe('p1363');
    }
  });

  it.each([
    ['minimal DER', '3006 020101 020101', true],
    ['r with a needed leading zero', '3007 02020080 020101', true],
    ['trailing bytes after the sequence', '3006 020101 020101 00', false],
    ['trailing bytes inside the sequence', '3009 020101 020101 020100', false],
    ['a redundant leading zero', '3007 02020001 020101', false],
    ['a negative integer', '3006 020180 020101', false],
    ['a zero-length integer', '3005 0200 020101', false],
    ['a long-form length that fits the short form', '308106 020101 020101', false],
    ['an indefinite length (BER)', '3080 020101 020101 0000', false],
    ['a set instead of a sequence', '3106 020101 020101', false],
    ['a sequence length beyond the end', '3010 020101 020101', false],
    ['one integer only', '3003 020101', false],
    ['nothing', '', false],
  ])('%s → %s', (_name, bytes, valid) => {
    expect(isStrictDerEcdsaSignature(hex(bytes))).toBe(valid);
  });

  it('calls 64 non-DER bytes P1363 and other non-DER bytes invalid', () => {
    expect(classifyEcdsaSignature(new Uint8Array(64).fill(1))).toBe('p1363');
    expect(classifyEcdsaSignature(new Uint8Array(63).fill(1))).toBe('invalid');
  });
});

describe('decodeSignatureAnnotation', () => {
  it.each([
    ['MEUCIQ==', true],
    ['', false],
    ['MEUCIQ', false],
    ['MEUCIQ==\n', false],
    [' MEUCIQ==', false],
    ['MEUC-Q==', false],
    ['MEUC_Q==', false],
    ['MEUCIR==', false],
    ['MEUCIQ===', false],
  ])('%j → %s', (value, ok) => {
    expect(decodeSignatureAnnotation(value).ok).toBe(ok);
  });
});
