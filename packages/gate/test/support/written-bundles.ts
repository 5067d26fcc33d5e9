import { MEDIA_TYPES, type RegistryClient, type RepositoryRef } from '@sigil/oci';
import { pushTestImage } from '@sigil/testing';
import { expect } from '@jest/globals';

/** Bundles that sigil wrote, read back and re-listed as a test needs them (one client per test file). */
const BUNDLE_V03 = 'application/vnd.dev.sigstore.bundle.v0.3+json';
const encoder = new TextEncoder();
const decoder = new TextDecoder();

export interface ReferrerManifest {
  schemaVersion: number;
  mediaType: string;
  artifactType?: string;
  config: { mediaType: string; size: number; digest: string; artifactType?: string };
  layers: { mediaType: string; size: number; digest: string }[];
  annotations?: Record<string, string>;
  subject: { mediaType: string; size: number; digest: string };
}

export interface Image {
  readonly repo: RepositoryRef;
  readonly digest: string;
  readonly ref: string;
}

/** What sigil wrote for one bundle: the referrer manifest's digest, the manifest and the bundle JSON. */
export interface WrittenBundle {
  readonly referrer: string;
  readonly manifest: ReferrerManifest;
  readonly bundle: Record<string, unknown> & { dsseEnvelope: { payload: string } };
}

export function writtenBundles(clientOf: () => RegistryClient) {
  async function image(repo: RepositoryRef): Promise<Image> {
    const { digest } = await pushTestImage(clientOf(), repo);
    return { repo, digest, ref: `${repo.registry}/${repo.repository}@${digest}` };
  }

  /**
   * The same image (the same manifest bytes, so the same digest) in a sibling repository: what sigil signs
   * there is a valid signature of `target`'s digest that is not listed for `target`.
   */
  async function twin(target: Image): Promise<Image> {
    const repo = { ...target.repo, repository: `${target.repo.repository}-twin` };
    const manifest = (await clientOf().getManifest(target.repo, target.digest))!;
    const { config, layers } = JSON.parse(decoder.decode(manifest.bytes)) as {
      config: { digest: string };
      layers: { digest: string }[];
    };
    for (const { digest } of [config, ...layers])
      await clientOf().putBlob(repo, await clientOf().getBlob(target.repo, digest));
    expect(await clientOf().putManifest(repo, target.digest, manifest.bytes, manifest.mediaType)).toBe(
      target.digest,
    );
    return { repo, digest: target.digest, ref: `${repo.registry}/${repo.repository}@${target.digest}` };
  }

  /** Reads back the bundle referrer sigil wrote (`ref` is `registry/repo@<manifest digest>`). */
  async function readWritten(repo: RepositoryRef, ref: string): Promise<WrittenBundle> {
    const referrer = ref.slice(ref.indexOf('@') + 1);
    const manifest = JSON.parse(
      decoder.decode((await clientOf().getManifest(repo, referrer))!.bytes),
    ) as ReferrerManifest;
    const bundle = JSON.parse(decoder.decode(await clientOf().getBlob(repo, manifest.layers[0]!.digest)));
    return { referrer, manifest, bundle };
  }

  /**
   * Pushes `manifest` (with `bundle` as its one layer's blob, when given) and lists it as a referrer of
   * `subject` through sigil's own writer: the fallback index on Distribution, the API's listing on ggcr.
   */
  async function attach(
    target: Image,
    manifest: ReferrerManifest,
    bundle?: unknown,
    artifactType = manifest.artifactType ?? BUNDLE_V03,
  ): Promise<string> {
    let written = manifest;
    // Distribution keeps blobs per repository: the empty config may have been written in another one.
    if (manifest.config.mediaType === MEDIA_TYPES.ociEmpty)
      await clientOf().putBlob(target.repo, encoder.encode('{}'));
    if (bundle !== undefined) {
      const pushed = await clientOf().putBlob(target.repo, encoder.encode(JSON.stringify(bundle)));
      written = { ...manifest, layers: [{ ...manifest.layers[0]!, ...pushed }] };
    }
    const pushed = await clientOf().pushReferrer(target.repo, {
      manifest: encoder.encode(JSON.stringify(written)),
      subject: target.digest,
      artifactType,
      ...(written.annotations === undefined ? {} : { annotations: written.annotations }),
    });
    return pushed.digest;
  }

  return { image, twin, readWritten, attach };
}
