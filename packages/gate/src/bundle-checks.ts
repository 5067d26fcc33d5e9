import type { ReferrersSource } from '@sigil/oci';
import { KEYLESS_SIGNER_SIGNIFICANCE } from '@sigil/signatures';
import type { BundleOutcome, BundleProblem, JudgedBundle } from './bundle-evidence.js';
import type { KeylessProblem } from './keyless-policy.js';

/**
 * Where a check's evidence was read: the legacy `.sig` / `.att` tag, or Sigstore bundle referrers listed by
 * the OCI 1.1 referrers API or the referrers tag schema's fallback index.
 */
export type EvidenceSource = 'sig-tag' | 'att-tag' | ReferrersSource;

/** Gate reasons only bundles give (the others map onto the legacy formats' reasons). */
export type BundleReason =
  | 'REFERRER_SUBJECT_MISMATCH'
  | 'KEYLESS_NOT_CONFIGURED'
  | KeylessProblem
  | 'CERTIFICATE_UNTRUSTED'
  | 'CERTIFICATE_EXPIRED'
  | 'SCT_MISSING'
  | 'BUNDLE_INVALID'
  | 'SIGNATURE_ONLY_ATTESTATIONS'
  | 'TLOG_INVALID'
  | 'TIMESTAMP_INVALID'
  | 'TLOG_MISSING';

/** Most significant first: a trusted key's statement about another image, then what was copied or revoked … */
const BUNDLE_SIGNIFICANCE: readonly BundleProblem[] = [
  'STATEMENT_SUBJECT_MISMATCH',
  'REFERRER_SUBJECT_MISMATCH',
  'KEY_REVOKED',
  'TLOG_INVALID',
  'TIMESTAMP_INVALID',
  ...KEYLESS_SIGNER_SIGNIFICANCE,
  'ANNOTATION_MISMATCH',
  'BUNDLE_INVALID',
  'TLOG_MISSING',
  'SCT_MISSING',
  'CERTIFICATE_UNTRUSTED',
  'KEYLESS_NOT_CONFIGURED',
  'BUNDLE_UNTRUSTED',
];

/** The most significant failed bundle among `bundles`, if any failed. */
export function mostSignificantBundle(bundles: readonly JudgedBundle[]): BundleOutcome | undefined {
  let best: BundleOutcome | undefined;
  for (const { outcome } of bundles) {
    if (outcome.verified || outcome.problem === undefined) continue;
    if (best?.problem === undefined || rank(outcome.problem) < rank(best.problem)) best = outcome;
  }
  return best;
}

function rank(problem: BundleProblem): number {
  return BUNDLE_SIGNIFICANCE.indexOf(problem);
}

/** A bundle problem in the words of a signature check. */
export function signatureReasonOf(
  problem: BundleProblem,
): BundleReason | 'CLAIM_DIGEST_MISMATCH' | 'KEY_REVOKED' | 'ANNOTATION_MISMATCH' | 'SIGNATURE_UNTRUSTED' {
  switch (problem) {
    case 'STATEMENT_SUBJECT_MISMATCH':
      return 'CLAIM_DIGEST_MISMATCH';
    case 'BUNDLE_UNTRUSTED':
      return 'SIGNATURE_UNTRUSTED';
    default:
      return problem;
  }
}

/** A bundle problem in the words of an attestation check. */
export function attestationReasonOf(
  problem: BundleProblem,
):
  | Exclude<BundleReason, 'SIGNATURE_ONLY_ATTESTATIONS'>
  | 'SUBJECT_MISMATCH'
  | 'KEY_REVOKED'
  | 'ATTESTATION_UNTRUSTED' {
  switch (problem) {
    case 'STATEMENT_SUBJECT_MISMATCH':
      return 'SUBJECT_MISMATCH';
    case 'BUNDLE_UNTRUSTED':
    case 'ANNOTATION_MISMATCH':
      return 'ATTESTATION_UNTRUSTED';
    default:
      return problem;
  }
}

/** The outcomes as reported. */
export function outcomesOf(bundles: readonly JudgedBundle[]): BundleOutcome[] {
  return bundles.map(({ outcome }) => outcome);
}

/** Who signed a verified bundle, in words: its key, or its keyless certificate's identity. */
export function bundleSigner({ keyId, identity }: BundleOutcome): string {
  if (keyId !== undefined) return `key ${keyId}`;
  return `certificate for ${JSON.stringify(identity?.subjectAlternativeName ?? null)} from ${JSON.stringify(identity?.issuer ?? null)}`;
}
