import { describe, expect, it } from '@jest/globals';
import { SigilError } from '@sigil/core';
import { runAction, SecretMasker } from '@sigil/toolkit';
import { type BoundaryIo } from '../src/error-boundary.js';

interface Recorded {
  errors: string[];
  debug: string[];
  failed: number;
}

function recordingIo(secrets = new SecretMasker(() => undefined)): { io: BoundaryIo; log: Recorded } {
  const log: Recorded = { errors: [], debug: [], failed: 0 };
  const io: BoundaryIo = {
    error: (message) => log.errors.push(message),
    debug: (message) => log.debug.push(message),
    redact: (text) => secrets.redact(text),
    fail: () => {
      log.failed += 1;
    },
  };
  return { io, log };
}

describe('runAction', () => {
  it('does nothing visible when main succeeds', async () => {
    const { io, log } = recordingIo();
    await runAction(async () => undefined, io);
    expect(log).toEqual({ errors: [], debug: [], failed: 0 });
  });

  it('prints code, message, the cause chain and a fix naming the input', async () => {
    const { io, log } = recordingIo();
    await runAction(async () => {
      const decrypt = new Error('unable to authenticate data');
      throw new SigilError('KEY_PASSWORD', 'cannot decrypt the private key in `key`', {
        cause: decrypt,
        input: 'key-password',
        hint: 'set the `key-password` input to the password the key was created with',
      });
    }, io);
    expect(log.failed).toBe(1);
    expect(log.errors).toEqual([
      [
        '[KEY_PASSWORD] cannot decrypt the private key in `key`',
        'Caused by: unable to authenticate data',
        'Fix: set the `key-password` input to the password the key was created with',
      ].join('\n'),
    ]);
  });

  it('names the input when the hint does not, and when there is no hint', async () => {
    const withHint = recordingIo();
    await runAction(async () => {
      throw new SigilError('KEY_INVALID', 'not a PEM file', { input: 'key', hint: 'pass a cosign key file' });
    }, withHint.io);
    expect(withHint.log.errors[0]).toBe(
      '[KEY_INVALID] not a PEM file\nFix: pass a cosign key file (input `key`)',
    );

    const withoutHint = recordingIo();
    await runAction(async () => {
      throw new SigilError('INPUT_INVALID', 'bad', { input: 'images' });
    }, withoutHint.io);
    expect(withoutHint.log.errors[0]).toBe(
      '[INPUT_INVALID] bad\nFix: check the `images` input of this step.',
    );
  });

  it('reports a foreign error as INTERNAL, with its stack only in the debug log', async () => {
    const { io, log } = recordingIo();
    await runAction(async () => {
      (undefined as unknown as { digest: string }).digest.toString();
    }, io);
    expect(log.failed).toBe(1);
    expect(log.errors).toHaveLength(1);
    const [message] = log.errors;
    expect(message).toMatch(/^\[INTERNAL\] unexpected TypeError: Cannot read properties of undefined/);
    expect(message).toContain('This is a bug in sigil');
    expect(message).not.toMatch(/\n\s+at /);
    expect(log.debug.join('\n')).toMatch(/\n\s+at /);
  });

  it.each([
    ['a string', 'registry exploded', '[INTERNAL] unexpected failure: registry exploded'],
    ['an object', { status: 503 }, '[INTERNAL] unexpected failure: { status: 503 }'],
    ['undefined', undefined, '[INTERNAL] unexpected failure: undefined'],
  ])('reports a thrown %s without crashing', async (_kind, value, headline) => {
    const { io, log } = recordingIo();
    await runAction(() => Promise.reject(value), io);
    expect(log.failed).toBe(1);
    expect(log.errors[0]?.split('\n')[0]).toBe(headline);
  });

  it('catches a main that throws synchronously', async () => {
    const { io, log } = recordingIo();
    await runAction(
      (() => {
        throw new SigilError('TIMEOUT', 'gave up after 30s', { input: 'timeout-seconds' });
      }) as () => Promise<void>,
      io,
    );
    expect(log.failed).toBe(1);
    expect(log.errors[0]).toContain('[TIMEOUT] gave up after 30s');
  });

  it('redacts registered secrets from the message, the causes and the stack', async () => {
    const secrets = new SecretMasker(() => undefined);
    secrets.add('correct horse battery staple');
    const { io, log } = recordingIo(secrets);
    await runAction(async () => {
      const inner = new Error('wrong password "correct horse battery staple"');
      throw new SigilError('REGISTRY_AUTH', 'login with correct horse battery staple failed', {
        cause: inner,
      });
    }, io);
    const printed = [...log.errors, ...log.debug].join('\n');
    expect(printed).not.toContain('correct horse battery staple');
    expect(log.errors[0]).toBe('[REGISTRY_AUTH] login with *** failed\nCaused by: wrong password "***"');
  });
});
