import { describe, expect, it } from '@jest/globals';
import { causeChain, SigilError } from '@sigil/core';
import { generateKeyPair, loadPrivateKey, parsePublicKey, verifyWithPublicKey } from '@sigil/keys';
import { vectorText } from '@sigil/testing';

async function loadError(pem: string, password: string): Promise<SigilError> {
  const error: unknown = await loadPrivateKey(pem, password).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof SigilError)) throw new Error(`expected a SigilError, got ${String(error)}`);
  return error;
}

function expectNoSecret(error: SigilError, ...secrets: string[]): void {
  const text = [...causeChain(error), error.hint ?? ''].join('\n');
  for (const secret of secrets) expect(text).not.toContain(secret);
}

function decodedBody(pem: string): string {
  const body = pem
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('-----'))
    .join('');
  return Buffer.from(body, 'base64').toString('utf8');
}

const payload = new TextEncoder().encode('{"critical":{}}');

describe('loadPrivateKey with the golden key files', () => {
  it.each([
    ['cosign/keys_test-pemcosignkey.key', 'hello'],
    ['cosign/keys_test-pemsigstorekey.key', 'hello'],
    ['sigstore-rs/keys/cosign_generated_encrypted_empty_private.key', ''],
    ['sigstore-rs/keys/ecdsa_encrypted_private.key', '123'],
  ])('loads %s and signs with it', async (file, password) => {
    const key = await loadPrivateKey(vectorText(file), password);
    expect(key.publicKey.algorithm).toBe('ecdsa-p256-sha256');
    expect(verifyWithPublicKey(key.publicKey, payload, key.sign(payload))).toBe(true);
  });

  it.each([
    ['cosign/keys_test-pemsigstorekey.key', 'wrong'],
    ['cosign/keys_test-pemcosignkey.key', ''],
    ['sigstore-rs/keys/cosign_generated_encrypted_empty_private.key', '\n'],
    ['sigstore-rs/keys/rsa_encrypted_private.key', '1234'],
  ])('reports a wrong password for %s as KEY_PASSWORD on key-password', async (file, password) => {
    const error = await loadError(vectorText(file), password);
    expect(error.code).toBe('KEY_PASSWORD');
    expect(error.input).toBe('key-password');
    expect(error.message).toContain('password is wrong');
  });

  it('rejects the SEC1 plaintext of keys_test-pemcosigneckey.key as not PKCS#8', async () => {
    const error = await loadError(vectorText('cosign/keys_test-pemcosigneckey.key'), 'hello');
    expect(error.code).toBe('KEY_UNSUPPORTED');
    expect(error.message).toContain('SEC1');
    expect(error.message).toContain('not PKCS#8');
    expectNoSecret(error, 'hello');
  });

  it('decrypts the RSA-4096 key but refuses to sign with it, saying why', async () => {
    const error = await loadError(vectorText('sigstore-rs/keys/rsa_encrypted_private.key'), '123');
    expect(error.code).toBe('KEY_UNSUPPORTED');
    expect(error.message).toContain('RSA key of 4096 bits');
    expect(error.message).toContain('cosign, podman and skopeo');
  });

  it('decrypts the Ed25519 PKCS#8 v2 key and rejects it clearly', async () => {
    const error = await loadError(vectorText('sigstore-rs/keys/ed25519_encrypted_private.key'), '123');
    expect(error.code).toBe('KEY_UNSUPPORTED');
    expect(error.message).toContain('Ed25519');
    expect(error.message).toContain('Ed25519ph');
  });

  it('rejects an unencrypted PKCS#8 PEM as an unsupported label, naming the label and cosign key files', async () => {
    const error = await loadError(vectorText('sigstore-rs/keys/ecdsa_private.key'), '');
    expect(error.code).toBe('KEY_UNSUPPORTED');
    expect(error.input).toBe('key');
    expect(error.message).toContain('"PRIVATE KEY"');
    expect(error.message).toContain('ENCRYPTED SIGSTORE PRIVATE KEY');
    expect(error.hint).toContain('cosign generate-key-pair');
    expectNoSecret(error, vectorText('sigstore-rs/keys/ecdsa_private.key').split('\n')[1] as string);
  });
});

