import { KEYLESS_RELEASE, parseImageList, type ImageEntry } from '@sigil/cosign';
import { SigilError } from '@sigil/errors';
import type { GateMode, PlatformsRequirement, ProvenancePolicy, Requirement } from '@sigil/gate';
import { readPublicKeyList, type PublicKeyList } from './key-list-input.js';
import { readRequireInputs } from './require-input.js';
import {
  readRegistrySettings,
  type RegistrySettings,
  type InputReader,
  type RunnerEnvironment,
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
  readonly registry: RegistrySettings;
  readonly showSummary: boolean;
}

export async function readVerifyGateInputs(
  inputs: InputReader,
  environment: Pick<RunnerEnvironment, 'workspace' | 'variable'>,
): Promise<VerifyGateInputs> {
  const images = parseImageList(inputs.list('images', { required: true }), 'images');
  const platforms = inputs.enumeration('platforms', ['index', 'all'], 'index');
  const mode = inputs.enumeration('mode', ['enforce', 'audit'], 'enforce');
  const annotations = inputs.keyValueLines('annotations');
  const { requirements, provenance } = readRequireInputs(inputs);
  const registry = readRegistrySettings(inputs);
  const showSummary = inputs.boolean('show-summary', { default: true });
  const publicKeysText = inputs.string('public-keys');
  if (publicKeysText === undefined) {
    throw new SigilError(
      'NOT_YET_SUPPORTED',
      `verifying keyless signatures (no \`public-keys\`) arrives with ${KEYLESS_RELEASE}`,
      {
        input: 'public-keys',
        hint: 'Set `public-keys` to the cosign.pub file(s), inline PEM, env://NAME, or a KMS / k8s:// URI.',
      },
    );
  }
  const publicKeys = await readPublicKeyList(publicKeysText, 'public-keys', environment);
  if (publicKeys.keys.length === 0 && (publicKeys.kmsKeys ?? []).length === 0) {
    throw new SigilError('INPUT_INVALID', 'input `public-keys` names no key', {
      input: 'public-keys',
      hint: 'Give at least one public key: a file path, env://NAME, inline PEM, or a KMS / k8s:// URI.',
    });
  }
  const revokedKeys = await readPublicKeyList(
    inputs.string('revoked-keys') ?? '',
    'revoked-keys',
    environment,
  );
  return Object.freeze({
    images: Object.freeze(images),
    publicKeys,
    revokedKeys,
    annotations: Object.freeze(annotations),
    requirements,
    provenance,
    platforms,
    mode,
    registry,
    showSummary,
  });
}
