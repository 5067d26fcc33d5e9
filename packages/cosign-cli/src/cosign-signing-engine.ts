import { readFile } from 'node:fs/promises';
import { SigilError, asSigilError, isSigilError, messageOf } from '@sigil/core';
import type { Registry, RepositoryRef } from '@sigil/oci';
import type { AttestationInput, AttestOptions, AttestedDigest } from '@sigil/attestations';
import { holdsEquivalentAttestation } from '@sigil/attestations';
import { attestationRef, attestationTag, readAttestations } from '@sigil/attestations';
import {
  cosignAttestArguments,
  cosignPublicKeyArguments,
  cosignSignArguments,
  cosignVerifyArguments,
  cosignVerifyAttestationArguments,
  type CosignKey,
} from './cosign-arguments.js';
import { cosignFailure } from './cosign-failure.js';
import { CosignRunner, type CosignRunnerOptions } from './cosign-runner.js';
import { attestationVerdictFromCosign, signatureVerdictFromCosign } from './cosign-verdicts.js';
import { requireImage } from '@sigil/oci';
import { pinnedReference, type ImageTarget } from '@sigil/oci';
import { parsePublicKey, type PublicKey } from '@sigil/keys';
import {
  digestsToSign,
  signEachImage,
  type SignImageOutcome,
  type SignImagesOptions,
  type SignedDigest,
} from '@sigil/signatures';
import { signatureTag } from '@sigil/signatures';
import { signatureRef } from '@sigil/signatures';
import type { EngineTarget, SignerIdentity, SigningEngine } from '@sigil/signer';
import type { SignatureVerdict } from '@sigil/signatures';
import type { AttestationVerdict } from '@sigil/attestations';

export interface CosignSigningEngineOptions extends CosignRunnerOptions {
  /** sigil's registry client: what cosign wrote is read back through it (refs, de-duplication, replace). */
  readonly registry: Registry;
  /** Registries (host or host:port) that may be reached over plain HTTP besides loopback ones. */
  readonly insecureRegistries?: readonly string[];
}

/**
 * The installed cosign CLI behind the engine interface: the only way to use a key that never leaves its
 * KMS or Kubernetes secret. Results are made the same as the native engine's by reading what cosign wrote
 * through sigil's registry client: a `.sig`/`.att` manifest digest unchanged by the run means nothing was
 * written (`deduplicated`); `replaced` counts the layers of the predicate type there before; refs are
 * computed, never parsed from cosign's output. Failures are sigil's codes with cosign's redacted stderr as
 * the cause.
 */
export class CosignSigningEngine implements SigningEngine {
  readonly name = 'cosign' as const;
  readonly #registry: Registry;
  readonly #insecureRegistries: readonly string[];
  readonly #runner: CosignRunner;
  #publicKey: Promise<PublicKey> | undefined;

  constructor(options: CosignSigningEngineOptions) {
    this.#registry = options.registry;
    this.#insecureRegistries = options.insecureRegistries ?? [];
    this.#runner = new CosignRunner(options);
  }

  /**
   * The key's public half: a public key file or `env://` PEM is read as is; a private key file, `env://`
   * key or KMS key through `cosign public-key` (once; later calls share the answer).
   */
  async signerIdentity(): Promise<SignerIdentity> {
    return { kind: 'key', publicKey: await this.publicKey() };
  }

