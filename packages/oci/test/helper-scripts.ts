import { chmod, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Writes `docker-credential-<name>` scripts into a fresh directory; returns the directory. */
export async function writeCredentialHelpers(scripts: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'sigil-helpers-'));
  for (const [name, body] of Object.entries(scripts)) {
    const path = join(dir, `docker-credential-${name}`);
    await writeFile(path, `#!/bin/sh\n${body}\n`);
    await chmod(path, 0o755);
  }
  return dir;
}

/** A helper that knows one server: prints its credentials for it, "not found" for anything else. */
export function helperKnowing(server: string, username: string, secret: string): string {
  return [
    '[ "$1" = get ] || exit 3',
    'read -r server',
    `if [ "$server" = '${server}' ]; then`,
    `  printf '{"ServerURL":"%s","Username":"%s","Secret":"%s"}' "$server" '${username}' '${secret}'`,
    'else',
    '  echo "credentials not found in native keychain"',
    '  exit 1',
    'fi',
  ].join('\n');
}
