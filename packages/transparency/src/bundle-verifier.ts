import { createHash, createPublicKey, X509Certificate } from 'node:crypto';
import { RFC3161Timestamp, X509Certificate as SigstoreCertificate } from '@sigstore/core';
import { messageOf } from '@sigil/core';
import { bundleFromJSON, isBundleWithDsseEnvelope, type Bundle } from '@sigstore/bundle';
import { TrustedRoot } from '@sigstore/protobuf-specs';
import {
  PolicyError,
  toTrustMaterial,
  VerificationError,
  Verifier,
  type SignedEntity,
  type TrustMaterial,
  type VerificationPolicy,
} from '@sigstore/verify';
import { publicKeyFromKeyObject, type PublicKey } from '@sigil/keys';
// @sigstore/verify is pinned: a deep import, as in keyless-verification.ts.
import { signatureContent } from '@sigstore/verify/dist/bundle/index.js';
import { KeylessVerification } from './keyless-verification.js';
import { proofsMatchCheckpoints } from './inclusion-proof.js';

/**
 * Sigstore bundle (v0.1–v0.3) verification, delegated to sigstore-js (`@sigstore/verify`); this module
 * only parses inputs, picks the trust material and names the outcome.
 * - `BUNDLE_INVALID`: not a Sigstore bundle sigstore-js accepts.
 * - `TRUSTED_ROOT_INVALID`: the trusted root cannot be read.
 * - `ARTIFACT_MISSING`: a message-signature bundle was given no artifact to check against.
 * - `KEY_NOT_TRUSTED`: a key-signed bundle, but no public key was given.
 * - `CERTIFICATE`: the signing certificate does not chain to the trusted root, or lacks SCTs.
 * - `TLOG`: transparency-log entries missing, or their proofs / promises / bodies do not verify.
 * - `TIMESTAMP`: too few verified timestamps, or a timestamp does not verify.
 * - `SIGNATURE`: the signature does not verify (wrong key, altered artifact or statement).
 * - `IDENTITY_MISMATCH`: the certificate's identity or issuer is not the expected one.
 * - `SUBJECT_MISMATCH`: the DSSE statement does not name the artifact's sha256 (or `subjectDigest`).
 * - `UNSUPPORTED`: sigstore-js does not implement what the bundle needs.
 */
type BundleFailureReason =
  | 'BUNDLE_INVALID'
  | 'TRUSTED_ROOT_INVALID'
  | 'ARTIFACT_MISSING'
  | 'KEY_NOT_TRUSTED'
  | 'CERTIFICATE'
  | 'TLOG'
  | 'TIMESTAMP'
  | 'SIGNATURE'
  | 'IDENTITY_MISMATCH'
  | 'SUBJECT_MISMATCH'
  | 'UNSUPPORTED';

interface BundleSigner {
  /** `PublicKey.id` of the given key, for key-signed bundles. */
  readonly keyId?: string;
  readonly subjectAlternativeName?: string;
  readonly issuer?: string;
  /**
   * The signing certificate's Fulcio extensions (OIDs under 1.3.6.1.4.1.57264.1), by dotted OID, as text: the
   * raw value of the v1 extensions (.1.1–.1.6), the DER UTF8String of the others (.1.8 on). Keyless only.
   */
  readonly fulcioExtensions?: Readonly<Record<string, string>>;
}

export type BundleVerdict =
  | { readonly ok: true; readonly signer: BundleSigner }
  | { readonly ok: false; readonly reason: BundleFailureReason; readonly message: string };

export interface BundleVerificationInput {
  /** The bundle: JSON text, or the parsed JSON value. */
  readonly bundle: unknown;
  /**
   * The signed artifact. Required for message-signature bundles. For DSSE bundles the signed statement is
   * inside the envelope; when an artifact is given, one statement subject must carry its sha256.
   */
  readonly artifact?: Uint8Array;
  /**
   * A `trusted_root.json` document (`application/vnd.dev.sigstore.trustedroot+json`): text or parsed JSON, or
   * one read once by `loadTrustedRoot` (what a caller verifying many bundles passes).
   */
  readonly trustedRoot: unknown;
  /**
   * For DSSE bundles without an artifact (e.g. an image attestation): the `sha256:<hex>` digest one subject
   * of the signed statement must carry — for an image, its manifest digest.
   */
  readonly subjectDigest?: string;
  /** Minimum verified transparency-log entries (sigstore-js default: 1). */
  readonly tlogThreshold?: number;
  /** Minimum verified timestamps, from the log or a TSA (sigstore-js default: 1). */
  readonly timestampThreshold?: number;
  /** Minimum SCTs in a signing certificate (sigstore-js default: 1). */
  readonly ctlogThreshold?: number;
}

