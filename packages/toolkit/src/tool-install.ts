// Installing verified single-file tools (install-cosign): a separate entry point, so that actions which
// only look tools up do not bundle the downloader, the tool cache writer and the Sigstore trusted root.
export { COSIGN_RELEASES_URL, cosignAssetFor } from './cosign-release-assets.js';
export { COSIGN_DEFAULT_VERSION } from './cosign-release-checksums.js';
export { installCosign, type CosignVerification, type InstalledCosign } from './cosign-install.js';
export { type DownloadRetryOptions } from './download-file.js';
export { parseDownloadBase } from './download-url.js';
export { actionsToolCache, type ToolCache } from './tool-cache.js';
export { addToRunnerPath } from './runner-path.js';
