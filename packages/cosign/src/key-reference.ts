import { SigilError } from '@sigil/errors';

/**
 * What a key input names. `file`: a path. `env`: `env://NAME`, PEM in an environment variable. `pem`:
 * the key itself, pasted inline (the caller decides whether that is allowed).
 */
export type KeyReference =
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'env'; readonly name: string }
  | { readonly kind: 'pem'; readonly pem: string };

export const KMS_SCHEMES = ['awskms', 'gcpkms', 'azurekms', 'hashivault', 'k8s'] as const;
export type KmsScheme = (typeof KMS_SCHEMES)[number];

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const URI_SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//;
/** The release that brings KMS keys: they are delegated to the cosign CLI engine. */
export const KMS_RELEASE = 'the cosign engine release (issue #4)';
/** The release that brings signing and verifying without a key (Fulcio certificates, Rekor). */
export const KEYLESS_RELEASE = 'the keyless release';

/**
 * Classifies one key value of `input`. KMS and Kubernetes URIs are NOT_YET_SUPPORTED (they will be
 * delegated to the cosign CLI); a malformed `env://` or an unknown `scheme://` is an input error.
 */
export function parseKeyReference(value: string, input: string): KeyReference {
  const text = value.trim();
  if (text.startsWith('-----BEGIN ')) return { kind: 'pem', pem: text };
  const scheme = URI_SCHEME.exec(text)?.[1]?.toLowerCase();
  if (scheme === undefined) return { kind: 'file', path: text };
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
  if ((KMS_SCHEMES as readonly string[]).includes(scheme)) {
    throw new SigilError(
      'NOT_YET_SUPPORTED',
      `input \`${input}\`: ${scheme}:// keys are not supported yet; they arrive with ${KMS_RELEASE}`,
      {
        input,
        hint: `Until then, pass a PEM key file or env://NAME in \`${input}\`.`,
      },
    );
  }
  throw new SigilError('INPUT_INVALID', `input \`${input}\`: unknown key URI scheme "${scheme}://"`, {
    input,
    hint: `Pass a file path, env://NAME, or one of ${KMS_SCHEMES.map((s) => `${s}://`).join(', ')}.`,
  });
}