export interface CertificateIdentityPolicy {
  /** Exact subject alternative name (e-mail or URI) of the signing certificate. */
  readonly subjectAlternativeName?: string;
  /** Exact OIDC issuer recorded in the certificate. */
  readonly issuer?: string;
}

class BundleInputError extends Error {
  constructor(
    readonly reason: BundleFailureReason,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Verifies a bundle signed with `publicKey` (cosign `verify-blob --bundle --key`); the bundle's key hint is
 * not trusted. The gate verifies cosign v3's bundle referrers with it, once per trusted and revoked key.
 */
export function verifyBundleWithKey(
  input: BundleVerificationInput & { readonly publicKey: PublicKey },
): BundleVerdict {
  const keyFinder = () => ({ publicKey: input.publicKey.keyObject, validFor: () => true });
  return runVerification(input, keyFinder, undefined, { keyId: input.publicKey.id });
}

/** Verifies a keyless (certificate) bundle against the trusted root, optionally requiring an identity. */
export function verifyBundle(
  input: BundleVerificationInput & { readonly identity?: CertificateIdentityPolicy },
): BundleVerdict {
  const expected = input.identity;
  // sigstore-js reads a policy subject as an unanchored regular expression (`san.match(subject)`): an
  // exact identity is given as an anchored, escaped pattern, and compared exactly once verified.
  const policy: VerificationPolicy = {
    ...(expected?.subjectAlternativeName === undefined
      ? {}
      : { subjectAlternativeName: exactPattern(expected.subjectAlternativeName) }),
    ...(expected?.issuer === undefined ? {} : { extensions: { issuer: expected.issuer } }),
  };
  const verdict = runVerification(input, undefined, policy, {});
  if (!verdict.ok || expected === undefined) return verdict;
  const { subjectAlternativeName, issuer } = verdict.signer;
  if (
    (expected.subjectAlternativeName !== undefined &&
      subjectAlternativeName !== expected.subjectAlternativeName) ||
    (expected.issuer !== undefined && issuer !== expected.issuer)
  ) {
    return {
      ok: false,
      reason: 'IDENTITY_MISMATCH',
      message: `the certificate names ${JSON.stringify(subjectAlternativeName ?? null)} from ${JSON.stringify(issuer ?? null)}, not ${JSON.stringify(expected.subjectAlternativeName ?? null)} from ${JSON.stringify(expected.issuer ?? null)}`,
    };
  }
  return verdict;
}

const FULCIO_ARC = '1.3.6.1.4.1.57264.1.';

type CertificateExtensions = Parameters<typeof fulcioExtensions>[0];
/** Per verified certificate (its signer is remembered by the keyless verification, and so its extensions). */
const extensionsRead = new WeakMap<CertificateExtensions, Readonly<Record<string, string>>>();

function knownFulcioExtensions(oids: CertificateExtensions): Readonly<Record<string, string>> {
  let found = extensionsRead.get(oids);
  if (found === undefined) {
    found = Object.freeze(fulcioExtensions(oids));
    extensionsRead.set(oids, found);
  }
  return found;
}

/** Fulcio's extensions of a verified certificate, as text (see `BundleSigner.fulcioExtensions`). */
function fulcioExtensions(
  oids: readonly { readonly oid?: { readonly id: readonly number[] }; readonly value: Uint8Array }[],
): Record<string, string> {
  const found: Record<string, string> = {};
  for (const { oid, value } of oids) {
    const dotted = oid?.id.join('.');
    if (dotted === undefined || !dotted.startsWith(FULCIO_ARC)) continue;
    const arc = Number(dotted.slice(FULCIO_ARC.length));
    const text = arc <= 6 ? Buffer.from(value).toString('utf8') : derUtf8String(value);
    if (text !== undefined) found[dotted] = text;
  }
  return found;
}

/** The text of a DER UTF8String (tag 12), or undefined when the bytes are not exactly one. */
function derUtf8String(bytes: Uint8Array): string | undefined {
  if (bytes.length < 2 || bytes[0] !== 0x0c) return undefined;
  let length = bytes[1] as number;
  let offset = 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count === 0 || count > 3 || bytes.length < 2 + count) return undefined;
    length = 0;
    for (let index = 0; index < count; index++) length = length * 256 + (bytes[2 + index] as number);
    offset = 2 + count;
  }
  if (offset + length !== bytes.length) return undefined;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(offset));
  } catch {
    return undefined;
  }
}

function exactPattern(text: string): string {
  return `^${text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`;
}

