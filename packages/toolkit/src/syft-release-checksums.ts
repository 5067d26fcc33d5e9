import { SigilError } from '@sigil/core';
import type { LoadedTrustedRoot } from '@sigil/transparency';
import { downloadReleaseFile } from './download-file.js';
import { assertReleaseSignature, type ReleaseIdentity } from './release-signature.js';
import { parseSha256Sums } from './sha256-sums.js';
import { syftChecksumsFileName, syftChecksumsUrl } from './syft-release-assets.js';
import { downloadContext, type ToolInstallDependencies } from './verified-tool-install.js';

/** The release install-syft installs by default: the one sigil's tests build and run (tools/versions.json). */
export const SYFT_DEFAULT_VERSION = 'v1.57.0';

/**
 * Who signs syft's checksums files: anchore's release workflow on main, through GitHub Actions' OIDC
 * (what upstream's install.sh passes to `cosign verify-blob`).
 */
export const SYFT_RELEASE_IDENTITY: ReleaseIdentity = Object.freeze({
  subjectAlternativeName: 'https://github.com/anchore/syft/.github/workflows/release.yaml@refs/heads/main',
  issuer: 'https://token.actions.githubusercontent.com',
});

/** The first release with a Sigstore bundle of its checksums file; earlier ones ship a `.sig` and a `.pem`. */
const SYFT_FIRST_BUNDLED_RELEASE = 'v1.53.0';

export interface SignedChecksumQuery {
  /** `vMAJOR.MINOR.PATCH[-pre]`, as validated by the inputs. */
  readonly version: string;
  readonly asset: string;
  /** The release base, without a trailing slash. */
  readonly downloadUrl: string;
  /** The `checksum` input, if given: it must equal the signed value. */
  readonly given?: string;
  /** Instead of the shipped public-good trusted root (the `trusted-root` input), and where it came from. */
  readonly trustedRoot?: { readonly root: LoadedTrustedRoot; readonly file: string };
}

type SignedChecksumDependencies = Pick<ToolInstallDependencies, 'tempDirectory' | 'logger' | 'retry'>;

/**
 * The sha256 of `asset` from the release's `syft_<version>_checksums.txt`, after its Sigstore bundle
 * (`.sigstore.json`, keyless) verified it offline as signed by anchore's release workflow. A `checksum`
 * input must equal it. Both files are fetched on every run (they are small), cache hits included.
 */
export async function signedSyftChecksum(
  query: SignedChecksumQuery,
  dependencies: SignedChecksumDependencies,
): Promise<{ sha256: string; source: string }> {
  requireBundledRelease(query.version, query.asset, query.downloadUrl);
  const fileName = syftChecksumsFileName(query.version);
  const fileUrl = syftChecksumsUrl(query.downloadUrl, query.version);
  const bundleUrl = `${fileUrl}.sigstore.json`;
  const { checksums, bundle } = await downloadChecksums(query, fileUrl, dependencies);
  const trust =
    query.trustedRoot === undefined
      ? 'the Sigstore public-good trusted root shipped with sigil'
      : `the trusted root ${query.trustedRoot.file}`;
  assertReleaseSignature(checksums, bundle.toString('utf8'), {
    identity: SYFT_RELEASE_IDENTITY,
    ...(query.trustedRoot === undefined ? {} : { trustedRoot: query.trustedRoot.root }),
    artifact: `${fileName} of syft ${query.version} (against ${trust})`,
    bundleUrl,
    hint:
      'The checksums file or its bundle is not the one syft released: check `download-url` (a mirror must ' +
      'serve both files unchanged)' +
      (query.trustedRoot === undefined ? '.' : ', and that `trusted-root` is the Sigstore that signed them.'),
  });
  dependencies.logger.info(
    `The Sigstore bundle ${bundleUrl} verifies ${fileName} as signed by anchore's release workflow (against ${trust})`,
  );
  const sha256 = assetLine(checksums, query, fileUrl);
  if (query.given !== undefined && query.given !== sha256) {
    throw new SigilError(
      'TOOL_CHECKSUM_MISMATCH',
      `input \`checksum\` is ${query.given}, but the sha256 of ${query.asset} in the signed ${fileUrl} is ` +
        `${sha256}; an input never overrides a signed checksum`,
      { input: 'checksum', hint: `Remove \`checksum\`, or set it to ${sha256}.` },
    );
  }
  return { sha256, source: `${fileUrl}, signed by anchore's release workflow` };
}

