import { describe, expect, it } from '@jest/globals';
import { cosignExecutor } from '@sigil/cosign-cli';

/** Node itself stands in for a CLI: it is the one program every machine running these tests has. */
const node = cosignExecutor(process.execPath);
const text = (bytes: Uint8Array) => Buffer.from(bytes).toString('utf8');
const script = (source: string) => ['-e', source];

describe('cosignExecutor', () => {
  it('gives the exit code, stdout and stderr, and the child only the environment it was given', async () => {
    const result = await node(
      script(
        'process.stdout.write(JSON.stringify(Object.keys(process.env).sort())); process.stderr.write("warn\\n"); process.exit(3)',
      ),
      { env: { ONLY_THIS: '1' }, timeoutMs: 10_000 },
    );
    expect(result.exitCode).toBe(3);
    expect(result.stderr).toBe('warn\n');
    // Node adds nothing of the parent's; a platform may add a variable or two of its own, never ours.
    expect(JSON.parse(text(result.stdout))).toContain('ONLY_THIS');
    expect(JSON.parse(text(result.stdout))).not.toContain('PATH');
  });

  it('passes arguments as they are, without a shell to interpret them', async () => {
    const args = ['$(whoami)', '`id`', 'a b', '--key=env://X;rm -rf /', '*'];
    const result = await node(
      [...script('process.stdout.write(JSON.stringify(process.argv.slice(1)))'), ...args],
      {
        env: {},
        timeoutMs: 10_000,
      },
    );
    expect(JSON.parse(text(result.stdout))).toEqual(args);
  });

  it('kills a child that runs past its deadline: TIMEOUT naming timeout-seconds', async () => {
    const started = Date.now();
    await expect(
      node(script('setInterval(() => {}, 1000)'), { env: {}, timeoutMs: 300 }),
    ).rejects.toMatchObject({
      code: 'TIMEOUT',
      field: 'deadline',
    });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('kills a child that writes more than the cap', async () => {
    const capped = cosignExecutor(process.execPath, { maxOutputBytes: 1024 });
    await expect(
      capped(script('process.stdout.write("x".repeat(1024 * 1024)); setInterval(() => {}, 1000)'), {
        env: {},
        timeoutMs: 10_000,
      }),
    ).rejects.toMatchObject({
      code: 'COSIGN_FAILED',
      message: expect.stringContaining('more than 1024 bytes'),
    });
  });

  it('rejects when the program does not exist', async () => {
    await expect(
      cosignExecutor('/nonexistent/cosign')(['version'], { env: {}, timeoutMs: 1000 }),
    ).rejects.toMatchObject({
      code: 'ENOENT',
    });
  });
});
