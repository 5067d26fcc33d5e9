import { silentLogger, type Logger } from '@sigil/core';
import {
  jsonEqual,
  inTotoStatementParts,
  type AttestationInput,
  type AttestedDigest,
} from '@sigil/attestations';
import { SigningKey } from '@sigil/keys';
import { pinnedReference, repositoryName, type ImageTarget, type Registry } from '@sigil/oci';
import { digestsToSign, type SignedDigest } from '@sigil/signatures';
import { parseStrictJsonBytesToPlain } from '@sigil/core';
import { COSIGN_SIGN_PREDICATE_TYPE } from './bundle-format.js';
import {
  publishBundle,
  type BundleLogger,
  type BundleSigner,
  type PublishedBundle,
} from './publish-bundle.js';
import { signatureStatement } from './signature-statement.js';

export interface BundleSignOptions {
  /** `key=value` annotations written into the statement subject's annotations (cosign `-a`). */
  readonly annotations?: Readonly<Record<string, string>>;
  /** Also sign every manifest an index lists (cosign `--recursive`). */
  readonly recursive?: boolean;
  readonly logger?: Logger;
  readonly now?: () => Date;
  /** Logs each new bundle in a transparency log (`tlog-upload`). */
  readonly logBundle?: BundleLogger;
}

type Target = Pick<ImageTarget, 'image' | 'repo' | 'digest'>;

/**
 * Signs `target.digest` (and with `recursive` every manifest of an index, depth first) as cosign v3 does by
 * default: a Sigstore bundle whose statement has predicate type `https://sigstore.dev/cosign/sign/v1`,
 * pushed as a referrer of each digest.
 */
export async function signImageBundles(
  registry: Registry,
  target: Target,
  key: SigningKey | BundleSigner,
  options: BundleSignOptions = {},
): Promise<SignedDigest[]> {
  const digests =
    options.recursive === true ? await digestsToSign(registry, target.repo, target.digest) : [target.digest];
  const signed: SignedDigest[] = [];
  for (const [position, digest] of digests.entries()) {
    const image = position === 0 ? target.image : pinnedReference({ repo: target.repo, digest });
    const annotations = options.annotations ?? {};
    const published = await publishBundle(
      registry,
      target.repo,
      digest,
      key,
      {
        predicateType: COSIGN_SIGN_PREDICATE_TYPE,
        parts: [signatureStatement(digest, annotations)],
        matches: (stored) =>
          namesOnly(stored.subjects, digest) && sameAnnotations(stored.document, annotations),
      },
      options,
    );
    log(options.logger, image, published, 'signed', key);
    signed.push({ image, digest, ...signedAs(published) });
  }
  return signed;
}

/**
 * Attests `target.digest` with a bundle: the in-toto Statement v0.1 `cosign attest` writes (subject
 * `registry/repo` and the digest, the predicate embedded verbatim), signed into a bundle and pushed as a
 * referrer, as cosign v3 does by default. An equal predicate of the same type by this key already listed
 * means nothing is written.
 */
export async function attestImageBundle(
  registry: Registry,
  target: Target,
  key: SigningKey | BundleSigner,
  attestation: AttestationInput,
  options: Omit<BundleSignOptions, 'annotations' | 'recursive'> = {},
): Promise<AttestedDigest> {
  const parts = inTotoStatementParts({
    predicateType: attestation.predicateType,
    subjects: [{ name: repositoryName(target.repo), digest: target.digest }],
    predicate: attestation.predicate,
  });
  let wanted: { ok: true; value: unknown } | { ok: false } | undefined;
  const published = await publishBundle(
    registry,
    target.repo,
    target.digest,
    key,
    {
      predicateType: attestation.predicateType,
      parts,
      matches: (stored) => {
        wanted ??= parseStrictJsonBytesToPlain(attestation.predicate, 128);
        return (
          namesOnly(stored.subjects, target.digest) && wanted.ok && jsonEqual(stored.predicate, wanted.value)
        );
      },
    },
    options,
  );
  log(options.logger, target.image, published, `attested (${attestation.predicateType})`, key);
  return {
    image: target.image,
    digest: target.digest,
    predicateType: attestation.predicateType,
    ...signedAs(published),
    replaced: 0,
  };
}

function signedAs(published: PublishedBundle) {
  return {
    format: 'bundle' as const,
    ref: published.ref,
    listedThrough: published.source,
    deduplicated: published.deduplicated,
    ...(published.tlogIndex === undefined ? {} : { tlogIndex: published.tlogIndex }),
  };
}

function namesOnly(
  subjects: readonly { readonly digest: Readonly<Record<string, string>> }[],
  digest: string,
): boolean {
  return subjects.length === 1 && subjects[0]?.digest['sha256'] === digest.slice('sha256:'.length);
}

function sameAnnotations(
  document: Readonly<Record<string, unknown>>,
  wanted: Readonly<Record<string, string>>,
): boolean {
  const subject = Array.isArray(document['subject']) ? (document['subject'][0] as unknown) : undefined;
  const found =
    typeof subject === 'object' && subject !== null && 'annotations' in subject
      ? (subject as { annotations: unknown }).annotations
      : {};
  return jsonEqual(found ?? {}, wanted);
}

function log(
  logger: Logger | undefined,
  image: string,
  published: PublishedBundle,
  verb: string,
  key: SigningKey | BundleSigner,
): void {
  (logger ?? silentLogger).info(
    published.deduplicated
      ? `${image}: already ${verb} ${key instanceof SigningKey ? 'with this key' : 'by this identity'} in the bundle ${published.ref}; nothing written.`
      : `${image}: ${verb} as a Sigstore bundle ${published.ref}, listed through the ${published.source === 'referrers-api' ? 'referrers API' : 'referrers tag'}${published.tlogIndex === undefined ? '' : `, logged at transparency-log index ${published.tlogIndex}`}.`,
  );
}
