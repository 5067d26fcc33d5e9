import { SigilError, isSigilError, type ErrorField } from '@sigil/core';

/**
 * The input of the actions' contract that each library field comes from: a library says which value
 * was wrong, the action says which input to change. One table, since every action names its inputs alike.
 */
const INPUT_FOR_FIELD: Readonly<Record<ErrorField, string>> = {
  'image-reference': 'images',
  'signing-key': 'key',
  'key-password': 'key-password',
  'registry-user': 'registry-username',
  'registry-secret': 'registry-password',
  'plain-http-registries': 'insecure-registries',
  deadline: 'timeout-seconds',
  annotations: 'annotations',
  'predicate-type': 'predicate-type',
  'sbom-document': 'sbom',
  'sbom-size-limit': 'max-sbom-bytes',
  'scan-source': 'scan',
  'key-directory': 'private-key-dir',
  'environment-names': 'environments',
  'signature-format': 'signature-format',
};

/** The input that fixes `error`: the one an action named, else the one its library field comes from. */
export function inputOf(error: SigilError): string | undefined {
  return error.input ?? (error.field === undefined ? undefined : INPUT_FOR_FIELD[error.field]);
}

/**
 * Runs `work`, which reads the value of `input`; a SigilError it throws names `input` (unless it names
 * one already). For a value that only one input can hold, where the library's field would be ambiguous
 * (`public-keys` and `revoked-keys` hold the same kind of key).
 */
export async function nameInput<T>(input: string, work: () => T | Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!isSigilError(error) || error.input !== undefined) throw error;
    throw new SigilError(error.code, error.message, {
      input,
      ...(error.field === undefined ? {} : { field: error.field }),
      ...(error.hint === undefined ? {} : { hint: error.hint }),
      ...(error.cause === undefined ? {} : { cause: error.cause }),
    });
  }
}
