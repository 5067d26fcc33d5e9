import { createHash, X509Certificate, type KeyObject } from 'node:crypto';
import {
  decodeBase64Strict,
  messageOf,
  parseStrictJsonBytes,
  type JsonObject,
  type JsonValue,
} from '@sigil/core';
import { decodePemBlocks, publicKeyFromKeyObject, type PublicKey } from '@sigil/keys';
import {
  verifyBundle,
  verifyBundleWithKey,
  type BundleVerdict,
  type LoadedTrustedRoot,
} from './bundle-verifier.js';
import {
  readCosignRekorBundle,
  readLoggedKey,
  verifyRekorBundle,
  type CosignRekorBundle,
} from './rekor-set.js';

/**
 * Sigstore bundle v0.1: the version whose log entries may carry only an inclusion promise (a SET), which is all
 * cosign's Rekor bundle annotation holds (v0.2 on require an inclusion proof).
 */
const BUNDLE_V01_MEDIA_TYPE = 'application/vnd.dev.sigstore.bundle+json;version=0.1';

/** A keyless signature in cosign's legacy `.sig` format: one layer's blob and annotations. */
export interface LegacyKeylessSignature {
  /** The layer blob: the simple-signing payload that was signed. */
  readonly payload: Uint8Array;
  /** `dev.cosignproject.cosign/signature`: std base64 of the signature over `payload`. */
  readonly signature: string;
  /** `dev.sigstore.cosign/certificate`: the signing (leaf) certificate, PEM. */
  readonly certificate: string;
  /** `dev.sigstore.cosign/chain`: the rest of Fulcio's chain, PEMs concatenated; never a source of trust. */
  readonly chain?: string;
  /** `dev.sigstore.cosign/bundle`: cosign's Rekor bundle (the entry's SET and payload), when it was logged. */
  readonly rekorBundle?: string;
}

/**
 * A keyless attestation in cosign's legacy `.att` format: one layer's DSSE envelope (the blob) and annotations.
 * The `dev.cosignproject.cosign/signature` annotation of such a layer is empty: the signature is the envelope's.
 */
export interface LegacyKeylessAttestation {
  /** The envelope, as read from the blob: its payload type, the payload (the signed bytes), its one signature. */
  readonly envelope: {
    readonly payloadType: string;
    readonly payload: Uint8Array;
    /** std base64, as the envelope holds it: the signature over DSSE's pre-authentication encoding. */
    readonly signature: string;
  };
  /** `dev.sigstore.cosign/certificate`: the signing (leaf) certificate, PEM. */
  readonly certificate: string;
  /** `dev.sigstore.cosign/chain`: the rest of Fulcio's chain, PEMs concatenated; never a source of trust. */
  readonly chain?: string;
  /** `dev.sigstore.cosign/bundle`: cosign's Rekor bundle of the `dsse` (or `intoto`) entry, when it was logged. */
  readonly rekorBundle?: string;
}

/** What a legacy keyless layer is verified against. */
interface LegacyKeylessTrust {
  readonly trustedRoot: LoadedTrustedRoot;
  /** Default 1; only says how a layer without a Rekor bundle is reported (see `verifyLegacyKeylessSignature`). */
  readonly tlogThreshold?: number;
}

/** The verdict on a legacy keyless signature; a verified one names its Rekor entry (when it carries one). */
export type LegacyKeylessVerdict =
  | (Extract<BundleVerdict, { ok: true }> & {
      readonly entry?: { readonly logIndex: number; readonly integratedTime: number };
    })
  | Extract<BundleVerdict, { ok: false }>;

