import { verify, X509Certificate } from 'node:crypto';
import { encodeBase64, isRecord } from '@sigil/core';
import { IN_TOTO_PAYLOAD_TYPE, preAuthEncodingHeader } from '@sigil/attestations';
import { decodeSignatureAnnotation } from '@sigil/keys';
import {
  CERTIFICATE_ANNOTATION,
  CHAIN_ANNOTATION,
  REKOR_BUNDLE_ANNOTATION,
  SIGNATURE_ANNOTATION,
  type PayloadSigner,
} from '@sigil/signatures';
import { bundleLeafCertificate, entryLogIndex, type BundleSigner } from '@sigil/bundles';
import type { EnvelopeSigner } from '@sigil/attestations';
import type { KeylessBlobSignature, KeylessSigner } from '@sigil/transparency/keyless';

/** What the keyless engine needs of a `KeylessSigner` (a test may hand in its own). */
export type KeylessSigning = Pick<
  KeylessSigner,
  'certificate' | 'signBlob' | 'signDsse' | 'signDsseLayer' | 'issuedToThisSigner' | 'rekorURL'
>;

const encoder = new TextEncoder();

/**
 * cosign's legacy `.sig` layers signed keyless: the signature, the Fulcio certificate and chain and (when the
 * signer logs) the Rekor bundle as annotations, exactly as `cosign sign` writes them. A stored layer is this
 * signer's when its certificate was issued to the same signer by the same CA, its signature over the same
 * payload verifies with that certificate, and it carries a Rekor bundle whenever this signer logs.
 */
export function keylessPayloadSigner(signer: KeylessSigning): PayloadSigner {
  return {
    forPayload: (payload) => ({
      signedLayer: (annotations) => {
        const decoded = decodeSignatureAnnotation(annotations[SIGNATURE_ANNOTATION] ?? '');
        return decoded.ok
          ? ownLayer(signer, [payload], decoded.signature, annotations)
          : Promise.resolve(false);
      },
      sign: async () => {
        const signed = await signer.signBlob(payload);
        return {
          signature: encodeBase64(signed.signature),
          annotations: layerAnnotations(signed),
          ...(signed.logIndex === undefined ? {} : { tlogIndex: signed.logIndex }),
        };
      },
    }),
  };
}

/**
 * cosign's legacy `.att` layers signed keyless: the DSSE envelope's signature logged as a Rekor `dsse` entry, the
 * certificate, chain and Rekor bundle as annotations, as `cosign attest` writes them. A stored layer is this
 * signer's under the same conditions as a `.sig` layer.
 */
export function keylessEnvelopeSigner(signer: KeylessSigning): EnvelopeSigner {
  return {
    signEnvelope: async (payloadType, payload) => {
      const signed = await signer.signDsseLayer(Buffer.concat(payload), payloadType);
      return {
        envelope: signed.envelope,
        annotations: layerAnnotations(signed),
        ...(signed.logIndex === undefined ? {} : { tlogIndex: signed.logIndex }),
      };
    },
    signedLayer: (parts, signature, annotations) => ownLayer(signer, parts, signature, annotations),
  };
}

/** The certificate, chain and Rekor bundle annotations of a keyless layer. */
function layerAnnotations(signed: KeylessBlobSignature): Record<string, string> {
  return {
    [CERTIFICATE_ANNOTATION]: signed.certificatePem,
    [CHAIN_ANNOTATION]: signed.chainPem,
    ...(signed.rekorBundle === undefined ? {} : { [REKOR_BUNDLE_ANNOTATION]: signed.rekorBundle }),
  };
}

/**
 * Whether a stored layer is this signer's: its certificate verifies the signature over `parts`, was issued to this
 * signer by the same CA, and the layer carries a Rekor bundle whenever this signer logs.
 */
async function ownLayer(
  signer: KeylessSigning,
  parts: readonly Uint8Array[],
  signature: Uint8Array,
  annotations: Readonly<Record<string, string>>,
): Promise<boolean> {
  const certificate = annotations[CERTIFICATE_ANNOTATION];
  if (certificate === undefined) return false;
  if (signer.rekorURL !== undefined && annotations[REKOR_BUNDLE_ANNOTATION] === undefined) return false;
  return (
    verifiesWithCertificate(certificate, parts, signature) && (await signer.issuedToThisSigner(certificate))
  );
}

/**
 * Sigstore bundles signed keyless (sigstore-js builds them: the certificate, the Rekor entry, the timestamp). A
 * stored bundle is this signer's when its certificate was issued to the same signer by the same CA, its DSSE
 * signature verifies with it, and it carries a log entry whenever this signer logs.
 */
export function keylessBundleSigner(signer: KeylessSigning): BundleSigner {
  return {
    signStatement: async (parts) => {
      const bundle = await signer.signDsse(Buffer.concat(parts), IN_TOTO_PAYLOAD_TYPE);
      const tlogIndex = firstLogIndex(bundle);
      return {
        bundle: encoder.encode(JSON.stringify(bundle)),
        ...(tlogIndex === undefined ? {} : { tlogIndex }),
      };
    },
    signedBundle: async (bundle, envelope) => {
      const material = bundle['verificationMaterial'];
      if (!isRecord(material)) return false;
      if (signer.rekorURL !== undefined && firstLogIndex(bundle) === undefined) return false;
      const certificate = bundleLeafCertificate(material);
      if (certificate === undefined) return false;
      const header = preAuthEncodingHeader(envelope.payloadType, envelope.payload.length);
      return (
        verifiesWithCertificate(certificate, [header, envelope.payload], envelope.signature) &&
        (await signer.issuedToThisSigner(certificate))
      );
    },
  };
}

/** The first log entry's index (`entryLogIndex`), when it is one. */
function firstLogIndex(bundle: unknown): string | undefined {
  const material = isRecord(bundle) ? bundle['verificationMaterial'] : undefined;
  const entries = isRecord(material) ? material['tlogEntries'] : undefined;
  const first: unknown = Array.isArray(entries) ? entries[0] : undefined;
  if (!isRecord(first)) return undefined;
  const index = entryLogIndex(first);
  return typeof index === 'string' && /^\d+$/.test(index) ? index : undefined;
}

/** Whether the certificate's key verifies `signature` (ECDSA / SHA-256, DER) over the parts; false when unreadable. */
function verifiesWithCertificate(
  certificate: string | Uint8Array,
  parts: readonly Uint8Array[],
  signature: Uint8Array,
): boolean {
  try {
    const { publicKey } = new X509Certificate(
      typeof certificate === 'string' ? certificate : Buffer.from(certificate),
    );
    return verify('sha256', Buffer.concat(parts), publicKey, signature);
  } catch {
    return false;
  }
}
