import { initializeCA, initializeCTLog, initializeTLog, initializeTSA } from '@sigstore/mock';
import { createHash, generateKeyPairSync, sign } from 'node:crypto';

/** Fulcio's OIDC issuer extensions: v1 holds the raw string, v2 a DER UTF8String (sigstore-js reads v2 first). */
const OID_FULCIO_ISSUER_V1 = '1.3.6.1.4.1.57264.1.1';
const OID_FULCIO_ISSUER_V2 = '1.3.6.1.4.1.57264.1.8';

/** Who the signing certificate says signed: its subject alternative name and OIDC issuer (none: no extension). */
interface MockSigner {
  readonly subjectAlternativeName: string;
  readonly issuer: string | undefined;
}

export interface MockSigstore {
  /** A `trusted_root.json` document trusting this instance's CA, transparency log and CT log. */
  readonly trustedRoot: unknown;
  /** A Sigstore bundle (v0.3, message signature) over `artifact` by a certificate issued to `signer`. */
  signBlob(artifact: Uint8Array, signer: MockSigner): Promise<string>;
  /**
   * Logs a key-signed DSSE bundle: a `dsse` 0.0.1 entry as Rekor stores one (envelope and payload hashes, the
   * signature and the verifying key), with a signed entry timestamp and an inclusion proof, in the bundle's
   * `tlogEntries` form.
   */
  logDsse(bundle: DsseBundleJson, publicKeyPem: string): Promise<Record<string, unknown>>;
  /** An RFC 3161 timestamp over the DSSE signature of `bundle`, base64 of the DER response's token. */
  timestampDsse(bundle: DsseBundleJson): Promise<string>;
}

/** The parts of a DSSE Sigstore bundle (JSON) the log and the TSA need. */
export interface DsseBundleJson {
  readonly dsseEnvelope: {
    readonly payload: string;
    readonly payloadType: string;
    readonly signatures: readonly { readonly sig: string; readonly keyid?: string }[];
  };
}

/** A Rekor v1 log entry as the mock log answers it (`@sigstore/rekor-types` is not installed here). */
interface RekorV1Entry {
  readonly body: string;
  readonly integratedTime: number;
  readonly logID: string;
  readonly logIndex: number;
  readonly verification: {
    readonly signedEntryTimestamp: string;
    readonly inclusionProof: {
      readonly logIndex: number;
      readonly treeSize: number;
      readonly rootHash: string;
      readonly hashes: readonly string[];
      readonly checkpoint: string;
    };
  };
}

const P256 = () => generateKeyPairSync('ec', { namedCurve: 'P-256' });
const bytesOf = (view: ArrayBufferView) => Buffer.from(view.buffer, view.byteOffset, view.byteLength);
const b64 = (view: ArrayBufferView) => bytesOf(view).toString('base64');

/**
 * A private Sigstore instance (Fulcio CA with a CT log, Rekor v1 log) from `@sigstore/mock`: it issues
 * certificates carrying whatever identity a test names, the way Fulcio does (SAN plus both issuer
 * extensions, an SCT), and logs each signature with a signed entry timestamp and an inclusion proof. The
 * bundles it makes verify against its trusted root through sigstore-js like public-good ones.
 */
