import type { PublicKey } from '@sigil/keys';
import { SigilError, asSigilError, type Logger } from '@sigil/core';
import type { Registry } from '@sigil/oci';
import type { RegistrySettings, SigningEngineFactory } from '@sigil/toolkit';
import type { KmsKeyReference, PublicKeyList } from './key-list-input.js';

/**
 * `public-keys` and `revoked-keys` with their KMS and `k8s://` entries resolved: each URI's public key is
 * fetched once through the cosign engine (`cosign public-key`) and joins the list like a key file would, so
 * the gate verifies natively — revocation, identity checks and every reason code stay what they are for
 * a key file. A key that cannot be fetched fails the step, naming the input it came from.
 */
export async function withKmsPublicKeys(
  lists: { readonly publicKeys: PublicKeyList; readonly revokedKeys: PublicKeyList },
  context: {
    readonly signingEngine: SigningEngineFactory;
    readonly registry: Registry;
    readonly settings: RegistrySettings;
    readonly logger: Logger;
  },
): Promise<{ readonly publicKeys: PublicKeyList; readonly revokedKeys: PublicKeyList }> {
  const fetched = new Map<string, Promise<PublicKey>>();
  const publicKeyOf = (reference: KmsKeyReference): Promise<PublicKey> => {
    let pending = fetched.get(reference.uri);
    if (pending === undefined) {
      pending = context
        .signingEngine(
          { engine: 'cosign', key: reference, source: reference.uri, chosenBy: { kms: reference.scheme } },
          context.registry,
          context.settings,
        )
        .then((engine) => engine.publicKey());
      fetched.set(reference.uri, pending);
    }
    return pending;
  };
  const resolve = async (list: PublicKeyList, input: string): Promise<PublicKeyList> => {
    const kmsKeys = list.kmsKeys ?? [];
    if (kmsKeys.length === 0) return list;
    const keys = new Map(list.keys.map((key) => [key.id, key]));
    const sources = [...list.sources];
    for (const reference of kmsKeys) {
      let key: PublicKey;
      try {
        key = await publicKeyOf(reference);
      } catch (error) {
        throw namingInput(asSigilError(error), input, reference.uri);
      }
      context.logger.info(
        `${input}: ${reference.uri} is key ${key.id.slice(0, 16)}… (fetched with cosign public-key); signatures are verified by sigil.`,
      );
      if (keys.has(key.id)) continue;
      keys.set(key.id, key);
      sources.push({ id: key.id, source: reference.uri });
    }
    return { keys: [...keys.values()], sources };
  };
  return {
    publicKeys: await resolve(lists.publicKeys, 'public-keys'),
    revokedKeys: await resolve(lists.revokedKeys, 'revoked-keys'),
  };
}

function namingInput(error: SigilError, input: string, uri: string): SigilError {
  return new SigilError(
    error.code,
    `input \`${input}\`: could not fetch the public key of ${uri}: ${error.message}`,
    {
      cause: error.cause ?? error,
      input,
      ...(error.hint === undefined ? {} : { hint: error.hint }),
    },
  );
}
