import { SigilError, silentLogger, type Logger } from '@sigil/core';
import { repositoryName, type ReferrersSource, type Registry } from '@sigil/oci';
import { appendAttestation } from './attestation-store.js';
import { dsseEnvelopeBytes, parseDsseEnvelope, preAuthEncodingHeader } from './dsse.js';
import { requireImage } from '@sigil/oci';
import type { ImageTarget } from '@sigil/oci';
import { IN_TOTO_PAYLOAD_TYPE, byteLength, inTotoStatementParts } from './in-toto-statement.js';
import { verifyPartsWithPublicKey } from '@sigil/keys';
import { decodeBase64Strict } from '@sigil/core';
import { SigningKey } from '@sigil/keys';

/** What to attest: a predicate type URI and the predicate as raw JSON object bytes (embedded verbatim). */
export interface AttestationInput {
  readonly predicateType: string;
  readonly predicate: Uint8Array;
}

export interface AttestOptions {
  /** Remove the attestations of the same predicate type first (`cosign attest --replace`). */
  readonly replace?: boolean;
  readonly logger?: Logger;
}

/**
 * Who signs `.att` layers without a key sigil holds (keyless: a Fulcio certificate, each signature logged): signs
 * only when no layer of its own already holds the statement.
 */
export interface EnvelopeSigner {
  /**
   * Signs the payload (as parts) into a DSSE envelope with one signature: the envelope's bytes (the layer's blob,
   * exactly as the signer logged it) and the layer's other annotations.
   */
  signEnvelope(
    payloadType: string,
    payload: readonly Uint8Array[],
  ): Promise<{
    readonly envelope: Uint8Array;
    readonly annotations: Readonly<Record<string, string>>;
    readonly tlogIndex?: string;
  }>;
  /** Whether a stored layer's signature over the same encoding, with its annotations, is this signer's. */
  signedLayer(
    parts: readonly Uint8Array[],
    signature: Uint8Array,
    annotations: Readonly<Record<string, string>>,
  ): Promise<boolean>;
}

/** One digest that now carries an attestation. */
export interface AttestedDigest {
  readonly image: string;
  readonly digest: string;
  readonly predicateType: string;
  /** `legacy`: in the `.att` tag; `bundle`: a Sigstore bundle referrer (cosign v3's default). */
  readonly format: 'legacy' | 'bundle';
  /** legacy: `<registry>/<repo>:sha256-<hex>.att`; bundle: `<registry>/<repo>@<referrer manifest digest>` */
  readonly ref: string;
  /** For a bundle: where readers find it, the registry's referrers API or the fallback index tag. */
  readonly listedThrough?: ReferrersSource;
  /** True when the same statement signed by the same key was already there, so nothing was written. */
  readonly deduplicated: boolean;
  /** How many layers of the same predicate type `replace` removed. */
  readonly replaced: number;
  /** The index of its transparency-log entry (`tlog-upload`, keyless), when one was made. */
  readonly tlogIndex?: string;
}

/**
 * Attests `target.digest` as `cosign attest` does in the legacy format: an in-toto Statement v0.1 with one
 * subject `{name: registry/repo, digest: {sha256: hex}}` and the predicate embedded verbatim, signed as a
 * DSSE envelope (ECDSA P-256 / SHA-256 over the PAE, DER), stored as a layer of the `.att` tag.
 *
 * Memory for a predicate of P bytes (the caller's buffer, not copied): the statement is never assembled —
 * its head, a view of the predicate and its tail are hashed for the signature and base64-encoded straight
 * into the envelope, the one full-size allocation (≈ 4/3 P). Digests are streamed; the HTTP upload sends
 * that buffer as is. De-duplication, when a same-sized layer of the same type exists, fetches it (≈ 4/3 P)
 * and decodes its payload (≈ P) before deciding.
 */
export async function attestImage(
  registry: Registry,
  target: Pick<ImageTarget, 'image' | 'repo' | 'digest'> & Partial<Pick<ImageTarget, 'tag'>>,
  key: SigningKey | EnvelopeSigner,
  attestation: AttestationInput,
  options: AttestOptions = {},
): Promise<AttestedDigest> {
  const parts = inTotoStatementParts({
    predicateType: attestation.predicateType,
    subjects: [{ name: repositoryName(target.repo), digest: target.digest }],
    predicate: attestation.predicate,
  });
  await requireImage(registry, target, 'attest');
  const statementLength = byteLength(parts);
  const paeHeader = preAuthEncodingHeader(IN_TOTO_PAYLOAD_TYPE, statementLength);
  const appended = await appendAttestation(
    registry,
    target.repo,
    target.digest,
    {
      predicateType: attestation.predicateType,
      statementLength,
      sign: async () => {
        if (key instanceof SigningKey)
          return {
            envelope: dsseEnvelopeBytes(IN_TOTO_PAYLOAD_TYPE, parts, [key.signParts([paeHeader, ...parts])]),
          };
        const signed = await key.signEnvelope(IN_TOTO_PAYLOAD_TYPE, parts);
        const stored = parseDsseEnvelope(signed.envelope);
        if (
          !stored.ok ||
          stored.envelope.payloadType !== IN_TOTO_PAYLOAD_TYPE ||
          !equalsParts(stored.envelope.payload, parts)
        )
          throw new SigilError('INTERNAL', 'the signer returned an envelope of another statement');
        return {
          envelope: signed.envelope,
          annotations: signed.annotations,
          ...(signed.tlogIndex === undefined ? {} : { tlogIndex: signed.tlogIndex }),
        };
      },
      isEquivalent: async (envelopeBytes, annotations) => {
        const parsed = parseDsseEnvelope(envelopeBytes);
        if (!parsed.ok) return false;
        const envelope = parsed.envelope;
        if (envelope.payloadType !== IN_TOTO_PAYLOAD_TYPE || !equalsParts(envelope.payload, parts))
          return false;
        for (const signature of envelope.signatures) {
          const sig = decodeBase64Strict(signature.sig);
          if (sig === undefined) continue;
          const encoded = [paeHeader, envelope.payload];
          if (
            key instanceof SigningKey
              ? verifyPartsWithPublicKey(key.publicKey, encoded, sig)
              : await key.signedLayer(encoded, sig, annotations)
          )
            return true;
        }
        return false;
      },
    },
    options.replace === undefined ? {} : { replace: options.replace },
  );
  (options.logger ?? silentLogger).info(
    appended.deduplicated
      ? `${target.image}: already attested (${attestation.predicateType}) ${key instanceof SigningKey ? 'with this key' : 'by this identity'} in ${appended.ref}; nothing written.`
      : `${target.image}: attested ${target.digest} (${attestation.predicateType}), attestation ${appended.layerCount} in ${appended.ref}` +
          (appended.replaced > 0 ? `, replacing ${appended.replaced}.` : '.'),
  );
  return {
    image: target.image,
    digest: target.digest,
    predicateType: attestation.predicateType,
    format: 'legacy',
    ref: appended.ref,
    deduplicated: appended.deduplicated,
    replaced: appended.replaced,
    ...(appended.tlogIndex === undefined ? {} : { tlogIndex: appended.tlogIndex }),
  };
}

function equalsParts(bytes: Uint8Array, parts: readonly Uint8Array[]): boolean {
  if (bytes.length !== byteLength(parts)) return false;
  let offset = 0;
  for (const part of parts) {
    if (Buffer.compare(bytes.subarray(offset, offset + part.length), part) !== 0) return false;
    offset += part.length;
  }
  return true;
}