  publicKey(): Promise<PublicKey> {
    this.#publicKey ??= this.#readPublicKey();
    const pending = this.#publicKey;
    pending.catch(() => {
      if (this.#publicKey === pending) this.#publicKey = undefined;
    });
    return pending;
  }

  async signImages(
    targets: readonly ImageTarget[],
    options: SignImagesOptions = {},
  ): Promise<SignImageOutcome[]> {
    return signEachImage(targets, options.concurrency ?? 8, (target) => this.#signImage(target, options));
  }

  async attestImage(
    target: EngineTarget,
    attestation: AttestationInput,
    options: AttestOptions = {},
  ): Promise<AttestedDigest> {
    const logger = options.logger ?? this.#runner.logger;
    const replace = options.replace === true;
    await requireImage(this.#registry, target, 'attest');
    const ref = attestationRef(target.repo, target.digest);
    const before = await readAttestations(this.#registry, target.repo, target.digest);
    const facts = {
      image: target.image,
      digest: target.digest,
      predicateType: attestation.predicateType,
      format: 'legacy' as const,
      ref,
    };
    const equivalent = await holdsEquivalentAttestation(
      this.#registry,
      target,
      before,
      await this.publicKey(),
      {
        ...attestation,
        replace,
      },
    );
    if (equivalent) {
      logger.info(
        `${target.image}: already attested (${attestation.predicateType}) with this key in ${ref}; nothing written.`,
      );
      return { ...facts, deduplicated: true, replaced: 0 };
    }
    const sameType = (before?.layers ?? []).filter(
      (layer) => layer.predicateType === attestation.predicateType,
    );
    await this.#runner.withTemporaryFile('predicate.json', attestation.predicate, async (predicatePath) => {
      const args = cosignAttestArguments({
        ...this.#imageCommand(target),
        predicateType: attestation.predicateType,
        predicatePath,
        replace,
      });
      const run = await this.#runner.run(args, [target.repo.registry]);
      if (run.result.exitCode !== 0)
        throw cosignFailure(`attesting ${target.image}`, run.result, run.secrets);
    });
    const after = await this.#manifestDigest(target.repo, attestationTag(target.digest), ref);
    const deduplicated = after === before?.manifestDigest;
    const replaced = replace && !deduplicated ? sameType.length : 0;
    logger.info(
      deduplicated
        ? `${target.image}: already attested (${attestation.predicateType}) with this key in ${ref}; nothing written.`
        : `${target.image}: attested ${target.digest} (${attestation.predicateType}) with cosign in ${ref}` +
            (replaced > 0 ? `, replacing ${replaced}.` : '.'),
    );
    return { ...facts, deduplicated, replaced };
  }

  async verifySignatures(
    target: EngineTarget,
    options: { readonly annotations?: Readonly<Record<string, string>> } = {},
  ): Promise<SignatureVerdict> {
    try {
      const keyId = (await this.publicKey()).id;
      const run = await this.#withVerificationKey((key) =>
        this.#runner.run(
          cosignVerifyArguments({
            ...this.#imageCommand(target),
            key,
            ...(options.annotations === undefined ? {} : { annotations: options.annotations }),
          }),
          [target.repo.registry],
        ),
      );
      return await signatureVerdictFromCosign(this.#registry, target, run, keyId);
    } catch (error) {
      const failure = asSigilError(error);
      return {
        image: target.image,
        digest: target.digest,
        signatureRef: signatureRef(target.repo, target.digest),
        verified: false,
        reason: failure.code === 'MANIFEST_NOT_FOUND' ? 'IMAGE_NOT_FOUND' : failure.code,
        message: `could not verify ${target.image} with cosign: ${failure.message}`,
        layers: [],
        acceptedKeyIds: [],
        revokedSignatures: [],
      };
    }
  }

  async verifyAttestations(
    target: EngineTarget,
    options: { readonly predicateType: string },
  ): Promise<AttestationVerdict> {
    try {
      const keyId = (await this.publicKey()).id;
      const run = await this.#withVerificationKey((key) =>
        this.#runner.run(
          cosignVerifyAttestationArguments({
            ...this.#imageCommand(target),
            key,
            predicateType: options.predicateType,
          }),
          [target.repo.registry],
        ),
      );
      return await attestationVerdictFromCosign(this.#registry, target, options.predicateType, run, keyId);
    } catch (error) {
      const failure = asSigilError(error);
      return {
        image: target.image,
        digest: target.digest,
        attestationRef: attestationRef(target.repo, target.digest),
        predicateType: options.predicateType,
        verified: false,
        reason: failure.code === 'MANIFEST_NOT_FOUND' ? 'IMAGE_NOT_FOUND' : failure.code,
        message: `could not verify the attestations of ${target.image} with cosign: ${failure.message}`,
        layers: [],
        acceptedKeyIds: [],
        revokedSignatures: [],
      };
    }
  }

