import { parseImageList, type ImageEntry } from '@sigil/oci';
import { type SigningEngineName } from '@sigil/signer';
import { SigilError } from '@sigil/core';
import type {
  GateMode,
  KeylessPolicy,
  PlatformsRequirement,
  ProvenancePolicy,
  Requirement,
} from '@sigil/gate';
import { readPublicKeyList, type PublicKeyList } from './key-list-input.js';
import { readKeylessInputs } from './keyless-input.js';
import { readRequireInputs } from './require-input.js';
import { readTransparencyInputs, type TransparencyInputs } from './transparency-input.js';
import {
  ENGINES,
  readAnnotations,
  readRegistrySettings,
  type RegistrySettings,
  type InputReader,
  type RunnerEnvironment,
  type SecretMasker,
} from '@sigil/toolkit';

/** Everything verify-gate was asked to check, read and validated once. */
export interface VerifyGateInputs {
  readonly images: readonly ImageEntry[];
  readonly publicKeys: PublicKeyList;
  readonly revokedKeys: PublicKeyList;
  /** Annotations every accepted signature must carry (`cosign verify -a`). */
  readonly annotations: Readonly<Record<string, string>>;
  /** What every image must carry (`require`, default `signature, sbom`). */
  readonly requirements: readonly Requirement[];
  /** `provenance-source` and `provenance-builder`. */
  readonly provenance: ProvenancePolicy;
  readonly platforms: PlatformsRequirement;
  readonly mode: GateMode;
  /** `native` (default): sigil verifies. `cosign`: `cosign verify` / `verify-attestation` per trusted key. */
  readonly engine: SigningEngineName;
  /** Who may sign keyless; undefined: keyless evidence is not trusted. */
  readonly keyless?: KeylessPolicy;
  /** `trusted-root` and `require-tlog`: how Sigstore bundles' log entries and timestamps are judged. */
  readonly transparency: TransparencyInputs;
  readonly registry: RegistrySettings;
  readonly showSummary: boolean;
}

export async function readVerifyGateInputs(
  inputs: InputReader,
  environment: Pick<RunnerEnvironment, 'workspace' | 'variable'> &
    Partial<Pick<RunnerEnvironment, 'runnerTemp' | 'runnerToolCache'>>,
  secrets: Pick<SecretMasker, 'add'>,
): Promise<VerifyGateInputs> {
  const images = parseImageList(inputs.list('images', { required: true }), 'images');
  const platforms = inputs.enumeration('platforms', ['index', 'all'], 'index');
  const mode = inputs.enumeration('mode', ['enforce', 'audit'], 'enforce');
  const engine = inputs.enumeration('engine', ENGINES, 'native');
  const annotations = readAnnotations(inputs);
  const { requirements, provenance } = readRequireInputs(inputs);
  const registry = readRegistrySettings(inputs);
  const showSummary = inputs.boolean('show-summary', { default: true });
  const keyless = readKeylessInputs(inputs);
  const publicKeysText = inputs.string('public-keys');
  if (publicKeysText === undefined && keyless === undefined) {
    throw new SigilError(
      'INPUT_INVALID',
      'neither `public-keys` nor a keyless signer (`certificate-identity`, `certificate-identity-regexp`, `signer-workflow`, `signer-repo`) is given: nothing could be trusted',
      {
        input: 'public-keys',
        hint: 'Set `public-keys` to the cosign.pub file(s), inline PEM, env://NAME, or a KMS / k8s:// URI; or, for keyless signatures, `certificate-identity` with `certificate-oidc-issuer` (or `signer-workflow`).',
      },
    );
  }
  const publicKeys = await readPublicKeyList(publicKeysText ?? '', 'public-keys', environment, secrets);
  if (
    publicKeysText !== undefined &&
    publicKeys.keys.length === 0 &&
    (publicKeys.kmsKeys ?? []).length === 0
  ) {
    throw new SigilError('INPUT_INVALID', 'input `public-keys` names no key', {
      input: 'public-keys',
      hint: 'Give at least one public key: a file path, env://NAME, inline PEM, or a KMS / k8s:// URI.',
    });
  }
  const revokedKeys = await readPublicKeyList(
    inputs.string('revoked-keys') ?? '',
    'revoked-keys',
    environment,
    secrets,
  );
  const transparency = await readTransparencyInputs(inputs, environment, { keyless: keyless !== undefined });
  if (engine === 'cosign') refuseWhatCosignCannotCheck(revokedKeys, provenance, transparency, keyless);
  return Object.freeze({
    images: Object.freeze(images),
    publicKeys,
    revokedKeys,
    annotations,
    requirements,
    provenance,
    platforms,
    mode,
    engine,
    ...(keyless === undefined ? {} : { keyless }),
    transparency,
    registry,
    showSummary,
  });
}

/**
 * `engine: cosign` judges with `cosign verify` and `cosign verify-attestation`, which know nothing of
 * revoked keys and print only the first verified statement: a revocation list or a provenance source /
 * builder rule would be silently unenforced, so each is refused, naming the fix.
 */
function refuseWhatCosignCannotCheck(
  revokedKeys: PublicKeyList,
  provenance: ProvenancePolicy,
  transparency: TransparencyInputs,
  keyless: KeylessPolicy | undefined,
): void {
  if (keyless !== undefined) {
    throw new SigilError(
      'INPUT_INVALID',
      'keyless signers (`certificate-identity`, `signer-workflow` …) cannot be honoured with `engine: cosign`: the cosign engine verifies with keys',
      { input: 'engine', hint: 'Use the default `engine: native`, which verifies keyless Sigstore bundles.' },
    );
  }
  if (transparency.trustedRoot !== undefined || transparency.requireTlog === true) {
    throw new SigilError(
      'INPUT_INVALID',
      `input \`${transparency.trustedRoot !== undefined ? 'trusted-root' : 'require-tlog'}\` cannot be honoured with \`engine: cosign\`: the cosign engine verifies key-based signatures with \`--insecure-ignore-tlog\``,
      {
        input: transparency.trustedRoot !== undefined ? 'trusted-root' : 'require-tlog',
        hint: "Use the default `engine: native`, which verifies Sigstore bundles' log entries and timestamps against `trusted-root`.",
      },
    );
  }
  if (revokedKeys.keys.length > 0 || (revokedKeys.kmsKeys ?? []).length > 0) {
    throw new SigilError(
      'INPUT_INVALID',
      'input `revoked-keys` cannot be honoured with `engine: cosign`: cosign has no key revocation',
      {
        input: 'revoked-keys',
        hint: 'Use the default `engine: native` (which enforces `revoked-keys`), or remove `revoked-keys` and drop the revoked key from `public-keys`.',
      },
    );
  }
  for (const [input, given] of [
    ['provenance-source', provenance.source],
    ['provenance-builder', provenance.builderIdPrefix],
  ] as const) {
    if (given === undefined) continue;
    throw new SigilError(
      'INPUT_INVALID',
      `input \`${input}\` cannot be honoured with \`engine: cosign\`: cosign verify-attestation prints only its first verified statement, so the provenance of every attestation cannot be judged`,
      {
        input,
        hint: `Use the default \`engine: native\` to check \`${input}\`, or remove \`${input}\`.`,
      },
    );
  }
}
