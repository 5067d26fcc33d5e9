import {
  COSIGN_SIGN_PREDICATE_TYPE,
  SIGSTORE_BUNDLE_MEDIA_TYPES,
  bundleBlobDigest,
  bundleLeafCertificate,
  entryLogIndex,
  envelopeSignedBy,
  holdsInTotoStatement,
  isBundleLayerMediaType,
  parseBundleReferrer,
  readBundleEnvelope,
  type BundleEnvelope,
} from '@sigil/bundles';
import {
  isSigilError,
  mapConcurrently,
  parseStrictJsonBytesToPlain,
  type ErrorCode,
  isRecord,
} from '@sigil/core';
import type { PublicKey } from '@sigil/keys';
import { MEDIA_TYPES, type Descriptor, type ReferrersSource, type Registry } from '@sigil/oci';
import type { LoadedTrustedRoot } from '@sigil/transparency';
import type { EvidenceTarget } from './evidence-verifier.js';
import type { GatePolicy, TransparencyPolicy } from './gate-policy.js';
import { judgeSigner, type KeylessPolicy, type KeylessProblem } from './keyless-policy.js';
import { keylessFailure, signerIdentity } from './keyless-verdict.js';
import { ReadOnceRegistry } from './read-once-registry.js';

const BUNDLE_FETCH_CONCURRENCY = 4;

/**
 * Why one bundle does not count:
 * - `REFERRER_SUBJECT_MISMATCH`: the referrer manifest's `subject` is another digest (listed under this one);
 * - `STATEMENT_SUBJECT_MISMATCH`: a trusted key signed a statement about another digest;
 * - `KEY_REVOKED`: it verifies with a revoked key;
 * - `ANNOTATION_MISMATCH`: a trusted signature without the annotations the policy requires;
 * - `KEYLESS_NOT_CONFIGURED`: signed with a certificate (keyless), and the policy names no identity to trust;
 * - keyless, `KeylessProblem`s: a certificate whose signer the policy does not accept;
 * - `CERTIFICATE_UNTRUSTED`: keyless, and the certificate does not chain to a CA of the trusted root (or there
 *   is no trusted root); `CERTIFICATE_EXPIRED`: no verified time falls inside the certificate's validity;
 *   `SCT_MISSING`: the certificate carries no SCT of a CT log of the trusted root;
 * - `TLOG_INVALID`: a trusted key signed it, but a transparency-log entry it carries does not verify against
 *   `trusted-root` (unknown log, bad promise or inclusion proof, or an entry about other content);
 * - `TIMESTAMP_INVALID`: a trusted key signed it, but an RFC 3161 timestamp it carries does not verify against
 *   `trusted-root` (unknown authority, or a timestamp of another signature);
 * - `TLOG_MISSING`: a trusted key signed it, `require-tlog` is on, and it carries no transparency-log entry;
 * - `BUNDLE_INVALID`: not a bundle sigstore-js reads, too large, or gone, or a Sigstore bundle version the
 *   gate does not read (the referrer's `artifactType`, its layer's or the bundle's own `mediaType` is not one
 *   of `SIGSTORE_BUNDLE_MEDIA_TYPES`: sigstore-js accepts any `v<d>.<d>`, and the bundle's `mediaType` is
 *   not signed);
 * - `BUNDLE_UNTRUSTED`: verifies with no trusted key (another key, or edited after signing: ECDSA cannot tell
 *   the two apart; the bundle's key hint is never trusted).
 */
export type BundleProblem =
  | 'REFERRER_SUBJECT_MISMATCH'
  | 'STATEMENT_SUBJECT_MISMATCH'
  | 'KEY_REVOKED'
  | 'ANNOTATION_MISMATCH'
  | 'KEYLESS_NOT_CONFIGURED'
  | KeylessProblem
  | 'CERTIFICATE_UNTRUSTED'
  | 'CERTIFICATE_EXPIRED'
  | 'SCT_MISSING'
  | 'TLOG_INVALID'
  | 'TIMESTAMP_INVALID'
  | 'TLOG_MISSING'
  | 'BUNDLE_INVALID'
  | 'BUNDLE_UNTRUSTED';