/** The checksums file at `fileUrl` and its `.sigstore.json` bundle, as bytes. */
async function downloadChecksums(
  query: SignedChecksumQuery,
  fileUrl: string,
  dependencies: SignedChecksumDependencies,
): Promise<{ checksums: Buffer; bundle: Buffer }> {
  const fileName = syftChecksumsFileName(query.version);
  const download = (url: string, name: string, what: string) =>
    downloadReleaseFile(
      {
        url: new URL(url),
        fileName: name,
        what,
        notFound: (missing) => ({
          message: `syft ${query.version} has no ${name} at ${missing} (HTTP 404)`,
          hint:
            `Check \`syft-version\` (a released tag such as ${SYFT_DEFAULT_VERSION}) and, for a mirror, that ` +
            `\`download-url\` serves ${fileName} and ${fileName}.sigstore.json next to the archives.`,
        }),
      },
      downloadContext(dependencies),
    );
  return {
    checksums: await download(fileUrl, fileName, `syft ${query.version}'s ${fileName}`),
    bundle: await download(
      `${fileUrl}.sigstore.json`,
      `${fileName}.sigstore.json`,
      `the Sigstore bundle of syft ${query.version}'s ${fileName}`,
    ),
  };
}

/** `verify: signature` needs a release that publishes a Sigstore bundle of its checksums. */
function requireBundledRelease(version: string, asset: string, downloadUrl: string): void {
  if (!releasedBefore(version, SYFT_FIRST_BUNDLED_RELEASE)) return;
  const fileUrl = syftChecksumsUrl(downloadUrl, version);
  throw new SigilError(
    'INPUT_INVALID',
    `syft ${version} published no Sigstore bundle of its checksums (syft does from ` +
      `${SYFT_FIRST_BUNDLED_RELEASE} on; earlier releases ship a .sig and a .pem), so \`verify: signature\` ` +
      'cannot check it',
    {
      input: 'verify',
      hint:
        `Set \`verify: checksum\` with \`checksum\` set to the sha256 of ${asset} from ${fileUrl}, or install ` +
        `${SYFT_FIRST_BUNDLED_RELEASE} or later.`,
    },
  );
}

/** Whether release tag `version` is older than `other`, by MAJOR.MINOR.PATCH (a prerelease counts as its release). */
function releasedBefore(version: string, other: string): boolean {
  const numbers = (tag: string) => tag.slice(1).split(/[.-]/, 3).map(Number);
  const [mine, theirs] = [numbers(version), numbers(other)];
  for (let index = 0; index < 3; index++) {
    const [a = 0, b = 0] = [mine[index], theirs[index]];
    if (a !== b) return a < b;
  }
  return false;
}

/** The sha256 the verified checksums file gives `query.asset`. */
function assetLine(bytes: Uint8Array, query: SignedChecksumQuery, url: string): string {
  const unknown = (detail: string, hint: string) =>
    new SigilError('TOOL_CHECKSUM_UNKNOWN', `the signed ${url} ${detail}`, { input: 'download-url', hint });
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw unknown('is not UTF-8 text', 'Check that `download-url` serves the release files unchanged.');
  }
  const parsed = parseSha256Sums(text);
  if (!parsed.ok) {
    throw unknown(
      `is not a sha256 checksums file: ${parsed.problem}`,
      'Check that `download-url` serves the release files unchanged.',
    );
  }
  const sha256 = parsed.sums.get(query.asset);
  if (sha256 !== undefined) return sha256;
  throw unknown(
    `lists no ${query.asset} (it lists ${[...parsed.sums.keys()].join(', ')})`,
    `syft ${query.version} has no build for this runner under that name; run on another runner, or install syft yourself.`,
  );
}