/**
 * Verifies a keyless `.sig` layer as cosign does, by reading it as the Sigstore bundle v0.1 it amounts to (a
 * message signature over the payload, the certificate chain, one `hashedrekord` entry with its inclusion
 * promise) and verifying that with sigstore-js (`verifyBundle`): the leaf must chain to a certificate authority
 * of `trustedRoot` at the time Rekor integrated the entry (the layer's chain annotation adds no trust: only the
 * leaf is read from the bundle), carry an SCT of one of its CT logs, the SET must verify with one of its logs,
 * the logged entry must be this signature over this payload, and the signature must verify with the leaf's key.
 * Before that the Rekor bundle is checked as cosign's `VerifyBundle` does (`verifyRekorBundle`): besides the SET,
 * the logged entry must name this certificate's key, which sigstore-js does not compare.
 *
 * Without a Rekor bundle there is no verified time for the short-lived certificate, so no such signature verifies
 * (`TIMESTAMP`, as sigstore-js says of a bundle with neither entry nor timestamp); `tlogThreshold` (default 1)
 * only says how that is reported (`TLOG` when an entry is required).
 */
export function verifyLegacyKeylessSignature(
  input: LegacyKeylessSignature & LegacyKeylessTrust,
): LegacyKeylessVerdict {
  return verifyRebuilt(legacyKeylessBundle(input, input.trustedRoot), input.payload, input);
}

/**
 * Verifies a keyless `.att` layer (`cosign attest`, v2 and v3 in the legacy format) the same way, as the bundle v0.1
 * it amounts to: the DSSE envelope, the certificate chain, and the Rekor entry of cosign's bundle annotation — a
 * `dsse` 0.0.1 entry (cosign's default `--rekor-entry-type`) or an `intoto` 0.0.2 one — with its inclusion promise.
 * sigstore-js verifies the chain at the time Rekor integrated the entry, the SCT, the SET, that the entry logs this
 * envelope's signature and payload hash, and the signature over DSSE's pre-authentication encoding. Before that the
 * entry must name this certificate's key (its one logged verifier), which sigstore-js does not compare. What the
 * statement says (subject, predicate) is the caller's to check once this verified.
 */
export function verifyLegacyKeylessAttestation(
  input: LegacyKeylessAttestation & LegacyKeylessTrust,
): LegacyKeylessVerdict {
  return verifyRebuilt(legacyAttestationBundle(input), undefined, input);
}

/** A key-based `.att` layer's Rekor bundle, with the trusted key that verified the layer's envelope. */
interface LegacyKeyAttestationLog {
  readonly envelope: LegacyKeylessAttestation['envelope'];
  /** `dev.sigstore.cosign/bundle`: cosign's Rekor bundle (`cosign attest --key … --tlog-upload`). */
  readonly rekorBundle: string;
  /** The trusted key the envelope's signature verified with. */
  readonly publicKey: PublicKey;
  readonly trustedRoot: LoadedTrustedRoot;
}

/**
 * Verifies the Rekor entry of a key-based `.att` layer (cosign `attest --key` with a transparency log) as the
 * Sigstore bundle v0.1 the layer amounts to, as keyless layers are: the logged entry (`dsse` 0.0.1 or `intoto`
 * 0.0.2) must name `publicKey` as its one verifier; sigstore-js then verifies the SET with a log of `trustedRoot`,
 * that the entry logs this envelope's signature and payload, and the signature with `publicKey`. A verified layer
 * counts as logged (verify-gate `require-tlog`).
 */
export function verifyLegacyKeyAttestationLog(input: LegacyKeyAttestationLog): LegacyKeylessVerdict {
  const logged = loggedAttestationEntry(input.rekorBundle, input.publicKey.keyObject);
  if (!logged.ok) return logged;
  const signature = decodeBase64Strict(input.envelope.signature);
  if (signature === undefined || signature.length === 0)
    return failure('SIGNATURE', 'the signature is not base64');
  const verdict = verifyBundleWithKey({
    bundle: {
      mediaType: BUNDLE_V01_MEDIA_TYPE,
      verificationMaterial: { publicKey: { hint: '' }, tlogEntries: [logged.tlogEntry] },
      dsseEnvelope: dsseEnvelopeJson(input.envelope, signature),
    },
    trustedRoot: input.trustedRoot,
    publicKey: input.publicKey,
    tlogThreshold: 1,
    timestampThreshold: 1,
  });
  return verdict.ok ? { ...verdict, entry: logged.entry } : verdict;
}

