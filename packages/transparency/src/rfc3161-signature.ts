import { createHash, timingSafeEqual, verify, type KeyObject } from 'node:crypto';
import type { ASN1Obj, RFC3161Timestamp } from '@sigstore/core';

const SIGNED_DATA = '1.2.840.113549.1.7.2';
const TST_INFO = '1.2.840.113549.1.9.16.1.4';
const MESSAGE_DIGEST = '1.2.840.113549.1.9.4';
/** The DER tag of a SET: signed attributes are signed as one, not with their `[0] IMPLICIT` tag (RFC 5652, 5.4). */
const SET = 0x31;

class TimestampSignatureError extends Error {}

/**
 * Verifies that `timestamp` (an RFC 3161 TimeStampResp read by sigstore-js) timestamps `signature` and is signed with
 * `key`: the checks of sigstore-js's `RFC3161Timestamp.verify` — a SignedData token over a TSTInfo, whose message
 * imprint is the digest of `signature`, whose digest the signed `messageDigest` attribute holds, and the signed
 * attributes' signature with `key` — made over the token's own DER bytes. sigstore-js re-encodes the TSTInfo and the
 * signed attributes for each check, which took a fifth of a keyless verification; its reader accepts DER only
 * (minimal lengths, short tags, no indefinite length), so an element's own bytes are exactly that re-encoding: its
 * tag, its length and its content (`encoded`, checked against sigstore-js's re-encoding in the tests).
 */
export function verifyTimestampSignature(
  timestamp: RFC3161Timestamp,
  signature: Buffer,
  key: KeyObject,
): void {
  if (timestamp.contentType !== SIGNED_DATA)
    throw new TimestampSignatureError(`the token's content type is ${timestamp.contentType}, not SignedData`);
  if (timestamp.eContentType !== TST_INFO)
    throw new TimestampSignatureError(`the token encapsulates ${timestamp.eContentType}, not a TSTInfo`);
  const tstInfo = timestamp.tstInfo;
  // The message imprint: the digest of the signature this timestamp is about.
  tstInfo.verify(signature);
  const digestAlgorithm = timestamp.signerDigestAlgorithm as string | undefined;
  if (digestAlgorithm === undefined)
    throw new TimestampSignatureError('the token names a digest algorithm sigstore does not use');
  const attributes = signedAttributes(timestamp.root);
  const signedDigest = attributes.subs.find(
    (attribute) => attribute.subs[0]?.tag.isOID() === true && attribute.subs[0].toOID() === MESSAGE_DIGEST,
  )?.subs[1]?.subs[0]?.value;
  const tstInfoDigest = createHash(digestAlgorithm).update(encoded(tstInfo.root)).digest();
  if (
    signedDigest === undefined ||
    signedDigest.length !== tstInfoDigest.length ||
    !timingSafeEqual(signedDigest, tstInfoDigest)
  )
    throw new TimestampSignatureError('the signed message digest is not the digest of the TSTInfo');
  const signed = encoded(attributes, SET);
  // As sigstore-js: the digest its ECDSA table names, else (an RSA TSA, say) the key type's default, SHA-256.
  // The algorithm identifier is not signed; the key and the signature decide.
  const valid = verifies(
    timestamp.signatureAlgorithm as string | undefined,
    signed,
    key,
    timestamp.signatureValue,
  );
  if (!valid) throw new TimestampSignatureError("the token's signature does not verify");
}

/** node:crypto's verdict, a signature it cannot even read (wrong length, another key type) being false. */
function verifies(algorithm: string | undefined, data: Buffer, key: KeyObject, signature: Buffer): boolean {
  try {
    return verify(algorithm, data, key, signature);
  } catch {
    return false;
  }
}

/** The signed attributes (`[0]`) of the token's one SignerInfo, found as sigstore-js finds them. */
function signedAttributes(root: ASN1Obj): ASN1Obj {
  const token = root.subs[1];
  const signedData = token?.subs.find((sub) => sub.tag.isContextSpecific(0))?.subs[0];
  const signerInfo = signedData?.subs[signedData.subs.length - 1]?.subs[0];
  const attributes = signerInfo?.subs.find((sub) => sub.tag.isContextSpecific(0));
  if (attributes === undefined) throw new TimestampSignatureError('the token has no signed attributes');
  return attributes;
}

/** An element's DER encoding (with another tag when `tag` is given): its tag, its length, then its content. */
export function encoded(element: ASN1Obj, tag = element.tag.toDER()): Buffer {
  const length = element.value.length;
  const lengthBytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) lengthBytes.unshift(rest % 256);
  const header = length < 0x80 ? [tag, length] : [tag, 0x80 | lengthBytes.length, ...lengthBytes];
  return Buffer.concat([Buffer.from(header), element.value]);
}
