import {
  SigilError,
  isSigilError,
  parseStrictJsonBytesToPlain,
  silentLogger,
  type Logger,
  isRecord,
} from '@sigil/core';
import {
  IN_TOTO_PAYLOAD_TYPE,
  parseInTotoStatement,
  preAuthEncodingHeader,
  type ParsedStatement,
} from '@sigil/attestations';
import { SigningKey } from '@sigil/keys';
import {
  imageNotFound,
  type Descriptor,
  type ReferrersSource,
  type Registry,
  type RepositoryRef,
} from '@sigil/oci';
import { keyBundleBytes } from './bundle-bytes.js';
import {
  bundleBlobDigest,
  envelopeSignedBy,
  type BundleEnvelope,
  holdsInTotoStatement,
  parseBundleReferrer,
  readBundleEnvelope,
} from './bundle-reading.js';
import {
  BUNDLE_V03_MEDIA_TYPE,
  PREDICATE_TYPE_ANNOTATION,
  SIGSTORE_BUNDLE_MEDIA_TYPES,
} from './bundle-format.js';
import { EMPTY_CONFIG, bundleReferrerAnnotations, bundleReferrerManifest } from './referrer-manifest.js';

/** What to sign into a bundle: the statement bytes (as parts) and how to recognise it already stored. */
export interface BundleStatement {
  readonly predicateType: string;
  /** The statement bytes, as parts (a large predicate is a view, never copied). */
  readonly parts: readonly Uint8Array[];
  /** Whether a stored, verified statement says what this one says (writers re-serialise, so not bytes). */
  readonly matches: (stored: ParsedStatement) => boolean;
}

/** One bundle written (or found) as a referrer of a digest. */
export interface PublishedBundle {
  /** `<registry>/<repo>@<referrer manifest digest>` */
  readonly ref: string;
  readonly manifestDigest: string;
  /** Where readers find it: the registry's referrers API or the fallback index tag. */
  readonly source: ReferrersSource;
  /** True when an equivalent bundle by this signer was already listed, so nothing was written. */
  readonly deduplicated: boolean;
  /** The index of its transparency-log entry, when `logBundle` logged it. */
  readonly tlogIndex?: string;
}

/**
 * Logs a key-based bundle (its JSON bytes, signed by the key whose PEM is given) in a transparency log and
 * returns it with its entry (`tlog-upload`); see `KeyBundleLog` in `@sigil/transparency/keyless`.
 */
export type BundleLogger = (
  bundle: Uint8Array,
  publicKeyPem: string,
) => Promise<{ readonly bundle: Uint8Array; readonly logIndex: string }>;

/**
 * Who signs a bundle without a key sigil holds (keyless: a Fulcio certificate; the signature logged): signs
 * only when no bundle of its own already holds the statement.
 */
export interface BundleSigner {
  /** Signs the in-toto statement (as parts) into Sigstore bundle JSON bytes, with its log entry when it logs. */
  signStatement(
    parts: readonly Uint8Array[],
  ): Promise<{ readonly bundle: Uint8Array; readonly tlogIndex?: string }>;
  /** Whether a stored bundle (parsed, its one-signature envelope decoded) is this signer's: the dedupe test. */
  signedBundle(bundle: Readonly<Record<string, unknown>>, envelope: BundleEnvelope): Promise<boolean>;
}

export interface PublishOptions {
  /** Logs each new bundle before it is pushed (`tlog-upload`); none: nothing is published anywhere. */
  readonly logBundle?: BundleLogger;
  readonly now?: () => Date;
  readonly logger?: Logger;
}

/**
 * Signs `statement` with `key` as a DSSE envelope in a key-based Sigstore bundle v0.3 (or has a `BundleSigner`
 * sign it: keyless) and pushes it as a referrer of `digest` exactly as cosign v3 does: the bundle and the empty config as blobs, the referrer
 * manifest by digest, then the listing (referrers API, else the fallback index). Nothing is written when a
 * listed bundle already holds an equivalent statement by this signer (re-running a job signs nothing twice).
 * A key-based bundle is logged only through `logBundle` (`tlog-upload`).
 */
