import { parseImageList, type ImageEntry } from '@sigil/oci';
import type { SignatureFormat } from '@sigil/signer';
import {
  readAnnotations,
  readRegistrySettings,
  readSignatureFormat,
  readSigningKey,
  readTlogUpload,
  type RegistrySettings,
  type InputReader,
  type RunnerEnvironment,
  type SecretMasker,
  type SigningKeyInput,
} from '@sigil/toolkit';

/** Everything sign-image was asked to do, read and checked once. */
export interface SignImageInputs {
  readonly images: readonly ImageEntry[];
  /** The key and the engine that signs with it (`key`, `key-password`, `engine`). */
  readonly key: SigningKeyInput;
  /** `signature-format`: the `.sig` tag, a Sigstore bundle referrer, or both. */
  readonly signatureFormat: SignatureFormat;
  readonly recursive: boolean;
  /** `key=value` lines written into the payload's `optional`. */
  readonly annotations: Readonly<Record<string, string>>;
  readonly registry: RegistrySettings;
  readonly showSummary: boolean;
}

export async function readSignImageInputs(
  inputs: InputReader,
  environment: Pick<RunnerEnvironment, 'workspace' | 'variable'> &
    Partial<Pick<RunnerEnvironment, 'runnerTemp' | 'runnerToolCache'>>,
  secrets: SecretMasker,
): Promise<SignImageInputs> {
  const images = parseImageList(inputs.list('images', { required: true }), 'images');
  const annotations = readAnnotations(inputs);
  const recursive = inputs.boolean('recursive', { default: false });
  const registry = readRegistrySettings(inputs);
  const showSummary = inputs.boolean('show-summary', { default: true });
  const signingKey = await readSigningKey(inputs, environment, secrets);
  const signatureFormat = readSignatureFormat(inputs, signingKey);
  const key = readTlogUpload(inputs, signingKey, signatureFormat);
  return Object.freeze({
    images: Object.freeze(images),
    key,
    signatureFormat,
    recursive,
    annotations,
    registry,
    showSummary,
  });
}
