import { type SignatureLayer } from '../src/layer-verifier.js';
import { vectorBytes } from '@sigil/testing';

/**
 * containers/image's `dir:` serialisation of one `.sig` layer: the bytes `\x00sigstore-json\n`, then JSON
 * `{"mimeType", "payload" (std base64 of the layer blob), "annotations"}`.
 */
const PREFIX = Buffer.from('\x00sigstore-json\n', 'latin1');

function parseContainersImageSignature(bytes: Uint8Array): SignatureLayer {
  const buffer = Buffer.from(bytes);
  if (!buffer.subarray(0, PREFIX.length).equals(PREFIX)) {
    throw new Error('not a containers/image sigstore signature (missing "\\0sigstore-json\\n" prefix)');
  }
  const json = JSON.parse(buffer.subarray(PREFIX.length).toString('utf8')) as {
    mimeType?: unknown;
    payload?: unknown;
    annotations?: unknown;
  };
  if (
    typeof json.mimeType !== 'string' ||
    typeof json.payload !== 'string' ||
    typeof json.annotations !== 'object'
  ) {
    throw new Error('containers/image signature JSON lacks mimeType, payload or annotations');
  }
  return {
    mediaType: json.mimeType,
    payload: new Uint8Array(Buffer.from(json.payload, 'base64')),
    annotations: json.annotations as Record<string, string>,
  };
}

export function signatureVector(relativePath: string): SignatureLayer {
  return parseContainersImageSignature(vectorBytes(`containers-image/${relativePath}`));
}
