import { X509Certificate } from 'node:crypto';
import type { AttestationPolicy } from '@sigil/attestations';
import type { SignaturePolicy } from '@sigil/signatures';
import type { LoadedTrustedRoot, verifyLegacyKeylessSignature } from '@sigil/transparency';
import type { GatePolicy } from './gate-policy.js';
import { judgeSigner, type KeylessPolicy, type KeylessProblem } from './keyless-policy.js';
import { keylessFailure, signerIdentity, type KeylessVerificationProblem } from './keyless-verdict.js';

type KeylessLayerVerifier = NonNullable<SignaturePolicy['keyless']>;
type KeylessAttestationVerifier = NonNullable<AttestationPolicy['keyless']>;
type LegacyKeylessVerdict = ReturnType<typeof verifyLegacyKeylessSignature>;

/** A keyless verification problem as a legacy layer reports it (see `layerReason`). */
type LayerProblem = Exclude<
  KeylessVerificationProblem,
  'TIMESTAMP_INVALID' | 'BUNDLE_UNTRUSTED' | 'BUNDLE_INVALID'
>;

/** The verdict on one keyless layer, `Untrusted` naming a signature that does not verify. */
type KeylessLayerJudgement<Untrusted extends string> =
  | { readonly ok: true; readonly identity: KeylessIdentity }
  | {
      readonly ok: false;
      readonly reason: LayerProblem | KeylessProblem | Untrusted;
      readonly message: string;
      readonly identity?: KeylessIdentity;
    };

type KeylessIdentity = ReturnType<typeof signerIdentity>;

/** What both kinds of keyless layer are judged with: the trusted root and the signer policy. */
interface KeylessTrust {
  readonly trustedRoot: LoadedTrustedRoot;
  readonly keyless: KeylessPolicy;
}

/** The verifiers of keyless `.sig` and `.att` layers of one gate policy (sigstore-js loaded once). */
interface KeylessLayerVerifiers {
  /** `policy.signature` with the verifier of keyless `.sig` layers. */
  readonly signaturePolicy: SignaturePolicy;
  readonly attestation: KeylessAttestationVerifier;
}

/** Per gate policy: its keyless layer verifiers (built once per run); undefined without `policy.keyless`. */
const verifiers = new WeakMap<GatePolicy, Promise<KeylessLayerVerifiers>>();

/**
 * The policy the gate verifies `.sig` layers with: `policy.signature`, and when `policy.keyless` names who may
 * sign keyless, a verifier of keyless layers (those with a certificate that no trusted key verifies) against
 * `trusted-root` — as keyless Sigstore bundles are verified (`bundle-evidence.ts`): sigstore-js loads only when
 * keyless signers are configured with a trusted root (which has loaded it already). Without `policy.keyless`
 * keyless layers are `KEYLESS_NOT_CONFIGURED` (`@sigil/signatures`).
 */
export async function layerSignaturePolicy(policy: GatePolicy): Promise<SignaturePolicy> {
  return (await keylessLayerVerifiers(policy))?.signaturePolicy ?? policy.signature;
}

/**
 * The verifier of keyless `.att` layers (those with a certificate that no trusted key verifies), judged as keyless
 * `.sig` layers are; undefined without `policy.keyless`, when such layers are `KEYLESS_NOT_CONFIGURED`
 * (`@sigil/attestations`).
 */
export async function layerAttestationKeyless(
  policy: GatePolicy,
): Promise<KeylessAttestationVerifier | undefined> {
  return (await keylessLayerVerifiers(policy))?.attestation;
}

function keylessLayerVerifiers(policy: GatePolicy): Promise<KeylessLayerVerifiers> | undefined {
  const { keyless } = policy;
  if (keyless === undefined) return undefined;
  let pending = verifiers.get(policy);
  if (pending === undefined) {
    pending = withKeylessLayers(policy, keyless);
    verifiers.set(policy, pending);
  }
  return pending;
}

