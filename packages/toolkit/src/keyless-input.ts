import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { SigilError } from '@sigil/core';
import { checkServiceInputs } from '@sigil/transparency/service-url';
import { readSigningConfig, type SigningServices } from '@sigil/transparency/signing-config';
import type { RunnerEnvironment } from './environment.js';
import type { InputReader } from './input-reader.js';
import type { SecretMasker } from './secret-masker.js';
import {
  describeTufRepository,
  fetchTufTarget,
  readTufRepositoryInput,
  type TufRepositoryChoice,
} from './tuf-input.js';

/** The public-good Sigstore services (the public-good signing config names these for Fulcio and Rekor v1). */
const PUBLIC_FULCIO_URL = 'https://fulcio.sigstore.dev';
export const PUBLIC_REKOR_URL = 'https://rekor.sigstore.dev';

/** Keyless signing as the inputs ask for it: where the token comes from and which services sign and log. */
export interface KeylessInput {
  readonly engine: 'keyless';
  /** For the report: `keyless`. */
  readonly source: 'keyless';
  /** `oidc-audience`: the `aud` of the runner's identity token (`sigstore` for the public-good Fulcio). */
  readonly audience: string;
  /** Fulcio, the Rekor v1 log (absent: `tlog-upload: false`, timestamps only) and the TSA, when one is named. */
  readonly services: SigningServices;
  /**
   * Where the services came from, for the log and the report: the `signing-config` file, the URL inputs, or a
   * signing config fetched and verified through TUF (`tuf:public-good`, `tuf:<tuf-url>`).
   */
  readonly servicesFrom: string;
  /** The runner's `ACTIONS_ID_TOKEN_REQUEST_URL` and `_TOKEN` (masked): absent without `id-token: write`. */
  readonly tokenRequest: { readonly url?: string; readonly token?: string };
}

/**
 * Reads keyless signing's inputs (no `key` given): `oidc-audience` (default `sigstore`), and either `signing-config`
 * (a Sigstore signing config v0.2 file: Fulcio, Rekor, TSA) or `fulcio-url` / `rekor-url` / `tsa-url` (default the
 * public-good Fulcio and Rekor); `tlog-upload` (`auto` = `true`: each signature logged; `false` needs a TSA, as
 * GitHub's private-repository Sigstore). `key-password` and `engine: cosign` mean nothing without a key and are
 * refused by name. The runner's token request variables are read (and masked) here; the token is asked for when
 * signing starts.
 */
