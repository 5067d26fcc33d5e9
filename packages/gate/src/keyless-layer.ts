import { X509Certificate } from 'node:crypto';
import type { SignaturePolicy } from '@sigil/signatures';
import type { LoadedTrustedRoot, verifyLegacyKeylessSignature } from '@sigil/transparency';
import type { GatePolicy } from './gate-policy.js';
import { judgeSigner, type KeylessPolicy } from './keyless-policy.js';
import { keylessFailure, signerIdentity, type KeylessVerificationProblem } from './keyless-verdict.js';

type KeylessLayerVerifier = NonNullable<SignaturePolicy['keyless']>;
type KeylessLayer = Parameters<KeylessLayerVerifier>[0];
type KeylessLayerVerdict = ReturnType<KeylessLayerVerifier>;
type KeylessLayerFailure = Extract<KeylessLayerVerdict, { ok: false }>;

/** Per gate policy: the signature policy its `.sig` layers are verified with (built once per run). */
const policies = new WeakMap<GatePolicy, Promise<SignaturePolicy>>();

/**
 * The policy the gate verifies `.sig` layers with: `policy.signature`, and when `policy.keyless` names who may
 * sign keyless, a verifier of keyless layers (those with a certificate that no trusted key verifies) against
 * `trusted-root` — as keyless Sigstore bundles are verified (`bundle-evidence.ts`): sigstore-js loads only when
 * keyless signers are configured with a trusted root (which has loaded it already). Without `policy.keyless`
 * keyless layers are `KEYLESS_NOT_CONFIGURED` (`@sigil/signatures`).
 */
export function layerSignaturePolicy(policy: GatePolicy): Promise<SignaturePolicy> {
  const { keyless } = policy;
  if (keyless === undefined) return Promise.resolve(policy.signature);
  let pending = policies.get(policy);
  if (pending === undefined) {
    pending = withKeylessLayers(policy, keyless);
    policies.set(policy, pending);
  }
  return pending;
}

async function withKeylessLayers(policy: GatePolicy, keyless: KeylessPolicy): Promise<SignaturePolicy> {
  const trustedRoot = policy.transparency?.trustedRoot;
  if (trustedRoot === undefined) {
    return {
      ...policy.signature,
      keyless: () => ({
        ok: false,
        reason: 'CERTIFICATE_UNTRUSTED',
        message: 'the layer is keyless, and no trusted root was given to verify it',
      }),
    };
  }
  const { verifyLegacyKeylessSignature: verify } = await import('@sigil/transparency');
  const tlogThreshold = policy.transparency?.requireTlog === false ? 0 : 1;
  return {
    ...policy.signature,
    keyless: (layer) => judgeKeylessLayer(layer, { trustedRoot, keyless, tlogThreshold, verify }),
  };
}

/**
 * One keyless layer: a certificate no certificate authority of the trusted root issued is `CERTIFICATE_UNTRUSTED`
 * before anything else; then sigstore-js verifies the layer as a bundle v0.1 (`verifyLegacyKeylessSignature`:
 * the chain at the time Rekor integrated the entry, the SCT, the SET with the root's Rekor key, the entry against
 * this payload, signature and certificate, the signature), then the signer must be one `keyless` accepts.
 */
function judgeKeylessLayer(
  layer: KeylessLayer,
  {
    trustedRoot,
    keyless,
    tlogThreshold,
    verify,
  }: {
    readonly trustedRoot: LoadedTrustedRoot;
    readonly keyless: KeylessPolicy;
    readonly tlogThreshold: number;
    readonly verify: typeof verifyLegacyKeylessSignature;
  },
): KeylessLayerVerdict {
  if (!issuedByTrustedRoot(layer.certificate, trustedRoot)) {
    return {
      ok: false,
      reason: 'CERTIFICATE_UNTRUSTED',
      message: 'the layer is signed with a certificate no certificate authority of trusted-root issued',
    };
  }
  const verdict = verify({ ...layer, trustedRoot, tlogThreshold });
  if (!verdict.ok) {
    const counts = { tlogEntries: layer.rekorBundle === undefined ? 0 : 1, rfc3161Timestamps: 0 };
    return {
      ok: false,
      reason: layerReason(keylessFailure(verdict.reason, verdict.message, counts)),
      message: `the layer does not verify as a keyless signature: ${verdict.message}`,
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
 * A keyless verification problem in a `.sig` layer's words: its only verified time is its Rekor entry's (a
 * timestamp that does not verify is a log entry that does not), and a signature that does not verify with the
 * certificate's key, like a layer sigstore-js cannot read, is not trusted.
 */
function layerReason(problem: KeylessVerificationProblem): KeylessLayerFailure['reason'] {
  switch (problem) {
    case 'TIMESTAMP_INVALID':
      return 'TLOG_INVALID';
    case 'BUNDLE_UNTRUSTED':
    case 'BUNDLE_INVALID':
      return 'SIGNATURE_UNTRUSTED';
    default:
      return problem;
  }
}
