import type { GatePolicy } from './gate-policy.js';

/** Images of a registry, in a row, with no legacy evidence whose bundles passed, before bundles are read first. */
const LEARN_AFTER = 3;

/**
 * Which evidence the gate reads first for a digest. cosign's legacy `.sig` / `.att` tags first, as long as
 * the registry has shown any; once the first images of a registry in this run had nothing in their legacy
 * tags and passed on Sigstore bundles (what cosign v3 writes by default), the bundles come first there and
 * the tags are read only when the bundles do not pass. Only the order changes: a requirement the first
 * source does not pass is judged on both, exactly as before, and a registry that shows one legacy signature
 * or attestation goes back to tags first for the rest of the run.
 */
export class EvidenceOrder {
  /** Per registry: the digests that passed on bundles with empty legacy tags (up to `LEARN_AFTER`), or `legacy`. */
  readonly #seen = new Map<string, Set<string> | 'legacy'>();

  bundlesFirst(registry: string): boolean {
    const seen = this.#seen.get(registry);
    return seen !== undefined && seen !== 'legacy' && seen.size >= LEARN_AFTER;
  }

  /** A digest's legacy tag was read: it held evidence, or it held none and the bundles passed. */
  learn(registry: string, digest: string, legacyEvidence: boolean, bundlesPassed: boolean): void {
    const seen = this.#seen.get(registry);
    if (seen === 'legacy') return;
    if (legacyEvidence) this.#seen.set(registry, 'legacy');
    else if (bundlesPassed) {
      const digests = seen ?? new Set<string>();
      if (digests.size < LEARN_AFTER) digests.add(digest);
      this.#seen.set(registry, digests);
    }
  }
}

const orders = new WeakMap<GatePolicy, EvidenceOrder>();

/** The order of one gate run (one policy object per run). */
export function evidenceOrder(policy: GatePolicy): EvidenceOrder {
  let order = orders.get(policy);
  if (order === undefined) {
    order = new EvidenceOrder();
    orders.set(policy, order);
  }
  return order;
}
