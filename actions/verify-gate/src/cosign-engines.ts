import type { PublicKey } from '@sigil/keys';
import type { SigningEngine } from '@sigil/signer';
import type { Registry } from '@sigil/oci';
import type { RegistrySettings, SigningEngineFactory } from '@sigil/toolkit';

/** The variable each trusted key's PEM is handed to cosign in (one cosign engine per key). */
const KEY_VARIABLE = 'SIGIL_GATE_PUBLIC_KEY';

/**
 * `engine: cosign`: a cosign engine per trusted key (key-service keys as the PEM `cosign public-key`
 * gave), made through the run's engine factory, so cosign is located and configured as for signing.
 */
export async function cosignEngines(
  keys: readonly PublicKey[],
  context: {
    readonly signingEngine: SigningEngineFactory;
    readonly registry: Registry;
    readonly settings: RegistrySettings;
  },
): Promise<SigningEngine[]> {
  const engines: SigningEngine[] = [];
  for (const key of keys) {
    engines.push(
      await context.signingEngine(
        {
          engine: 'cosign',
          key: { kind: 'env', name: KEY_VARIABLE },
          keyText: key.pem,
          source: key.id,
          chosenBy: { input: 'engine' },
        },
        context.registry,
        context.settings,
      ),
    );
  }
  return engines;
}
