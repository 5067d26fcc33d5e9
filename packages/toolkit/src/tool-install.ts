// Installing verified single-file tools (install-cosign): a separate entry point, so that actions which
// only look tools up do not bundle the downloader, the tool cache writer and the Sigstore trusted root.
export {
  COSIGN_PLATFORMS,
  COSIGN_RELEASES_URL,
  cosignAssetFor,
  type CosignAsset,
} from './cosign-release-assets.js';
export {
  COSIGN_DEFAULT_VERSION,
  HELD_COSIGN_RELEASES,
  expectedCosignChecksum,
  type ChecksumQuery,
  type ExpectedChecksum,
  type HeldCosignRelease,
} from './cosign-release-checksums.js';
export {
  COSIGN_RELEASE_IDENTITY,
  SIGSTORE_PUBLIC_GOOD_TRUSTED_ROOT,
  assertCosignReleaseSignature,
  verifyCosignReleaseBundle,
} from './cosign-release-signature.js';
export { reportedCosignVersion } from '@sigil/cosign-cli';
export {
  installCosign,
  type CosignInstallDependencies,
  type CosignInstallRequest,
  type CosignVerification,
  type InstalledCosign,
} from './cosign-install.js';
export {
  DEFAULT_MAX_DOWNLOAD_BYTES,
  downloadFile,
  type DownloadFileOptions,
  type DownloadRetryOptions,
  type DownloadedFile,
} from './download-file.js';
export { isAllowedDownloadUrl, parseDownloadBase } from './download-url.js';
export { sha256OfFile } from '@sigil/core';
export { actionsToolCache, type ToolCache } from './tool-cache.js';
export {
  installVerifiedTool,
  type ExpectedToolChecksum,
  type InstalledTool,
  type VerifiedToolDependencies,
  type VerifiedToolRequest,
} from './verified-tool-install.js';
export { addToRunnerPath } from './runner-path.js';