/**
 * A bundle's transparency-log entries and RFC 3161 timestamps, as the gate treated them: `verified` against
 * `trusted-root`, or `unchecked` when none was given (trust then comes from the key alone).
 */
interface BundleTransparency {
  readonly tlogEntries: number;
  readonly rfc3161Timestamps: number;
  readonly checked: 'verified' | 'unchecked';
  /** The verified entries' log indexes and the times they were integrated (RFC 3339), in bundle order. */
  readonly entries?: readonly { readonly logIndex: string; readonly integratedTime?: string }[];
}

/** What one Sigstore bundle referrer gave; reported as evidence. */
export interface BundleOutcome {
  /** Digest of the referrer manifest. */
  readonly manifest: string;
  readonly verified: boolean;
  readonly problem?: BundleProblem;
  readonly message: string;
  /** The signed statement's predicate type once a trusted or revoked key vouched for it, else the manifest's label. */
  readonly predicateType?: string;
  /** Whether `predicateType` comes from the signed statement (true) or the unsigned manifest annotation. */
  readonly signedPredicateType: boolean;
  /** The key that verified it (trusted, or revoked for `KEY_REVOKED`). */
  readonly keyId?: string;
  /** The keyless signer, as its verified certificate names it. */
  readonly identity?: { readonly subjectAlternativeName?: string; readonly issuer?: string };
  /** Its log entries and timestamps, once a trusted key verified it and it carries any (or needs one). */
  readonly transparency?: BundleTransparency;
}

/** A verified bundle's statement, for the checks that need its predicate. */
export interface JudgedBundle {
  readonly outcome: BundleOutcome;
  readonly statement?: { readonly predicateType: string; readonly predicate: unknown };
}

export interface BundleEvidence {
  /** Where the referrers were listed; undefined when they could not be read. */
  readonly source?: ReferrersSource;
  readonly bundles: readonly JudgedBundle[];
  /** The code of the error that prevented reading the referrers (could not check is never a pass). */
  readonly error?: { readonly code: ErrorCode; readonly message: string };
}

/** Per image view (`ReadOnceRegistry`), per policy, per digest: what one gate run has read. */
const cache = new WeakMap<Registry, WeakMap<GatePolicy, Map<string, Promise<BundleEvidence>>>>();

/**
 * The Sigstore bundle referrers of one digest, each verified against every trusted and revoked key (the
 * bundle's key hint is not trusted) and the statement's subject checked to name the digest; its log entries
 * and timestamps as `policy.transparency` says (unchecked without a trusted root). Read once per
 * image view, policy and digest when `registry` is the gate's per-image `ReadOnceRegistry` (shared across
 * requirements); any other registry is read afresh on every call, so nothing from an earlier run is served.
 * A registry view without `listReferrers` has no bundles.
 */
export function bundleEvidence(
  registry: Registry,
  target: EvidenceTarget,
  policy: GatePolicy,
): Promise<BundleEvidence> {
  if (!(registry instanceof ReadOnceRegistry)) return readBundleEvidence(registry, target, policy);
  let perPolicy = cache.get(registry);
  if (perPolicy === undefined) {
    perPolicy = new WeakMap();
    cache.set(registry, perPolicy);
  }
  let perDigest = perPolicy.get(policy);
  if (perDigest === undefined) {
    perDigest = new Map();
    perPolicy.set(policy, perDigest);
  }
  let pending = perDigest.get(target.digest);
  if (pending === undefined) {
    pending = readBundleEvidence(registry, target, policy);
    perDigest.set(target.digest, pending);
  }
  return pending;
}

async function readBundleEvidence(
  registry: Registry,
  target: EvidenceTarget,
  policy: GatePolicy,
): Promise<BundleEvidence> {
  if (registry.listReferrers === undefined) return { bundles: [] };
  try {
    const { source, descriptors } = await registry.listReferrers(target.repo, target.digest);
    const judged = await mapConcurrently(
      descriptors.filter(mayBeBundle),
      BUNDLE_FETCH_CONCURRENCY,
      (descriptor) => judgeReferrer(registry, target, descriptor, policy),
    );
    return { source, bundles: judged.filter((bundle): bundle is JudgedBundle => bundle !== undefined) };
  } catch (error) {
    if (!isSigilError(error)) throw error;
    return { bundles: [], error: { code: error.code, message: error.message } };
  }
}

