import type { BundleVerdict } from '@sigil/transparency';

/**
 * What a failed keyless verification by sigstore-js means for the gate, for a Sigstore bundle and for a
 * keyless `.sig` layer (read as the bundle v0.1 it amounts to) alike.
 */
export type KeylessVerificationProblem =
  | 'SCT_MISSING'
  | 'CERTIFICATE_EXPIRED'
  | 'CERTIFICATE_UNTRUSTED'
  | 'TLOG_MISSING'
  | 'TLOG_INVALID'
  | 'TIMESTAMP_INVALID'
  | 'BUNDLE_UNTRUSTED'
  | 'BUNDLE_INVALID';

/** What a keyless verification failure of sigstore-js means for the gate. */
export function keylessFailure(
  reason: string,
  message: string,
  counts: { readonly tlogEntries: number; readonly rfc3161Timestamps: number },
): KeylessVerificationProblem {
  switch (reason) {
    case 'CERTIFICATE':
      if (/SCT/.test(message)) return 'SCT_MISSING';
      if (/expired|not valid|validity/i.test(message)) return 'CERTIFICATE_EXPIRED';
      return 'CERTIFICATE_UNTRUSTED';
    case 'TLOG':
      return counts.tlogEntries === 0 ? 'TLOG_MISSING' : 'TLOG_INVALID';
    case 'TIMESTAMP':
      return counts.tlogEntries === 0 && counts.rfc3161Timestamps === 0
        ? 'TLOG_MISSING'
        : 'TIMESTAMP_INVALID';
    case 'SIGNATURE':
      return 'BUNDLE_UNTRUSTED';
    default:
      return 'BUNDLE_INVALID';
  }
}

/** The signer a verified certificate names, as reported: its subject alternative name and OIDC issuer. */
export function signerIdentity({ signer }: Extract<BundleVerdict, { ok: true }>): {
  readonly subjectAlternativeName?: string;
  readonly issuer?: string;
} {
  const { subjectAlternativeName, issuer } = signer;
  return {
    ...(subjectAlternativeName === undefined ? {} : { subjectAlternativeName }),
    ...(issuer === undefined ? {} : { issuer }),
  };
}
