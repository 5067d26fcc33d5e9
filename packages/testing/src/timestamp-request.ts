/** What a TSA needs from an RFC 3161 request (`@sigstore/mock`'s `TimestampRequest`). */
export interface ParsedTimestampRequest {
  readonly artifactHash: Buffer;
  readonly hashAlgorithmOID: string;
  readonly nonce: number;
  readonly policyOID: string;
  readonly certReq: boolean;
}

const SHA256 = '2.16.840.1.101.3.4.2.1';
const SHA384 = '2.16.840.1.101.3.4.2.2';
const SHA512 = '2.16.840.1.101.3.4.2.3';
/** Sigstore's TSA policy, what the mock puts in a token when the request names none. */
const SIGSTORE_TSA_POLICY = '1.3.6.1.4.1.57264.2';
const DEFAULT_NONCE = 1234567890;

interface Tlv {
  readonly tag: number;
  readonly value: Buffer;
  readonly end: number;
}

function readTlv(bytes: Buffer, offset: number): Tlv {
  const tag = bytes[offset];
  let length = bytes[offset + 1];
  if (tag === undefined || length === undefined) throw new Error('truncated DER');
  let start = offset + 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count === 0 || count > 4) throw new Error('unsupported DER length');
    length = 0;
    for (let i = 0; i < count; i += 1) length = length * 256 + (bytes[start + i] ?? 0);
    start += count;
  }
  if (start + length > bytes.length) throw new Error('truncated DER');
  return { tag, value: bytes.subarray(start, start + length), end: start + length };
}

function children(value: Buffer): Tlv[] {
  const items: Tlv[] = [];
  for (let offset = 0; offset < value.length;) {
    const item = readTlv(value, offset);
    items.push(item);
    offset = item.end;
  }
  return items;
}

function oidOf(value: Buffer): string {
  const first = value[0] ?? 0;
  const arcs = [Math.min(2, Math.floor(first / 40)), first - Math.min(2, Math.floor(first / 40)) * 40];
  let arc = 0;
  for (const byte of value.subarray(1)) {
    arc = arc * 128 + (byte & 0x7f);
    if ((byte & 0x80) === 0) {
      arcs.push(arc);
      arc = 0;
    }
  }
  return arcs.join('.');
}

const TAG = { boolean: 0x01, integer: 0x02, octetString: 0x04, oid: 0x06, sequence: 0x30 } as const;

/**
 * Parses a DER `TimeStampReq` (RFC 3161 §2.4.1, `application/timestamp-query`: what sigstore-go and cosign
 * send). A nonce is echoed only up to 2^53 (the mock TSA takes a JavaScript number); a larger one is refused.
 */
export function parseDerTimestampRequest(der: Buffer): ParsedTimestampRequest {
  const outer = readTlv(der, 0);
  if (outer.tag !== TAG.sequence || outer.end !== der.length) throw new Error('not a DER TimeStampReq');
  const [version, imprint, ...optional] = children(outer.value);
  if (version?.tag !== TAG.integer || imprint?.tag !== TAG.sequence)
    throw new Error('not a DER TimeStampReq');
  const [algorithm, hashed] = children(imprint.value);
  const algorithmOid = algorithm === undefined ? undefined : children(algorithm.value)[0];
  if (algorithmOid?.tag !== TAG.oid || hashed?.tag !== TAG.octetString) throw new Error('bad messageImprint');
  let policyOID = SIGSTORE_TSA_POLICY;
  let nonce = DEFAULT_NONCE;
  let certReq = false;
  for (const item of optional) {
    if (item.tag === TAG.oid) policyOID = oidOf(item.value);
    else if (item.tag === TAG.integer) {
      const value = BigInt(`0x${item.value.toString('hex') || '0'}`);
      if (value > BigInt(Number.MAX_SAFE_INTEGER))
        throw new Error('nonce larger than 2^53 (the mock TSA cannot echo it)');
      nonce = Number(value);
    } else if (item.tag === TAG.boolean) certReq = item.value[0] !== 0;
  }
  return {
    artifactHash: Buffer.from(hashed.value),
    hashAlgorithmOID: oidOf(algorithmOid.value),
    nonce,
    policyOID,
    certReq,
  };
}

/** Parses sigstore-js's JSON timestamp request (`{artifactHash, hashAlgorithm, nonce?, certificates?}`). */
export function parseJsonTimestampRequest(text: string): ParsedTimestampRequest {
  const json = JSON.parse(text) as Record<string, unknown>;
  if (typeof json['artifactHash'] !== 'string') throw new Error('artifactHash is required');
  const algorithm = String(json['hashAlgorithm'] ?? 'sha256');
  return {
    artifactHash: Buffer.from(json['artifactHash'], 'base64'),
    hashAlgorithmOID: /512/.test(algorithm) ? SHA512 : /384/.test(algorithm) ? SHA384 : SHA256,
    nonce: typeof json['nonce'] === 'number' ? json['nonce'] : DEFAULT_NONCE,
    policyOID: typeof json['tsaPolicyOID'] === 'string' ? json['tsaPolicyOID'] : SIGSTORE_TSA_POLICY,
    certReq: json['certificates'] === true,
  };
}
