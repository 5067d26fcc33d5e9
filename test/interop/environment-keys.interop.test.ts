import { describe, expect, it } from '@jest/globals';
import { generateEnvironmentKeys } from '@sigil/keys';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCosign, type CosignMajor } from '../support/cosign-cli.js';

/** Per-environment keys written by the sigil library are ordinary cosign key files to both cosign majors. */
describe.each<CosignMajor>(['v3', 'v2'])('environment keys with cosign %s', (major) => {
  it('cosign opens each private key with its own password, derives the committed public key, and signs with it', async () => {
    const root = mkdtempSync(join(tmpdir(), 'sigil-env-keys-interop-'));
    const passwords: Record<string, string> = { dev: 'dev-secret', prod: 'prod-secret' };
    const keys = await generateEnvironmentKeys({
      environments: ['dev', 'prod'],
      publicKeyDir: join(root, 'infra', 'keys'),
      privateKeyDir: join(root, 'private'),
      passwordFor: (environment) => passwords[environment] ?? '',
    });
    const blob = join(root, 'artifact.txt');
    writeFileSync(blob, 'promote me\n');
    for (const key of keys) {
      const env = { COSIGN_PASSWORD: passwords[key.environment] ?? '' };
      const derived = await runCosign(major, ['public-key', '--key', key.privateKeyPath], { env });
      expect(derived.code).toBe(0);
      expect(derived.stdout).toBe(readFileSync(key.publicKeyPath, 'utf8'));

      const signature = join(root, `${key.environment}.sig`);
      const signFlags = major === 'v3' ? ['--use-signing-config=false', '--new-bundle-format=false'] : [];
      const signed = await runCosign(
        major,
        [
          'sign-blob',
          ...signFlags,
          '--tlog-upload=false',
          '--yes',
          '--key',
          key.privateKeyPath,
          '--output-signature',
          signature,
          blob,
        ],
        { env },
      );
      expect(signed.code).toBe(0);
      const verified = await runCosign(major, [
        'verify-blob',
        '--insecure-ignore-tlog=true',
        '--key',
        key.publicKeyPath,
        '--signature',
        signature,
        blob,
      ]);
      expect(verified.stderr).toContain('Verified OK');
      expect(verified.code).toBe(0);
    }
    // The prod password does not open the dev key.
    const wrong = await runCosign(major, ['public-key', '--key', keys[0]?.privateKeyPath ?? ''], {
      env: { COSIGN_PASSWORD: 'prod-secret' },
    });
    expect({ code: wrong.code, stderr: wrong.stderr }).toEqual({
      code: 1,
      stderr: expect.stringMatching(/^Error: decrypt: encrypted: decryption failed$/m),
    });
  }, 120_000);
});