function verifyRebuilt(
  read: LegacyBundle,
  artifact: Uint8Array | undefined,
  { trustedRoot, tlogThreshold }: LegacyKeylessTrust,
): LegacyKeylessVerdict {
  if (!read.ok) return read;
  const verdict = verifyBundle({
    bundle: read.bundle,
    ...(artifact === undefined ? {} : { artifact }),
    trustedRoot,
    tlogThreshold: tlogThreshold ?? 1,
    timestampThreshold: 1,
    ctlogThreshold: 1,
  });
  if (!verdict.ok || read.entry === undefined) return verdict;
  return { ...verdict, entry: read.entry };
}

type Failure = Extract<BundleVerdict, { ok: false }>;

type LegacyBundle =
  | {
      readonly ok: true;
      readonly bundle: Record<string, unknown>;
      readonly entry?: { readonly logIndex: number; readonly integratedTime: number };
    }
  | Failure;

/** The verification material both layer kinds share: the leaf (DER), the chain, the signature. */
interface KeylessMaterial {
  readonly ok: true;
  readonly certificate: Uint8Array;
  readonly signature: Uint8Array;
  readonly material: {
    readonly x509CertificateChain: { readonly certificates: readonly { readonly rawBytes: string }[] };
    readonly tlogEntries: unknown[];
  };
}

function keylessMaterial(layer: {
  readonly certificate: string;
  readonly chain?: string;
  readonly signature: string;
}): KeylessMaterial | Failure {
  const leaf = certificates(layer.certificate, 'dev.sigstore.cosign/certificate');
  if (!leaf.ok) return leaf;
  const [certificate] = leaf.certificates;
  if (certificate === undefined || leaf.certificates.length !== 1) {
    return failure('CERTIFICATE', 'the certificate annotation holds more than one certificate');
  }
  // cosign v3 writes an empty chain annotation (its certificate comes from Fulcio without the chain).
  const chain =
    layer.chain === undefined || layer.chain.trim() === ''
      ? { ok: true as const, certificates: [] }
      : certificates(layer.chain, 'dev.sigstore.cosign/chain');
  if (!chain.ok) return chain;
  const signature = decodeBase64Strict(layer.signature);
  if (signature === undefined || signature.length === 0)
    return failure('SIGNATURE', 'the signature is not base64');
  return {
    ok: true,
    certificate,
    signature,
    material: {
      x509CertificateChain: {
        certificates: [certificate, ...chain.certificates].map((der) => ({ rawBytes: base64(der) })),
      },
      tlogEntries: [],
    },
  };
}

/** The `.sig` layer as a Sigstore bundle v0.1 (protobuf JSON), once its Rekor bundle matched it (see above). */
function legacyKeylessBundle(layer: LegacyKeylessSignature, trustedRoot: LoadedTrustedRoot): LegacyBundle {
  const read = keylessMaterial(layer);
  if (!read.ok) return read;
  const { certificate, signature, material } = read;
  let entry: { logIndex: number; integratedTime: number } | undefined;
  if (layer.rekorBundle !== undefined) {
    const signerKey = keyOf(certificate);
    if (signerKey === undefined)
      return failure('CERTIFICATE', 'the certificate holds a key of an algorithm sigil does not verify');
    const logged = verifyRekorBundle({
      bundle: layer.rekorBundle,
      rekorKeys: trustedRoot.rekorKeys(),
      payload: layer.payload,
      signature: layer.signature,
      signerKey,
    });
    if (!logged.ok) {
      return failure('TLOG', `the Rekor bundle does not verify against the trusted root: ${logged.message}`);
    }
    const read = readRekorBundle(layer.rekorBundle);
    if (!read.ok) return read;
    material.tlogEntries.push(tlogEntry(read.bundle, { kind: 'hashedrekord', version: '0.0.1' }));
    entry = { logIndex: logged.logIndex, integratedTime: logged.integratedTime };
  }
  return {
    ok: true,
    bundle: {
      mediaType: BUNDLE_V01_MEDIA_TYPE,
      verificationMaterial: material,
      messageSignature: {
        messageDigest: {
          algorithm: 'SHA2_256',
          digest: createHash('sha256').update(layer.payload).digest('base64'),
        },
        signature: base64(signature),
      },
    },
    ...(entry === undefined ? {} : { entry }),
  };
}

