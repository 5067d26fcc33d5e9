import {
  installCosign,
  runToolInstall,
  type InstalledCosign,
  type ToolInstallActionDependencies,
} from '@sigil/toolkit/tool-install';
import type { InstallCosignInputs } from './inputs.js';

/** Installs cosign, puts it on PATH, sets the outputs, and logs one summary line. */
export function run(
  inputs: InstallCosignInputs,
  dependencies: ToolInstallActionDependencies,
): Promise<InstalledCosign> {
  const { platform, arch } = dependencies.environment;
  return runToolInstall(
    'cosign',
    dependencies,
    (context) => installCosign({ ...inputs, platform, arch }, context),
    (installed) => ({
      ...installed,
      verified: installed.verify === 'signature' ? 'sha256 and Sigstore signature' : 'sha256',
      checksumSource: installed.checksum.source,
    }),
  );
}
