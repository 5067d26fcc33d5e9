import type { Registry } from '@sigil/oci';
import {
  attestImage,
  type AttestationInput,
  type AttestOptions,
  type AttestedDigest,
} from '@sigil/attestations';
import type { ImageTarget } from '@sigil/oci';
import type { PublicKey } from '@sigil/keys';
import {
  signEachImage,
  signImage,
  signImages,
  type SignImageOutcome,
  type SignImagesOptions,
} from '@sigil/signatures';
import { attestImageBundle, signImageBundles, type BundleLogger } from '@sigil/bundles';
import {
  writeFormats,
  type EngineTarget,
  type SignatureFormat,
  type SigningEngine,
  type WriteFormat,
} from './signing-engine.js';
import type { SigningKey } from '@sigil/keys';
import { verifyImageSignatures, type SignatureVerdict } from '@sigil/signatures';
import { verifyImageAttestations, type AttestationVerdict } from '@sigil/attestations';

/** sigil's own signer and verifier behind the engine interface, with a key it holds in memory. */
export class NativeSigningEngine implements SigningEngine {
  readonly name = 'native' as const;
  readonly #registry: Registry;
  readonly #key: SigningKey;
  readonly #logBundle: BundleLogger | undefined;

  /** `logBundle`: every new Sigstore bundle is logged in a transparency log first (`tlog-upload`). */
  constructor(registry: Registry, key: SigningKey, options: { readonly logBundle?: BundleLogger } = {}) {
    this.#registry = registry;
    this.#key = key;
    this.#logBundle = options.logBundle;
  }

  #bundleOptions(): { readonly logBundle?: BundleLogger } {
    return this.#logBundle === undefined ? {} : { logBundle: this.#logBundle };
  }

  publicKey(): Promise<PublicKey> {
    return Promise.resolve(this.#key.publicKey);
  }

  signImages(
    targets: readonly ImageTarget[],
    options: SignImagesOptions & { readonly format?: SignatureFormat } = {},
  ): Promise<SignImageOutcome[]> {
    const formats = writeFormats(options.format ?? 'legacy');
    if (!formats.includes('bundle')) return signImages(this.#registry, targets, this.#key, options);
    return signEachImage(targets, options.concurrency ?? 8, async (target) => [
      ...(formats.includes('legacy') ? await signImage(this.#registry, target, this.#key, options) : []),
      ...(await signImageBundles(this.#registry, target, this.#key, {
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
      return attestImageBundle(this.#registry, target, this.#key, attestation, {
        ...logger,
        ...this.#bundleOptions(),
      });
    }
    return attestImage(this.#registry, target, this.#key, attestation, options);
  }

  verifySignatures(
    target: EngineTarget,
    options: { readonly annotations?: Readonly<Record<string, string>> } = {},
  ): Promise<SignatureVerdict> {
    return verifyImageSignatures(this.#registry, target, {
      trustedKeys: [this.#key.publicKey],
      ...(options.annotations === undefined ? {} : { annotations: options.annotations }),
    });
  }

  verifyAttestations(
    target: EngineTarget,
    options: { readonly predicateType: string },
  ): Promise<AttestationVerdict> {
    return verifyImageAttestations(this.#registry, target, {
      trustedKeys: [this.#key.publicKey],
      predicateType: options.predicateType,
    });
  }
}
