// Installing verified tools (install-cosign, install-syft): a separate entry point, so that actions which
// only look tools up do not bundle the downloader, the tool cache writer and the Sigstore trusted root.
export { COSIGN_RELEASES_URL, cosignAssetFor } from './cosign-release-assets.js';
export { COSIGN_DEFAULT_VERSION } from './cosign-release-checksums.js';
export { installCosign, type CosignVerification, type InstalledCosign } from './cosign-install.js';
export { SYFT_RELEASES_URL, syftChecksumsFileName } from './syft-release-assets.js';
export { SYFT_DEFAULT_VERSION } from './syft-release-checksums.js';
export { installSyft, type InstalledSyft, type SyftVerification } from './syft-install.js';
export { parseDownloadBase } from './download-url.js';
export { readChecksum, readInstallDir, readReleaseTag } from './tool-install-inputs.js';
export {
  runToolInstall,
  runnerToolInstallDependencies,
  type ToolInstallActionDependencies,
} from './tool-install-action.js';
