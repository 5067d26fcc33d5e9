import { SigilError } from '@sigil/core';
import { keylessLegacyAttestationRefused, type SignatureFormat } from '@sigil/signer';
import type { InputReader } from './input-reader.js';
import type { SigningKeyInput } from './signing-key-input.js';

const SIGNATURE_FORMATS: readonly SignatureFormat[] = ['legacy', 'bundle', 'both'];

/**
 * Where an action that signs writes (`signature-format`: `bundle`, `legacy`, `both`; the default is `bundle`
 * for keyless signing, as cosign v3, and `legacy` with a key). Bundles through the cosign engine are refused
 * with the input named: sigil writes bundles itself, with a key it holds. An action that `attests` refuses
 * the legacy `.att` layer signed keyless (not written yet).
 */
export function readSignatureFormat(
  inputs: InputReader,
  key: SigningKeyInput,
  options: { readonly attests?: boolean } = {},
): SignatureFormat {
  const format = inputs.enumeration(
    'signature-format',
    SIGNATURE_FORMATS,
    key.engine === 'keyless' ? 'bundle' : 'legacy',
  );
  if (format !== 'bundle' && key.engine === 'keyless' && options.attests === true)
    throw keylessLegacyAttestationRefused();
  if (format !== 'legacy' && key.engine === 'cosign') {
    throw new SigilError(
      'NOT_YET_SUPPORTED',
      `\`signature-format: ${format}\` is written by the native engine; the cosign engine (chosen by ${describeCosignChoice(key)}) writes the legacy format only`,
      {
        input: 'signature-format',
        hint: 'Set `signature-format: legacy` for a KMS or k8s:// key, or sign with a key file or env:// key and `engine: native`.',
      },
    );
  }
  return format;
}

function describeCosignChoice(key: Extract<SigningKeyInput, { engine: 'cosign' }>): string {
  return 'input' in key.chosenBy ? '`engine: cosign`' : `a ${key.chosenBy.kms} key`;
}
