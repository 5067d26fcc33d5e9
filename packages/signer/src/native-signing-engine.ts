import type { Registry } from '@sigil/oci';
import {
  attestImage,
  type AttestationInput,
  type AttestOptions,
  type AttestedDigest,
  type EnvelopeSigner,
} from '@sigil/attestations';
import type { ImageTarget } from '@sigil/oci';
import { SigilError } from '@sigil/core';
import { SigningKey, type PublicKey } from '@sigil/keys';
import {
  signEachImage,
  signImage,
  signImages,
  type ImageSigner,
  type SignImageOutcome,
  type SignImagesOptions,
} from '@sigil/signatures';
import { attestImageBundle, signImageBundles, type BundleLogger, type BundleSigner } from '@sigil/bundles';
import {
  writeFormats,
  type EngineTarget,
  type SignatureFormat,
  type SignerIdentity,
  type SigningEngine,
  type WriteFormat,
} from './signing-engine.js';
import { verifyImageSignatures, type SignatureVerdict } from '@sigil/signatures';
import { verifyImageAttestations, type AttestationVerdict } from '@sigil/attestations';
import {
  keylessBundleSigner,
  keylessEnvelopeSigner,
  keylessPayloadSigner,
  type KeylessSigning,
} from './keyless-signing.js';

/**
 * sigil's own signer behind the engine interface: with a key it holds in memory (and verifies with it), or
 * keyless — one Fulcio certificate for the whole run, each signature logged and timestamped as the signer says.
 */
export class NativeSigningEngine implements SigningEngine {
  readonly name = 'native' as const;
  readonly #registry: Registry;
  readonly #key: SigningKey | undefined;
  readonly #keyless: KeylessSigning | undefined;
  readonly #layers: ImageSigner;
  readonly #bundles: SigningKey | BundleSigner;
  readonly #envelopes: SigningKey | EnvelopeSigner;
  readonly #logBundle: BundleLogger | undefined;

  /** `logBundle`: every new key-based Sigstore bundle is logged in a transparency log first (`tlog-upload`). */
  constructor(
    registry: Registry,
    signer: SigningKey | KeylessSigning,
    options: { readonly logBundle?: BundleLogger } = {},
  ) {
    this.#registry = registry;
    if (signer instanceof SigningKey) {
      this.#key = signer;
      this.#layers = signer;
      this.#bundles = signer;
      this.#envelopes = signer;
    } else {
      this.#keyless = signer;
      this.#layers = keylessPayloadSigner(signer);
      this.#bundles = keylessBundleSigner(signer);
      this.#envelopes = keylessEnvelopeSigner(signer);
    }
    this.#logBundle = options.logBundle;
  }

  #bundleOptions(): { readonly logBundle?: BundleLogger } {
    return this.#logBundle === undefined ? {} : { logBundle: this.#logBundle };
  }

  #heldKey(): SigningKey {
    if (this.#key === undefined)
      throw new SigilError('INTERNAL', 'a keyless signer has no long-lived key to verify with');
    return this.#key;
  }

  publicKey(): Promise<PublicKey> {
    try {
      return Promise.resolve(this.#heldKey().publicKey);
    } catch (error) {
      return Promise.reject(error as Error);
    }
  }

  async signerIdentity(): Promise<SignerIdentity> {
    if (this.#key !== undefined) return { kind: 'key', publicKey: this.#key.publicKey };
    // Asked after signing: a run that signed nothing asked Fulcio for nothing and has no certificate to name.
    const certificate = await this.#keyless?.certificate().catch(() => undefined);
    return {
      kind: 'keyless',
      ...(certificate === undefined
        ? {}
        : {
            certificate: {
              subjectAlternativeName: certificate.subjectAlternativeName,
              issuer: certificate.issuer,
            },
          }),
    };
  }

  signImages(
    targets: readonly ImageTarget[],
    options: SignImagesOptions & { readonly format?: SignatureFormat } = {},
  ): Promise<SignImageOutcome[]> {
    const formats = writeFormats(options.format ?? 'legacy');
    if (!formats.includes('bundle')) return signImages(this.#registry, targets, this.#layers, options);
    return signEachImage(targets, options.concurrency ?? 8, async (target) => [
      ...(formats.includes('legacy') ? await signImage(this.#registry, target, this.#layers, options) : []),
      ...(await signImageBundles(this.#registry, target, this.#bundles, {
        ...options,
        ...this.#bundleOptions(),
      })),
    ]);
  }

  attestImage(
    target: EngineTarget,
    attestation: AttestationInput,
    options: AttestOptions & { readonly format?: WriteFormat } = {},
  ): Promise<AttestedDigest> {
    if (options.format === 'bundle') {
      const logger = options.logger === undefined ? {} : { logger: options.logger };
      return attestImageBundle(this.#registry, target, this.#bundles, attestation, {
        ...logger,
        ...this.#bundleOptions(),
      });
    }
    return attestImage(this.#registry, target, this.#envelopes, attestation, options);
  }

  verifySignatures(
    target: EngineTarget,
    options: { readonly annotations?: Readonly<Record<string, string>> } = {},
  ): Promise<SignatureVerdict> {
    return verifyImageSignatures(this.#registry, target, {
      trustedKeys: [this.#heldKey().publicKey],
      ...(options.annotations === undefined ? {} : { annotations: options.annotations }),
    });
  }

  verifyAttestations(
    target: EngineTarget,
    options: { readonly predicateType: string },
  ): Promise<AttestationVerdict> {
    return verifyImageAttestations(this.#registry, target, {
      trustedKeys: [this.#heldKey().publicKey],
      predicateType: options.predicateType,
    });
  }
}