/**
 * Whether a listed referrer may be a Sigstore bundle, so that its manifest is read: listed as any Sigstore
 * bundle version (an unknown one is read to be reported, not skipped as if absent), or listed so that it
 * cannot tell (no `artifactType`, or the empty config's media type, as ggcr lists `config.mediaType`).
 * Every other artifact is not fetched.
 */
function mayBeBundle({ artifactType }: Descriptor): boolean {
  return (
    artifactType === undefined ||
    artifactType === MEDIA_TYPES.ociEmpty ||
    isBundleLayerMediaType(artifactType)
  );
}

/** A Sigstore bundle media type the gate does not read (another version), described; else undefined. */
function unknownVersion(mediaType: unknown, what: string): string | undefined {
  if (typeof mediaType === 'string' && SIGSTORE_BUNDLE_MEDIA_TYPES.includes(mediaType)) return undefined;
  return `${what} ${mediaType === undefined ? 'has no mediaType' : `is ${JSON.stringify(mediaType)}`}, not a Sigstore bundle version the gate reads (${SIGSTORE_BUNDLE_MEDIA_TYPES.join(', ')})`;
}

/** One listed referrer: undefined when it is not a Sigstore bundle (skipped, as cosign does). */
async function judgeReferrer(
  registry: Registry,
  target: EvidenceTarget,
  descriptor: Descriptor,
  policy: GatePolicy,
): Promise<JudgedBundle | undefined> {
  const manifest = await registry.getManifest(target.repo, descriptor.digest);
  const referrer = manifest === undefined ? undefined : parseBundleReferrer(manifest);
  if (referrer === undefined) return undefined;
  const { layer, label, subjectDigest, artifactType } = referrer;
  const base = {
    manifest: descriptor.digest,
    ...(label === undefined ? {} : { predicateType: label }),
    signedPredicateType: false,
  };
  const failed = (problem: BundleProblem, message: string): JudgedBundle => ({
    outcome: { ...base, verified: false, problem, message },
  });
  if (subjectDigest !== target.digest) {
    return failed(
      'REFERRER_SUBJECT_MISMATCH',
      `the referrer ${descriptor.digest} is about ${typeof subjectDigest === 'string' ? subjectDigest : 'no subject'}, not ${target.digest}`,
    );
  }
  const labelled =
    (isBundleLayerMediaType(artifactType)
      ? unknownVersion(artifactType, `the artifactType of the referrer ${descriptor.digest}`)
      : undefined) ?? unknownVersion(layer['mediaType'], `the bundle layer of ${descriptor.digest}`);
  if (labelled !== undefined) return failed('BUNDLE_INVALID', labelled);
  const digest = bundleBlobDigest(layer);
  if (digest === undefined)
    return failed(
      'BUNDLE_INVALID',
      `the bundle layer of ${descriptor.digest} has no digest or is over 128 MiB`,
    );
  let bytes: Uint8Array;
  try {
    bytes = await registry.getBlob(target.repo, digest);
  } catch (error) {
    if (isSigilError(error) && error.code === 'BLOB_NOT_FOUND')
      return failed('BUNDLE_INVALID', `the bundle blob ${digest} is gone`);
    throw error;
  }
  const bundle = parseStrictJsonBytesToPlain(bytes, 64);
  if (!bundle.ok || !isRecord(bundle.value))
    return failed(
      'BUNDLE_INVALID',
      `the bundle ${digest} is not JSON: ${bundle.ok ? 'not an object' : bundle.message}`,
    );
  return judgeBundle(bundle.value, `the bundle ${digest}`, target, policy, base);
}

