import { describe, expect, it } from '@jest/globals';
import { compareVersions, parseVersionText, requireSupportedCosign } from '@sigil/cosign-cli';
import { cosignFailure, cosignMessage, redactSecrets } from '../src/cosign-failure.js';
import { parseCosignVersionOutput, type CosignVersion } from '../src/cosign-version.js';

const version = (text: string) => parseVersionText(text) as CosignVersion;

describe('cosign versions', () => {
  it('reads gitVersion from `cosign version --json` (v3, v2, and the older GitVersion spelling)', () => {
    const v3 = '{\n  "gitVersion": "v3.1.3",\n  "gitCommit": "unknown",\n  "platform": "linux/amd64"\n}\n';
    expect(parseCosignVersionOutput(v3, '/bin/cosign')).toEqual({
      major: 3,
      minor: 1,
      patch: 3,
      text: 'v3.1.3',
    });
    expect(parseCosignVersionOutput('{"GitVersion":"v2.2.0-rc.1"}', '/bin/cosign')).toMatchObject({
      major: 2,
      minor: 2,
      patch: 0,
    });
  });

  it.each([
    ['a development build', '{"gitVersion":"(devel)"}'],
    ['no JSON', 'cosign v2.2.0'],
    ['no gitVersion', '{"version":"v2.2.0"}'],
  ])('refuses %s as COSIGN_VERSION naming the binary', (_case, stdout) => {
    expect(() => parseCosignVersionOutput(stdout, '/opt/cosign')).toThrow(
      expect.objectContaining({ code: 'COSIGN_VERSION', message: expect.stringContaining('/opt/cosign') }),
    );
  });

  it('requires v2.2.0 or later, refuses an untested major, and orders releases by number', () => {
    for (const newer of ['v4.0.0', 'v10.0.0']) {
      expect(() => requireSupportedCosign(version(newer), '/bin/cosign', 'install it')).toThrow(
        expect.objectContaining({
          code: 'COSIGN_VERSION',
          message: expect.stringContaining(
            `cosign ${newer} at /bin/cosign is newer than the cosign engine supports`,
          ),
        }),
      );
    }
    for (const ok of ['v2.2.0', 'v2.6.5', 'v3.0.0', 'v3.1.3', 'v3.99.0']) {
      expect(() => requireSupportedCosign(version(ok), '/bin/cosign', 'install it')).not.toThrow();
    }
    for (const old of ['v2.1.9', 'v1.13.6', 'v2.0.0']) {
      expect(() => requireSupportedCosign(version(old), '/bin/cosign', 'install it')).toThrow(
        expect.objectContaining({ code: 'COSIGN_VERSION', hint: 'install it' }),
      );
    }
    expect(compareVersions(version('3.1.3'), version('v3.1.10'))).toBeLessThan(0);
    expect(compareVersions(version('v2.10.0'), version('2.9.9'))).toBeGreaterThan(0);
  });
});

describe('what cosign failures mean', () => {
  const run = (stderr: string, exitCode = 1) => ({ exitCode, stdout: '', stderr });

  it("takes cosign's own error line", () => {
    expect(
      cosignMessage(
        run(
          'WARNING: something\nError: no matching signatures: invalid signature\nerror during command execution: no matching signatures: invalid signature\n',
        ),
      ),
    ).toBe('no matching signatures: invalid signature');
    expect(cosignMessage(run(''))).toBe('cosign exited with 1 and printed nothing');
  });

  it.each([
    ['decrypt: encrypted: decryption failed', 'KEY_PASSWORD', 'key-password'],
    ['GET http://r/v2/: UNAUTHORIZED: authentication required', 'REGISTRY_AUTH', 'registry-secret'],
    [
      'PUT https://r/v2/app/manifests/x: DENIED: requested access to the resource is denied',
      'REGISTRY_DENIED',
      'registry-user',
    ],
    [
      'Get "https://127.0.0.1:5000/v2/": http: server gave HTTP response to HTTPS client',
      'REGISTRY_INSECURE',
      'plain-http-registries',
    ],
    ['dial tcp 10.0.0.1:443: connect: connection refused', 'REGISTRY_UNREACHABLE', undefined],
    ['signing: context deadline exceeded', 'TIMEOUT', 'deadline'],
    [
      'getting public key: operation error KMS: GetPublicKey, get identity: get credentials: failed to refresh cached credentials',
      'COSIGN_FAILED',
      undefined,
    ],
  ])('%s → %s', (line, code, field) => {
    const error = cosignFailure('signing app', run(`Error: ${line}\n`), []);
    expect(error).toMatchObject({ code, field });
    expect(error.message).toBe(`cosign failed signing app: ${line}`);
    expect(String((error.cause as Error).message)).toContain(line);
  });

  it.each([
    [
      'secrets "prod" is forbidden: User "ci" cannot get resource "secrets" in API group "" (Unauthorized)',
      'COSIGN_FAILED',
    ],
    ['dial tcp 10.0.0.1:443: connect: connection refused', 'COSIGN_FAILED'],
    [
      'operation error KMS: GetPublicKey, https response error StatusCode: 400, NotFoundException',
      'COSIGN_FAILED',
    ],
    ['reading key: context deadline exceeded', 'TIMEOUT'],
  ])("a key-only run (cosign public-key) failing with %s is the key's problem: %s", (line, code) => {
    const error = cosignFailure('reading the public key of k8s://ns/prod', run(`Error: ${line}\n`), [], {
      keyOnly: true,
    });
    expect(error.code).toBe(code);
    if (code === 'COSIGN_FAILED') {
      expect(error.field).toBe('signing-key');
      expect(error.hint).toContain('key service');
    }
  });

  it('redacts secrets from the message and the cause, longest first', () => {
    const error = cosignFailure('signing app', run('Error: bad auth hunter2 and hunter2-long\n'), [
      'hunter2',
      'hunter2-long',
    ]);
    expect(error.message).toBe('cosign failed signing app: bad auth *** and ***');
    expect((error.cause as Error).message).not.toContain('hunter2');
    expect(redactSecrets('a-b', ['', 'a'])).toBe('***-b');
  });
});
