import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { SigilError } from '@sigil/core';
import { parsePublicKey, parsePublicKeys, verifyWithPublicKey } from '@sigil/keys';
import { vectorText } from '@sigil/testing';

function thrown(action: () => unknown): SigilError {
  try {
    action();
  } catch (error) {
    if (error instanceof SigilError) return error;
    throw error;
  }
  throw new Error('expected a SigilError');
}

describe('parsePublicKey', () => {
  it('gives rekor.pub the log ID of rekor.sigstore.dev as its id', () => {
    const key = parsePublicKey(vectorText('containers-image/rekor.pub'));
    expect(key.id).toBe('c0d23d6ad406973f9559f3ba2d1ca01f84147d8ffc5b8445c224f98b9591801d');
    expect(key.algorithm).toBe('ecdsa-p256-sha256');
  });

  it('gives the conformance key.pub the hint its bundle carries', () => {
    const key = parsePublicKey(vectorText('sigstore-conformance/managed-key-happy-path/key.pub'));
    expect(key.hint).toBe('TLMsSDfG3ajPsWge+z/vX5T/zluXnmvbkTkwLIV68Tk=');
  });

  it('normalises the PEM: CRLF line ends, indentation and line width do not change the key', () => {
    const pem = vectorText('containers-image/cosign.pub');
    const body = pem
      .split('\n')
      .filter((l) => l !== '' && !l.startsWith('-----'))
      .join('');
    const messy = `\r\n  -----BEGIN PUBLIC KEY-----\r\n${body.match(/.{1,20}/g)?.join('\r\n')}\r\n-----END PUBLIC KEY-----  \r\n`;
    expect(parsePublicKey(messy.replace('  -----BEGIN', '-----BEGIN'))).toMatchObject({
      pem,
      id: parsePublicKey(pem).id,
    });
  });

  it('reads an "RSA PUBLIC KEY" (PKCS#1) block and gives it the SPKI id', () => {
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pkcs1 = publicKey.export({ type: 'pkcs1', format: 'pem' });
    const key = parsePublicKey(String(pkcs1));
    expect(key.algorithm).toBe('rsa-pkcs1v15-sha256');
    expect(key.id).toBe(
      createHash('sha256')
        .update(publicKey.export({ type: 'spki', format: 'der' }))
        .digest('hex'),
    );
    expect(key.pem).toBe(publicKey.export({ type: 'spki', format: 'pem' }));
  });

  it('rejects the corrupt conformance key.pub as KEY_INVALID', () => {
    const error = thrown(() =>
      parsePublicKey(vectorText('sigstore-conformance/managed-key-wrong-key_fail/key.pub')),
    );
    expect(error.code).toBe('KEY_INVALID');
  });

  it.each([
    ['not PEM', 'hello', 'not a PEM public key'],
    [
      'a certificate',
      vectorText('containers-image/fulcio_v1.crt.pem'),
      'unsupported PEM block "CERTIFICATE"',
    ],
    ['a private key', vectorText('sigstore-rs/keys/ecdsa_private.key'), 'private key'],
    ['an unterminated block', '-----BEGIN PUBLIC KEY-----\nMFkw\n', 'no END line'],
    [
      'two keys',
      vectorText('containers-image/cosign.pub') + vectorText('containers-image/cosign2.pub'),
      'found 2',
    ],
  ])('rejects %s as KEY_INVALID', (_name, text, fragment) => {
    const error = thrown(() => parsePublicKey(text, { input: 'public-keys' }));
    expect(error.code).toBe('KEY_INVALID');
    expect(error.input).toBe('public-keys');
    expect(error.message).toContain(fragment);
  });

  it.each([
    ['Ed25519', generateKeyPairSync('ed25519').publicKey],
    ['P-384', generateKeyPairSync('ec', { namedCurve: 'P-384' }).publicKey],
    ['RSA-1024', generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey],
  ])('refuses %s keys as KEY_UNSUPPORTED, saying what is supported', (_name, publicKey) => {
    const error = thrown(() => parsePublicKey(String(publicKey.export({ type: 'spki', format: 'pem' }))));
    expect(error.code).toBe('KEY_UNSUPPORTED');
    expect(error.hint).toContain('ECDSA P-256');
  });
});

describe('parsePublicKeys', () => {
  it('reads several keys (rotation) and drops duplicates', () => {
    const a = vectorText('containers-image/cosign.pub');
    const b = vectorText('containers-image/cosign2.pub');
    const keys = parsePublicKeys(`${a}\n${b}${a}`);
    expect(keys.map((k) => k.pem)).toEqual([a, b]);
  });

  it('refuses text between blocks', () => {
    const a = vectorText('containers-image/cosign.pub');
    expect(thrown(() => parsePublicKeys(`${a}# old key\n${a}`)).code).toBe('KEY_INVALID');
  });
});

describe('verifyWithPublicKey', () => {
  it('verifies RSA PKCS#1 v1.5 SHA-256 signatures', () => {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const key = parsePublicKey(String(publicKey.export({ type: 'spki', format: 'pem' })));
    const data = new TextEncoder().encode('payload');
    expect(verifyWithPublicKey(key, data, sign('sha256', data, privateKey))).toBe(true);
    expect(verifyWithPublicKey(key, data, new Uint8Array(256))).toBe(false);
  });
});