/**
 * One Sigstore bundle (parsed JSON) listed for `target.digest`, judged as the gate judges every bundle
 * referrer once it is read: its version, keyless or key-based, a DSSE statement (a message signature signs a
 * blob, not an image), the keys, the statement's subject, and its log entries and timestamps.
 */
export async function judgeBundle(
  bundle: Record<string, unknown>,
  what: string,
  target: EvidenceTarget,
  policy: GatePolicy,
  base: Pick<BundleOutcome, 'manifest' | 'predicateType' | 'signedPredicateType'>,
): Promise<JudgedBundle> {
  const failed = (
    problem: BundleProblem,
    message: string,
    extra: Partial<BundleOutcome> = {},
  ): JudgedBundle => ({
    outcome: { ...base, verified: false, problem, message, ...extra },
  });
  const version = unknownVersion(bundle['mediaType'], `the media type of ${what}`);
  if (version !== undefined) return failed('BUNDLE_INVALID', version);
  const material = bundle['verificationMaterial'];
  if (
    isRecord(material) &&
    (material['certificate'] !== undefined || material['x509CertificateChain'] !== undefined)
  ) {
    const { keyless } = policy;
    if (keyless === undefined)
      return failed(
        'KEYLESS_NOT_CONFIGURED',
        `${what} is signed with a certificate (keyless), and no certificate-identity (or signer-workflow / signer-repo) says whose certificates to trust`,
      );
    return verifyKeyless(bundle, what, target, { ...policy, keyless }, base, failed);
  }
  if (!isRecord(bundle['dsseEnvelope'])) {
    return failed(
      'BUNDLE_INVALID',
      `${what} signs a blob (a message signature), not an in-toto statement about the image: cosign and sigil sign and attest images with DSSE bundles`,
    );
  }
  return verifyWithKeys(bundle, what, target, policy, base, failed);
}

async function verifyWithKeys(
  bundle: Record<string, unknown>,
  what: string,
  target: EvidenceTarget,
  { signature: policy, transparency }: GatePolicy,
  base: Pick<BundleOutcome, 'manifest' | 'predicateType' | 'signedPredicateType'>,
  failed: (problem: BundleProblem, message: string, extra?: Partial<BundleOutcome>) => JudgedBundle,
): Promise<JudgedBundle> {
  // The key decides first, over the DSSE envelope alone (its pre-authentication encoding, node:crypto, as for
  // `.att` layers): a bundle no trusted key signed is untrusted whatever its log says, and its key hint is
  // never read. Then, for a trusted key, the log entries and timestamps as `transparency` says.
  const read = readBundleEnvelope(bundle);
  if (!read.ok) return failed('BUNDLE_INVALID', `${what} cannot be read: ${read.message}`);
  const { envelope } = read;
  const material = isRecord(bundle['verificationMaterial']) ? bundle['verificationMaterial'] : {};
  if (!isRecord(material['publicKey']))
    return failed('BUNDLE_INVALID', `${what} names no public key (verificationMaterial.publicKey)`);
  const statement = signedStatement(envelope);
  const signed =
    statement === undefined ? {} : { predicateType: statement.predicateType, signedPredicateType: true };
  const revoked = (policy.revokedKeys ?? []).find((key) => envelopeSignedBy(envelope, key));
  if (revoked !== undefined) {
    return failed('KEY_REVOKED', `the bundle verifies with the revoked key ${revoked.id}`, {
      ...signed,
      keyId: revoked.id,
    });
  }
  const key = policy.trustedKeys.find((candidate) => envelopeSignedBy(envelope, candidate));
  if (key === undefined)
    return failed(
      'BUNDLE_UNTRUSTED',
      'the bundle verifies with no key in public-keys (another key signed it, or it was edited after signing; its key hint is not trusted)',
    );
  if (statement === undefined)
    return failed('BUNDLE_INVALID', 'the signed DSSE payload is not an in-toto statement');
  const subject = subjectProblem(statement, target);
  if (subject !== undefined) {
    return failed(
      'STATEMENT_SUBJECT_MISMATCH',
      `a trusted key signed this bundle for another digest: ${subject}`,
      {
        ...signed,
        keyId: key.id,
      },
    );
  }
  const missing = missingAnnotation(statement.subjectAnnotations, policy.annotations);
  if (missing !== undefined && statement.predicateType === COSIGN_SIGN_PREDICATE_TYPE)
    return failed('ANNOTATION_MISMATCH', missing, { ...signed, keyId: key.id });
  const logged = await checkTransparency(bundle, material, key, target, transparency);
  if (!logged.ok)
    return failed(logged.problem, logged.message, {
      ...signed,
      keyId: key.id,
      transparency: logged.transparency,
    });
  return {
    outcome: {
      ...base,
      ...signed,
      verified: true,
      keyId: key.id,
      message: `a Sigstore bundle (${statement.predicateType}) verified with key ${key.id}${logged.note}`,
      ...(logged.transparency === undefined ? {} : { transparency: logged.transparency }),
    },
    statement: { predicateType: statement.predicateType, predicate: statement.predicate },
  };
}

