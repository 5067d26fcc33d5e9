import { parseImageList, type ImageEntry } from '@sigil/oci';
import type { SignatureFormat } from '@sigil/signer';
import { SigilError } from '@sigil/core';
import { DEFAULT_MAX_SBOM_BYTES, parseMaxSbomBytes, sbomFormatOfPredicateType } from '@sigil/sbom';
import {
  nameInput,
  readRegistrySettings,
  readSignatureFormat,
  readSigningKey,
  readTlogUpload,
  type InputReader,
  type RegistrySettings,
  type RunnerEnvironment,
  type SecretMasker,
  type SigningKeyInput,
} from '@sigil/toolkit';
import { readSbomSource, type SbomSource } from './sbom-source-input.js';

/** Everything attest-sbom was asked to do, read and checked once. */
export interface AttestSbomInputs {
  readonly images: readonly ImageEntry[];
  readonly sbom: SbomSource;
  /** `predicate-type`; undefined means: from the SBOM's format. */
  readonly predicateType: string | undefined;
  readonly maxSbomBytes: number;
  readonly replace: boolean;
  /** The key and the engine that signs with it (`key`, `key-password`, `engine`). */
  readonly key: SigningKeyInput;
  /** `signature-format`: the `.att` tag, a Sigstore bundle referrer, or both. */
  readonly signatureFormat: SignatureFormat;
  readonly registry: RegistrySettings;
  readonly showSummary: boolean;
}

const URI = /^[A-Za-z][A-Za-z0-9+.-]*:\S+$/;

export async function readAttestSbomInputs(
  inputs: InputReader,
  environment: Pick<RunnerEnvironment, 'workspace' | 'variable' | 'path' | 'platform'> &
    Partial<Pick<RunnerEnvironment, 'runnerTemp' | 'runnerToolCache'>>,
  secrets: SecretMasker,
): Promise<AttestSbomInputs> {
  const images = parseImageList(inputs.list('images', { required: true }), 'images');
  const sbom = await readSbomSource(inputs, environment);
  const predicateType = inputs.string('predicate-type');
  if (predicateType !== undefined && !URI.test(predicateType)) {
    throw new SigilError('INPUT_INVALID', `input \`predicate-type\` "${predicateType}" is not a URI`, {
      input: 'predicate-type',
      hint: 'Leave it empty to take the type from the SBOM format, or give a URI such as https://spdx.dev/Document.',
    });
  }
  if (
    sbom.kind !== 'file' &&
    predicateType !== undefined &&
    sbomFormatOfPredicateType(predicateType) === 'cyclonedx-json'
  ) {
    throw new SigilError(
      'INPUT_INVALID',
      `input \`predicate-type\` ${predicateType} is CycloneDX, but syft writes SPDX JSON`,
      {
        input: 'predicate-type',
        hint: 'Leave `predicate-type` empty (https://spdx.dev/Document), or give a CycloneDX file in `sbom`.',
      },
    );
  }
  const maxText = inputs.string('max-sbom-bytes');
  const maxSbomBytes =
    maxText === undefined
      ? DEFAULT_MAX_SBOM_BYTES
      : await nameInput('max-sbom-bytes', () => parseMaxSbomBytes(maxText));
  const replace = inputs.boolean('replace', { default: true });
  const registry = readRegistrySettings(inputs);
  const showSummary = inputs.boolean('show-summary', { default: true });
  const signingKey = await readSigningKey(inputs, environment, secrets);
  const signatureFormat = readSignatureFormat(inputs, signingKey);
  const key = readTlogUpload(inputs, signingKey, signatureFormat);
  return Object.freeze({
    images: Object.freeze(images),
    sbom,
    predicateType,
    maxSbomBytes,
    replace,
    key,
    signatureFormat,
    registry,
    showSummary,
  });
}