function runVerification(
  input: BundleVerificationInput,
  keyFinder: Parameters<typeof toTrustMaterial>[1],
  policy: VerificationPolicy | undefined,
  signerBase: BundleSigner,
): BundleVerdict {
  return withoutStackTraces(() => verifyOnce(input, keyFinder, policy, signerBase));
}

/**
 * Runs `verify` (synchronous) capturing no stack trace for the errors thrown meanwhile. sigstore-js's ASN.1 reader
 * tries every OCTET STRING as nested DER and throws and catches an error wherever it is not, several times per
 * certificate and timestamp: capturing their stacks took a fifth of a keyless verification. Its failures are
 * reported by message, so nothing is lost; the limit is back before anything else runs.
 */
function withoutStackTraces<T>(verify: () => T): T {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return verify();
  } finally {
    Error.stackTraceLimit = limit;
  }
}

function verifyOnce(
  input: BundleVerificationInput,
  keyFinder: Parameters<typeof toTrustMaterial>[1],
  policy: VerificationPolicy | undefined,
  signerBase: BundleSigner,
): BundleVerdict {
  try {
    const bundle = readBundle(input.bundle);
    const entity = signedEntity(bundle, input.artifact);
    proofsMatchCheckpoints(entity);
    const thresholds = {
      tlogThreshold: input.tlogThreshold ?? 1,
      timestampThreshold: input.timestampThreshold ?? 1,
      ctlogThreshold: input.ctlogThreshold ?? 1,
    };
    // Keyless against a loaded root: its trust material is built once, and each certificate chained once.
    const signer =
      keyFinder === undefined && input.trustedRoot instanceof LoadedTrustedRoot
        ? input.trustedRoot.keylessVerification().verify(entity, thresholds, policy)
        : new Verifier(readTrustMaterial(input.trustedRoot, keyFinder), thresholds).verify(entity, policy);
    const subject = expectedSubject(input);
    if (subject !== undefined && isBundleWithDsseEnvelope(bundle)) checkStatementSubject(bundle, subject);
    const identity = signer.identity;
    return {
      ok: true,
      signer: {
        ...signerBase,
        ...(identity?.subjectAlternativeName === undefined
          ? {}
          : { subjectAlternativeName: identity.subjectAlternativeName }),
        ...(identity?.extensions?.issuer === undefined ? {} : { issuer: identity.extensions.issuer }),
        ...(identity?.oids === undefined ? {} : { fulcioExtensions: knownFulcioExtensions(identity.oids) }),
      },
    };
  } catch (error) {
    return { ok: false, ...describeFailure(error) };
  }
}

function readBundle(value: unknown): Bundle {
  try {
    return bundleFromJSON(typeof value === 'string' ? JSON.parse(value) : value);
  } catch (cause) {
    throw new BundleInputError('BUNDLE_INVALID', `not a valid Sigstore bundle: ${messageOf(cause)}`);
  }
}

/** A trusted root read once: its logs, CAs and TSAs, for verifying any number of bundles. */
export class LoadedTrustedRoot {
  private constructor(
    /** @internal */ readonly root: TrustedRoot,
    /** How many transparency logs, certificate authorities, CT logs and timestamp authorities it trusts. */
    readonly counts: {
      readonly tlogs: number;
      readonly certificateAuthorities: number;
      readonly ctlogs: number;
      readonly timestampAuthorities: number;
    },
  ) {}

  /** Every certificate of every CA chain, parsed once (the gate asks `issues` for each keyless bundle). */
  #authorityCertificates: X509Certificate[] | undefined;

