import { readFile } from 'node:fs/promises';
import { reportedCosignVersion } from '@sigil/cosign-cli';
import { cosignAssetFor } from './cosign-release-assets.js';
import { expectedCosignChecksum, type ExpectedChecksum } from './cosign-release-checksums.js';
import { assertCosignReleaseSignature } from './cosign-release-signature.js';
import { downloadReleaseFile } from './download-file.js';
import {
  installVerifiedTool,
  requireReportedVersion,
  downloadContext,
  type ToolInstallDependencies,
  type VerifiedToolRequest,
} from './verified-tool-install.js';

export type CosignVerification = 'checksum' | 'signature';

export interface CosignInstallRequest {
  /** `vMAJOR.MINOR.PATCH[-prerelease]`, as the release is tagged. */
  readonly version: string;
  /** The release base, without a trailing slash: assets are at `<downloadUrl>/<version>/<asset>`. */
  readonly downloadUrl: string;
  /** The `checksum` input: 64 lower-case hex. */
  readonly checksum?: string;
  readonly verify: CosignVerification;
  readonly installDir?: string;
  /** The runner's `process.platform` and `process.arch`. */
  readonly platform: string;
  readonly arch: string;
}

export interface InstalledCosign {
  readonly path: string;
  /** The folder to put on PATH. */
  readonly directory: string;
  /** What the binary reports (`gitVersion`), equal to the requested version. */
  readonly version: string;
  readonly cacheHit: boolean;
  readonly asset: string;
  readonly checksum: ExpectedChecksum;
  readonly verify: CosignVerification;
}

/**
 * Installs cosign `request.version` for this runner: the upstream asset for the platform, held to its
 * held sha256 (or the `checksum` input for a version sigil holds none of), optionally to its Sigstore
 * bundle, through the tool cache; then runs `cosign version` to check that the binary is that version.
 */
export async function installCosign(
  request: CosignInstallRequest,
  dependencies: ToolInstallDependencies,
): Promise<InstalledCosign> {
  const { logger } = dependencies;
  const { asset, fileName, emulation } = cosignAssetFor(request.platform, request.arch);
  if (emulation !== undefined) logger.info(`${emulation}.`);
  const checksum = expectedCosignChecksum({
    version: request.version,
    asset,
    downloadUrl: request.downloadUrl,
    ...(request.checksum === undefined ? {} : { given: request.checksum }),
  });
  const what = `cosign ${request.version} (${asset})`;
  const url = new URL(`${request.downloadUrl}/${request.version}/${asset}`);
  const installed = await installVerifiedTool(
    {
      tool: 'cosign',
      version: request.version.slice(1),
      arch: request.arch,
      fileName,
      what,
      expected: {
        sha256: checksum.sha256,
        source: checksum.source,
        ...(checksum.held
          ? {
              input: 'download-url',
              hint: `\`download-url\` does not serve the ${asset} that cosign released as ${request.version}; check the mirror.`,
            }
          : {
              input: 'checksum',
              hint: `Set \`checksum\` to the sha256 of ${asset} in ${request.downloadUrl}/${request.version}/cosign_checksums.txt.`,
            }),
      },
      download: {
        url,
        input: 'download-url',
        notFound: (missing) => ({
          message: `cosign ${request.version} has no ${asset} at ${missing} (HTTP 404)`,
          hint: `Check \`cosign-version\` (a released tag such as v3.1.3) and, for a mirror, that \`download-url\` holds <version>/${asset}.`,
        }),
        ...(dependencies.retry === undefined ? {} : { retry: dependencies.retry }),
      },
      ...(request.verify === 'signature' ? { verify: signatureCheck(url, what, dependencies) } : {}),
      ...(request.installDir === undefined
        ? {}
        : { installDir: request.installDir, installDirInput: 'install-dir' }),
    } satisfies VerifiedToolRequest,
    { cache: dependencies.cache, tempDirectory: dependencies.tempDirectory, logger },
  );
  const reported = await reportedCosignVersion(installed.path, dependencies.env);
  await requireReportedVersion(installed, dependencies.cache, {
    what,
    requested: request.version,
    reported,
    code: 'COSIGN_VERSION',
    input: request.checksum === undefined ? 'cosign-version' : 'checksum',
    hint: `Give the \`checksum\` of ${request.version}'s ${asset}, or set \`cosign-version\` to ${reported}.`,
  });
  return {
    path: installed.path,
    directory: installed.directory,
    version: reported,
    cacheHit: installed.cacheHit,
    asset,
    checksum,
    verify: request.verify,
  };
}

/** Downloads `<asset>.sigstore.json` and verifies it over the file's bytes, offline. */
function signatureCheck(
  assetUrl: URL,
  what: string,
  dependencies: ToolInstallDependencies,
): (file: string) => Promise<void> {
  return async (file) => {
    const bundleUrl = new URL(`${assetUrl.href}.sigstore.json`);
    const bundle = await downloadReleaseFile(
      {
        url: bundleUrl,
        fileName: 'bundle.sigstore.json',
        what: `the Sigstore bundle of ${what}`,
        notFound: (missing) => ({
          message: `there is no Sigstore bundle of ${what} at ${missing} (HTTP 404)`,
          hint: 'cosign publishes `<asset>.sigstore.json` from v3.0.1 on; a mirror must serve it next to the binary, or use `verify: checksum`.',
        }),
      },
      downloadContext(dependencies),
    );
    assertCosignReleaseSignature(await readFile(file), bundle.toString('utf8'), {
      artifact: what,
      bundleUrl: bundleUrl.href,
    });
    dependencies.logger.info(
      `The Sigstore bundle ${bundleUrl.href} verifies ${what} (signed by cosign's release identity)`,
    );
  };
}
