import { SigilError, base64Length, encodeBase64, goJsonString, writeBase64 } from '@sigil/core';
import { BUNDLE_V03_MEDIA_TYPE } from './bundle-format.js';

const encoder = new TextEncoder();

/**
 * A key-based Sigstore bundle v0.3 around a DSSE envelope, laid out as protojson writes it (cosign v3):
 * `{"mediaType":…,"verificationMaterial":{"publicKey":{"hint":…}},"dsseEnvelope":{"payload":…,
 * "payloadType":…,"signatures":[{"sig":…}]}}`, with no transparency-log entry and no timestamp. The payload
 * comes as parts whose base64 is written straight into the one output buffer, so a large statement (an SBOM)
 * is never joined or held as a string.
 */
export function keyBundleBytes(
  hint: string,
  payloadType: string,
  payloadParts: readonly Uint8Array[],
  signature: Uint8Array,
): Uint8Array {
  const head = encoder.encode(
    `{"mediaType":${goJsonString(BUNDLE_V03_MEDIA_TYPE)},"verificationMaterial":{"publicKey":{"hint":${goJsonString(hint)}}},"dsseEnvelope":{"payload":"`,
  );
  const tail = encoder.encode(
    `","payloadType":${goJsonString(payloadType)},"signatures":[{"sig":"${encodeBase64(signature)}"}]}}`,
  );
  const payloadLength = payloadParts.reduce((total, part) => total + part.length, 0);
  const bundle = Buffer.allocUnsafe(head.length + base64Length(payloadLength) + tail.length);
  bundle.set(head, 0);
  const afterPayload = writeBase64(payloadParts, bundle, head.length);
  if (afterPayload !== bundle.length - tail.length)
    throw new SigilError('INTERNAL', 'the bundle payload base64 does not fill its space');
  bundle.set(tail, afterPayload);
  return new Uint8Array(bundle.buffer, bundle.byteOffset, bundle.byteLength);
}
