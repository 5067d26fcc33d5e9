import { generateKeyPairSync, sign, X509Certificate, type KeyObject } from 'node:crypto';
import { SigilError } from '@sigil/core';
import { bundleToJSON, envelopeToJSON, type Bundle, type TransparencyLogEntry } from '@sigstore/bundle';
import {
  DSSEBundleBuilder,
  MessageSignatureBundleBuilder,
  RekorWitness,
  TSAWitness,
  type Signature,
  type Signer,
  type Witness,
} from '@sigstore/sign';
// Fulcio's client without FulcioSigner: FulcioSigner asks for a certificate on every signature and keeps only
// the leaf; sigil asks once per signer and needs the chain (cosign's `.sig` chain annotation).
import { CAClient } from '@sigstore/sign/dist/signer/fulcio/ca.js';
import { certificatePem, certifiesKey, fulcioIdentity, sameFulcioSigner } from './fulcio-certificate.js';
import { RekorV2Witness } from './rekor-v2-witness.js';
import { checkServiceUrl, sigstoreFetchOptions } from './service-url.js';
import type { RekorVersion } from './signing-config.js';
import { sigstoreFailure, type SigstoreService } from './sigstore-failure.js';

export interface KeylessSignerOptions {
  /** The OIDC identity token Fulcio exchanges for a certificate (a JWT; never part of any message). */
  readonly identityToken: string;
  /** Fulcio's base URL (`POST <url>/api/v2/signingCert`). */
  readonly fulcioURL: string;
  /**
   * A Rekor base URL: every signature is logged there (v1: DSSE as `dsse`, blobs as `hashedrekord`; v2: both as
   * `hashedrekord` 0.0.2).
   */
  readonly rekorURL?: string;
  /** The log's API (default 1). Rekor v2 gives no signing time: it needs `tsaURL`, and writes bundles only. */
  readonly rekorVersion?: RekorVersion;
  /** An RFC 3161 TSA URL: every DSSE bundle gets a timestamp from it. */
  readonly tsaURL?: string;
  /** Per request to Fulcio, Rekor and the TSA (default 30 s). */
  readonly timeoutMs?: number;
  /** Retries of a request that failed on the network or with a 5xx, 408 or 429 (default 3). */
  readonly retries?: number;
  /** The clock (default `Date.now`): a certificate about to expire signs nothing. */
  readonly now?: () => number;
}

/** The signing certificate a `KeylessSigner` holds. */
export interface KeylessCertificate {
  /** The leaf, PEM. */
  readonly pem: string;
  /** The rest of Fulcio's chain (intermediates, root), PEM each; absent when Fulcio sent the leaf only. */
  readonly chain?: readonly string[];
  readonly subjectAlternativeName: string;
  readonly issuer: string;
}

/** A signature for cosign's legacy `.sig` layer. */
export interface KeylessBlobSignature {
  /** ECDSA P-256 over SHA-256 of the payload, ASN.1 DER. */
  readonly signature: Uint8Array;
  /** `dev.sigstore.cosign/certificate`. */
  readonly certificatePem: string;
  /** `dev.sigstore.cosign/chain`: the chain after the leaf, PEMs concatenated. */
  readonly chainPem: string;
  /** `dev.sigstore.cosign/bundle`: the Rekor entry's SET and payload, as cosign writes it (with `rekorURL`). */
  readonly rekorBundle?: string;
  /** The Rekor entry's log index (with `rekorURL`). */
  readonly logIndex?: string;
}

/** A DSSE signature for cosign's legacy `.att` layer: the envelope exactly as it was logged, and its annotations. */
export interface KeylessEnvelopeSignature extends KeylessBlobSignature {
  /**
   * The DSSE envelope JSON exactly as logged in Rekor's `dsse` entry: the layer's blob must be these bytes, since
   * verifiers (cosign) compare the entry's envelope hash with the layer's digest.
   */
  readonly envelope: Uint8Array;
}

interface HeldCertificate extends KeylessCertificate {
  readonly notAfter: number;
  readonly leaf: X509Certificate;
  /** The certificate that issued the leaf (Fulcio's intermediate), when Fulcio sent the chain. */
  readonly issuedBy?: X509Certificate;
}

