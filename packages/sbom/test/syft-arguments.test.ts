import { describe, expect, it } from '@jest/globals';
import { SigilError } from '@sigil/core';
import { runSyft, type SyftExec } from '@sigil/sbom';

// Registries that are not on loopback cannot be reached here (no network), so these cases record
// the command runSyft would run and answer as syft answers an unreachable registry.
function recordingExec(): {
  exec: SyftExec;
  calls: { args: readonly string[]; env: Record<string, string> }[];
} {
  const calls: { args: readonly string[]; env: Record<string, string> }[] = [];
  const exec: SyftExec = async (_command, args, { env }) => {
    calls.push({ args, env: { ...env } });
    return { exitCode: 1, stdout: Buffer.alloc(0), stderr: 'dial tcp: lookup registry: no such host\n' };
  };
  return { exec, calls };
}

async function failure(promise: Promise<unknown>): Promise<SigilError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof SigilError) return error;
    throw error;
  }
  throw new Error('expected a SigilError');
}

const digest = `sha256:${'a'.repeat(64)}`;

describe('runSyft arguments and environment', () => {
  it('uses HTTPS for a remote registry unless it is listed as insecure, and scans it by digest', async () => {
    const { exec, calls } = recordingExec();
    const base = { syft: '/opt/syft', exec, env: { PATH: '/usr/bin' } };
    await failure(runSyft({ ...base, source: { image: `ghcr.io/acme/app:1.0@${digest}` } }));
    await failure(
      runSyft({
        ...base,
        source: { image: `registry.lan:5000/app@${digest}`, insecureRegistries: ['registry.lan:5000'] },
      }),
    );
    expect(calls[0]!.args).toEqual(['scan', `registry:ghcr.io/acme/app@${digest}`, '--output', 'spdx-json']);
    expect(calls[0]!.env).toEqual({ PATH: '/usr/bin', SYFT_CHECK_FOR_APP_UPDATE: 'false' });
    expect(calls[1]!.env['SYFT_REGISTRY_INSECURE_USE_HTTP']).toBe('true');
  });

  it('passes a platform as --platform and a token as SYFT_REGISTRY_AUTH_TOKEN for that registry', async () => {
    const { exec, calls } = recordingExec();
    const error = await failure(
      runSyft({
        source: { image: `ghcr.io/acme/app@${digest}`, platform: 'linux/arm64/v8' },
        syft: '/opt/syft',
        exec,
        env: {},
        credentials: { token: 'ghs_secret' },
      }),
    );
    expect(error.code).toBe('REGISTRY_UNREACHABLE');
    expect(calls[0]!.args).toEqual([
      'scan',
      '--platform',
      'linux/arm64/v8',
      `registry:ghcr.io/acme/app@${digest}`,
      '--output',
      'spdx-json',
    ]);
    expect(calls[0]!.args.join(' ')).not.toContain('ghs_secret');
    expect(calls[0]!.env).toMatchObject({
      SYFT_REGISTRY_AUTH_AUTHORITY: 'ghcr.io',
      SYFT_REGISTRY_AUTH_TOKEN: 'ghs_secret',
    });
  });

  it.each([
    ['an image without a digest', { image: 'ghcr.io/acme/app:1.0' }, 'images', /has no digest/],
    [
      'a platform that is not os/arch',
      { image: `ghcr.io/acme/app@${digest}`, platform: 'arm64' },
      'platforms',
      /os\/arch/,
    ],
    ['an empty directory path', { directory: '' }, 'scan', /directory to scan is empty/],
  ])('refuses %s before running syft', async (_what, source, input, message) => {
    const { exec, calls } = recordingExec();
    const error = await failure(runSyft({ source, syft: '/opt/syft', exec, env: {} }));
    expect(error).toMatchObject({ code: 'INPUT_INVALID', input });
    expect(error.message).toMatch(message);
    expect(calls).toEqual([]);
  });
});