/**
 * A keyless bundle (a Fulcio certificate): sigstore-js verifies the certificate chain to a CA of the trusted
 * root and its SCTs, the transparency-log entries and timestamps (a verified time inside the certificate's
 * validity is required; an entry is required unless `require-tlog` is `false`), and the DSSE signature with
 * the certificate's key. Then the signer must be one `policy.keyless` accepts, and only then do the statement's
 * subject and annotations count.
 */
async function verifyKeyless(
  bundle: Record<string, unknown>,
  what: string,
  target: EvidenceTarget,
  { signature, keyless, transparency }: GatePolicy & { readonly keyless: KeylessPolicy },
  base: Pick<BundleOutcome, 'manifest' | 'predicateType' | 'signedPredicateType'>,
  failed: (problem: BundleProblem, message: string, extra?: Partial<BundleOutcome>) => JudgedBundle,
): Promise<JudgedBundle> {
  const read = readBundleEnvelope(bundle);
  if (!read.ok) return failed('BUNDLE_INVALID', `${what} cannot be read: ${read.message}`);
  const trustedRoot = transparency?.trustedRoot;
  if (trustedRoot === undefined)
    return failed('CERTIFICATE_UNTRUSTED', `${what} is keyless, and no trusted root was given to verify it`);
  const material = isRecord(bundle['verificationMaterial']) ? bundle['verificationMaterial'] : {};
  const leaf = bundleLeafCertificate(material);
  if (leaf === undefined || !trustedRoot.issues(leaf))
    return failed(
      'CERTIFICATE_UNTRUSTED',
      `${what} is signed with a certificate no certificate authority of trusted-root issued`,
    );
  const counts = transparencyCounts(material);
  const requireTlog = transparency?.requireTlog !== false;
  const { verifyBundle } = await import('@sigil/transparency');
  const verdict = verifyBundle({
    bundle,
    trustedRoot,
    tlogThreshold: requireTlog ? 1 : 0,
    timestampThreshold: 1,
    ctlogThreshold: 1,
  });
  const transparencyOutcome: BundleTransparency = { ...counts, checked: 'verified' };
  if (!verdict.ok) {
    const problem = keylessFailure(verdict.reason, verdict.message, counts);
    return failed(problem, `${what} does not verify as a keyless signature: ${verdict.message}`, {
      transparency: transparencyOutcome,
    });
  }
  const identity = signerIdentity(verdict);
  const { subjectAlternativeName, issuer } = identity;
  const statement = signedStatement(read.envelope);
  const signed =
    statement === undefined ? {} : { predicateType: statement.predicateType, signedPredicateType: true };
  const refused = judgeSigner(verdict.signer, keyless);
  if (refused !== undefined) return failed(refused.problem, refused.message, { ...signed, identity });
  if (statement === undefined)
    return failed('BUNDLE_INVALID', 'the signed DSSE payload is not an in-toto statement', { identity });
  const subject = subjectProblem(statement, target);
  if (subject !== undefined)
    return failed(
      'STATEMENT_SUBJECT_MISMATCH',
      `a trusted identity signed this bundle for another digest: ${subject}`,
      {
        ...signed,
        identity,
      },
    );
  const missing = missingAnnotation(statement.subjectAnnotations, signature.annotations);
  if (missing !== undefined && statement.predicateType === COSIGN_SIGN_PREDICATE_TYPE)
    return failed('ANNOTATION_MISMATCH', missing, { ...signed, identity });
  return {
    outcome: {
      ...base,
      ...signed,
      verified: true,
      identity,
      transparency: { ...transparencyOutcome, entries: verifiedEntries(material) },
      message: `a keyless Sigstore bundle (${statement.predicateType}) verified: certificate for ${JSON.stringify(subjectAlternativeName ?? null)} from ${JSON.stringify(issuer ?? null)}, ${verifiedCounts(counts)}`,
    },
    statement: { predicateType: statement.predicateType, predicate: statement.predicate },
  };
}