/** A certificate closer than this to its end signs nothing: the log and the TSA must see it valid. */
const EXPIRY_MARGIN_MS = 60_000;

/**
 * Keyless signing with one ephemeral P-256 key and one Fulcio certificate per instance, asked for on first use
 * and shared by every signature (cosign asks per image; a job signing 100 images asks once). Bundles are built
 * by sigstore-js (`DSSEBundleBuilder`, `MessageSignatureBundleBuilder`) around this signer, logged by its
 * `RekorWitness` (Rekor v1; an entry that already exists is fetched, not an error) or sigil's `RekorV2Witness`
 * (Rekor v2: bundles only, with a TSA) and timestamped by its `TSAWitness`. Failures are `SigilError`s naming the service and URL; the token is in none of them.
 *
 * @public For the keyless signing actions (issue 11), which do not use it yet.
 */
export class KeylessSigner {
  readonly #options: KeylessSignerOptions;
  readonly #key: { readonly publicKey: KeyObject; readonly privateKey: KeyObject };
  readonly #subject: string;
  readonly #fetch: { readonly retry: object; readonly timeout: number };
  readonly #now: () => number;
  #certificate: Promise<HeldCertificate> | undefined;
  #dsseWitnesses: Witness[] | undefined;
  #rekorWitness: Witness | undefined;

  constructor(options: KeylessSignerOptions) {
    for (const [name, url] of [
      ['fulcioURL', options.fulcioURL],
      ['rekorURL', options.rekorURL],
      ['tsaURL', options.tsaURL],
    ] as const) {
      if (url === undefined) continue;
      const problem = checkServiceUrl(url);
      if (problem !== undefined)
        throw new SigilError('INPUT_INVALID', `${name} ${JSON.stringify(url)} ${problem}`);
    }
    if (options.rekorVersion === 2 && options.rekorURL !== undefined && options.tsaURL === undefined) {
      throw new SigilError(
        'INPUT_INVALID',
        `the Rekor v2 log ${options.rekorURL} gives no signing time, and no timestamp authority is named: the short-lived certificate could not be checked once it expires`,
        { hint: 'Use a signing config that names a TSA beside its Rekor v2 log (or give `tsa-url`).' },
      );
    }
    this.#subject = tokenSubject(options.identityToken);
    this.#options = {
      ...options,
      fulcioURL: options.fulcioURL.replace(/\/+$/, ''),
      ...(options.rekorURL === undefined ? {} : { rekorURL: options.rekorURL.replace(/\/+$/, '') }),
    };
    this.#fetch = sigstoreFetchOptions(options);
    this.#now = options.now ?? Date.now;
    this.#key = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  }

  /** The signing certificate (asked of Fulcio on first use, then held). */
  async certificate(): Promise<KeylessCertificate> {
    const { pem, chain, subjectAlternativeName, issuer } = await this.#held();
    return { pem, ...(chain === undefined ? {} : { chain }), subjectAlternativeName, issuer };
  }

  /** The Rekor every signature is logged in; undefined when signatures are not logged (timestamps only). */
  get rekorURL(): string | undefined {
    return this.#options.rekorURL;
  }

  /** The API of `rekorURL`'s log (1 unless the options said 2). */
  get rekorVersion(): RekorVersion {
    return this.#options.rekorVersion ?? 1;
  }

  /**
   * Whether `certificate` (DER or PEM) was issued to this signer: by the CA that issued this signer's certificate,
   * for the same identity and claims (a re-run of the job is the same signer: see `sameFulcioSigner`). A stored
   * signature it certifies is what this signer would write again, so re-running a job writes nothing twice.
   */
  async issuedToThisSigner(certificate: Uint8Array | string): Promise<boolean> {
    const held = await this.#held();
    let stored: X509Certificate;
    try {
      stored = new X509Certificate(typeof certificate === 'string' ? certificate : Buffer.from(certificate));
    } catch {
      return false;
    }
    const issuer = held.issuedBy;
    return (
      issuer !== undefined &&
      stored.checkIssued(issuer) &&
      stored.verify(issuer.publicKey) &&
      sameFulcioSigner(stored, held.leaf)
    );
  }

