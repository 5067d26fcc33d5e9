import { createHash, X509Certificate } from 'node:crypto';
import { decodeBase64Strict, messageOf } from '@sigil/core';
import { decodePemBlocks, publicKeyFromKeyObject, type PublicKey } from '@sigil/keys';
import { verifyBundle, type BundleVerdict, type LoadedTrustedRoot } from './bundle-verifier.js';
import { verifyRekorBundle } from './rekor-set.js';

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
  input: LegacyKeylessSignature & {
    readonly trustedRoot: LoadedTrustedRoot;
    readonly tlogThreshold?: number;
  },
): LegacyKeylessVerdict {
  const read = legacyKeylessBundle(input, input.trustedRoot);
  if (!read.ok) return read;
  const verdict = verifyBundle({
    bundle: read.bundle,
    artifact: input.payload,
    trustedRoot: input.trustedRoot,
    tlogThreshold: input.tlogThreshold ?? 1,
    timestampThreshold: 1,
    ctlogThreshold: 1,
  });
  if (!verdict.ok || read.entry === undefined) return verdict;
  return { ...verdict, entry: read.entry };
}

type LegacyBundle =
  | {
      readonly ok: true;
      readonly bundle: Record<string, unknown>;
      readonly entry?: { readonly logIndex: number; readonly integratedTime: number };
    }
  | Extract<BundleVerdict, { ok: false }>;

/** The layer as a Sigstore bundle v0.1 (protobuf JSON), once its Rekor bundle matched it (see above). */
function legacyKeylessBundle(layer: LegacyKeylessSignature, trustedRoot: LoadedTrustedRoot): LegacyBundle {
  const leaf = certificates(layer.certificate, 'dev.sigstore.cosign/certificate');
  if (!leaf.ok) return leaf;
  const [certificate] = leaf.certificates;
  if (certificate === undefined || leaf.certificates.length !== 1) {
    return failure('CERTIFICATE', 'the certificate annotation holds more than one certificate');
  }
  const chain =
    layer.chain === undefined
      ? { ok: true as const, certificates: [] }
      : certificates(layer.chain, 'dev.sigstore.cosign/chain');
  if (!chain.ok) return chain;
  const signature = decodeBase64Strict(layer.signature);
  if (signature === undefined || signature.length === 0)
    return failure('SIGNATURE', 'the signature annotation is not base64');
  const material = {
    x509CertificateChain: {
      certificates: [certificate, ...chain.certificates].map((der) => ({ rawBytes: base64(der) })),
    },
    tlogEntries: [] as unknown[],
  };
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
    material.tlogEntries.push(tlogEntry(layer.rekorBundle));
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
 * The bundle's log entry from cosign's Rekor bundle, which `verifyRekorBundle` has read strictly: the SET, the
 * canonicalized `hashedrekord` body, the log's ID (hex in cosign's JSON, bytes in the bundle).
 */
function tlogEntry(rekorBundle: string): Record<string, unknown> {
  const { SignedEntryTimestamp, Payload } = JSON.parse(rekorBundle) as {
    SignedEntryTimestamp: string;
    Payload: { body: string; integratedTime: number; logIndex: number; logID: string };
  };
  return {
    logIndex: String(Payload.logIndex),
    logId: { keyId: Buffer.from(Payload.logID, 'hex').toString('base64') },
    kindVersion: { kind: 'hashedrekord', version: '0.0.1' },
    integratedTime: String(Payload.integratedTime),
    inclusionPromise: { signedEntryTimestamp: SignedEntryTimestamp },
    canonicalizedBody: Payload.body,
  };
}

/** The DER certificates of an annotation holding PEM `CERTIFICATE` blocks only (at least one). */
function certificates(
  text: string,
  annotation: string,
): { readonly ok: true; readonly certificates: Uint8Array[] } | Extract<BundleVerdict, { ok: false }> {
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

function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64');
}

function failure(
  reason: Extract<BundleVerdict, { ok: false }>['reason'],
  message: string,
): Extract<BundleVerdict, { ok: false }> {
  return { ok: false, reason, message };
}
