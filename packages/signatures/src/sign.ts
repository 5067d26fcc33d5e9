import { SigilError, asSigilError, silentLogger, type Logger } from '@sigil/core';
import { repositoryName, type ReferrersSource, type Registry, type RepositoryRef } from '@sigil/oci';
import { encodeBase64 } from '@sigil/core';
import { imageNotFound, requireImage } from '@sigil/oci';
import { indexChildren } from '@sigil/oci';
import { pinnedReference, uniqueTargets, type ImageTarget } from '@sigil/oci';
import { mapConcurrently } from '@sigil/core';
import { simpleSigningPayload } from './payload.js';
import { verifyWithPublicKey } from '@sigil/keys';
import { decodeSignatureAnnotation } from '@sigil/keys';
import { appendSignature, appendSignedLayer, type LayerSigner } from './signature-store.js';
import { SigningKey } from '@sigil/keys';

export interface SignOptions {
  /** `key=value` annotations written into the payload's `optional` (cosign `-a`). */
  readonly annotations?: Readonly<Record<string, string>>;
  /** Also sign every manifest an index lists (cosign `--recursive`). */
  readonly recursive?: boolean;
  readonly logger?: Logger;
}

/** One digest that now carries a signature (the `signatures` output of sign-image). */
export interface SignedDigest {
  /** The image as the user wrote it; for a child of an index, `registry/repo@<child digest>`. */
  readonly image: string;
  readonly digest: string;
  /** `legacy`: in the `.sig` tag; `bundle`: a Sigstore bundle referrer (cosign v3's default). */
  readonly format: 'legacy' | 'bundle';
  /** legacy: `<registry>/<repo>:sha256-<hex>.sig`; bundle: `<registry>/<repo>@<referrer manifest digest>` */
  readonly ref: string;
  /** For a bundle: where readers find it, the registry's referrers API or the fallback index tag. */
  readonly listedThrough?: ReferrersSource;
  /** True when an equivalent signature was already there, so nothing was written. */
  readonly deduplicated: boolean;
  /** The index of its transparency-log entry (`tlog-upload`), when one was made. */
  readonly tlogIndex?: string;
}

/**
 * Who signs `.sig` layers without a key sigil holds (keyless: a Fulcio certificate, each signature logged):
 * a layer signer per payload, asked to sign only when no layer of its own is there.
 */
export interface PayloadSigner {
  forPayload(payload: Uint8Array): LayerSigner;
}

/** A key sigil holds, or a payload signer (keyless). */
export type ImageSigner = SigningKey | PayloadSigner;

/** An index nested deeper than this is refused rather than walked. */
const MAX_INDEX_DEPTH = 4;

/**
 * Signs `target.digest` with `key` and appends the signature to its `.sig` tag. With `recursive`, an
 * index is signed first, then each manifest it lists (depth first), each under its own `.sig` tag with a
 * payload naming that manifest. The payload identity is `registry/repository`, as cosign writes it.
 */
export async function signImage(
  registry: Registry,
  target: Pick<ImageTarget, 'image' | 'repo' | 'digest'> & Partial<Pick<ImageTarget, 'tag'>>,
  key: ImageSigner,
  options: SignOptions = {},
): Promise<SignedDigest[]> {
  const digests = options.recursive === true ? await digestsToSign(registry, target.repo, target.digest) : [];
  if (digests.length === 0) {
    await requireImage(registry, target, 'sign');
    digests.push(target.digest);
  }
  const signed: SignedDigest[] = [];
  for (const [position, digest] of digests.entries()) {
    const image = position === 0 ? target.image : pinnedReference({ repo: target.repo, digest });
    signed.push(await signDigest(registry, target.repo, digest, image, key, options));
  }
  return signed;
}

async function signDigest(
  registry: Registry,
  repo: RepositoryRef,
  digest: string,
  image: string,
  key: ImageSigner,
  options: SignOptions,
): Promise<SignedDigest> {
  const payload = simpleSigningPayload(repositoryName(repo), digest, options.annotations);
  const appended =
    key instanceof SigningKey
      ? await appendSignature(registry, repo, digest, {
          payload,
          signature: encodeBase64(key.sign(payload)),
          verifiesWithSignerKey: (stored) => {
            const decoded = decodeSignatureAnnotation(stored);
            return decoded.ok && verifyWithPublicKey(key.publicKey, payload, decoded.signature);
          },
        })
      : await appendSignedLayer(registry, repo, digest, payload, key.forPayload(payload));
  (options.logger ?? silentLogger).info(
    appended.deduplicated
      ? `${image}: already signed ${key instanceof SigningKey ? 'with this key' : 'by this identity'} in ${appended.ref}; nothing written.`
      : `${image}: signed ${digest}, signature ${appended.layerCount} in ${appended.ref}${appended.tlogIndex === undefined ? '' : `, logged at transparency-log index ${appended.tlogIndex}`}.`,
  );
  return {
    image,
    digest,
    format: 'legacy',
    ref: appended.ref,
    deduplicated: appended.deduplicated,
    ...(appended.tlogIndex === undefined ? {} : { tlogIndex: appended.tlogIndex }),
  };
}

/** The digest itself, then every manifest it lists if it is an index (depth first, in index order). */
export async function digestsToSign(
  registry: Registry,
  repo: RepositoryRef,
  digest: string,
  depth = 0,
): Promise<string[]> {
  const where = pinnedReference({ repo, digest });
  if (depth > MAX_INDEX_DEPTH) {
    throw new SigilError('MANIFEST_INVALID', `${where} is nested more than ${MAX_INDEX_DEPTH} indexes deep.`);
  }
  const manifest = await registry.getManifest(repo, digest);
  if (manifest === undefined) throw imageNotFound(where, 'sign');
  const children = indexChildren(manifest, where) ?? [];
  const nested = await Promise.all(
    children.map((child) => digestsToSign(registry, repo, child.digest, depth + 1)),
  );
  return [digest, ...nested.flat()];
}

export type SignImageOutcome =
  | { readonly ok: true; readonly target: ImageTarget; readonly signatures: readonly SignedDigest[] }
  | { readonly ok: false; readonly target: ImageTarget; readonly error: SigilError };

export interface SignImagesOptions extends SignOptions {
  /** Images signed at once (default 8). */
  readonly concurrency?: number;
}

/**
 * Signs many images concurrently. A target naming the same digest in the same repository as an
 * earlier one is skipped (each digest is signed once); outcomes follow the input order of the targets
 * kept. A failure of one image does not stop the others: the caller decides how to report it.
 */
export async function signImages(
  registry: Registry,
  targets: readonly ImageTarget[],
  key: ImageSigner,
  options: SignImagesOptions = {},
): Promise<SignImageOutcome[]> {
  return signEachImage(targets, options.concurrency ?? 8, (target) =>
    signImage(registry, target, key, options),
  );
}

/**
 * Runs `sign` for each target concurrently, each digest once (a target naming the same digest in the same
 * repository as an earlier one is skipped); one outcome per target kept, in input order. Any format's signer.
 */
export function signEachImage(
  targets: readonly ImageTarget[],
  concurrency: number,
  sign: (target: ImageTarget) => Promise<readonly SignedDigest[]>,
): Promise<SignImageOutcome[]> {
  return mapConcurrently(uniqueTargets(targets), concurrency, async (target) => {
    try {
      return { ok: true as const, target, signatures: await sign(target) };
    } catch (error) {
      return { ok: false as const, target, error: asSigilError(error) };
    }
  });
}
