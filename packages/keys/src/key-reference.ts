import { SigilError } from '@sigil/core';
import { KMS_SCHEMES, validateKmsKeyUri, type KmsScheme } from './kms-key-uri.js';

/**
 * What a key input names. `file`: a path. `env`: `env://NAME`, PEM in an environment variable. `pem`:
 * the key itself, pasted inline (the caller decides whether that is allowed). `kms`: a KMS or Kubernetes
 * secret URI (`awskms://`, `gcpkms://`, `azurekms://`, `hashivault://`, `k8s://`), whose key never leaves
 * its service: only the cosign CLI can use it, so it is passed to cosign verbatim.
 */
export type KeyReference =
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'env'; readonly name: string }
  | { readonly kind: 'pem'; readonly pem: string }
  | { readonly kind: 'kms'; readonly scheme: KmsScheme; readonly uri: string };

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const URI_SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//;

/**
 * Classifies one key value of `input`. A KMS or Kubernetes URI is checked against its provider's shape
 * (and must be written in lower case, as cosign matches schemes); a malformed `env://` or an unknown
 * `scheme://` is an input error.
 */
export function parseKeyReference(value: string, input: string): KeyReference {
  const text = value.trim();
  if (text.startsWith('-----BEGIN ')) return { kind: 'pem', pem: text };
  const written = URI_SCHEME.exec(text)?.[1];
  if (written === undefined) return { kind: 'file', path: text };
  const scheme = written.toLowerCase();
  if (scheme === 'env') {
    const name = text.slice('env://'.length);
    if (!ENV_NAME.test(name)) {
      throw new SigilError(
        'INPUT_INVALID',
        `input \`${input}\`: "${text}" does not name an environment variable`,
        {
          input,
          hint: `Write env://NAME, e.g. env://COSIGN_KEY, with NAME set in the step's env.`,
        },
      );
    }
    return { kind: 'env', name };
  }
  if (isKmsScheme(scheme)) {
    if (written !== scheme) {
      throw new SigilError(
        'INPUT_INVALID',
        `input \`${input}\`: write the scheme of "${text}" in lower case`,
        {
          input,
          hint: `cosign recognises ${scheme}:// only in lower case.`,
        },
      );
    }
    return { kind: 'kms', scheme, uri: validateKmsKeyUri(text, scheme, input) };
  }
  throw new SigilError('INPUT_INVALID', `input \`${input}\`: unknown key URI scheme "${scheme}://"`, {
    input,
    hint: `Pass a file path, env://NAME, or one of ${KMS_SCHEMES.map((s) => `${s}://`).join(', ')}.`,
  });
}

function isKmsScheme(scheme: string): scheme is KmsScheme {
  return (KMS_SCHEMES as readonly string[]).includes(scheme);
}
