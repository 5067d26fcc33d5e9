import { SigilError } from '@sigil/core';
import { base64Length, decodeBase64Strict, encodeBase64, writeBase64 } from '@sigil/core';
import { goJsonString } from '@sigil/core';
import { parseStrictJsonBytes, quoteForMessage, type JsonObject, type JsonValue } from '@sigil/core';

/** Media type of a `.att` layer: the blob is a DSSE envelope. */
export const DSSE_ENVELOPE_MEDIA_TYPE = 'application/vnd.dsse.envelope.v1+json';

const encoder = new TextEncoder();

/**
 * The DSSE pre-authentication encoding up to the payload: `DSSEv1 <len(type)> <type> <len(payload)> `
 * (lengths in decimal bytes, single spaces). PAE = this header ‖ payload; signers and verifiers feed the
 * two parts to the hash in turn, so the PAE of a large payload is never assembled.
 */
export function preAuthEncodingHeader(payloadType: string, payloadLength: number): Uint8Array {
  const type = encoder.encode(payloadType);
  const head = encoder.encode(`DSSEv1 ${type.length} `);
  const tail = encoder.encode(` ${payloadLength} `);
  const header = new Uint8Array(head.length + type.length + tail.length);
  header.set(head, 0);
  header.set(type, head.length);
  header.set(tail, head.length + type.length);
  return header;
}

/**
 * A DSSE envelope as cosign v2 writes it (sigstore/sigstore `dsse.WrapSigner`):
 * `{"payloadType":…,"payload":"<b64>","signatures":[{"keyid":"","sig":"<b64>"}]}`. The payload comes as
 * parts (see `inTotoStatementParts`) whose base64 is written straight into the one output buffer, so the
 * envelope (4/3 of the payload) is the only full-size allocation.
 */
export function dsseEnvelopeBytes(
  payloadType: string,
  payloadParts: readonly Uint8Array[],
  signatures: readonly Uint8Array[],
): Uint8Array {
  const head = encoder.encode(`{"payloadType":${goJsonString(payloadType)},"payload":"`);
  const tail = encoder.encode(
    `","signatures":[${signatures.map((sig) => `{"keyid":"","sig":"${encodeBase64(sig)}"}`).join(',')}]}`,
  );
  const payloadLength = payloadParts.reduce((total, part) => total + part.length, 0);
  const envelope = Buffer.allocUnsafe(head.length + base64Length(payloadLength) + tail.length);
  envelope.set(head, 0);
  const afterPayload = writeBase64(payloadParts, envelope, head.length);
  if (afterPayload !== envelope.length - tail.length) {
    throw new SigilError('INTERNAL', 'the DSSE payload base64 does not fill its space in the envelope');
  }
  envelope.set(tail, afterPayload);
  return new Uint8Array(envelope.buffer, envelope.byteOffset, envelope.byteLength);
}

interface DsseSignature {
  /** Absent in cosign v3's layout, empty in cosign v2's. */
  readonly keyid?: string;
  /** The signature as written: std base64 (decoded and checked by the verifier). */
  readonly sig: string;
}

/** A parsed DSSE envelope. `payload` is the base64-decoded payload: the exact bytes that were signed. */
export interface DsseEnvelope {
  readonly payloadType: string;
  readonly payload: Uint8Array;
  readonly signatures: readonly DsseSignature[];
}

export type DsseEnvelopeParse =
  { readonly ok: true; readonly envelope: DsseEnvelope } | { readonly ok: false; readonly message: string };

const ENVELOPE_KEYS = ['payloadType', 'payload', 'signatures'];
const SIGNATURE_KEYS = ['keyid', 'sig'];

/**
 * Parses a DSSE envelope strictly, whatever its key order or whitespace (cosign v2 and v3 lay it out
 * differently): UTF-8 JSON without duplicate keys; exactly `payloadType` (string), `payload` (strict std
 * base64) and `signatures` (a non-empty array of objects with a string `sig` and an optional string
 * `keyid`, nothing else). Signatures are decoded by the verifier, so a bad one is told apart from a bad
 * envelope.
 */
export function parseDsseEnvelope(bytes: Uint8Array): DsseEnvelopeParse {
  const parsed = parseStrictJsonBytes(bytes);
  if (!parsed.ok) return { ok: false, message: `the DSSE envelope is not valid JSON: ${parsed.message}` };
  const top = parsed.value;
  if (!(top instanceof Map)) return { ok: false, message: 'the DSSE envelope is not a JSON object' };
  const unknown = unknownKey(top, ENVELOPE_KEYS);
  if (unknown !== undefined) {
    return { ok: false, message: `the DSSE envelope has an unknown key ${quoteForMessage(unknown)}` };
  }
  const payloadType = top.get('payloadType');
  if (typeof payloadType !== 'string') {
    return { ok: false, message: 'the DSSE envelope has no string "payloadType"' };
  }
  const payloadText = top.get('payload');
  if (typeof payloadText !== 'string')
    return { ok: false, message: 'the DSSE envelope has no string "payload"' };
  const payload = decodeBase64Strict(payloadText);
  if (payload === undefined) {
    return { ok: false, message: 'the DSSE payload is not standard padded base64' };
  }
  const signatures = parseSignatures(top.get('signatures'));
  if (typeof signatures === 'string') return { ok: false, message: signatures };
  return { ok: true, envelope: { payloadType: detached(payloadType), payload, signatures } };
}

function parseSignatures(value: JsonValue | undefined): DsseSignature[] | string {
  if (!Array.isArray(value)) return 'the DSSE envelope has no "signatures" array';
  if (value.length === 0) return 'the DSSE envelope has no signatures';
  const signatures: DsseSignature[] = [];
  for (const [index, entry] of (value as readonly JsonValue[]).entries()) {
    if (!(entry instanceof Map)) return `DSSE signature ${index} is not an object`;
    const unknown = unknownKey(entry, SIGNATURE_KEYS);
    if (unknown !== undefined)
      return `DSSE signature ${index} has an unknown key ${quoteForMessage(unknown)}`;
    const sig = entry.get('sig');
    const keyid = entry.get('keyid');
    if (typeof sig !== 'string') return `DSSE signature ${index} has no string "sig"`;
    if (keyid !== undefined && typeof keyid !== 'string')
      return `DSSE signature ${index} has a non-string "keyid"`;
    const own = detached(sig);
    signatures.push(keyid === undefined ? { sig: own } : { keyid: detached(keyid), sig: own });
  }
  return signatures;
}

function unknownKey(object: JsonObject, known: readonly string[]): string | undefined {
  for (const key of object.keys()) if (!known.includes(key)) return key;
  return undefined;
}

/**
 * A copy of `text` that does not share storage with the envelope's JSON text: V8 keeps a substring as a
 * view of its parent, and the parent here is the whole envelope (tens of megabytes for a large SBOM).
 */
function detached(text: string): string {
  return Buffer.from(text, 'utf8').toString('utf8');
}
