import { X509Certificate, createHash, createPublicKey, type KeyObject } from 'node:crypto';
import { SigilError } from '@sigil/core';
import type { TransparencyLogEntry } from '@sigstore/bundle';
import { dsse, json } from '@sigstore/core';
import { HashAlgorithm, PublicKeyDetails } from '@sigstore/protobuf-specs';
import { Entry, type CreateEntryRequest } from '@sigstore/protobuf-specs/rekor/v2';
import type { SignatureBundle, VerificationMaterial, Witness } from '@sigstore/sign';
// sigstore-js's Rekor v2 HTTP client (`POST <url>/api/v2/log/entries`, retried as its other clients). Its witness
// is not used: it logs DSSE envelopes as `dsse` 0.0.2 entries, which Rekor v2 (rekor-tiles v2.3.0 on) refuses.
import { RekorV2 } from '@sigstore/sign/dist/external/rekor-v2.js';
import { sigstoreFailure } from './sigstore-failure.js';

export interface RekorV2WitnessOptions {
  /** The log's base URL, as the signing config names it (`https://log2025-1.rekor.sigstore.dev`). */
  readonly rekorURL: string;
  readonly retry: object;
  readonly timeout: number;
}

const KIND = 'hashedrekord';
const API_VERSION = '0.0.2';

/**
 * Logs signatures in a Rekor v2 log (rekor-tiles), as its client specification asks: every signature is a
 * `hashedrekord` 0.0.2 entry — a message signature with its artifact digest, a DSSE envelope with the SHA-256
 * of its pre-authentication encoding (Rekor v2 has no `dsse` type) — whose verifier is the signing certificate
 * (keyless) or the public key (signed with a key), P-256 only. Rekor v2 answers with an inclusion proof and a
 * checkpoint, never an integrated time or a SignedEntryTimestamp: a signature's time must come from a timestamp
 * authority. The entry is checked before it is used: one `hashedrekord` 0.0.2 entry whose canonicalized body
 * is exactly the entry asked for (the body verifiers reconstruct), with a proof and checkpoint.
 */
export class RekorV2Witness implements Witness {
  readonly #client: RekorV2;
  readonly #url: string;

  constructor(options: RekorV2WitnessOptions) {
    this.#url = options.rekorURL.replace(/\/+$/, '');
    this.#client = new RekorV2({ baseURL: this.#url, retry: options.retry, timeout: options.timeout });
  }

  async testify(content: SignatureBundle, publicKey: string): Promise<VerificationMaterial> {
    const { request, body } = hashedRekordV002(content, publicKey);
    let entry: TransparencyLogEntry;
    try {
      entry = (await this.#client.createEntry(request)) as TransparencyLogEntry;
    } catch (error) {
      throw sigstoreFailure('Rekor', this.#url, error, []);
    }
    const problem = entryProblem(entry, body);
    if (problem !== undefined)
      throw new SigilError('SIGSTORE_PROTOCOL', `Rekor v2 at ${this.#url} returned ${problem}`);
    return { tlogEntries: [entry] };
  }
}

/**
 * The `hashedrekord` 0.0.2 request for `content` signed by `publicKey` (a certificate or public key, PEM), and
 * the entry body Rekor v2 logs for it: the protobuf JSON of the entry, canonicalized (RFC 8785).
 */
function hashedRekordV002(
  content: SignatureBundle,
  publicKey: string,
): { readonly request: CreateEntryRequest; readonly body: Buffer } {
  let digest: Buffer;
  let signature: Buffer;
  if (content.$case === 'messageSignature') {
    const { messageDigest } = content.messageSignature;
    if (messageDigest === undefined)
      throw new SigilError('INTERNAL', 'the message signature names no digest');
    digest = messageDigest.digest;
    signature = content.messageSignature.signature;
  } else {
    const envelope = content.dsseEnvelope;
    const [only, ...more] = envelope.signatures;
    if (only === undefined || more.length > 0)
      throw new SigilError('INTERNAL', 'a DSSE envelope to log must carry one signature');
    digest = createHash('sha256')
      .update(dsse.preAuthEncoding(envelope.payloadType, envelope.payload))
      .digest();
    signature = only.sig;
  }
  const certificate = /-----BEGIN CERTIFICATE-----/.test(publicKey)
    ? new X509Certificate(publicKey)
    : undefined;
  const key: KeyObject = certificate?.publicKey ?? createPublicKey(publicKey);
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw new SigilError(
      'NOT_YET_SUPPORTED',
      'sigil logs ECDSA P-256 signatures in Rekor v2; this signature is made with another key type',
    );
  }
  const verifier = {
    verifier: certificate
      ? {
          $case: 'x509Certificate' as const,
          x509Certificate: { rawBytes: certificate.raw },
        }
      : {
          $case: 'publicKey' as const,
          publicKey: { rawBytes: key.export({ format: 'der', type: 'spki' }) },
        },
    keyDetails: PublicKeyDetails.PKIX_ECDSA_P256_SHA_256,
  };
  const request: CreateEntryRequest = {
    spec: {
      $case: 'hashedRekordRequestV002',
      hashedRekordRequestV002: { digest, signature: { content: signature, verifier } },
    },
  };
  const entry: Entry = {
    kind: KIND,
    apiVersion: API_VERSION,
    spec: {
      spec: {
        $case: 'hashedRekordV002',
        hashedRekordV002: {
          data: { algorithm: HashAlgorithm.SHA2_256, digest },
          signature: { content: signature, verifier },
        },
      },
    },
  };
  return { request, body: Buffer.from(json.canonicalize(Entry.toJSON(entry)), 'utf8') };
}

/** What is wrong with Rekor v2's answer for the entry `body`, or undefined. */
function entryProblem(entry: TransparencyLogEntry, body: Buffer): string | undefined {
  if (entry.kindVersion?.kind !== KIND || entry.kindVersion.version !== API_VERSION)
    return `a ${JSON.stringify(entry.kindVersion?.kind ?? null)} ${JSON.stringify(entry.kindVersion?.version ?? null)} entry, not ${KIND} ${API_VERSION}`;
  if (!Buffer.from(entry.canonicalizedBody).equals(body)) return 'an entry whose body is not the one logged';
  if (entry.logId === undefined || entry.logId.keyId.length === 0) return 'an entry without a log ID';
  if (!/^\d+$/.test(entry.logIndex)) return 'an entry without a log index';
  if (entry.inclusionProof?.checkpoint === undefined || entry.inclusionProof.checkpoint.envelope === '')
    return 'an entry without an inclusion proof and checkpoint';
  return undefined;
}
