import { SigilError } from '@sigil/core';
import { archiveExtractor } from './tool-archive.js';
import { signedSyftChecksum } from './syft-release-checksums.js';
import { syftAssetFor, syftChecksumsUrl } from './syft-release-assets.js';
import { reportedSyftVersion } from './syft-version.js';
import { loadTrustedRootFile } from './trusted-root-file.js';
import {
  installVerifiedTool,
  requireReportedVersion,
  type ToolInstallDependencies,
  type VerifiedToolRequest,
} from './verified-tool-install.js';

/**
 * `signature`: the archive's sha256 comes from the release's checksums file, verified through its Sigstore
 * bundle. `checksum`: it is the `checksum` input, nothing else.
 */
export type SyftVerification = 'signature' | 'checksum';

export interface SyftInstallRequest {
  /** `vMAJOR.MINOR.PATCH[-prerelease]`, as the release is tagged. */
  readonly version: string;
  /** The release base, without a trailing slash: assets are at `<downloadUrl>/<version>/<asset>`. */
  readonly downloadUrl: string;
  /** The `checksum` input: 64 lower-case hex, the sha256 of the archive. */
  readonly checksum?: string;
  readonly verify: SyftVerification;
  /** Absolute path of a trusted_root.json to verify the checksums' bundle against (`trusted-root`). */
  readonly trustedRoot?: string;
  readonly installDir?: string;
  /** The runner's `process.platform` and `process.arch`. */
  readonly platform: string;
  readonly arch: string;
}

export interface InstalledSyft {
  readonly path: string;
  /** The folder to put on PATH. */
  readonly directory: string;
  /** The release, as tagged (`v1.57.0`), which the binary reported. */
  readonly version: string;
  readonly cacheHit: boolean;
  /** The release archive it came from, e.g. `syft_1.57.0_linux_amd64.tar.gz`. */
  readonly asset: string;
  /** Where the archive's expected sha256 came from. */
  readonly checksumSource: string;
  readonly verify: SyftVerification;
}

/**
 * Installs syft `request.version` for this runner: the release archive for the platform, held to the sha256
 * from the signed checksums file (or the `checksum` input), unpacked, through the tool cache; then runs
 * `syft version` to check that the binary is that version.
 */
export async function installSyft(
  request: SyftInstallRequest,
  dependencies: ToolInstallDependencies,
): Promise<InstalledSyft> {
  const { asset, format, binary } = syftAssetFor(request.version, request.platform, request.arch);
  const what = `syft ${request.version} (${asset})`;
  const checksumsUrl = syftChecksumsUrl(request.downloadUrl, request.version);
  const expected =
    request.verify === 'signature'
      ? {
          ...(await signedSyftChecksum(
            {
              version: request.version,
              asset,
              downloadUrl: request.downloadUrl,
              ...(request.checksum === undefined ? {} : { given: request.checksum }),
              ...(request.trustedRoot === undefined
                ? {}
                : {
                    trustedRoot: {
                      root: await loadTrustedRootFile(request.trustedRoot, 'trusted-root'),
                      file: request.trustedRoot,
                    },
                  }),
            },
            dependencies,
          )),
          input: 'download-url',
          hint: `\`download-url\` does not serve the ${asset} that syft released as ${request.version}; check the mirror.`,
        }
      : {
          sha256: checksumInput(request.checksum, asset, checksumsUrl),
          source: 'the `checksum` input',
          input: 'checksum',
          hint: `Set \`checksum\` to the sha256 of ${asset} in ${checksumsUrl}.`,
        };
  const installed = await installVerifiedTool(
    {
      tool: 'syft',
      version: request.version.slice(1),
      arch: request.arch,
      fileName: asset,
      what,
      expected,
      download: {
        url: new URL(`${request.downloadUrl}/${request.version}/${asset}`),
        input: 'download-url',
        notFound: (missing) => ({
          message: `syft ${request.version} has no ${asset} at ${missing} (HTTP 404)`,
          hint: `Check \`syft-version\` (a released tag such as v1.57.0) and, for a mirror, that \`download-url\` holds <version>/${asset}.`,
        }),
        ...(dependencies.retry === undefined ? {} : { retry: dependencies.retry }),
      },
      archive: { binary, extract: archiveExtractor(format) },
      ...(request.installDir === undefined
        ? {}
        : { installDir: request.installDir, installDirInput: 'install-dir' }),
    } satisfies VerifiedToolRequest,
    { cache: dependencies.cache, tempDirectory: dependencies.tempDirectory, logger: dependencies.logger },
  );
  const reported = await reportedSyftVersion(installed.path, dependencies.env);
  await requireReportedVersion(installed, dependencies.cache, {
    what,
    requested: request.version,
    reported,
    code: 'TOOL_UNUSABLE',
    input: request.verify === 'checksum' ? 'checksum' : 'syft-version',
    hint:
      request.verify === 'checksum'
        ? `Give the \`checksum\` of ${request.version}'s ${asset}, or set \`syft-version\` to ${reported}.`
        : `Set \`syft-version\` to ${reported}, or check what \`download-url\` serves.`,
  });
  return {
    path: installed.path,
    directory: installed.directory,
    version: reported,
    cacheHit: installed.cacheHit,
    asset,
    checksumSource: expected.source,
    verify: request.verify,
  };
}

/** `verify: checksum` holds the archive to the `checksum` input alone: sigil holds no syft checksums. */
function checksumInput(checksum: string | undefined, asset: string, checksumsUrl: string): string {
  if (checksum !== undefined) return checksum;
  throw new SigilError(
    'INPUT_INVALID',
    'input `checksum` is required with `verify: checksum`: sigil holds no syft checksums, so the archive ' +
      'could not be verified',
    {
      input: 'checksum',
      hint:
        `Set \`checksum\` to the sha256 of ${asset}, copied from ${checksumsUrl}, or use \`verify: signature\` ` +
        '(the default), which takes it from that file once its Sigstore bundle verifies.',
    },
  );
}
