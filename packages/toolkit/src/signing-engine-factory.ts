import { CosignSigningEngine, type LocatedCosign } from '@sigil/cosign-cli';
import { NativeSigningEngine, type SigningEngine } from '@sigil/signer';
import { SigilError, type Logger } from '@sigil/core';
import type { Registry } from '@sigil/oci';
import { locateCosign } from './cosign-location.js';
import type { RunnerEnvironment } from './environment.js';
import { createRunCredentialSource, type RegistrySettings } from './registry-access.js';
import type { SigningKeyInput } from './signing-key-input.js';
import type { KeylessInput } from './keyless-input.js';
import { bundleLogger } from './tlog-upload-input.js';

/** Makes the engine for a key read by `readSigningKey`, over the run's registry client. */
export type SigningEngineFactory = (
  key: SigningKeyInput,
  registry: Registry,
  settings: RegistrySettings,
) => Promise<SigningEngine>;

export interface SigningEngineFactoryContext {
  readonly environment: Pick<
    RunnerEnvironment,
    | 'runnerTemp'
    | 'dockerConfigPath'
    | 'path'
    | 'home'
    | 'platform'
    | 'arch'
    | 'variable'
    | 'helperEnvironment'
  >;
  readonly logger: Logger;
  /** Masks secrets found at run time (registry credentials for cosign's Docker config). */
  readonly mask: (secret: string) => void;
  /** The runner's OIDC token request (default `fetch`). */
  readonly fetchFn?: typeof fetch;
  /** Finds cosign; `input` is the one to name in errors (default `locateCosign` over PATH and the tool cache). */
  readonly locateCosign?: (input: string) => Promise<LocatedCosign>;
}

/**
 * The engines of a run: native for a key sigil holds, the cosign CLI for a KMS / `k8s://` key (said in the
 * log) or when `engine: cosign` asks for it. cosign is located once per run, when first needed; it runs
 * with the helper environment (KMS clients read their credentials there), the key password as
 * COSIGN_PASSWORD, and registry credentials in a temporary Docker config in RUNNER_TEMP.
 */
export function signingEngineFactory(context: SigningEngineFactoryContext): SigningEngineFactory {
  const { environment, logger } = context;
  const locate =
    context.locateCosign ??
    ((input: string) => locateCosign({ environment, input, privateDir: environment.runnerTemp }));
  let located: Promise<LocatedCosign> | undefined;
  return async (key, registry, settings) => {
    if (key.engine === 'keyless') return keylessEngine(key, registry, context);
    if (key.engine === 'native')
      return new NativeSigningEngine(
        registry,
        key.key,
        key.tlog === undefined ? {} : { logBundle: bundleLogger(key.tlog) },
      );
    const input = 'kms' in key.chosenBy ? 'key' : 'engine';
    logger.info(
      'kms' in key.chosenBy
        ? `${key.source} is a ${key.chosenBy.kms}:// key, which only the cosign CLI can use: the cosign engine runs.`
        : 'engine: cosign — the cosign CLI signs and verifies.',
    );
    if (located === undefined) {
      const attempt = locate(input);
      located = attempt;
      attempt.catch(() => {
        if (located === attempt) located = undefined;
      });
    }
    const cosign = await located;
    logger.info(`cosign ${cosign.version.text} at ${cosign.path}`);
    return new CosignSigningEngine({
      registry,
      cosign,
      key: key.key,
      ...(key.keyText === undefined ? {} : { keyText: key.keyText }),
      ...(key.password === undefined ? {} : { password: key.password }),
      credentials: await createRunCredentialSource(settings, environment, context.mask),
      insecureRegistries: settings.insecureRegistries,
      tempDir: environment.runnerTemp,
      env: { ...environment.helperEnvironment, PATH: environment.path, HOME: environment.home },
      timeoutMs: settings.timeoutSeconds * 1000,
      logger,
    });
  };
}

/**
 * The native engine signing keyless: the runner's OIDC token (masked the moment it exists) exchanged once for a
 * Fulcio certificate that signs every image of the run; sigstore-js's signing client is loaded only here.
 */
async function keylessEngine(
  key: KeylessInput,
  registry: Registry,
  context: SigningEngineFactoryContext,
): Promise<SigningEngine> {
  const { fetchRunnerIdToken, KeylessSigner } = await import('@sigil/transparency/keyless');
  const identityToken = await fetchRunnerIdToken({
    requestUrl: key.tokenRequest.url,
    requestToken: key.tokenRequest.token,
    audience: key.audience,
    ...(context.fetchFn === undefined ? {} : { fetchFn: context.fetchFn }),
  });
  context.mask(identityToken);
  const { fulcioURL, rekorURL, rekorVersion, tsaURL } = key.services;
  context.logger.info(
    `keyless signing (services from ${key.servicesFrom === 'tuf:public-good' ? "the public-good Sigstore's signing config, through TUF" : `\`${key.servicesFrom}\``}): Fulcio ${fulcioURL}; ${rekorURL === undefined ? 'no transparency log' : `each signature logged in ${rekorURL}${rekorVersion === 2 ? ' (Rekor v2)' : ''}`}${tsaURL === undefined ? '' : `; timestamps from ${tsaURL}`}.`,
  );
  return new NativeSigningEngine(
    registry,
    new KeylessSigner({
      identityToken,
      fulcioURL,
      ...(rekorURL === undefined ? {} : { rekorURL }),
      ...(rekorVersion === undefined ? {} : { rekorVersion }),
      ...(tsaURL === undefined ? {} : { tsaURL }),
    }),
  );
}

/** For runs given no factory (tests, embedding): the native engine only. */
export const nativeSigningEngineOnly: SigningEngineFactory = async (key, registry) => {
  if (key.engine === 'keyless')
    throw new SigilError(
      'INTERNAL',
      'this run was given no keyless engine (pass `signingEngine` in its dependencies)',
    );
  if (key.engine === 'native') return new NativeSigningEngine(registry, key.key);
  throw new SigilError(
    'INTERNAL',
    'this run was given no cosign engine (pass `signingEngine` in its dependencies)',
  );
};
