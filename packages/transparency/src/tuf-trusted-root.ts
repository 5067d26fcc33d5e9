import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { SigilError } from '@sigil/core';
import { initTUF } from '@sigstore/tuf';
import githubTufRoot from '../trust-data/tuf-repo.github.com/root.json' with { type: 'json' };
import { checkServiceUrl } from './service-url.js';

/**
 * The TUF repositories sigil knows, each with the root it starts from: the public-good Sigstore (its root embedded
 * in `@sigstore/tuf`) and GitHub's, whose trusted root holds `fulcio.githubapp.com` and GitHub's timestamp authority
 * (artifact attestations of private repositories; the root `gh attestation verify` embeds, see trust-data/README.md).
 */
export const KNOWN_TUF_REPOSITORIES = {
  'public-good': { mirrorURL: 'https://tuf-repo-cdn.sigstore.dev' },
  github: { mirrorURL: 'https://tuf-repo.github.com', root: githubTufRoot as unknown },
} as const;

export interface TufTrustedRootRequest {
  /** The TUF repository (its metadata at `<url>/N.root.json`, `timestamp.json`…, targets under `<url>/targets`). */
  readonly mirrorURL: string;
  /**
   * The repository's trusted `root.json` (a file), the trust anchor every update chains from. Without it, only the
   * public-good repository can be used: its root is embedded.
   */
  readonly rootPath?: string;
  /** The trusted root metadata itself (parsed JSON), written into the cache as the anchor instead of `rootPath`. */
  readonly root?: unknown;
  /** Where verified metadata and targets are cached between runs (e.g. under the runner's tool cache). */
  readonly cachePath: string;
  /** Per request (default 15 s); failures are retried twice. */
  readonly timeoutMs?: number;
}

/**
 * The `trusted_root.json` target of a TUF repository, as text: the client refreshes root (each new root signed by
 * the previous one), timestamp, snapshot and targets, checks every signature, threshold, version and expiry, and
 * the target's length and hash, caching what it verified under `cachePath` (a later run reads the cache and only
 * refreshes what changed). Anything that does not verify, or a repository that cannot be reached, is
 * TRUST_ROOT_UNAVAILABLE naming the repository: the gate then verifies nothing keyless.
 */
export function fetchTrustedRootFromTuf(request: TufTrustedRootRequest): Promise<string> {
  return fetchTufTarget(request, 'trusted_root.json', {
    what: 'the trusted root',
    hint: 'Check that the runner reaches the TUF repository, or give `trusted-root` a trusted_root.json file (offline or private Sigstore).',
  });
}

/**
 * The signing config (`signing_config.v0.2.json`) a Sigstore instance distributes through its TUF repository: the
 * Fulcio, Rekor and TSA to sign with (cosign v3 and sigstore-js discover their services this way). Verified as the
 * trusted root is; TRUST_ROOT_UNAVAILABLE when it cannot be.
 */
export function fetchSigningConfigFromTuf(request: TufTrustedRootRequest): Promise<string> {
  return fetchTufTarget(request, 'signing_config.v0.2.json', {
    what: 'the signing config',
    hint: 'Check that the runner reaches the TUF repository, or name the services (`signing-config` file, or `fulcio-url` and `rekor-url`).',
  });
}

/** One target of a TUF repository, verified (see `fetchTrustedRootFromTuf`). */
async function fetchTufTarget(
  request: TufTrustedRootRequest,
  target: string,
  failure: { readonly what: string; readonly hint: string },
): Promise<string> {
  const problem = checkServiceUrl(request.mirrorURL);
  if (problem !== undefined)
    throw new SigilError(
      'INPUT_INVALID',
      `the TUF repository ${JSON.stringify(request.mirrorURL)} ${problem}`,
    );
  const mirrorURL = request.mirrorURL.replace(/\/+$/, '');
  let rootPath = request.rootPath;
  if (request.root !== undefined) {
    const anchors = path.join(request.cachePath, 'anchors');
    await mkdir(anchors, { recursive: true });
    rootPath = path.join(anchors, `${encodeURIComponent(new URL(mirrorURL).host)}.root.json`);
    await writeFile(rootPath, JSON.stringify(request.root));
  }
  try {
    const client = await initTUF({
      mirrorURL,
      cachePath: request.cachePath,
      ...(rootPath === undefined ? {} : { rootPath }),
      timeout: request.timeoutMs ?? 15_000,
      retry: { retries: 2 },
    });
    return await client.getTarget(target);
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    const detail = [error, (error as { cause?: unknown } | null)?.cause]
      .map((part) => (part instanceof Error ? part.message : undefined))
      .filter((message): message is string => message !== undefined && message !== '')
      .join(': ');
    throw new SigilError(
      'TRUST_ROOT_UNAVAILABLE',
      `${failure.what} could not be fetched and verified through the TUF repository ${mirrorURL}${typeof code === 'string' ? ` (${code})` : ''}${detail === '' ? '' : `: ${detail}`}`,
      {
        cause: error,
        hint: failure.hint,
      },
    );
  }
}

const ROOT_LISTS = ['tlogs', 'certificateAuthorities', 'ctlogs', 'timestampAuthorities'] as const;

/**
 * Several trusted roots as one (parsed JSON in, parsed JSON out): their transparency logs, certificate
 * authorities, CT logs and timestamp authorities side by side, so that evidence of either instance verifies (the
 * signer policy still decides who may sign). One root is returned as it is. Nothing is dropped: any other field is
 * kept, and roots of different media types give a media type no loader accepts, for the strict loader to refuse.
 */
export function mergeTrustedRoots(documents: readonly unknown[]): unknown {
  if (documents.length === 1) return documents[0];
  const merged: Record<string, unknown> = {};
  const mediaTypes = new Set<unknown>();
  for (const document of documents) {
    if (typeof document !== 'object' || document === null || Array.isArray(document)) return document;
    const root = document as Record<string, unknown>;
    mediaTypes.add(root['mediaType']);
    for (const [key, value] of Object.entries(root)) {
      if ((ROOT_LISTS as readonly string[]).includes(key)) {
        const list = merged[key];
        // A list that is not an array is kept (whichever it is) for the loader to refuse.
        merged[key] =
          list === undefined
            ? value
            : Array.isArray(list) && Array.isArray(value)
              ? [...list, ...value]
              : Array.isArray(list)
                ? value
                : list;
      } else if (!(key in merged)) merged[key] = value;
    }
  }
  merged['mediaType'] = mediaTypes.size === 1 ? [...mediaTypes][0] : [...mediaTypes].map(String).join(' + ');
  return merged;
}
