import { parseImageList, type ImageEntry } from '@sigil/oci';
import type { SignatureFormat } from '@sigil/signer';
import {
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
import { readBuildContext } from './build-context-input.js';
import { generatedPredicate, predicateFromFile, type ProvenancePredicate } from './predicate-input.js';

/** Everything attest-provenance was asked to do, read and checked once. */
export interface AttestProvenanceInputs {
  readonly images: readonly ImageEntry[];
  readonly predicate: ProvenancePredicate;
  /** Also attest each platform manifest of an index. */
  readonly recursive: boolean;
  readonly replace: boolean;
  /** The key and the engine that signs with it (`key`, `key-password`, `engine`). */
  readonly key: SigningKeyInput;
  /** `signature-format`: the `.att` tag, a Sigstore bundle referrer, or both. */
  readonly signatureFormat: SignatureFormat;
  readonly registry: RegistrySettings;
  readonly showSummary: boolean;
}

export async function readAttestProvenanceInputs(
  inputs: InputReader,
  environment: Pick<RunnerEnvironment, 'workspace' | 'variable'> &
    Partial<Pick<RunnerEnvironment, 'runnerTemp' | 'runnerToolCache'>>,
  secrets: SecretMasker,
): Promise<AttestProvenanceInputs> {
  const images = parseImageList(inputs.list('images', { required: true }), 'images');
  const predicatePath = inputs.string('predicate-path');
  const predicate =
    predicatePath === undefined
      ? generatedPredicate(readBuildContext(environment))
      : await predicateFromFile(predicatePath, environment.workspace);
  const recursive = inputs.boolean('recursive', { default: false });
  const replace = inputs.boolean('replace', { default: true });
  const registry = readRegistrySettings(inputs);
  const showSummary = inputs.boolean('show-summary', { default: true });
  const signingKey = await readSigningKey(inputs, environment, secrets);
  const signatureFormat = readSignatureFormat(inputs, signingKey);
  const key = readTlogUpload(inputs, signingKey, signatureFormat);
  return Object.freeze({
    images: Object.freeze(images),
    predicate,
    recursive,
    replace,
    key,
    signatureFormat,
    registry,
    showSummary,
  });
}
