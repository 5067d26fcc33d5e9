import { SigilError } from '@sigil/core';
import type { SignatureFormat } from '@sigil/signer';
import type { InputReader } from './input-reader.js';
import type { SigningKeyInput } from './signing-key-input.js';

const SIGNATURE_FORMATS: readonly SignatureFormat[] = ['legacy', 'bundle', 'both'];

/**
 * Where an action that signs writes (`signature-format`: `bundle`, `legacy`, `both`; the default is `bundle`
 * for keyless signing, as cosign v3, and `legacy` with a key). Bundles through the cosign engine are refused
 * with the input named: sigil writes bundles itself, with a key it holds. A keyless `.sig` / `.att` layer
 * without a transparency log is refused too (nothing else could date its short-lived certificate), and one logged
 * in a Rekor v2 log (cosign's Rekor bundle annotation is a Rekor v1 entry with its SignedEntryTimestamp).
 */
export function readSignatureFormat(inputs: InputReader, key: SigningKeyInput): SignatureFormat {
  const format = inputs.enumeration(
    'signature-format',
    SIGNATURE_FORMATS,
    key.engine === 'keyless' ? 'bundle' : 'legacy',
  );
  if (format !== 'bundle' && key.engine === 'keyless' && key.services.rekorURL === undefined) {
    throw new SigilError(
      'INPUT_INVALID',
      `\`signature-format: ${format}\` signed keyless needs a transparency log: a .sig / .att layer has no place for a timestamp, and its short-lived certificate could not be checked once it expires`,
      {
        input: 'signature-format',
        hint: 'Keep `tlog-upload` on (the keyless default), or write bundles (`signature-format: bundle`), which carry timestamps.',
      },
    );
  }
  if (format !== 'bundle' && key.engine === 'keyless' && key.services.rekorVersion === 2) {
    throw new SigilError(
      'INPUT_INVALID',
      `\`signature-format: ${format}\` signed keyless writes cosign's Rekor bundle into each .sig / .att layer, a Rekor v1 entry; the signing config (${key.servicesFrom}) names a Rekor v2 log (${key.services.rekorURL}), which gives none`,
      {
        input: 'signature-format',
        hint: 'Write bundles (`signature-format: bundle`, the keyless default), or use a signing config (or `rekor-url`) with a Rekor v1 log.',
      },
    );
  }
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
