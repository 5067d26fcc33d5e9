import { parseImageList, type ImageEntry, type SigningKey } from '@sigil/cosign';
import {
  readRegistrySettings,
  readSigningKey,
  type RegistrySettings,
  type InputReader,
  type RunnerEnvironment,
  type SecretMasker,
} from '@sigil/toolkit';

/** Everything sign-image was asked to do, read and checked once. */
export interface SignImageInputs {
  readonly images: readonly ImageEntry[];
  readonly key: SigningKey;
  /** `file:<path>` or `env:<NAME>`: where the key came from (for the report). */
  readonly keySource: string;
  readonly recursive: boolean;
  /** `key=value` lines written into the payload's `optional`. */
  readonly annotations: Readonly<Record<string, string>>;
  readonly registry: RegistrySettings;
  readonly showSummary: boolean;
}

export async function readSignImageInputs(
  inputs: InputReader,
  environment: Pick<RunnerEnvironment, 'workspace' | 'variable'>,
  secrets: SecretMasker,
): Promise<SignImageInputs> {
  const images = parseImageList(inputs.list('images', { required: true }), 'images');
  const annotations = inputs.keyValueLines('annotations');
  const recursive = inputs.boolean('recursive', { default: false });
  const registry = readRegistrySettings(inputs);
  const showSummary = inputs.boolean('show-summary', { default: true });
  const { key, source } = await readSigningKey(inputs, environment, secrets);
  return Object.freeze({
    images: Object.freeze(images),
    key,
    keySource: source,
    recursive,
    annotations: Object.freeze(annotations),
    registry,
    showSummary,
  });
}
