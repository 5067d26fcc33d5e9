import { SigilError } from '@sigil/core';
import { isManifestDigest } from '@sigil/oci';
import { goJsonString } from '@sigil/core';

export const SIMPLE_SIGNING_TYPE = 'cosign container image signature';
export const SIMPLE_SIGNING_MEDIA_TYPE = 'application/vnd.dev.cosign.simplesigning.v1+json';

/**
 * `optional` keys whose value containers/image (podman, skopeo) and sigil's gate read with a type other
 * than string: `timestamp` is Unix seconds as an integer. An annotation is always a string, so one under
 * such a key would make a payload every strict verifier refuses (PAYLOAD_INVALID).
 */
const NON_STRING_OPTIONAL_KEYS: readonly string[] = ['timestamp'];

/** The first annotation key that cannot be written as a string annotation, if any. */
export function reservedAnnotationKey(annotations: Readonly<Record<string, string>>): string | undefined {
  return Object.keys(annotations).find((key) => NON_STRING_OPTIONAL_KEYS.includes(key));
}

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
  const reserved = reservedAnnotationKey(annotations ?? {});
  if (reserved !== undefined) {
    throw new SigilError(
      'INPUT_INVALID',
      `the annotation ${JSON.stringify(reserved)} is reserved: verifiers read optional.${reserved} as an integer, not a string`,
      { hint: `Use another annotation key than ${JSON.stringify(reserved)}.` },
    );
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
