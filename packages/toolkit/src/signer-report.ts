import type { SigningEngine } from '@sigil/signer';
import type { SigningKeyInput } from './signing-key-input.js';

/** Who signed and where it was published, as the reports of the actions that sign say it (never a secret). */
export interface SignerReport {
  /** A key: its id (sha256 of the public key) and where it came from. */
  readonly key?: { readonly id: string; readonly source: string };
  /** Keyless: the certificate's identity (once one was issued), the token audience, where the services came from. */
  readonly keyless?: {
    readonly subjectAlternativeName?: string;
    readonly issuer?: string;
    readonly audience: string;
    readonly fulcio: string;
    readonly services: string;
  };
  readonly engine: SigningEngine['name'];
  /** The Rekor each new signature was logged in, or `none`. */
  readonly transparencyLog: string;
  readonly timestampAuthority?: string;
}

/** The signer part of a report, asked of the engine after signing (a keyless certificate exists only then). */
export async function signerReport(key: SigningKeyInput, engine: SigningEngine): Promise<SignerReport> {
  const identity = await engine.signerIdentity();
  const services = key.engine === 'keyless' ? key.services : key.engine === 'native' ? key.tlog : undefined;
  const signer =
    key.engine === 'keyless'
      ? {
          keyless: {
            ...(identity.kind === 'keyless' ? identity.certificate : {}),
            audience: key.audience,
            fulcio: key.services.fulcioURL,
            services: key.servicesFrom,
          },
        }
      : identity.kind === 'key'
        ? { key: { id: identity.publicKey.id, source: key.source } }
        : {};
  return {
    ...signer,
    engine: engine.name,
    transparencyLog: services?.rekorURL ?? 'none',
    ...(services?.tsaURL === undefined ? {} : { timestampAuthority: services.tsaURL }),
  };
}