  /**
   * Signs `payload` (e.g. an in-toto statement) into a DSSE envelope and returns the Sigstore bundle v0.3 (JSON):
   * the certificate, the Rekor `dsse` entry (promise and proof) with `rekorURL`, the RFC 3161 timestamp with
   * `tsaURL`.
   */
  async signDsse(payload: Uint8Array, payloadType: string): Promise<unknown> {
    const held = await this.#held();
    this.#dsseWitnesses ??= [
      ...(this.#options.rekorURL === undefined ? [] : [this.#rekor()]),
      ...(this.#options.tsaURL === undefined
        ? []
        : [new TSAWitness({ tsaBaseURL: this.#options.tsaURL, ...this.#fetch })]),
    ];
    const builder = new DSSEBundleBuilder({ signer: this.#signer(held), witnesses: this.#dsseWitnesses });
    const bundle = await this.#witnessed(() =>
      builder.create({ data: Buffer.from(payload), type: payloadType }),
    );
    if (this.#options.rekorURL !== undefined) logEntry(bundle, this.#options.rekorURL, this.rekorVersion);
    return bundleToJSON(bundle);
  }

  /**
   * Signs `payload` (an in-toto statement) as a DSSE envelope for cosign's legacy `.att` layer: the signature over
   * the DSSE pre-authentication encoding, logged as a Rekor `dsse` entry (cosign's default entry type), returned
   * with the certificate, chain and cosign's `dev.sigstore.cosign/bundle` annotation. Needs `rekorURL`: a legacy
   * layer has no other place for a timestamp.
   */
  async signDsseLayer(payload: Uint8Array, payloadType: string): Promise<KeylessEnvelopeSignature> {
    const rekorURL = this.#legacyLog();
    const held = await this.#held();
    if (rekorURL === undefined)
      throw new SigilError(
        'NOT_YET_SUPPORTED',
        "a keyless .att layer needs a transparency log: the layer has no place for a timestamp authority's answer",
        {
          input: 'tlog-upload',
          hint: 'Keep `tlog-upload` on, or write bundles (`signature-format: bundle`).',
        },
      );
    const builder = new DSSEBundleBuilder({ signer: this.#signer(held), witnesses: [this.#rekor()] });
    const bundle = await this.#witnessed(() =>
      builder.create({ data: Buffer.from(payload), type: payloadType }),
    );
    if (bundle.content.$case !== 'dsseEnvelope') throw new SigilError('INTERNAL', 'not a DSSE envelope');
    const envelope = bundle.content.dsseEnvelope;
    const [signed] = envelope.signatures;
    if (signed === undefined) throw new SigilError('INTERNAL', 'the DSSE envelope has no signature');
    return {
      // What sigstore-js's RekorWitness logged (`JSON.stringify(envelopeToJSON(envelope))`), byte for byte.
      envelope: new TextEncoder().encode(JSON.stringify(envelopeToJSON(envelope))),
      signature: new Uint8Array(signed.sig),
      certificatePem: held.pem,
      chainPem: (held.chain ?? []).join(''),
      ...rekorAnnotation(logEntry(bundle, rekorURL, 1), rekorURL),
    };
  }

  /**
   * Signs `payload` (a simple-signing payload) for cosign's legacy `.sig` layer; with `rekorURL`, logs it as a
   * `hashedrekord` entry and returns the entry as cosign's `dev.sigstore.cosign/bundle` annotation.
   */
  async signBlob(payload: Uint8Array): Promise<KeylessBlobSignature> {
    const rekorURL = this.#legacyLog();
    const held = await this.#held();
    const builder = new MessageSignatureBundleBuilder({
      signer: this.#signer(held),
      witnesses: rekorURL === undefined ? [] : [this.#rekor()],
    });
    const bundle = await this.#witnessed(() => builder.create({ data: Buffer.from(payload) }));
    if (bundle.content.$case !== 'messageSignature')
      throw new SigilError('INTERNAL', 'not a message signature');
    const signature = new Uint8Array(bundle.content.messageSignature.signature);
    return {
      signature,
      certificatePem: held.pem,
      chainPem: (held.chain ?? []).join(''),
      ...(rekorURL === undefined ? {} : rekorAnnotation(logEntry(bundle, rekorURL, 1), rekorURL)),
    };
  }

  /**
   * The log of a legacy `.sig` / `.att` layer: cosign's `dev.sigstore.cosign/bundle` annotation is a Rekor v1
   * entry with its SignedEntryTimestamp, which a Rekor v2 log never gives.
   */
  #legacyLog(): string | undefined {
    if (this.rekorVersion === 2)
      throw new SigilError(
        'INPUT_INVALID',
        `the legacy .sig / .att layers carry a Rekor v1 entry (cosign's Rekor bundle), and ${this.#options.rekorURL ?? 'the log'} is a Rekor v2 log`,
        {
          input: 'signature-format',
          hint: 'Write Sigstore bundles (`signature-format: bundle`), or use a signing config with a Rekor v1 log.',
        },
      );
    return this.#options.rekorURL;
  }

  #rekor(): Witness {
    const rekorURL = this.#options.rekorURL as string;
    this.#rekorWitness ??=
      this.rekorVersion === 2
        ? new RekorV2Witness({ rekorURL, ...this.#fetch })
        : new RekorWitness({
            rekorBaseURL: rekorURL,
            majorApiVersion: 1,
            entryType: 'dsse',
            fetchOnConflict: true,
            ...this.#fetch,
          });
    return this.#rekorWitness;
  }

  /** sigstore-js's `Signer` over the held key and certificate. */
  #signer(held: HeldCertificate): Signer {
    return {
      sign: (data: Buffer): Promise<Signature> => {
        const now = this.#now();
        if (now > held.notAfter - EXPIRY_MARGIN_MS) {
          return Promise.reject(
            new SigilError(
              'SIGN_FAILED',
              `the signing certificate expires at ${new Date(held.notAfter).toISOString()}: too late to sign with it`,
              {
                hint: 'Sign fewer images per step (a Fulcio certificate lives 10 minutes), or re-run the job.',
              },
            ),
          );
        }
        return Promise.resolve({
          signature: sign('sha256', data, this.#key.privateKey),
          key: { $case: 'x509Certificate', certificate: held.pem },
        });
      },
    };
  }

  #held(): Promise<HeldCertificate> {
    if (this.#certificate === undefined) {
      const request = this.#requestCertificate();
      this.#certificate = request;
      // A failure is not held: the next signature asks again (each ask is retried, bounded).
      request.catch(() => {
        if (this.#certificate === request) this.#certificate = undefined;
      });
    }
    return this.#certificate;
  }

  async #requestCertificate(): Promise<HeldCertificate> {
    const { fulcioURL, identityToken } = this.#options;
    const publicKey = this.#key.publicKey.export({ format: 'pem', type: 'spki' }).toString();
    const challenge = sign('sha256', Buffer.from(this.#subject), this.#key.privateKey);
    const client = new CAClient({ fulcioBaseURL: fulcioURL, ...this.#fetch });
    let pems: string[];
    try {
      pems = await client.createSigningCertificate(identityToken, publicKey, challenge);
    } catch (error) {
      throw sigstoreFailure('Fulcio', fulcioURL, error, [identityToken]);
    }
    const protocol = (problem: string) =>
      new SigilError('SIGSTORE_PROTOCOL', `Fulcio at ${fulcioURL} answered ${problem}`);
    if (!Array.isArray(pems) || pems.length === 0) throw protocol('no certificate chain');
    let certificates: X509Certificate[];
    try {
      certificates = pems.map((pem) => new X509Certificate(pem));
    } catch {
      throw protocol('a certificate that cannot be parsed');
    }
    const leaf = certificates[0] as X509Certificate;
    if (!certifiesKey(leaf, this.#key.publicKey)) throw protocol('a certificate for another key');
    const identity = fulcioIdentity(leaf);
    if (identity === undefined) throw protocol('a certificate without a subject alternative name or issuer');
    const chain = certificates.slice(1).map(certificatePem);
    const issuedBy = certificates[1];
    return {
      pem: certificatePem(leaf),
      ...(chain.length === 0 ? {} : { chain }),
      ...identity,
      notAfter: Date.parse(leaf.validTo),
      leaf,
      ...(issuedBy === undefined ? {} : { issuedBy }),
    };
  }

  /** Runs a bundle builder, naming the service that failed. */
  async #witnessed<T>(create: () => Promise<T>): Promise<T> {
    try {
      return await create();
    } catch (error) {
      if (error instanceof SigilError) throw error;
      const code = (error as { code?: unknown } | null)?.code;
      const service: SigstoreService = typeof code === 'string' && code.startsWith('TSA_') ? 'TSA' : 'Rekor';
      const url = (service === 'TSA' ? this.#options.tsaURL : this.#options.rekorURL) ?? '';
      throw sigstoreFailure(service, url, error, [this.#options.identityToken]);
    }
  }
}

/**
 * The bundle's one log entry, which must carry Rekor's promise (the SET) and inclusion proof; a Rekor v2 entry,
 * an inclusion proof (its witness checked the rest).
 */
function logEntry(bundle: Bundle, rekorURL: string, version: RekorVersion): TransparencyLogEntry {
  const entries = bundle.verificationMaterial.tlogEntries;
  const entry = entries[0];
  if (entries.length !== 1 || entry === undefined) {
    throw new SigilError(
      'SIGSTORE_PROTOCOL',
      `Rekor at ${rekorURL} returned ${entries.length} entries, not one`,
    );
  }
  if (version === 2 && entry.inclusionProof !== undefined) return entry;
  if (entry.inclusionPromise === undefined || entry.inclusionProof === undefined) {
    throw new SigilError(
      'SIGSTORE_PROTOCOL',
      `Rekor at ${rekorURL} returned an entry without ${entry.inclusionPromise === undefined ? 'a SignedEntryTimestamp' : 'an inclusion proof'}`,
    );
  }
  return entry;
}

/**
 * cosign's `dev.sigstore.cosign/bundle` (`bundle.RekorBundle` in cosign's pkg/cosign/bundle): Go's JSON of
 * `{SignedEntryTimestamp []byte; Payload {body, integratedTime, logIndex, logID}}`, in that field order.
 */
function rekorAnnotation(
  entry: TransparencyLogEntry,
  rekorURL: string,
): { readonly rekorBundle: string; readonly logIndex: string } {
  return { rekorBundle: cosignRekorBundle(entry, rekorURL), logIndex: entry.logIndex };
}

function cosignRekorBundle(entry: TransparencyLogEntry, rekorURL: string): string {
  const integratedTime = Number(entry.integratedTime);
  const logIndex = Number(entry.logIndex);
  if (!Number.isSafeInteger(integratedTime) || !Number.isSafeInteger(logIndex)) {
    throw new SigilError(
      'SIGSTORE_PROTOCOL',
      `Rekor at ${rekorURL} returned an entry with a bad time or index`,
    );
  }
  return JSON.stringify({
    SignedEntryTimestamp: Buffer.from(entry.inclusionPromise?.signedEntryTimestamp ?? []).toString('base64'),
    Payload: {
      body: Buffer.from(entry.canonicalizedBody).toString('base64'),
      integratedTime,
      logIndex,
      logID: Buffer.from(entry.logId?.keyId ?? []).toString('hex'),
    },
  });
}

/**
 * Fulcio's challenge: the token's subject (its `email` for e-mail issuers), which the key signs as proof of
 * possession. The token itself is never quoted.
 */
function tokenSubject(token: string): string {
  const invalid = (problem: string) =>
    new SigilError('INPUT_INVALID', `the identity token ${problem}`, {
      hint: 'Pass the OIDC token the runner issued (fetchRunnerIdToken), not another value.',
    });
  const parts = token.split('.');
  if (parts.length !== 3 || parts.some((part) => !/^[\w-]+$/.test(part))) throw invalid('is not a JWT');
  let claims: { sub?: unknown; email?: unknown };
  try {
    claims = JSON.parse(Buffer.from(parts[1] as string, 'base64url').toString('utf8')) as typeof claims;
  } catch {
    throw invalid('has claims that are not JSON');
  }
  const subject = typeof claims?.email === 'string' ? claims.email : claims?.sub;
  if (typeof subject !== 'string' || subject === '') throw invalid('has no subject');
  return subject;
}
