import { isSigilError } from '@sigil/core';
import type { Descriptor, Registry, RepositoryRef } from '@sigil/oci';

/** Why a layer's blob could not be obtained; the layer then cannot verify. */
export type PayloadProblem =
  /** The registry served bytes whose digest is not the descriptor's: tampered storage. */
  | 'PAYLOAD_DIGEST_MISMATCH'
  /** The manifest references a blob the registry does not have. */
  | 'PAYLOAD_MISSING'
  /** The descriptor claims more than the reader's limit. */
  | 'PAYLOAD_TOO_LARGE';

export type PayloadFetch =
  | { readonly ok: true; readonly bytes: Uint8Array }
  | { readonly ok: false; readonly problem: PayloadProblem; readonly message: string };

/**
 * Fetches the blob of one `.sig` / `.att` layer, checked against its descriptor (digest by the registry
 * client, size here). A missing blob, a digest mismatch or a descriptor over `maxBytes` is a recorded
 * problem, not an error, so one bad layer does not hide a good one; registry failures propagate.
 */
export async function fetchLayerBlob(
  registry: Registry,
  repo: RepositoryRef,
  descriptor: Descriptor,
  maxBytes: number,
): Promise<PayloadFetch> {
  if (descriptor.size > maxBytes) {
    return {
      ok: false,
      problem: 'PAYLOAD_TOO_LARGE',
      message: `layer ${descriptor.digest} claims ${descriptor.size} bytes; payloads over ${maxBytes} bytes are not fetched`,
    };
  }
  try {
    const bytes = await registry.getBlob(repo, descriptor.digest);
    if (bytes.length !== descriptor.size) {
      return {
        ok: false,
        problem: 'PAYLOAD_DIGEST_MISMATCH',
        message: `layer ${descriptor.digest} is ${bytes.length} bytes, but its descriptor says ${descriptor.size}`,
      };
    }
    return { ok: true, bytes };
  } catch (error) {
    if (isSigilError(error) && error.code === 'CONTENT_DIGEST_MISMATCH') {
      return { ok: false, problem: 'PAYLOAD_DIGEST_MISMATCH', message: error.message };
    }
    if (isSigilError(error) && error.code === 'BLOB_NOT_FOUND') {
      return { ok: false, problem: 'PAYLOAD_MISSING', message: error.message };
    }
    throw error;
  }
}