export async function startMockSigstore(): Promise<MockSigstore> {
  const ctLog = await initializeCTLog(P256());
  const ca = await initializeCA(P256(), ctLog);
  const tlog = await initializeTLog('https://rekor.sigstore.dev', P256());
  // The TSA's clock: after its certificates' notBefore (now, in whole seconds), and with milliseconds that
  // do not end in zero (sigstore-js misreads such a generalized time).
  const tsa = await initializeTSA(P256(), new Date(Math.ceil(Date.now() / 1000) * 1000 + 5_123));
  const since = { start: '2000-01-01T00:00:00Z' };
  const trustedRoot = {
    mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
    tlogs: [
      {
        baseUrl: 'https://rekor.sigstore.dev',
        hashAlgorithm: 'SHA2_256',
        publicKey: { rawBytes: b64(tlog.publicKey), keyDetails: 'PKIX_ECDSA_P256_SHA_256', validFor: since },
        logId: { keyId: b64(createHash('sha256').update(tlog.publicKey).digest()) },
      },
    ],
    certificateAuthorities: [
      {
        subject: { organization: 'sigstore.mock', commonName: 'sigstore' },
        uri: 'https://fulcio.sigstore.dev',
        certChain: { certificates: [{ rawBytes: b64(ca.rootCertificate) }] },
        validFor: since,
      },
    ],
    ctlogs: [
      {
        baseUrl: 'https://ctfe.sigstore.dev',
        hashAlgorithm: 'SHA2_256',
        publicKey: { rawBytes: b64(ctLog.publicKey), keyDetails: 'PKIX_ECDSA_P256_SHA_256', validFor: since },
        logId: { keyId: b64(ctLog.logID) },
      },
    ],
    timestampAuthorities: [
      {
        subject: { organization: 'sigstore.mock', commonName: 'tsa' },
        uri: 'https://timestamp.sigstore.dev',
        certChain: {
          certificates: [{ rawBytes: b64(tsa.intCertificate) }, { rawBytes: b64(tsa.rootCertificate) }],
        },
        validFor: since,
      },
    ],
  };

  /** A Rekor v1 answer in the bundle's `tlogEntries` form. */
  function tlogEntryOf(logged: unknown, kind: string, version: string): Record<string, unknown> {
    const entry = Object.values(logged as Record<string, RekorV1Entry>)[0];
    if (entry === undefined) throw new Error('the mock transparency log returned no entry');
    const proof = entry.verification.inclusionProof;
    return {
      logIndex: String(entry.logIndex),
      logId: { keyId: Buffer.from(entry.logID, 'hex').toString('base64') },
      kindVersion: { kind, version },
      integratedTime: String(entry.integratedTime),
      inclusionPromise: { signedEntryTimestamp: entry.verification.signedEntryTimestamp },
      inclusionProof: {
        logIndex: String(proof.logIndex),
        rootHash: Buffer.from(proof.rootHash, 'hex').toString('base64'),
        treeSize: String(proof.treeSize),
        hashes: proof.hashes.map((hash) => Buffer.from(hash, 'hex').toString('base64')),
        checkpoint: { envelope: proof.checkpoint },
      },
      canonicalizedBody: entry.body,
    };
  }

  async function logDsse(bundle: DsseBundleJson, publicKeyPem: string): Promise<Record<string, unknown>> {
    const { dsseEnvelope: envelope } = bundle;
    const sha256 = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex');
    const signature = envelope.signatures[0];
    if (signature === undefined) throw new Error('the DSSE envelope has no signature');
    // Rekor stores a dsse entry this way: hashes of the envelope and the payload, and each signature with
    // its verifier (base64 of the PEM); the mock log signs whatever body it is given.
    const logged = await tlog.log({
      apiVersion: '0.0.1',
      kind: 'dsse',
      spec: {
        envelopeHash: { algorithm: 'sha256', value: sha256(JSON.stringify(envelope)) },
        payloadHash: { algorithm: 'sha256', value: sha256(Buffer.from(envelope.payload, 'base64')) },
        signatures: [{ signature: signature.sig, verifier: Buffer.from(publicKeyPem).toString('base64') }],
      },
    });
    return tlogEntryOf(logged, 'dsse', '0.0.1');
  }

  async function timestampDsse(bundle: DsseBundleJson): Promise<string> {
    const signature = bundle.dsseEnvelope.signatures[0];
    if (signature === undefined) throw new Error('the DSSE envelope has no signature');
    const response = await tsa.timestamp({
      artifactHash: createHash('sha256').update(Buffer.from(signature.sig, 'base64')).digest(),
      hashAlgorithmOID: '2.16.840.1.101.3.4.2.1',
      nonce: 1,
      policyOID: '1.2.3.4',
      certReq: false,
    });
    return b64(response);
  }

  async function signBlob(artifact: Uint8Array, signer: MockSigner): Promise<string> {
    const key = P256();
    const certificate = bytesOf(
      await ca.issueCertificate({
        publicKey: key.publicKey.export({ format: 'der', type: 'spki' }),
        subjectAltName: signer.subjectAlternativeName,
        extensions:
          signer.issuer === undefined
            ? []
            : [
                { oid: OID_FULCIO_ISSUER_V1, value: signer.issuer, legacy: true },
                { oid: OID_FULCIO_ISSUER_V2, value: signer.issuer },
              ],
      }),
    );
    const digest = createHash('sha256').update(artifact).digest();
    const signature = sign('sha256', artifact, key.privateKey);
    const pem = `-----BEGIN CERTIFICATE-----\n${certificate.toString('base64')}\n-----END CERTIFICATE-----\n`;
    const logged = await tlog.log({
      apiVersion: '0.0.1',
      kind: 'hashedrekord',
      spec: {
        data: { hash: { algorithm: 'sha256', value: digest.toString('hex') } },
        signature: { content: b64(signature), publicKey: { content: Buffer.from(pem).toString('base64') } },
      },
    });
    return JSON.stringify({
      mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json',
      verificationMaterial: {
        certificate: { rawBytes: certificate.toString('base64') },
        tlogEntries: [tlogEntryOf(logged, 'hashedrekord', '0.0.1')],
        timestampVerificationData: { rfc3161Timestamps: [] },
      },
      messageSignature: {
        messageDigest: { algorithm: 'SHA2_256', digest: digest.toString('base64') },
        signature: b64(signature),
      },
    });
  }

  return { trustedRoot, signBlob, logDsse, timestampDsse };
}
