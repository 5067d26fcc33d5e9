import { SigilError } from '@sigil/core';
import { checkServiceInputs } from '@sigil/transparency/service-url';
import type { RekorVersion } from '@sigil/transparency/signing-config';
import type { BundleLogger } from '@sigil/bundles';
import type { SignatureFormat } from '@sigil/signer';
import type { InputReader } from './input-reader.js';
import type { SigningKeyInput } from './signing-key-input.js';
import { PUBLIC_REKOR_URL } from './keyless-input.js';

/** Where `tlog-upload: true` logs each new Sigstore bundle. */
export interface TlogUpload {
  readonly rekorURL: string;
  /** The log's API (default 1; 2 when a signing config names a Rekor v2 log). */
  readonly rekorVersion?: RekorVersion;
  readonly tsaURL?: string;
}

/**
 * `tlog-upload` (`auto` default: off for key-based signing, as cosign v3 is not — its default logs a private
 * image's metadata in the public Rekor; `true`, `false`), and where: `rekor-url` (default the public-good Rekor)
 * and `tsa-url` (an RFC 3161 timestamp authority, optional), or `signing-config` (its Rekor log, v1 or v2, and
 * its TSA). Logging is done for Sigstore bundles
 * (`signature-format: bundle`) signed natively; the `.sig` / `.att` Rekor bundle and the cosign engine's upload
 * are refused by name. Returns the key with where to log (`tlog`), or as it was.
 */
export function readTlogUpload(
  inputs: InputReader,
  key: SigningKeyInput,
  format: SignatureFormat,
): SigningKeyInput {
  // Keyless signing reads `tlog-upload`, `rekor-url` and `tsa-url` with its services (`readKeylessInput`).
  if (key.engine === 'keyless') return key;
  const upload = inputs.enumeration('tlog-upload', ['auto', 'true', 'false'], 'auto') === 'true';
  const rekorURL = inputs.string('rekor-url')?.trim();
  const tsaURL = inputs.string('tsa-url')?.trim();
  const config = key.engine === 'native' ? key.signingConfig : undefined;
  if (!upload) {
    for (const [input, given] of [
      ['rekor-url', rekorURL],
      ['tsa-url', tsaURL],
      ['signing-config', config === undefined ? undefined : 'given'],
    ] as const) {
      if (given !== undefined)
        throw new SigilError(
          'INPUT_INVALID',
          `input \`${input}\` is given but nothing is uploaded (\`tlog-upload\` is not \`true\`)`,
          {
            input,
            hint: 'Set `tlog-upload: true` to log each signature, or remove the input.',
          },
        );
    }
    return key;
  }
  if (key.engine !== 'native') {
    throw new SigilError(
      'NOT_YET_SUPPORTED',
      '`tlog-upload: true` is done by the native engine; the cosign engine signs without a transparency log here',
      {
        input: 'tlog-upload',
        hint: 'Sign with a key file or env:// key and `engine: native`, or set `tlog-upload: false`.',
      },
    );
  }
  if (format !== 'bundle') {
    throw new SigilError(
      'NOT_YET_SUPPORTED',
      `\`tlog-upload: true\` logs Sigstore bundles; with \`signature-format: ${format}\` the .sig / .att layers would carry no Rekor bundle (that comes with keyless signing)`,
      { input: 'tlog-upload', hint: 'Set `signature-format: bundle`, or `tlog-upload: false`.' },
    );
  }
  if (config !== undefined) {
    const clash = rekorURL !== undefined ? 'rekor-url' : tsaURL !== undefined ? 'tsa-url' : undefined;
    if (clash !== undefined)
      throw new SigilError('INPUT_INVALID', `inputs \`signing-config\` and \`${clash}\` are both given`, {
        input: clash,
        hint: 'The signing config names the log and the TSA: remove the URL input, or remove `signing-config`.',
      });
    if (config.rekorURL === undefined)
      throw new SigilError(
        'INPUT_INVALID',
        '`tlog-upload: true` logs each bundle, but the signing config names no Rekor log',
        {
          input: 'signing-config',
          hint: 'Use a signing config with a Rekor log (rekorTlogUrls), or `rekor-url` instead of it.',
        },
      );
    return {
      ...key,
      tlog: {
        rekorURL: config.rekorURL,
        ...(config.rekorVersion === undefined ? {} : { rekorVersion: config.rekorVersion }),
        ...(config.tsaURL === undefined ? {} : { tsaURL: config.tsaURL }),
      },
    };
  }
  checkServiceInputs([
    ['rekor-url', rekorURL],
    ['tsa-url', tsaURL],
  ]);
  return {
    ...key,
    tlog: { rekorURL: rekorURL ?? PUBLIC_REKOR_URL, ...(tsaURL === undefined ? {} : { tsaURL }) },
  };
}

/** Logs bundles in `upload`'s Rekor (and TSA); sigstore-js's signing client is loaded on first use. */
export function bundleLogger(upload: TlogUpload): BundleLogger {
  let log:
    | Promise<{ log: (bundle: Uint8Array, pem: string) => Promise<{ bundle: Uint8Array; logIndex: string }> }>
    | undefined;
  return async (bundle, publicKeyPem) => {
    log ??= import('@sigil/transparency/keyless').then(({ KeyBundleLog }) => new KeyBundleLog(upload));
    return (await log).log(bundle, publicKeyPem);
  };
}