  /**
   * The keys of this root's transparency logs sigil can verify with (ECDSA and RSA; not Ed25519, which only
   * Rekor v2 logs use and cosign's Rekor bundles never name), each identified by its log ID (`PublicKey.id`
   * is the sha256 of the key, as Rekor's log ID is).
   */
  rekorKeys(): PublicKey[] {
    this.#rekorKeys ??= this.root.tlogs.flatMap((log) => {
      const raw = log.publicKey?.rawBytes;
      if (raw === undefined) return [];
      try {
        return [
          publicKeyFromKeyObject(createPublicKey({ key: Buffer.from(raw), format: 'der', type: 'spki' })),
        ];
      } catch {
        return [];
      }
    });
    return [...this.#rekorKeys];
  }

  /** @internal Keyless verification against this root, with its trust material built once (`verifyBundle`). */
  keylessVerification(): KeylessVerification {
    this.#keyless ??= new KeylessVerification(toTrustMaterial(this.root));
    return this.#keyless;
  }

  #keyless: KeylessVerification | undefined;

  /** The Rekor keys, read once (every keyless `.sig` layer's Rekor bundle is checked against them). */
  #rekorKeys: PublicKey[] | undefined;

  /**
   * Whether a certificate authority of this root issued `certificate` (DER): some certificate of some CA's chain
   * is its issuer and its signature verifies with that certificate's key. Validity in time, the rest of the
   * chain and the SCTs are sigstore-js's to check; this tells a foreign certificate apart from the rest.
   */
  issues(certificate: Uint8Array): boolean {
    const id = Buffer.from(certificate).toString('base64');
    let issued = this.#issued.get(id);
    if (issued === undefined) {
      issued = this.#issues(certificate);
      this.#issued.set(id, issued);
    }
    return issued;
  }

  /** `issues`' answers by certificate (a job signs every image with one). */
  readonly #issued = new Map<string, boolean>();

  #issues(certificate: Uint8Array): boolean {
    let leaf: X509Certificate;
    try {
      leaf = new X509Certificate(certificate);
    } catch {
      return false;
    }
    this.#authorityCertificates ??= this.root.certificateAuthorities.flatMap((authority) =>
      (authority.certChain?.certificates ?? []).flatMap(({ rawBytes }) => {
        try {
          return [new X509Certificate(rawBytes)];
        } catch {
          return [];
        }
      }),
    );
    return this.#authorityCertificates.some((ca) => {
      try {
        return leaf.checkIssued(ca) && leaf.verify(ca.publicKey);
      } catch {
        return false;
      }
    });
  }

  /**
   * Reads a `trusted_root.json` document (text or parsed JSON); sigstore-js must be able to build its trust
   * material (every key and certificate parses). Throws `TrustedRootError` naming what is wrong.
   */
  static load(value: unknown): LoadedTrustedRoot {
    let root: TrustedRoot;
    try {
      const json: unknown = typeof value === 'string' ? JSON.parse(value) : value;
      const mediaType = (json as { mediaType?: unknown } | null)?.mediaType;
      if (typeof mediaType !== 'string' || !TRUSTED_ROOT_MEDIA_TYPE.test(mediaType)) {
        throw new Error(
          `its mediaType is ${JSON.stringify(mediaType ?? null)}, not application/vnd.dev.sigstore.trustedroot+json;version=0.1 (or a later 0.x)`,
        );
      }
      root = TrustedRoot.fromJSON(json);
      toTrustMaterial(root, () => {
        throw new Error('no key');
      });
    } catch (cause) {
      throw new TrustedRootError(`the trusted root cannot be read: ${messageOf(cause)}`);
    }
    return new LoadedTrustedRoot(root, {
      tlogs: root.tlogs.length,
      certificateAuthorities: root.certificateAuthorities.length,
      ctlogs: root.ctlogs.length,
      timestampAuthorities: root.timestampAuthorities.length,
    });
  }
}

const TRUSTED_ROOT_MEDIA_TYPE =
  /^application\/vnd\.dev\.sigstore\.trustedroot(\.v0\.\d+)?\+json(;version=0\.\d+)?$/;

/** A trusted root that cannot be read (`LoadedTrustedRoot.load`). */
export class TrustedRootError extends Error {}

function readTrustMaterial(value: unknown, keyFinder: Parameters<typeof toTrustMaterial>[1]): TrustMaterial {
  try {
    if (value instanceof LoadedTrustedRoot) return toTrustMaterial(value.root, keyFinder);
    const root = TrustedRoot.fromJSON(typeof value === 'string' ? JSON.parse(value) : value);
    return toTrustMaterial(root, keyFinder);
  } catch (cause) {
    throw new BundleInputError(
      'TRUSTED_ROOT_INVALID',
      `the trusted root cannot be read: ${messageOf(cause)}`,
    );
  }
}

function signedEntity(bundle: Bundle, artifact: Uint8Array | undefined): SignedEntity {
  if (bundle.content.$case === 'messageSignature' && artifact === undefined) {
    throw new BundleInputError(
      'ARTIFACT_MISSING',
      'the bundle signs an artifact (message signature); none was given',
    );
  }
  try {
    return toEntity(bundle, artifact === undefined ? undefined : Buffer.from(artifact));
  } catch (cause) {
    throw new BundleInputError('BUNDLE_INVALID', `the bundle's content cannot be read: ${messageOf(cause)}`);
  }
}

/** The hex sha256 a statement subject must carry: the artifact's, else the given subject digest. */
function expectedSubject(input: BundleVerificationInput): string | undefined {
  if (input.artifact !== undefined) return createHash('sha256').update(input.artifact).digest('hex');
  if (input.subjectDigest === undefined) return undefined;
  const match = /^sha256:([0-9a-f]{64})$/.exec(input.subjectDigest);
  if (match === null)
    throw new BundleInputError('SUBJECT_MISMATCH', 'subjectDigest is not a sha256:<hex> digest');
  return match[1];
}