/** The signing certificate's DER: `certificate` (v0.3) or the first of `x509CertificateChain` (v0.1, v0.2). */
function transparencyCounts(material: Record<string, unknown>): {
  tlogEntries: number;
  rfc3161Timestamps: number;
} {
  const entries = Array.isArray(material['tlogEntries']) ? material['tlogEntries'] : [];
  const timestampData = material['timestampVerificationData'];
  const timestamps =
    isRecord(timestampData) && Array.isArray(timestampData['rfc3161Timestamps'])
      ? timestampData['rfc3161Timestamps'].length
      : 0;
  return { tlogEntries: entries.length, rfc3161Timestamps: timestamps };
}

/** The log indexes and integration times of a bundle's entries (once sigstore-js verified them). */
function verifiedEntries(material: Record<string, unknown>): BundleTransparency['entries'] {
  const entries = Array.isArray(material['tlogEntries']) ? material['tlogEntries'] : [];
  return entries.filter(isRecord).map((entry) => ({
    logIndex: String(entryLogIndex(entry)),
    ...(isIntegerText(entry['integratedTime']) && entry['inclusionPromise'] !== undefined
      ? { integratedTime: new Date(Number(entry['integratedTime']) * 1000).toISOString() }
      : {}),
  }));
}

/** Why the statement is not about `target.digest`, or undefined when one subject names it. */
function subjectProblem(statement: SignedStatement, target: EvidenceTarget): string | undefined {
  const hex = target.digest.startsWith('sha256:') ? target.digest.slice('sha256:'.length) : undefined;
  if (hex !== undefined && statement.subjectDigests.includes(hex)) return undefined;
  return `no subject of the signed statement has the sha256 ${hex ?? target.digest}`;
}

type TransparencyJudgement =
  | { readonly ok: true; readonly note: string; readonly transparency?: BundleTransparency }
  | {
      readonly ok: false;
      readonly problem: 'TLOG_INVALID' | 'TIMESTAMP_INVALID' | 'TLOG_MISSING';
      readonly message: string;
      readonly transparency: BundleTransparency;
    };

/**
 * The log entries and timestamps of a bundle `key` signed: set aside (and said so) without a trusted root;
 * with one, every entry and timestamp must verify against it (sigstore-js: the log's key by log ID, the
 * inclusion promise or proof, the entry's body against this signature and payload; the TSA's chain and the
 * timestamp's imprint of this signature), and with `requireTlog` there must be an entry.
 */
