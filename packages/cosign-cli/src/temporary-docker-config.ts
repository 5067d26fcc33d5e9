import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { credentialHelperServerUrl, type CredentialSource, type RegistryCredential } from '@sigil/oci';

/** A Docker config folder made for one cosign run; `secrets` are the values written into it. */
export interface TemporaryDockerConfig {
  /** The folder to pass as `DOCKER_CONFIG`. */
  readonly directory: string;
  /** Every credential value written (for redacting cosign's output). */
  readonly secrets: readonly string[];
}

/**
 * Runs `work` with a private Docker config folder in `tempDir` whose `config.json` (mode 0600, folder
 * 0700) holds, for each registry, exactly the credential sigil's own client would use there (registry
 * inputs, Docker config `auths`, credential helpers — found by `credentials`), so cosign authenticates as
 * sigil does and no credential ever appears in its argv. The folder is removed when `work` ends.
 */
export async function withTemporaryDockerConfig<T>(
  tempDir: string,
  registries: readonly string[],
  credentials: CredentialSource | undefined,
  work: (config: TemporaryDockerConfig) => Promise<T>,
): Promise<T> {
  const auths: Record<string, Record<string, string>> = {};
  const secrets: string[] = [];
  for (const registry of new Set(registries)) {
    const credential = await credentials?.(registry);
    if (credential === undefined) continue;
    const entry = authEntry(credential);
    auths[credentialHelperServerUrl(registry)] = entry;
    secrets.push(...Object.values(entry), ...(credential.kind === 'basic' ? [credential.password] : []));
  }
  const directory = await mkdtemp(path.join(tempDir, 'sigil-cosign-docker-'));
  try {
    await chmod(directory, 0o700);
    await writeFile(path.join(directory, 'config.json'), `${JSON.stringify({ auths })}\n`, { mode: 0o600 });
    return await work({ directory, secrets });
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

function authEntry(credential: RegistryCredential): Record<string, string> {
  switch (credential.kind) {
    case 'basic':
      return { auth: Buffer.from(`${credential.username}:${credential.password}`).toString('base64') };
    case 'identity-token':
      return { identitytoken: credential.token };
    case 'registry-token':
      return { registrytoken: credential.token };
  }
}
