import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { SigilError } from '@sigil/core';
import { createActionRuntime, runAction } from '@sigil/toolkit';

// The real @actions/core writes workflow commands to process.stdout; capture exactly what the runner would read.
describe('the wired runtime, as the runner sees its stdout', () => {
  const password = 'p@ss:w0rd%with\nnewline';
  let captured = '';
  let originalWrite: typeof process.stdout.write;
  const savedOutput = process.env['GITHUB_OUTPUT'];
  const savedExitCode = process.exitCode;

  beforeEach(() => {
    captured = '';
    originalWrite = process.stdout.write;
    process.stdout.write = ((chunk: string | Uint8Array) => {
      captured += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      return true;
    }) as typeof process.stdout.write;
    process.env['INPUT_KEY-PASSWORD'] = password;
    delete process.env['GITHUB_OUTPUT'];
  });

  afterEach(() => {
    process.stdout.write = originalWrite;
    delete process.env['INPUT_KEY-PASSWORD'];
    if (savedOutput !== undefined) process.env['GITHUB_OUTPUT'] = savedOutput;
    process.exitCode = savedExitCode;
  });

  it('masks a secret input before any use and never prints it, even inside an error', async () => {
    const runtime = createActionRuntime();
    let exitCode: number | undefined;
    await runAction(
      async () => {
        const secret = runtime.inputs.secret('key-password', { required: true });
        runtime.logger.info(`decrypting with ${secret}`);
        throw new SigilError('KEY_PASSWORD', `password ${secret} does not decrypt the key`, {
          cause: new Error(`scrypt(${secret}) failed`),
          input: 'key-password',
        });
      },
      {
        ...runtime.boundary,
        fail: () => {
          exitCode = 1;
        },
      },
    );
    restore();
    const lines = captured.split(/\r?\n/);
    const firstMask = lines.findIndex((line) => line.startsWith('::add-mask::'));
    expect(firstMask).toBe(0);
    expect(lines.filter((line) => line.startsWith('::add-mask::'))).toEqual([
      '::add-mask::p@ss:w0rd%25with%0Anewline',
      '::add-mask::p@ss:w0rd%25with',
      '::add-mask::newline',
    ]);
    const afterMasks = lines.filter((line) => !line.startsWith('::add-mask::')).join('\n');
    expect(afterMasks).not.toContain('p@ss:w0rd');
    expect(afterMasks).toContain('::error::[KEY_PASSWORD] password *** does not decrypt the key');
    expect(afterMasks).toContain('Caused by: scrypt(***');
    expect(afterMasks).toContain('Fix: check the `key-password` input of this step.');
    expect(exitCode).toBe(1);
  });

  it('refuses to write an output that contains a secret', async () => {
    const runtime = createActionRuntime();
    const secret = runtime.inputs.secret('key-password');
    expect(() => runtime.outputs.set('signatures', { leaked: secret })).toThrow(/would contain a secret/);
    restore();
    expect(captured).not.toContain('::set-output');
  });

  function restore(): void {
    process.stdout.write = originalWrite;
  }
});
