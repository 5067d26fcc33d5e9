import { createSign, sign, type KeyObject } from 'node:crypto';
import { SigilError } from '@sigil/core';
import { describeKey, publicKeyFromKeyObject, type PublicKey } from './public-key.js';

/**
 * A private key that signs cosign payloads: ECDSA P-256, SHA-256, ASN.1 DER signatures — the one
 * combination cosign, podman and skopeo all verify. The key object is kept in a private field so it is
 * never serialised, logged or enumerated.
 */
export class SigningKey {
  readonly #privateKey: KeyObject;
  readonly publicKey: PublicKey;

  constructor(privateKey: KeyObject) {
    if (privateKey.type !== 'private') {
      throw new SigilError('INTERNAL', 'SigningKey needs a private key object');
    }
    if (
      privateKey.asymmetricKeyType !== 'ec' ||
      privateKey.asymmetricKeyDetails?.namedCurve !== 'prime256v1'
    ) {
      throw new SigilError('KEY_UNSUPPORTED', `cannot sign with an ${describeKey(privateKey)}`, {
        field: 'signing-key',
        hint: 'sigil signs with ECDSA P-256 only; create a key with cosign generate-key-pair.',
      });
    }
    this.#privateKey = privateKey;
    this.publicKey = publicKeyFromKeyObject(privateKey);
  }

  /** ECDSA P-256 / SHA-256 signature over exactly `data`, ASN.1 DER encoded. */
  sign(data: Uint8Array): Uint8Array {
    return new Uint8Array(sign('sha256', data, { key: this.#privateKey, dsaEncoding: 'der' }));
  }

  /**
   * The same signature over the concatenation of `parts`, hashed part by part, so a large message (a DSSE
   * PAE around a big statement) is never assembled in memory.
   */
  signParts(parts: readonly Uint8Array[]): Uint8Array {
    const signer = createSign('sha256');
    for (const part of parts) signer.update(part);
    return new Uint8Array(signer.sign({ key: this.#privateKey, dsaEncoding: 'der' }));
  }
}
