import type { AttestationVerdict } from '@sigil/attestations';
import type { SignatureVerdict } from '@sigil/signatures';
import type { SigningEngine } from '@sigil/signer';
import type { EvidenceTarget, EvidenceVerifier } from './evidence-verifier.js';

/** What the gate asks of an engine: verification by its one key (`SigningEngine`, either engine). */
export type KeyVerifier = Pick<SigningEngine, 'verifySignatures' | 'verifyAttestations'>;

/** Failures every key would see alike (nothing there, or no such image): trying more keys says nothing new. */
const KEY_INDEPENDENT: readonly string[] = [
  'NO_SIGNATURES',
  'NO_ATTESTATIONS',
  'ATTESTATION_MISSING',
  'IMAGE_NOT_FOUND',
];
/** Failures that only say this key did not vouch: another key's failure, if any, says more. */
const UNTRUSTED: readonly string[] = ['SIGNATURE_UNTRUSTED', 'ATTESTATION_UNTRUSTED'];

/**
 * The gate's evidence judged by one engine per trusted key — for `engine: cosign`, the cosign CLI (`cosign
 * verify --key`, `cosign verify-attestation --key --type`) — key after key until one verifies (rotation). Verdicts carry no per-layer evidence
 * and no revoked signatures (cosign has no revocation); a verified attestation's first printed statement
 * must still pass the gate's predicate check (a valid SBOM, SLSA document). When no key verifies, the
 * most telling failure is reported: anything but "not by this key", else the first key's.
 */
export function cosignEvidenceVerifier(engines: readonly KeyVerifier[]): EvidenceVerifier {
  if (engines.length === 0) throw new Error('cosignEvidenceVerifier: no engine (no trusted key)');
  return {
    verifySignatures: (_registry, target, policy) =>
      firstVerified(engines, (engine) =>
        engine.verifySignatures(
          target,
          Object.keys(policy.annotations ?? {}).length === 0 ? {} : { annotations: policy.annotations ?? {} },
        ),
      ),
    verifyAttestations: (_registry, target, policy) =>
      firstVerified(engines, async (engine) => {
        const verdict = await engine.verifyAttestations(target, { predicateType: policy.predicateType });
        if (!verdict.verified || policy.validatePredicate === undefined) return verdict;
        return predicateChecked(verdict, target, policy.validatePredicate);
      }),
  };
}

async function firstVerified<V extends SignatureVerdict | AttestationVerdict>(
  engines: readonly KeyVerifier[],
  verify: (engine: KeyVerifier) => Promise<V>,
): Promise<V> {
  const failures: V[] = [];
  for (const engine of engines) {
    const verdict = await verify(engine);
    if (verdict.verified) return verdict;
    failures.push(verdict);
    if (KEY_INDEPENDENT.includes(verdict.reason ?? '')) break;
  }
  const reported = failures.find((verdict) => !UNTRUSTED.includes(verdict.reason ?? '')) ?? failures[0];
  if (reported === undefined) throw new Error('cosignEvidenceVerifier: no verdict');
  if (failures.length === 1) return reported;
  return { ...reported, message: `no trusted key verified (${failures.length} tried): ${reported.message}` };
}

function predicateChecked(
  verdict: AttestationVerdict,
  target: EvidenceTarget,
  validatePredicate: NonNullable<Parameters<EvidenceVerifier['verifyAttestations']>[2]['validatePredicate']>,
): AttestationVerdict {
  const statement = verdict.statement;
  const predicate =
    statement !== null && typeof statement === 'object' && !Array.isArray(statement)
      ? (statement as { readonly predicate?: unknown }).predicate
      : undefined;
  const check = validatePredicate(predicate);
  if (check.ok) return verdict;
  const { statement: _accepted, ...unverified } = verdict;
  return {
    ...unverified,
    verified: false,
    reason: 'PREDICATE_INVALID',
    acceptedKeyIds: [],
    message: `cosign verified an attestation of ${target.image} as ${verdict.predicateType}, but its predicate is not valid: ${check.message}`,
  };
}