async function withKeylessLayers(policy: GatePolicy, keyless: KeylessPolicy): Promise<KeylessLayerVerifiers> {
  const trustedRoot = policy.transparency?.trustedRoot;
  if (trustedRoot === undefined) {
    const refused = {
      ok: false as const,
      reason: 'CERTIFICATE_UNTRUSTED' as const,
      message: 'the layer is keyless, and no trusted root was given to verify it',
    };
    return { signaturePolicy: { ...policy.signature, keyless: () => refused }, attestation: () => refused };
  }
  const { verifyLegacyKeylessSignature: verifySignature, verifyLegacyKeylessAttestation: verifyAttestation } =
    await import('@sigil/transparency');
  const trust: KeylessTrust = { trustedRoot, keyless };
  const options = { trustedRoot, tlogThreshold: policy.transparency?.requireTlog === false ? 0 : 1 };
  const signature: KeylessLayerVerifier = (layer) =>
    judgeKeylessLayer(
      layer,
      () => verifySignature({ ...layer, ...options }),
      trust,
      'SIGNATURE_UNTRUSTED',
      'a keyless signature',
    );
  return {
    signaturePolicy: { ...policy.signature, keyless: signature },
    attestation: (layer) =>
      judgeKeylessLayer(
        layer,
        () => verifyAttestation({ ...layer, ...options }),
        trust,
        'ATTESTATION_UNTRUSTED',
        'a keyless attestation',
      ),
  };
}

/**
 * One keyless layer: a certificate no certificate authority of the trusted root issued is `CERTIFICATE_UNTRUSTED`
 * before anything else; then sigstore-js verifies the layer as a bundle v0.1 (`verifyLegacyKeylessSignature` for
 * a `.sig` layer, `verifyLegacyKeylessAttestation` for an `.att` layer's DSSE envelope: the chain at the time Rekor
 * integrated the entry, the SCT, the SET with the root's Rekor key, the entry against this payload, signature and
 * certificate, the signature), then the signer must be one `keyless` accepts. A signature that does not verify
 * with the certificate's key, like a layer sigstore-js cannot read, is `untrusted`.
 */
function judgeKeylessLayer<Untrusted extends 'SIGNATURE_UNTRUSTED' | 'ATTESTATION_UNTRUSTED'>(
  layer: { readonly certificate: string; readonly rekorBundle?: string },
  verify: () => LegacyKeylessVerdict,
  { trustedRoot, keyless }: KeylessTrust,
  untrusted: Untrusted,
  what: string,
): KeylessLayerJudgement<Untrusted> {
  if (!issuedByTrustedRoot(layer.certificate, trustedRoot)) {
    return {
      ok: false,
      reason: 'CERTIFICATE_UNTRUSTED',
      message: 'the layer is signed with a certificate no certificate authority of trusted-root issued',
    };
  }
  const verdict = verify();
  if (!verdict.ok) {
    const counts = { tlogEntries: layer.rekorBundle === undefined ? 0 : 1, rfc3161Timestamps: 0 };
    return {
      ok: false,
      reason: layerReason(keylessFailure(verdict.reason, verdict.message, counts), untrusted),
      message: `the layer does not verify as ${what}: ${verdict.message}`,
    };
  }
  const identity = signerIdentity(verdict);
  const refused = judgeSigner(verdict.signer, keyless);
  if (refused !== undefined)
    return { ok: false, reason: refused.problem, message: refused.message, identity };
  return { ok: true, identity };
}

function issuedByTrustedRoot(pem: string, trustedRoot: LoadedTrustedRoot): boolean {
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(pem);
  } catch {
    return false;
  }
  return trustedRoot.issues(certificate.raw);
}

/**
 * A keyless verification problem in a legacy layer's words: its only verified time is its Rekor entry's (a
 * timestamp that does not verify is a log entry that does not), and a signature that does not verify with the
 * certificate's key, like a layer sigstore-js cannot read, is not trusted.
 */
function layerReason<Untrusted extends string>(
  problem: KeylessVerificationProblem,
  untrusted: Untrusted,
): LayerProblem | Untrusted {
  switch (problem) {
    case 'TIMESTAMP_INVALID':
      return 'TLOG_INVALID';
    case 'BUNDLE_UNTRUSTED':
    case 'BUNDLE_INVALID':
      return untrusted;
    default:
      return problem;
  }
}
