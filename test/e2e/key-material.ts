import { publicKeyFromKeyObject } from '@sigil/keys';
import { encryptPrivateKey } from '../../packages/keys/src/key-file.js';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A cosign key pair on disk, and every form of its secret a leak scan must look for. */
export interface KeyMaterial {
  readonly password: string;
  /** The encrypted cosign key file (`ENCRYPTED SIGSTORE PRIVATE KEY`). */
  readonly privateKeyPem: string;
  readonly publicKeyPem: string;
  readonly keyPath: string;
  readonly publicKeyPath: string;
  /** The base64 lines of the encrypted key file, which the actions mask like any key material. */
  readonly pemLines: readonly string[];
  /**
   * What must never be printed: the password, each base64 line of the encrypted key file, and the
   * decrypted private key (its scalar in base64, base64url and hex, its PKCS#8 DER in base64).
   */
  readonly secrets: readonly string[];
}

/** Shorter strings (the last line of a PEM can be `fQ==`) could turn up by chance in a base64 signature. */
const MIN_NEEDLE = 16;

/** A random password of URL-safe characters, so that it reads the same in every log encoding. */
export function randomPassword(): string {
  return randomBytes(18).toString('base64url');
}

export async function createKeyMaterial(
  parentDir: string,
  password = randomPassword(),
): Promise<KeyMaterial> {
  const dir = mkdtempSync(join(parentDir, 'key-'));
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const privateKeyPem = await encryptPrivateKey(privateKey, password);
  const publicKeyPem = publicKeyFromKeyObject(privateKey).pem;
  const keyPath = join(dir, 'cosign.key');
  const publicKeyPath = join(dir, 'cosign.pub');
  writeFileSync(keyPath, privateKeyPem, { mode: 0o600 });
  writeFileSync(publicKeyPath, publicKeyPem);
  // The decrypted key by its private scalar `d` in every usual encoding: the PKCS#8/SEC1 PEM lines also
  // carry public-key bytes, which a report may legitimately print, so they would make poor needles.
  const d = Buffer.from(privateKey.export({ format: 'jwk' }).d ?? '', 'base64url');
  const secrets = [
    password,
    ...base64Lines(privateKeyPem),
    d.toString('base64url'),
    d.toString('base64'),
    d.toString('hex'),
    privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64'),
  ].filter((secret) => secret.length >= MIN_NEEDLE);
  const pemLines = base64Lines(privateKeyPem);
  return { password, privateKeyPem, publicKeyPem, keyPath, publicKeyPath, pemLines, secrets };
}

/** The body lines of a PEM document (the armour lines are public). */
function base64Lines(pem: string): string[] {
  return pem
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length >= MIN_NEEDLE && !line.startsWith('-----'));
}
