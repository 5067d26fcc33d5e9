// Keyless signing (GitHub OIDC → Fulcio → Rekor / TSA) and transparency-log upload, a subpath of its own: it loads @sigstore/sign, which
// verification (the package's index, what install-cosign and the gate load) does not need.
export {
  /** @public For the keyless signing actions (issue 11). */
  fetchRunnerIdToken,
  /** @public For the keyless signing actions (issue 11). */
  type RunnerIdTokenRequest,
} from './runner-id-token.js';
export {
  /** @public For the keyless signing actions (issue 11). */
  KeylessSigner,
  /** @public For the keyless signing actions (issue 11). */
  type KeylessBlobSignature,
  /** @public For the keyless signing actions (issue 11). */
  type KeylessCertificate,
  /** @public For the keyless signing actions (issue 11). */
  type KeylessEnvelopeSignature,
  /** @public For the keyless signing actions (issue 11). */
  type KeylessSignerOptions,
} from './keyless-signer.js';
export {
  /** @public For the keyless signing actions (issue 11). */
  readSigningConfig,
  /** @public For the keyless signing actions (issue 11). */
  type SigningServices,
} from './signing-config.js';
export {
  /** @public For the actions' `tlog-upload`. */
  KeyBundleLog,
  /** @public For the actions' `tlog-upload`. */
  type BundleLogServices,
  /** @public For the actions' `tlog-upload`. */
  type LoggedBundle,
} from './key-bundle-log.js';
