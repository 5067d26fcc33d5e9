import type { AttestationInput, AttestOptions, AttestedDigest } from '@sigil/attestations';
import type { ImageTarget } from '@sigil/oci';
import type { PublicKey } from '@sigil/keys';
import type { SignImageOutcome, SignImagesOptions } from '@sigil/signatures';
import type { SignatureVerdict } from '@sigil/signatures';
import type { AttestationVerdict } from '@sigil/attestations';

/** `native`: sigil signs and verifies itself. `cosign`: the installed cosign CLI does (KMS and k8s:// keys). */
export type SigningEngineName = 'native' | 'cosign';

/**
 * Where signatures and attestations are written: cosign's legacy `.sig`/`.att` tags, Sigstore bundles as
 * OCI referrers (cosign v3's default), or both (readers of either format find them).
 */
export type SignatureFormat = 'legacy' | 'bundle' | 'both';

/** One format a single write uses. */
export type WriteFormat = Exclude<SignatureFormat, 'both'>;

/** The formats `format` writes, legacy first. */
export function writeFormats(format: SignatureFormat): readonly WriteFormat[] {
  return format === 'both' ? ['legacy', 'bundle'] : [format];
}

/** An image pinned to a digest; `tag` when the digest was just resolved from it. */
export type EngineTarget = Pick<ImageTarget, 'image' | 'repo' | 'digest'> & Partial<Pick<ImageTarget, 'tag'>>;

/**
 * Signs, attests and verifies with one key: writes cosign's legacy format (`.sig` and `.att` tags) and, natively,
 * Sigstore bundle referrers; verifies the legacy format (the gate reads bundles itself). Both engines
 * give the same results for the same work — the same outcomes, refs, `deduplicated` and `replaced`, and
 * verdicts with the same reasons — so actions, reports and summaries do not depend on which one ran. A
 * verdict from the cosign engine has no per-layer evidence (cosign does not print it): `layers` is empty.
 */
/** Who signs, for reports: a key (its public half), or a keyless identity (its certificate, once issued). */
export type SignerIdentity =
  | { readonly kind: 'key'; readonly publicKey: PublicKey }
  | {
      readonly kind: 'keyless';
      /** The Fulcio certificate's identity; absent when the run signed nothing and asked for none. */
      readonly certificate?: { readonly subjectAlternativeName: string; readonly issuer: string };
    };

export interface SigningEngine {
  readonly name: SigningEngineName;
  /** The key's public half (native: from the key; cosign: `cosign public-key`), fetched once; none keyless. */
  publicKey(): Promise<PublicKey>;
  /** Who signed (asked after signing: a keyless run's certificate is issued on its first signature). */
  signerIdentity(): Promise<SignerIdentity>;
  /** Signs each target's digest (and with `recursive` every manifest of an index); one outcome per unique target. */
  signImages(
    targets: readonly ImageTarget[],
    options?: SignImagesOptions & { readonly format?: SignatureFormat },
  ): Promise<SignImageOutcome[]>;
  /** Attests one digest in one format (default legacy); throws a SigilError when it cannot. */
  attestImage(
    target: EngineTarget,
    attestation: AttestationInput,
    options?: AttestOptions & { readonly format?: WriteFormat },
  ): Promise<AttestedDigest>;
  /** Whether a signature by this key over this digest is in its `.sig` tag; never throws. */
  verifySignatures(
    target: EngineTarget,
    options?: { readonly annotations?: Readonly<Record<string, string>> },
  ): Promise<SignatureVerdict>;
  /** Whether an attestation of `predicateType` by this key about this digest is in its `.att` tag; never throws. */
  verifyAttestations(
    target: EngineTarget,
    options: { readonly predicateType: string },
  ): Promise<AttestationVerdict>;
}

/**
 * Attests one digest in every format `format` names (legacy first), one result per format; the first
 * failure is thrown.
 */
export async function attestInFormats(
  engine: SigningEngine,
  target: EngineTarget,
  attestation: AttestationInput,
  options: AttestOptions & { readonly format: SignatureFormat },
): Promise<AttestedDigest[]> {
  const attested: AttestedDigest[] = [];
  for (const format of writeFormats(options.format))
    attested.push(await engine.attestImage(target, attestation, { ...options, format }));
  return attested;
}
