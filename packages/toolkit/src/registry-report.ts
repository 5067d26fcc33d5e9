import type { RegistrySettings } from './registry-access.js';

/** The registry inputs as every action's JSON report records them. */
interface RegistryReportSettings {
  readonly concurrency: number;
  readonly timeoutSeconds: number;
  readonly insecureRegistries: readonly string[];
  /** Whether `registry-username`/`registry-password` were given (never their values). */
  readonly registryCredentials: boolean;
}

/** The registry block of a report's `inputs`, in the same words (and key order) for every action. */
export function registryReportSettings(settings: RegistrySettings): RegistryReportSettings {
  return {
    concurrency: settings.concurrency,
    timeoutSeconds: settings.timeoutSeconds,
    insecureRegistries: settings.insecureRegistries,
    registryCredentials: settings.credentials !== undefined,
  };
}