/**
 * The `.att` layer as a Sigstore bundle v0.1 with its DSSE envelope, once its Rekor entry was read and found to
 * name this certificate's key; the SET, the logged signature and payload hash are sigstore-js's to verify.
 */
function legacyAttestationBundle(layer: LegacyKeylessAttestation): LegacyBundle {
  const { envelope } = layer;
  const read = keylessMaterial({ ...layer, signature: envelope.signature });
  if (!read.ok) return read;
  const { certificate, signature, material } = read;
  let entry: { logIndex: number; integratedTime: number } | undefined;
  if (layer.rekorBundle !== undefined) {
    const logged = loggedAttestationEntry(layer.rekorBundle, new X509Certificate(certificate).publicKey);
    if (!logged.ok) return logged;
    material.tlogEntries.push(logged.tlogEntry);
    entry = logged.entry;
  }
  return {
    ok: true,
    bundle: {
      mediaType: BUNDLE_V01_MEDIA_TYPE,
      verificationMaterial: material,
      dsseEnvelope: dsseEnvelopeJson(envelope, signature),
    },
    ...(entry === undefined ? {} : { entry }),
  };
}

/**
 * An `.att` layer's Rekor bundle (cosign's annotation) as a bundle's log entry, once its logged entry names
 * `signerKey` as its one verifier (see `loggedEnvelopeEntry`); with the entry's index and integrated time.
 */
function loggedAttestationEntry(
  rekorBundle: string,
  signerKey: KeyObject,
):
  | {
      readonly ok: true;
      readonly tlogEntry: Record<string, unknown>;
      readonly entry: { readonly logIndex: number; readonly integratedTime: number };
    }
  | Failure {
  const read = readRekorBundle(rekorBundle);
  if (!read.ok) return read;
  const logged = loggedEnvelopeEntry(read.bundle.body, signerKey);
  if (!logged.ok) return logged;
  return {
    ok: true,
    tlogEntry: tlogEntry(read.bundle, logged.kindVersion),
    entry: { logIndex: read.bundle.logIndex, integratedTime: read.bundle.integratedTime },
  };
}

/** A layer's DSSE envelope (its one signature) as a bundle's `dsseEnvelope` (protobuf JSON). */
function dsseEnvelopeJson(
  envelope: LegacyKeylessAttestation['envelope'],
  signature: Uint8Array,
): Record<string, unknown> {
  return {
    payload: base64(envelope.payload),
    payloadType: envelope.payloadType,
    signatures: [{ sig: base64(signature), keyid: '' }],
  };
}

/** cosign's Rekor bundle annotation, read strictly; one that is not is `TLOG` (an entry that does not verify). */
function readRekorBundle(text: string): { readonly ok: true; readonly bundle: CosignRekorBundle } | Failure {
  const read = readCosignRekorBundle(text);
  return read.ok
    ? read
    : failure('TLOG', `the Rekor bundle (dev.sigstore.cosign/bundle) is not cosign's: ${read.message}`);
}

/**
 * The logged entry of an `.att` layer: a Rekor `dsse` 0.0.1 entry (`spec.signatures[].verifier`) or an `intoto`
 * 0.0.2 one (`spec.content.envelope.signatures[].publicKey`), each base64 of a PEM certificate or key. It must log
 * one signature, by the signer's key: the certificate's (as cosign compares the logged key with the certificate's),
 * or the trusted key that verified a key-based layer.
 */
