import type { KeyObject, X509Certificate } from 'node:crypto';

/** What sigil reads from a Fulcio signing certificate. */
export interface FulcioCertificateIdentity {
  /** The URI (or e-mail) subject alternative name. */
  readonly subjectAlternativeName: string;
  /** The OIDC issuer extension: 1.3.6.1.4.1.57264.1.8 (DER UTF8String), else the raw 1.1 of Fulcio v1. */
  readonly issuer: string;
}

interface Tlv {
  readonly tag: number;
  readonly start: number;
  readonly end: number;
}

const SAN_OID = Buffer.from([0x55, 0x1d, 0x11]);
const ISSUER_V2_OID = Buffer.from([0x2b, 0x06, 0x01, 0x04, 0x01, 0x83, 0xbf, 0x30, 0x01, 0x08]);
const ISSUER_V1_OID = Buffer.from([0x2b, 0x06, 0x01, 0x04, 0x01, 0x83, 0xbf, 0x30, 0x01, 0x01]);

/** A certificate's PEM as Go's `pem.Encode` writes it: 64 columns, a newline at the end. */
export function certificatePem(certificate: X509Certificate): string {
  const body = certificate.raw.toString('base64').replace(/.{64}/g, '$&\n').replace(/\n$/, '');
  return `-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----\n`;
}

/** Whether the certificate certifies `key` (same SubjectPublicKeyInfo). */
export function certifiesKey(certificate: X509Certificate, key: KeyObject): boolean {
  const spki = (k: KeyObject) => k.export({ format: 'der', type: 'spki' });
  return spki(certificate.publicKey).equals(spki(key));
}

/** The SAN and issuer of a Fulcio certificate, or undefined when it has either not exactly as Fulcio writes it. */
export function fulcioIdentity(certificate: X509Certificate): FulcioCertificateIdentity | undefined {
  const extensions = readExtensions(certificate.raw);
  if (extensions === undefined) return undefined;
  const san = extensions.get(SAN_OID.toString('hex'));
  const subjectAlternativeName = san === undefined ? undefined : readSan(san);
  const v2 = extensions.get(ISSUER_V2_OID.toString('hex'));
  const v1 = extensions.get(ISSUER_V1_OID.toString('hex'));
  const issuer = v2 !== undefined ? readUtf8String(v2) : v1 === undefined ? undefined : utf8(v1);
  if (subjectAlternativeName === undefined || issuer === undefined) return undefined;
  return { subjectAlternativeName, issuer };
}

/** Fulcio's extension arc, 1.3.6.1.4.1.57264.1 (DER content of the OID, as hex). */
const FULCIO_ARC_HEX = '2b0601040183bf3001';
/** 1.3.6.1.4.1.57264.1.21, the Run Invocation URI: it names the run attempt, so a re-run differs only there. */
const RUN_INVOCATION_OID_HEX = `${FULCIO_ARC_HEX}15`;

/**
 * Whether two Fulcio certificates were issued for the same signer: the same subject alternative name and the
 * same Fulcio extensions (issuer, and for GitHub Actions the repository, ref, commit, workflow, trigger, runner
 * environment…), the Run Invocation URI aside — a re-run of the same job is the same signer. False when either
 * cannot be read.
 */
export function sameFulcioSigner(a: X509Certificate, b: X509Certificate): boolean {
  const claims = (certificate: X509Certificate): Map<string, Buffer> | undefined => {
    const extensions = readExtensions(certificate.raw);
    if (extensions === undefined) return undefined;
    const kept = new Map<string, Buffer>();
    for (const [oid, value] of extensions) {
      const fulcio = oid.startsWith(FULCIO_ARC_HEX) && oid !== RUN_INVOCATION_OID_HEX;
      if (fulcio || oid === SAN_OID.toString('hex')) kept.set(oid, value);
    }
    return kept.has(SAN_OID.toString('hex')) ? kept : undefined;
  };
  const first = claims(a);
  const second = claims(b);
  if (first === undefined || second === undefined || first.size !== second.size) return false;
  for (const [oid, value] of first) if (!second.get(oid)?.equals(value)) return false;
  return true;
}

/** The extensions of a DER certificate: hex OID → the extnValue OCTET STRING's content. */
function readExtensions(der: Buffer): Map<string, Buffer> | undefined {
  const certificate = read(der, 0, der.length);
  if (certificate?.tag !== 0x30) return undefined;
  const tbs = read(der, certificate.start, certificate.end);
  if (tbs?.tag !== 0x30) return undefined;
  let extensions: Tlv | undefined;
  for (let at = tbs.start; at < tbs.end;) {
    const element = read(der, at, tbs.end);
    if (element === undefined) return undefined;
    if (element.tag === 0xa3) extensions = read(der, element.start, element.end);
    at = element.end;
  }
  if (extensions?.tag !== 0x30) return undefined;
  const found = new Map<string, Buffer>();
  for (let at = extensions.start; at < extensions.end;) {
    const extension = read(der, at, extensions.end);
    if (extension?.tag !== 0x30) return undefined;
    const oid = read(der, extension.start, extension.end);
    if (oid?.tag !== 0x06) return undefined;
    let value = read(der, oid.end, extension.end);
    if (value?.tag === 0x01) value = read(der, value.end, extension.end);
    if (value?.tag !== 0x04 || value.end !== extension.end) return undefined;
    const key = der.subarray(oid.start, oid.end).toString('hex');
    if (found.has(key)) return undefined;
    found.set(key, der.subarray(value.start, value.end));
    at = extension.end;
  }
  return found;
}

/** The one URI (tag [6]) or e-mail (tag [1]) name of a SubjectAltName. */
function readSan(value: Buffer): string | undefined {
  const names = read(value, 0, value.length);
  if (names?.tag !== 0x30 || names.end !== value.length) return undefined;
  const found: string[] = [];
  for (let at = names.start; at < names.end;) {
    const name = read(value, at, names.end);
    if (name === undefined) return undefined;
    if (name.tag === 0x86 || name.tag === 0x81)
      found.push(value.subarray(name.start, name.end).toString('latin1'));
    at = name.end;
  }
  return found.length === 1 ? found[0] : undefined;
}

function readUtf8String(value: Buffer): string | undefined {
  const text = read(value, 0, value.length);
  if (text?.tag !== 0x0c || text.end !== value.length) return undefined;
  return utf8(value.subarray(text.start, text.end));
}

function utf8(bytes: Buffer): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/** One DER element at `offset` (single-byte tags, definite minimal lengths), within `limit`. */
function read(bytes: Buffer, offset: number, limit: number): Tlv | undefined {
  if (offset + 2 > limit) return undefined;
  const tag = bytes[offset] as number;
  const first = bytes[offset + 1] as number;
  let length = first;
  let start = offset + 2;
  if (first >= 0x80) {
    const count = first & 0x7f;
    if (count === 0 || count > 3 || start + count > limit) return undefined;
    length = 0;
    for (let index = 0; index < count; index++) length = length * 256 + (bytes[start + index] as number);
    if (length < 0x80) return undefined;
    start += count;
  }
  const end = start + length;
  return end > limit ? undefined : { tag, start, end };
}