export async function readKeylessInput(
  inputs: InputReader,
  environment: Pick<RunnerEnvironment, 'workspace' | 'variable'> &
    Partial<Pick<RunnerEnvironment, 'runnerTemp' | 'runnerToolCache'>>,
  secrets: SecretMasker,
): Promise<KeylessInput> {
  if (inputs.string('engine') === 'cosign') {
    throw new SigilError(
      'NOT_YET_SUPPORTED',
      'keyless signing (no `key`) is done by sigil itself; `engine: cosign` signs with a key only',
      { input: 'engine', hint: 'Remove `engine: cosign`, or give `key` for the cosign CLI to sign with.' },
    );
  }
  if (inputs.string('key-password') !== undefined) {
    secrets.add(inputs.string('key-password') ?? '');
    throw new SigilError(
      'INPUT_INVALID',
      'input `key-password` is given but there is no `key` (keyless signing)',
      {
        input: 'key-password',
        hint: 'Set `key` to sign with a key, or remove `key-password` to sign keyless.',
      },
    );
  }
  const audience = inputs.string('oidc-audience') ?? 'sigstore';
  if (!/^[\x21-\x7e]+$/.test(audience)) {
    throw new SigilError('INPUT_INVALID', 'input `oidc-audience` must be one word of printable ASCII', {
      input: 'oidc-audience',
      hint: 'Leave it at `sigstore` for the public-good Fulcio, or give the audience your Fulcio expects.',
    });
  }
  const tlog = inputs.enumeration('tlog-upload', ['auto', 'true', 'false'], 'auto') !== 'false';
  const configFile = inputs.string('signing-config');
  const given = {
    fulcioURL: inputs.string('fulcio-url'),
    rekorURL: inputs.string('rekor-url'),
    tsaURL: inputs.string('tsa-url'),
  };
  let services: SigningServices;
  let servicesFrom: string;
  const tuf = readTufRepositoryInput(inputs);
  const named = (['signing-config', 'fulcio-url', 'rekor-url', 'tsa-url'] as const).filter(
    (name) => inputs.string(name) !== undefined,
  );
  if (tuf !== undefined && named.length > 0) {
    throw new SigilError('INPUT_INVALID', `inputs \`tuf-url\` and \`${named[0]}\` are both given`, {
      input: named[0],
      hint: 'The TUF repository distributes the signing config: remove the input, or remove `tuf-url` and `tuf-root`.',
    });
  }
  if (configFile !== undefined) {
    const clash = named.find((name) => name !== 'signing-config');
    if (clash !== undefined) {
      throw new SigilError('INPUT_INVALID', `inputs \`signing-config\` and \`${clash}\` are both given`, {
        input: clash,
        hint: 'The signing config names every service: remove the URL input, or remove `signing-config`.',
      });
    }
    services = await readSigningConfigFile(
      path.resolve(environment.workspace, configFile),
      configFile,
      readSigningConfig,
    );
    servicesFrom = 'signing-config';
  } else if (named.length > 0) {
    checkServiceInputs([
      ['fulcio-url', given.fulcioURL],
      ['rekor-url', given.rekorURL],
      ['tsa-url', given.tsaURL],
    ]);
    if (!tlog && given.rekorURL !== undefined) {
      throw new SigilError('INPUT_INVALID', 'input `rekor-url` is given but `tlog-upload` is `false`', {
        input: 'rekor-url',
        hint: 'Remove `rekor-url`, or set `tlog-upload: true` to log each signature there.',
      });
    }
    services = {
      fulcioURL: given.fulcioURL ?? PUBLIC_FULCIO_URL,
      ...(tlog ? { rekorURL: given.rekorURL ?? PUBLIC_REKOR_URL } : {}),
      ...(given.tsaURL === undefined ? {} : { tsaURL: given.tsaURL }),
    };
    servicesFrom = 'inputs';
  } else {
    // As cosign v3 and sigstore-js: the services the instance's signing config names, through its TUF repository.
    const repository: TufRepositoryChoice = tuf ?? { known: 'public-good' };
    const text = await fetchTufTarget('signing config', repository, environment);
    services = readSigningConfig(text);
    servicesFrom = describeTufRepository(repository);
  }
  if (tlog && services.rekorURL === undefined) {
    throw new SigilError(
      'INPUT_INVALID',
      `\`tlog-upload\` logs each signature, but the signing config (${servicesFrom}) names no Rekor log`,
      {
        input: 'tlog-upload',
        hint: 'Set `tlog-upload: false` to sign with timestamps only (the signing config names a TSA), or use a signing config with a Rekor log.',
      },
    );
  }
  if (!tlog) services = withoutLog(services);
  if (services.rekorVersion === 2 && services.tsaURL === undefined) {
    throw new SigilError(
      'INPUT_INVALID',
      `the signing config (${servicesFrom}) names a Rekor v2 log (${services.rekorURL ?? ''}), which gives no signing time, and no timestamp authority`,
      {
        input: configFile === undefined ? 'tuf-url' : 'signing-config',
        hint: 'Use a signing config that names a TSA (tsaUrls) beside its Rekor v2 log.',
      },
    );
  }
  if (services.rekorURL === undefined && services.tsaURL === undefined) {
    throw new SigilError(
      'INPUT_INVALID',
      'keyless signing with neither a transparency log nor a timestamp authority: the short-lived certificate could not be checked once it expires',
      {
        input: 'tlog-upload',
        hint: 'Keep `tlog-upload` on, or name a TSA (`tsa-url`, or one in the signing config).',
      },
    );
  }
  const url = environment.variable('ACTIONS_ID_TOKEN_REQUEST_URL');
  const token = environment.variable('ACTIONS_ID_TOKEN_REQUEST_TOKEN');
  if (token !== undefined) secrets.add(token);
  return {
    engine: 'keyless',
    source: 'keyless',
    audience,
    services,
    servicesFrom,
    tokenRequest: { ...(url ? { url } : {}), ...(token ? { token } : {}) },
  };
}

function withoutLog(services: SigningServices): SigningServices {
  return {
    fulcioURL: services.fulcioURL,
    ...(services.tsaURL === undefined ? {} : { tsaURL: services.tsaURL }),
  };
}

/** The `signing-config` file, read by `read` (`readSigningConfig`, or `readSigningConfigLog` with a key). */
export async function readSigningConfigFile<T>(
  file: string,
  given: string,
  read: (text: string) => T,
): Promise<T> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new SigilError('INPUT_INVALID', `input \`signing-config\`: ${given} cannot be read`, {
      cause: error,
      input: 'signing-config',
      hint: 'Give the path of a Sigstore signing config (signing_config.json), relative to the workspace.',
    });
  }
  try {
    return read(text);
  } catch (error) {
    if (error instanceof SigilError)
      throw new SigilError(error.code, `input \`signing-config\`: ${error.message}`, {
        cause: error,
        input: 'signing-config',
        ...(error.hint === undefined ? {} : { hint: error.hint }),
      });
    throw error;
  }
}
