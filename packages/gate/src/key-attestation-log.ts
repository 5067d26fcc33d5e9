import type { AttestationPolicy } from '@sigil/attestations';
import type { GatePolicy } from './gate-policy.js';

type KeyLogVerifier = NonNullable<AttestationPolicy['keyLog']>;

/** Per gate policy: its verifier of key-based `.att` layers' Rekor bundles (sigstore-js loaded once). */
const verifiers = new WeakMap<GatePolicy, Promise<KeyLogVerifier>>();

/**
 * With a trusted root, the Rekor bundle of every `.att` layer a trusted key verified is verified against it (as
 * `.sig` layers' are): the SET with one of its logs, the entry against this envelope, signature and key. One
 * that does not verify fails its layer (`TLOG_INVALID`); one that does makes the layer logged, which
 * `require-tlog` accepts. Without a trusted root they are set aside unchecked (undefined).
 */
export function layerAttestationKeyLog(policy: GatePolicy): Promise<KeyLogVerifier> | undefined {
  const trustedRoot = policy.transparency?.trustedRoot;
  if (trustedRoot === undefined) return undefined;
  let pending = verifiers.get(policy);
  if (pending === undefined) {
    pending = import('@sigil/transparency').then(
      ({ verifyLegacyKeyAttestationLog }): KeyLogVerifier =>
        ({ envelope, rekorBundle, key }) => {
          const verdict = verifyLegacyKeyAttestationLog({
            envelope,
            rekorBundle,
            publicKey: key,
            trustedRoot,
          });
          return verdict.ok ? { ok: true } : { ok: false, message: verdict.message };
        },
    );
    verifiers.set(policy, pending);
  }
  return pending;
}
