import {
  installSyft,
  runToolInstall,
  type InstalledSyft,
  type ToolInstallActionDependencies,
} from '@sigil/toolkit/tool-install';
import type { InstallSyftInputs } from './inputs.js';

/** Installs syft, puts it on PATH, sets the outputs, and logs one summary line. */
export function run(
  inputs: InstallSyftInputs,
  dependencies: ToolInstallActionDependencies,
): Promise<InstalledSyft> {
  const { platform, arch } = dependencies.environment;
  return runToolInstall(
    'syft',
    dependencies,
    (context) => installSyft({ ...inputs, platform, arch }, context),
    (installed) => ({
      ...installed,
      verified:
        installed.verify === 'signature' ? "sha256 and the checksums file's Sigstore signature" : 'sha256',
    }),
  );
}