describe('loadPrivateKey with malformed key files', () => {
  const envelope = (json: object, label = 'ENCRYPTED SIGSTORE PRIVATE KEY'): string =>
    `-----BEGIN ${label}-----\n${Buffer.from(JSON.stringify(json)).toString('base64')}\n-----END ${label}-----\n`;
  const good = JSON.parse(decodedBody(vectorText('cosign/keys_test-pemsigstorekey.key'))) as {
    kdf: { name: string; params: { N: number; r: number; p: number }; salt: string };
    cipher: { name: string; nonce: string };
    ciphertext: string;
  };

  it.each([
    ['text that is not PEM', 'my-secret-password', 'not a PEM key file'],
    [
      'a PEM block with broken base64',
      '-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----\n@@@@\n-----END ENCRYPTED SIGSTORE PRIVATE KEY-----\n',
      'not valid base64',
    ],
    [
      'a body that is not JSON',
      envelope({}).replace(/\n.*\n/, `\n${Buffer.from('{nope').toString('base64')}\n`),
      'not the JSON document',
    ],
    ['a kdf other than scrypt', envelope({ ...good, kdf: { ...good.kdf, name: 'pbkdf2' } }), 'not scrypt'],
    [
      'a cipher other than secretbox',
      envelope({ ...good, cipher: { ...good.cipher, name: 'aes-gcm' } }),
      'not nacl/secretbox',
    ],
    [
      'scrypt N=16384',
      envelope({ ...good, kdf: { ...good.kdf, params: { N: 16384, r: 8, p: 1 } } }),
      'scrypt parameters',
    ],
    [
      'scrypt r=16',
      envelope({ ...good, kdf: { ...good.kdf, params: { N: 32768, r: 16, p: 1 } } }),
      'scrypt parameters',
    ],
    [
      'a 12-byte nonce',
      envelope({ ...good, cipher: { ...good.cipher, nonce: 'AAAAAAAAAAAAAAAA' } }),
      'nonce is not 24 bytes',
    ],
    [
      'a salt that is not base64',
      envelope({ ...good, kdf: { ...good.kdf, salt: 'not base64!' } }),
      '"kdf.salt"',
    ],
    ['no ciphertext', envelope({ kdf: good.kdf, cipher: good.cipher }), '"ciphertext"'],
  ])('rejects %s as KEY_INVALID', async (_name, pem, fragment) => {
    const error = await loadError(pem, 'my-secret-password');
    expect(error.code).toBe('KEY_INVALID');
    expect(error.message).toContain(fragment);
    expectNoSecret(error, 'my-secret-password');
  });

  it('accepts a valid file rewritten with the other label (the reader takes both labels)', async () => {
    const key = await loadPrivateKey(envelope(good, 'ENCRYPTED COSIGN PRIVATE KEY'), 'hello');
    expect(key.publicKey.algorithm).toBe('ecdsa-p256-sha256');
  });

  it('rejects two key blocks in one file', async () => {
    const pem = vectorText('cosign/keys_test-pemsigstorekey.key');
    const error = await loadError(pem + pem, 'hello');
    expect(error.code).toBe('KEY_INVALID');
    expect(error.message).toContain('2 PEM blocks');
  });
});

describe('generateKeyPair', () => {
  it.each([
    ['current', 'ENCRYPTED SIGSTORE PRIVATE KEY', 65536],
    ['legacy', 'ENCRYPTED COSIGN PRIVATE KEY', 32768],
  ] as const)('writes the %s format byte-compatibly with cosign and loads back', async (format, label, n) => {
    const { privateKeyPem, publicKeyPem } = await generateKeyPair('correct horse', { format });
    const lines = privateKeyPem.split('\n');
    expect(lines[0]).toBe(`-----BEGIN ${label}-----`);
    expect(lines.at(-2)).toBe(`-----END ${label}-----`);
    expect(lines.at(-1)).toBe('');
    for (const line of lines.slice(1, -3)) expect(line).toHaveLength(64);
    expect(decodedBody(privateKeyPem)).toMatch(
      new RegExp(
        `^\\{"kdf":\\{"name":"scrypt","params":\\{"N":${n},"r":8,"p":1\\},"salt":"[A-Za-z0-9+/]{43}="\\},` +
          '"cipher":\\{"name":"nacl/secretbox","nonce":"[A-Za-z0-9+/]{32}"\\},"ciphertext":"[A-Za-z0-9+/]{206}=="\\}$',
      ),
    );

    const key = await loadPrivateKey(privateKeyPem, 'correct horse');
    expect(key.publicKey.pem).toBe(publicKeyPem);
    expect(verifyWithPublicKey(parsePublicKey(publicKeyPem), payload, key.sign(payload))).toBe(true);

    const error = await loadError(privateKeyPem, 'correct horse ');
    expect(error.code).toBe('KEY_PASSWORD');
    expectNoSecret(error, 'correct horse');
  });

  it('defaults to the current format and supports the empty password', async () => {
    const { privateKeyPem, publicKeyPem } = await generateKeyPair('');
    expect(privateKeyPem.startsWith('-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----\n')).toBe(true);
    const key = await loadPrivateKey(privateKeyPem, '');
    expect(key.publicKey.pem).toBe(publicKeyPem);
    expect(verifyWithPublicKey(parsePublicKey(publicKeyPem), payload, key.sign(payload))).toBe(true);
    expect((await loadError(privateKeyPem, 'x')).code).toBe('KEY_PASSWORD');
  });

  it('uses a fresh key, salt and nonce each time', async () => {
    const [a, b] = await Promise.all([
      generateKeyPair('p', { format: 'legacy' }),
      generateKeyPair('p', { format: 'legacy' }),
    ]);
    expect(a.publicKeyPem).not.toBe(b.publicKeyPem);
    const bodyA = JSON.parse(decodedBody(a.privateKeyPem)) as {
      kdf: { salt: string };
      cipher: { nonce: string };
    };
    const bodyB = JSON.parse(decodedBody(b.privateKeyPem)) as {
      kdf: { salt: string };
      cipher: { nonce: string };
    };
    expect(bodyA.kdf.salt).not.toBe(bodyB.kdf.salt);
    expect(bodyA.cipher.nonce).not.toBe(bodyB.cipher.nonce);
  });

  it('never exposes the private key through the loaded SigningKey', async () => {
    const { privateKeyPem } = await generateKeyPair('pw', { format: 'legacy' });
    const key = await loadPrivateKey(privateKeyPem, 'pw');
    expect(Object.keys(key)).toEqual(['publicKey']);
    expect(JSON.stringify(key)).not.toContain('PRIVATE');
  });
});
