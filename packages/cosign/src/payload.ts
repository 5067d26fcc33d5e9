import { SigilError } from '@sigil/errors';
import { isManifestDigest } from './digest.js';
import { goJsonString } from './go-json-string.js';

export const SIMPLE_SIGNING_TYPE = 'cosign container image signature';
export const SIMPLE_SIGNING_MEDIA_TYPE = 'application/vnd.dev.cosign.simplesigning.v1+json';

/**
 * The simple-signing payload cosign writes (sigstore/sigstore `payload.Cosign`), byte for byte: compact
 * JSON, keys in the order `critical.identity`, `critical.image`, `critical.type`, `optional`; `optional`
 * is `null` without annotations, else the annotations with keys sorted bytewise (Go map order); strings
 * escaped as Go does, including `<`, `>`, `&`, U+2028 and U+2029. The JSON is assembled by hand because a
 * JavaScript object would reorder integer-like annotation keys.
 */
export function simpleSigningPayload(
  identity: string,
  digest: string,
  annotations?: Readonly<Record<string, string>>,
): Uint8Array {
  if (identity === '')
    throw new SigilError('INPUT_INVALID', 'the payload identity (docker reference) is empty');
  if (!isManifestDigest(digest)) {
    throw new SigilError('INPUT_INVALID', `not a manifest digest: ${JSON.stringify(digest)}`, {
      hint: 'Sign a digest of the form sha256:<64 lowercase hex>.',
    });
  }
  const entries = Object.entries(annotations ?? {}).sort(([a], [b]) => Buffer.compare(utf8(a), utf8(b)));
  const optional =
    entries.length === 0
      ? 'null'
      : `{${entries.map(([k, v]) => `${goJsonString(k)}:${goJsonString(v)}`).join(',')}}`;
  const text =
    `{"critical":{"identity":{"docker-reference":${goJsonString(identity)}},` +
    `"image":{"docker-manifest-digest":${goJsonString(digest)}},"type":${goJsonString(SIMPLE_SIGNING_TYPE)}},` +
    `"optional":${optional}}`;
  return utf8(text);
}

function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}