export async function publishBundle(
  registry: Registry,
  repo: RepositoryRef,
  digest: string,
  key: SigningKey | BundleSigner,
  statement: BundleStatement,
  options: PublishOptions = {},
): Promise<PublishedBundle> {
  if (registry.pushReferrer === undefined || registry.listReferrers === undefined)
    throw new SigilError('INTERNAL', 'this registry view cannot write referrers');
  const where = `${repo.registry}/${repo.repository}`;
  const subject = await registry.getManifest(repo, digest);
  if (subject === undefined) throw imageNotFound(`${where}@${digest}`, 'sign');
  const signer = key instanceof SigningKey ? keyBundleSigner(key, options.logBundle) : key;
  const existing = await findEquivalentBundle(registry, repo, digest, signer, statement);
  if (existing !== undefined) {
    return {
      ref: `${where}@${existing.digest}`,
      manifestDigest: existing.digest,
      source: existing.source,
      deduplicated: true,
    };
  }
  const { bundle, tlogIndex } = await signer.signStatement(statement.parts);
  const [bundleBlob, configBlob] = await Promise.all([
    registry.putBlob(repo, bundle),
    registry.putBlob(repo, EMPTY_CONFIG),
  ]);
  const created = (options.now ?? (() => new Date()))();
  const manifest = bundleReferrerManifest({
    bundle: bundleBlob,
    emptyConfig: configBlob,
    subject: { mediaType: subject.mediaType, size: subject.bytes.byteLength, digest },
    predicateType: statement.predicateType,
    created,
  });
  const pushed = await registry.pushReferrer(repo, {
    manifest,
    subject: digest,
    artifactType: BUNDLE_V03_MEDIA_TYPE,
    annotations: bundleReferrerAnnotations(statement.predicateType, created),
  });
  (options.logger ?? silentLogger).debug(
    `${where}@${digest}: bundle ${pushed.digest} (${statement.predicateType}) listed through the ${pushed.source}.`,
  );
  return {
    ref: `${where}@${pushed.digest}`,
    manifestDigest: pushed.digest,
    source: pushed.source,
    deduplicated: false,
    ...(tlogIndex === undefined ? {} : { tlogIndex }),
  };
}

/** A key's bundle signer: sigil's own bundle bytes, logged by `logBundle` when given. */
function keyBundleSigner(key: SigningKey, logBundle: BundleLogger | undefined): BundleSigner {
  return {
    signStatement: async (parts) => {
      const length = parts.reduce((total, part) => total + part.length, 0);
      const signature = key.signParts([preAuthEncodingHeader(IN_TOTO_PAYLOAD_TYPE, length), ...parts]);
      const bundle = keyBundleBytes(key.publicKey.hint, IN_TOTO_PAYLOAD_TYPE, parts, signature);
      if (logBundle === undefined) return { bundle };
      const logged = await logBundle(bundle, key.publicKey.pem);
      return { bundle: logged.bundle, tlogIndex: logged.logIndex };
    },
    signedBundle: (_bundle, envelope) => Promise.resolve(envelopeSignedBy(envelope, key.publicKey)),
  };
}

/**
 * A listed bundle referrer of `digest` that `signer` signed and holds a statement `matches` accepts.
 * Listing entries that name another predicate type are skipped without a read; anything unreadable or not a
 * bundle is not ours. A registry failure is thrown: whether to write cannot be decided without the list.
 */
async function findEquivalentBundle(
  registry: Registry,
  repo: RepositoryRef,
  digest: string,
  signer: BundleSigner,
  statement: BundleStatement,
): Promise<{ digest: string; source: ReferrersSource } | undefined> {
  const { source, descriptors } = await registry.listReferrers!(repo, digest, {
    artifactTypes: SIGSTORE_BUNDLE_MEDIA_TYPES,
  });
  for (const descriptor of descriptors) {
    const label = descriptor.annotations?.[PREDICATE_TYPE_ANNOTATION];
    if (label !== undefined && label !== statement.predicateType) continue;
    if (await holdsStatement(registry, repo, digest, descriptor, signer, statement))
      return { digest: descriptor.digest, source };
  }
  return undefined;
}

async function holdsStatement(
  registry: Registry,
  repo: RepositoryRef,
  digest: string,
  descriptor: Descriptor,
  signer: BundleSigner,
  statement: BundleStatement,
): Promise<boolean> {
  const manifest = await registry.getManifest(repo, descriptor.digest);
  const referrer = manifest === undefined ? undefined : parseBundleReferrer(manifest);
  if (referrer === undefined || referrer.subjectDigest !== digest) return false;
  const blob = bundleBlobDigest(referrer.layer);
  if (blob === undefined) return false;
  let bytes: Uint8Array;
  try {
    bytes = await registry.getBlob(repo, blob);
  } catch (error) {
    if (isSigilError(error) && error.code === 'BLOB_NOT_FOUND') return false;
    throw error;
  }
  const bundle = parseStrictJsonBytesToPlain(bytes, 128);
  if (!bundle.ok || !isRecord(bundle.value)) return false;
  const read = readBundleEnvelope(bundle.value);
  if (!read.ok || !holdsInTotoStatement(read.envelope)) return false;
  const stored = parseInTotoStatement(read.envelope.payload);
  return (
    stored.ok &&
    stored.statement.predicateType === statement.predicateType &&
    statement.matches(stored.statement) &&
    (await signer.signedBundle(bundle.value, read.envelope))
  );
}