function loggedEnvelopeEntry(
  body: string,
  signerKey: KeyObject,
):
  { readonly ok: true; readonly kindVersion: { readonly kind: string; readonly version: string } } | Failure {
  const bytes = decodeBase64Strict(body);
  const parsed = bytes === undefined ? undefined : parseStrictJsonBytes(bytes);
  const entry = parsed?.ok === true ? objectOf(parsed.value) : undefined;
  if (entry === undefined) return failure('TLOG', 'the Rekor bundle does not hold a JSON Rekor entry');
  const kind = entry.get('kind');
  const version = entry.get('apiVersion');
  const spec = objectOf(entry.get('spec'));
  let loggedKeys: (JsonValue | undefined)[];
  if (kind === 'dsse' && version === '0.0.1') {
    loggedKeys = arrayOf(spec?.get('signatures')).map((signature) => objectOf(signature)?.get('verifier'));
  } else if (kind === 'intoto' && version === '0.0.2') {
    const envelope = objectOf(objectOf(spec?.get('content'))?.get('envelope'));
    loggedKeys = arrayOf(envelope?.get('signatures')).map((signature) =>
      objectOf(signature)?.get('publicKey'),
    );
  } else {
    return failure(
      'TLOG',
      `the Rekor entry is a ${JSON.stringify(kind ?? null)} ${JSON.stringify(version ?? null)} entry, not a dsse 0.0.1 or intoto 0.0.2 entry of a DSSE envelope`,
    );
  }
  const [logged] = loggedKeys;
  if (loggedKeys.length !== 1 || logged === undefined)
    return failure('TLOG', `the Rekor entry logs ${loggedKeys.length} signatures, not the envelope's one`);
  const key = typeof logged === 'string' ? readLoggedKey(logged) : undefined;
  if (key === undefined || !key.ok)
    return failure('TLOG', 'the logged key is not base64 of a PEM certificate or key');
  if (!key.key.equals(signerKey)) return failure('TLOG', 'the logged entry was signed by another key');
  return { ok: true, kindVersion: { kind, version } };
}

/**
 * The bundle's log entry from cosign's Rekor bundle: the SET, the canonicalized body (of `kindVersion`), the log's
 * ID (hex in cosign's JSON, bytes in the bundle).
 */
function tlogEntry(
  rekorBundle: CosignRekorBundle,
  kindVersion: { readonly kind: string; readonly version: string },
): Record<string, unknown> {
  return {
    logIndex: String(rekorBundle.logIndex),
    logId: { keyId: Buffer.from(rekorBundle.logId, 'hex').toString('base64') },
    kindVersion,
    integratedTime: String(rekorBundle.integratedTime),
    inclusionPromise: { signedEntryTimestamp: base64(rekorBundle.signedEntryTimestamp) },
    canonicalizedBody: rekorBundle.body,
  };
}

/** The DER certificates of an annotation holding PEM `CERTIFICATE` blocks only (at least one). */
function certificates(
  text: string,
  annotation: string,
): { readonly ok: true; readonly certificates: Uint8Array[] } | Failure {
  const decoded = decodePemBlocks(text);
  if (!decoded.ok)
    return failure('CERTIFICATE', `the ${annotation} annotation is not PEM: ${decoded.problem}`);
  if (decoded.blocks.length === 0)
    return failure('CERTIFICATE', `the ${annotation} annotation holds no certificate`);
  const wrong = decoded.blocks.find(({ label }) => label !== 'CERTIFICATE');
  if (wrong !== undefined)
    return failure('CERTIFICATE', `the ${annotation} annotation holds a "${wrong.label}" PEM block`);
  for (const { der } of decoded.blocks) {
    try {
      new X509Certificate(der);
    } catch (cause) {
      return failure(
        'CERTIFICATE',
        `the ${annotation} annotation holds a certificate that cannot be read: ${messageOf(cause)}`,
      );
    }
  }
  return { ok: true, certificates: decoded.blocks.map(({ der }) => der) };
}

function keyOf(certificate: Uint8Array): PublicKey | undefined {
  try {
    return publicKeyFromKeyObject(new X509Certificate(certificate).publicKey);
  } catch {
    return undefined;
  }
}

function objectOf(value: JsonValue | undefined): JsonObject | undefined {
  return value instanceof Map ? value : undefined;
}

function arrayOf(value: JsonValue | undefined): readonly JsonValue[] {
  return Array.isArray(value) ? (value as readonly JsonValue[]) : [];
}

function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64');
}

function failure(reason: Failure['reason'], message: string): Failure {
  return { ok: false, reason, message };
}