/** The digest must be a subject of the signed in-toto statement (only read after the signature verified). */
function checkStatementSubject(
  bundle: Bundle & { content: { $case: 'dsseEnvelope' } },
  digest: string,
): void {
  let subjects: unknown;
  try {
    subjects = (
      JSON.parse(Buffer.from(bundle.content.dsseEnvelope.payload).toString('utf8')) as { subject?: unknown }
    ).subject;
  } catch {
    throw new BundleInputError('SUBJECT_MISMATCH', 'the signed DSSE payload is not a JSON in-toto statement');
  }
  const named =
    Array.isArray(subjects) &&
    subjects.some(
      (subject: unknown) => (subject as { digest?: { sha256?: unknown } } | null)?.digest?.sha256 === digest,
    );
  if (!named) {
    throw new BundleInputError(
      'SUBJECT_MISMATCH',
      `no subject of the signed statement has the sha256 ${digest}`,
    );
  }
}

function describeFailure(error: unknown): { reason: BundleFailureReason; message: string } {
  if (error instanceof BundleInputError) return { reason: error.reason, message: error.message };
  if (error instanceof PolicyError)
    return { reason: 'IDENTITY_MISMATCH', message: `${error.code}: ${error.message}` };
  if (error instanceof VerificationError) {
    return { reason: reasonOfVerificationCode(error.code), message: `${error.code}: ${error.message}` };
  }
  throw error;
}

function reasonOfVerificationCode(code: VerificationError['code']): BundleFailureReason {
  switch (code) {
    case 'PUBLIC_KEY_ERROR':
      return 'KEY_NOT_TRUSTED';
    case 'CERTIFICATE_ERROR':
      return 'CERTIFICATE';
    case 'SIGNATURE_ERROR':
      return 'SIGNATURE';
    case 'TIMESTAMP_ERROR':
      return 'TIMESTAMP';
    case 'NOT_IMPLEMENTED_ERROR':
      return 'UNSUPPORTED';
    default:
      return 'TLOG';
  }
}

/**
 * What sigstore-js's `toSignedEntity` makes of a bundle — its signature, key (hint) or certificate, log entries, and
 * the timestamps to verify (each log entry with an integrated time, each RFC 3161 timestamp) — with the signing
 * certificate parsed once per certificate: a job signs every image with one, and parsing it was a tenth of a keyless
 * verification.
 */
function toEntity(bundle: Bundle, artifact: Buffer | undefined): SignedEntity {
  const { tlogEntries, timestampVerificationData, content } = bundle.verificationMaterial;
  const timestamps: SignedEntity['timestamps'] = [];
  for (const entry of tlogEntries) {
    if (entry.integratedTime && entry.integratedTime !== '0')
      timestamps.push({ $case: 'transparency-log', tlogEntry: entry });
  }
  for (const timestamp of timestampVerificationData?.rfc3161Timestamps ?? []) {
    timestamps.push({
      $case: 'timestamp-authority',
      timestamp: RFC3161Timestamp.parse(Buffer.from(timestamp.signedTimestamp)),
    });
  }
  const key: SignedEntity['key'] =
    content.$case === 'publicKey'
      ? { $case: 'public-key', hint: content.publicKey.hint }
      : {
          $case: 'certificate',
          certificate: parsedCertificate(
            content.$case === 'certificate'
              ? content.certificate.rawBytes
              : content.x509CertificateChain.certificates[0]?.rawBytes,
          ),
        };
  return { signature: signatureContent(bundle, artifact), key, tlogEntries, timestamps };
}

const PARSED_CERTIFICATES_KEPT = 64;
/** Signing certificates by their DER (base64), oldest first; bounded, for long-running callers. */
const parsedCertificates = new Map<string, SigstoreCertificate>();

function parsedCertificate(der: Buffer | undefined): SigstoreCertificate {
  if (der === undefined) throw new Error('the certificate chain is empty');
  const id = der.toString('base64');
  let certificate = parsedCertificates.get(id);
  if (certificate === undefined) {
    certificate = SigstoreCertificate.parse(Buffer.from(der));
    if (parsedCertificates.size >= PARSED_CERTIFICATES_KEPT) {
      const oldest = parsedCertificates.keys().next().value;
      if (oldest !== undefined) parsedCertificates.delete(oldest);
    }
    parsedCertificates.set(id, certificate);
  }
  return certificate;
}
