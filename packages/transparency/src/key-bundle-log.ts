import { SigilError } from '@sigil/core';
import { bundleFromJSON, bundleToJSON, type Bundle } from '@sigstore/bundle';
import { RekorWitness, TSAWitness, type Witness } from '@sigstore/sign';
import { RekorV2Witness } from './rekor-v2-witness.js';
import { checkServiceInputs, sigstoreFetchOptions } from './service-url.js';
import type { RekorVersion } from './signing-config.js';
import { sigstoreFailure } from './sigstore-failure.js';

/** Where a key-based bundle is logged (`tlog-upload`): a Rekor log, and optionally a timestamp authority. */
export interface BundleLogServices {
  readonly rekorURL: string;
  /** The log's API (default 1): v2 logs a `hashedrekord` 0.0.2 entry and gives no integrated time. */
  readonly rekorVersion?: RekorVersion;
  readonly tsaURL?: string;
  /** Per request (default 30 s). */
  readonly timeoutMs?: number;
  /** Retries of a request that failed on the network or with a 5xx, 408 or 429 (default 3). */
  readonly retries?: number;
}

/** A bundle with its log entry (and timestamp), and where it was logged. */
export interface LoggedBundle {
  readonly bundle: Uint8Array;
  readonly logIndex: string;
  /** Rekor v1's integrated time (Unix seconds); `0` for a Rekor v2 entry, which has none. */
  readonly integratedTime: string;
}

/**
 * Logs key-based DSSE bundles in a transparency log as cosign v3 does when asked to: a Rekor v1 `dsse` entry
 * (the envelope's signature with the public key as its verifier; an entry that already exists is fetched, so
 * a re-run logs nothing twice) whose promise and inclusion proof go into the bundle's `tlogEntries` — or a
 * Rekor v2 `hashedrekord` 0.0.2 entry of the envelope's PAE with its inclusion proof — and, with a TSA, an
 * RFC 3161 timestamp of the signature. The bundle's signature is not touched.
 *
 * @public For the actions' `tlog-upload` (key-based Sigstore bundles).
 */
export class KeyBundleLog {
  readonly #rekor: Witness;
  readonly #tsa: TSAWitness | undefined;
  readonly #services: BundleLogServices;

  constructor(services: BundleLogServices) {
    checkServiceInputs([
      ['rekor-url', services.rekorURL],
      ['tsa-url', services.tsaURL],
    ]);
    const fetchOptions = sigstoreFetchOptions(services);
    this.#services = { ...services, rekorURL: services.rekorURL.replace(/\/+$/, '') };
    this.#rekor =
      services.rekorVersion === 2
        ? new RekorV2Witness({ rekorURL: this.#services.rekorURL, ...fetchOptions })
        : new RekorWitness({
            rekorBaseURL: this.#services.rekorURL,
            majorApiVersion: 1,
            entryType: 'dsse',
            fetchOnConflict: true,
            ...fetchOptions,
          });
    this.#tsa =
      services.tsaURL === undefined
        ? undefined
        : new TSAWitness({ tsaBaseURL: services.tsaURL, ...fetchOptions });
  }

  /** Logs (and timestamps) `bundle`, a key-based DSSE bundle's JSON bytes signed by `publicKeyPem`. */
  async log(bundle: Uint8Array, publicKeyPem: string): Promise<LoggedBundle> {
    let parsed: Bundle;
    try {
      parsed = bundleFromJSON(JSON.parse(new TextDecoder().decode(bundle)));
    } catch (error) {
      throw new SigilError('INTERNAL', `the bundle to log cannot be read: ${String(error)}`);
    }
    if (parsed.content.$case !== 'dsseEnvelope')
      throw new SigilError('INTERNAL', 'only DSSE bundles are logged');
    const { rekorURL, tsaURL } = this.#services;
    let entries;
    try {
      entries = (await this.#rekor.testify(parsed.content, publicKeyPem)).tlogEntries ?? [];
    } catch (error) {
      // The Rekor v2 witness names its failures itself; sigstore-js's are named here.
      if (error instanceof SigilError) throw error;
      throw sigstoreFailure('Rekor', rekorURL, error, []);
    }
    const entry = entries[0];
    // A Rekor v2 entry was checked by its witness (an inclusion proof and checkpoint, the body logged).
    const v2 = this.#services.rekorVersion === 2;
    if (entries.length !== 1 || entry === undefined || (!v2 && entry.inclusionPromise === undefined))
      throw new SigilError(
        'SIGSTORE_PROTOCOL',
        `Rekor at ${rekorURL} returned ${entries.length === 1 ? 'an entry without a SignedEntryTimestamp' : `${entries.length} entries, not one`}`,
      );
    let timestamps: Bundle['verificationMaterial']['timestampVerificationData'] | undefined;
    if (this.#tsa !== undefined) {
      try {
        const { rfc3161Timestamps = [] } = await this.#tsa.testify(parsed.content);
        timestamps = { rfc3161Timestamps };
      } catch (error) {
        throw sigstoreFailure('TSA', tsaURL ?? '', error, []);
      }
    }
    const logged: Bundle = {
      ...parsed,
      verificationMaterial: {
        ...parsed.verificationMaterial,
        tlogEntries: [entry],
        ...(timestamps === undefined ? {} : { timestampVerificationData: timestamps }),
      },
    };
    return {
      bundle: new TextEncoder().encode(JSON.stringify(bundleToJSON(logged))),
      logIndex: entry.logIndex,
      integratedTime: entry.integratedTime,
    };
  }
}