  async #signImage(target: ImageTarget, options: SignImagesOptions): Promise<SignedDigest[]> {
    const logger = options.logger ?? this.#runner.logger;
    const recursive = options.recursive === true;
    const digests = recursive ? await digestsToSign(this.#registry, target.repo, target.digest) : [];
    if (digests.length === 0) {
      await requireImage(this.#registry, target, 'sign');
      digests.push(target.digest);
    }
    const tags = digests.map((digest) => ({
      digest,
      tag: signatureTag(digest),
      ref: signatureRef(target.repo, digest),
    }));
    const before = await Promise.all(tags.map(({ tag, ref }) => this.#manifestDigest(target.repo, tag, ref)));
    const args = cosignSignArguments({
      ...this.#imageCommand(target),
      recursive,
      annotations: options.annotations ?? {},
    });
    const run = await this.#runner.run(args, [target.repo.registry]);
    if (run.result.exitCode !== 0) throw cosignFailure(`signing ${target.image}`, run.result, run.secrets);
    const signed: SignedDigest[] = [];
    for (const [position, { digest, tag, ref }] of tags.entries()) {
      const after = await this.#manifestDigest(target.repo, tag, ref);
      if (after === undefined) {
        throw new SigilError(
          'COSIGN_FAILED',
          `cosign reported ${target.image} signed, but ${ref} does not exist`,
          {
            hint: 'Check the cosign version and its output; sigil expects the legacy .sig format.',
          },
        );
      }
      const image = position === 0 ? target.image : pinnedReference({ repo: target.repo, digest });
      const deduplicated = after === before[position];
      logger.info(
        deduplicated
          ? `${image}: already signed with this key in ${ref}; nothing written.`
          : `${image}: signed ${digest} with cosign in ${ref}.`,
      );
      signed.push({ image, digest, format: 'legacy', ref, deduplicated });
    }
    return signed;
  }

  #imageCommand(target: Pick<EngineTarget, 'repo' | 'digest'>) {
    return {
      version: this.#runner.version,
      key: this.#runner.key,
      repo: target.repo,
      digest: target.digest,
      insecureRegistries: this.#insecureRegistries,
      timeoutSeconds: this.#runner.timeoutSeconds,
    };
  }

  /** The digest of the manifest under `tag`, undefined when there is none; registry failures name `ref`. */
  async #manifestDigest(repo: RepositoryRef, tag: string, ref: string): Promise<string | undefined> {
    try {
      return await this.#registry.resolveDigest(repo, tag);
    } catch (error) {
      if (isSigilError(error)) throw error;
      throw new SigilError('INTERNAL', `could not read ${ref}: ${messageOf(error)}`, { cause: error });
    }
  }

  /**
   * Runs `work` with the key cosign verifies with: a KMS URI as is (cosign asks the service), a key file or
   * `env://` key as a temporary public key file (cosign cannot verify with a private key file).
   */
  async #withVerificationKey<T>(work: (key: CosignKey) => Promise<T>): Promise<T> {
    const key = this.#runner.key;
    if (key.kind === 'kms') return work(key);
    const publicKey = await this.publicKey();
    return this.#runner.withTemporaryFile('cosign.pub', publicKey.pem, (path) =>
      work({ kind: 'file', path }),
    );
  }

  async #readPublicKey(): Promise<PublicKey> {
    const key = this.#runner.key;
    const text =
      key.kind === 'file'
        ? await readKeyText(key.path)
        : key.kind === 'env'
          ? this.#runner.keyText
          : undefined;
    if (
      text !== undefined &&
      /-----BEGIN (?:RSA )?PUBLIC KEY-----/.test(text) &&
      !/PRIVATE KEY-----/.test(text)
    ) {
      return parsePublicKey(text, { field: 'signing-key' });
    }
    const run = await this.#runner.run(
      cosignPublicKeyArguments({ key, timeoutSeconds: this.#runner.timeoutSeconds }),
      [],
    );
    if (run.result.exitCode !== 0) {
      throw cosignFailure(`reading the public key of ${describeKey(key)}`, run.result, run.secrets, {
        keyOnly: true,
      });
    }
    try {
      return parsePublicKey(run.result.stdout, { field: 'signing-key' });
    } catch (error) {
      throw new SigilError(
        'COSIGN_FAILED',
        `cosign public-key printed no public key sigil accepts for ${describeKey(key)}`,
        {
          cause: error,
          field: 'signing-key',
          hint: 'sigil verifies ECDSA P-256 and RSA (2048 bits or more) keys; check the key type in the key service.',
        },
      );
    }
  }
}

function describeKey(key: CosignKey): string {
  switch (key.kind) {
    case 'file':
      return `the key file ${key.path}`;
    case 'env':
      return `env://${key.name}`;
    case 'kms':
      return key.uri;
  }
}

async function readKeyText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const missing = (error as { code?: unknown }).code === 'ENOENT';
    throw new SigilError(
      'INPUT_INVALID',
      `input \`key\`: the key file ${file} ${missing ? 'does not exist' : 'cannot be read'}`,
      {
        cause: error,
        field: 'signing-key',
        hint: 'Give the path of a cosign key file, relative to the workspace, or env://NAME.',
      },
    );
  }
}