async function checkTransparency(
  bundle: Record<string, unknown>,
  material: Record<string, unknown>,
  key: PublicKey,
  target: EvidenceTarget,
  policy: TransparencyPolicy | undefined,
): Promise<TransparencyJudgement> {
  const counts = transparencyCounts(material);
  const { tlogEntries: entries, rfc3161Timestamps: timestamps } = counts;
  const trustedRoot: LoadedTrustedRoot | undefined = policy?.trustedRoot;
  if (trustedRoot === undefined) {
    if (policy?.requireTlog === true) {
      return {
        ok: false,
        problem: entries === 0 ? 'TLOG_MISSING' : 'TLOG_INVALID',
        message:
          'require-tlog is on, but no trusted root was given to verify transparency-log entries against',
        transparency: { ...counts, checked: 'unchecked' },
      };
    }
    if (entries === 0 && timestamps === 0) return { ok: true, note: '' };
    return {
      ok: true,
      note: '; its transparency-log entries and timestamps were not checked (no trusted-root)',
      transparency: { ...counts, checked: 'unchecked' },
    };
  }
  if (policy?.requireTlog === true && entries === 0) {
    return {
      ok: false,
      problem: 'TLOG_MISSING',
      message: 'require-tlog is on and the bundle carries no transparency-log entry',
      transparency: { ...counts, checked: 'verified' },
    };
  }
  if (entries === 0 && timestamps === 0) return { ok: true, note: '' };
  // sigstore-js verifies the entries and timestamps; it is loaded only when there are some to verify.
  const { verifyBundleWithKey } = await import('@sigil/transparency');
  const verdict = verifyBundleWithKey({
    bundle,
    publicKey: key,
    trustedRoot,
    subjectDigest: target.digest,
    tlogThreshold: policy?.requireTlog === true ? 1 : 0,
    timestampThreshold: 0,
    ctlogThreshold: 0,
  });
  if (!verdict.ok) {
    const what = verdict.reason === 'TIMESTAMP' ? 'a timestamp' : 'a transparency-log entry';
    return {
      ok: false,
      problem: verdict.reason === 'TIMESTAMP' ? 'TIMESTAMP_INVALID' : 'TLOG_INVALID',
      message: `a trusted key signed the bundle, but ${what} it carries does not verify against trusted-root: ${verdict.message}`,
      transparency: { ...counts, checked: 'verified' },
    };
  }
  return {
    ok: true,
    note: `; ${verifiedCounts(counts)}`,
    transparency: { ...counts, checked: 'verified', entries: verifiedEntries(material) },
  };
}

/** `N transparency-log entries and M timestamps verified against trusted-root`. */
function verifiedCounts({ tlogEntries, rfc3161Timestamps }: ReturnType<typeof transparencyCounts>): string {
  const plural = (count: number, word: string, many: string) => `${count} ${count === 1 ? word : many}`;
  return `${plural(tlogEntries, 'transparency-log entry', 'transparency-log entries')} and ${plural(rfc3161Timestamps, 'timestamp', 'timestamps')} verified against trusted-root`;
}

function isIntegerText(value: unknown): value is string {
  return typeof value === 'string' && /^\d{1,15}$/.test(value);
}

interface SignedStatement {
  readonly predicateType: string;
  readonly predicate: unknown;
  /** The hex sha256 digests of its subjects. */
  readonly subjectDigests: readonly string[];
  readonly subjectAnnotations: Readonly<Record<string, unknown>>;
}

/** The in-toto statement of an envelope, read as data once (it counts only after a key verified the envelope). */
function signedStatement(envelope: BundleEnvelope): SignedStatement | undefined {
  if (!holdsInTotoStatement(envelope)) return undefined;
  const parsed = parseStrictJsonBytesToPlain(envelope.payload, 64);
  if (!parsed.ok || !isRecord(parsed.value)) return undefined;
  const { predicateType, predicate, subject } = parsed.value;
  if (typeof predicateType !== 'string' || !Array.isArray(subject)) return undefined;
  const subjects = subject.filter(isRecord);
  const subjectDigests = subjects.flatMap(({ digest }) =>
    isRecord(digest) && typeof digest['sha256'] === 'string' ? [digest['sha256']] : [],
  );
  const first = subjects[0];
  const annotations = first !== undefined && isRecord(first['annotations']) ? first['annotations'] : {};
  return { predicateType, predicate, subjectDigests, subjectAnnotations: annotations };
}

function missingAnnotation(
  found: Readonly<Record<string, unknown>>,
  required: Readonly<Record<string, string>> | undefined,
): string | undefined {
  for (const [key, value] of Object.entries(required ?? {})) {
    if (found[key] !== value)
      return `the signed statement's subject annotation ${key} is ${JSON.stringify(found[key] ?? null)}, not ${JSON.stringify(value)}`;
  }
  return undefined;
}
