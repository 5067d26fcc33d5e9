import { repositoryName, type Registry } from '@sigil/oci';
import { verifyAttestationLayer } from './attestation-layer-verifier.js';
import { fetchEnvelope, type StoredAttestations } from './attestation-store.js';
import type { ImageTarget } from '@sigil/oci';
import type { PublicKey } from '@sigil/keys';
import { parseStrictJsonBytesToPlain } from '@sigil/core';

/** SBOMs nest deeply (CycloneDX components within components). */
const MAX_PREDICATE_DEPTH = 128;

/**
 * Whether `stored` already holds what attesting `predicate` as `predicateType` with `key` would add: a
 * layer of that type whose envelope verifies with `key` and whose statement names this repository and
 * digest and carries an equal predicate (as JSON values: the cosign CLI re-serialises predicates, so
 * bytes cannot be compared). With `replace`, only when it is the one layer of that type, as the native
 * writer decides; `replace` would otherwise leave exactly one.
 */
export async function holdsEquivalentAttestation(
  registry: Registry,
  target: Pick<ImageTarget, 'repo' | 'digest'>,
  stored: StoredAttestations | undefined,
  key: PublicKey,
  attestation: { readonly predicateType: string; readonly predicate: Uint8Array; readonly replace: boolean },
): Promise<boolean> {
  const sameType = (stored?.layers ?? []).filter(
    (layer) => layer.predicateType === attestation.predicateType,
  );
  if (sameType.length === 0 || (attestation.replace && sameType.length !== 1)) return false;
  const wanted = parseStrictJsonBytesToPlain(attestation.predicate, MAX_PREDICATE_DEPTH);
  if (!wanted.ok) return false;
  for (const layer of sameType) {
    const envelope = await fetchEnvelope(registry, target.repo, layer);
    if (!envelope.ok) continue;
    const verdict = verifyAttestationLayer(
      { mediaType: layer.descriptor.mediaType, envelope: envelope.bytes, annotations: layer.annotations },
      {
        digest: target.digest,
        predicateType: attestation.predicateType,
        trustedKeys: [key],
        revokedKeys: [],
      },
    );
    if (!verdict.ok || !verdict.ofRequiredType) continue;
    const { subjects, predicate } = verdict.statement;
    const namesThisImage =
      subjects.length === 1 &&
      subjects[0]?.name === repositoryName(target.repo) &&
      subjects[0].digest['sha256'] === target.digest.slice('sha256:'.length);
    if (namesThisImage && jsonEqual(predicate, wanted.value)) return true;
  }
  return false;
}

/** Deep equality of parsed JSON values: arrays in order, objects by key regardless of order. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return (
      Array.isArray(a) &&
      Array.isArray(b) &&
      a.length === b.length &&
      a.every((item, i) => jsonEqual(item, b[i]))
    );
  }
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = Object.keys(left);
  return (
    keys.length === Object.keys(right).length &&
    keys.every((key) => Object.hasOwn(right, key) && jsonEqual(left[key], right[key]))
  );
}
