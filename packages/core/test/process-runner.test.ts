import { describe, expect, it } from '@jest/globals';
import { ProcessFailure, runProcess } from '@sigil/core';

/** Node itself stands in for a tool: it is the one program every machine running these tests has. */
const node = process.execPath;
const script = (source: string) => ['-e', source];
const options = { env: {}, timeoutMs: 10_000, maxOutputBytes: 1024 * 1024 };

describe('runProcess', () => {
  it('gives the exit code, stdout as bytes and stderr, with only the environment it was given', async () => {
    const result = await runProcess(
      node,
      script(
        'process.stdout.write(JSON.stringify(Object.keys(process.env))); process.stderr.write("warn\\n"); process.exit(3)',
      ),
      { ...options, env: { ONLY_THIS: '1' } },
    );
    expect(result.exitCode).toBe(3);
    expect(result.stderr).toBe('warn\n');
    expect(Buffer.isBuffer(result.stdout)).toBe(true);
    const keys = JSON.parse(result.stdout.toString('utf8')) as string[];
    expect(keys).toContain('ONLY_THIS');
    expect(keys).not.toContain('PATH');
  });

  it('passes arguments as they are, without a shell', async () => {
    const args = ['$(whoami)', '`id`', 'a b', '--key=env://X;rm -rf /', '*'];
    const result = await runProcess(
      node,
      [...script('process.stdout.write(JSON.stringify(process.argv.slice(1)))'), ...args],
      options,
    );
    expect(JSON.parse(result.stdout.toString('utf8'))).toEqual(args);
  });

  it('writes `input` to stdin and closes it', async () => {
    const result = await runProcess(
      node,
      script(
        'let s = ""; process.stdin.on("data", (d) => (s += d)); process.stdin.on("end", () => process.stdout.write(s.toUpperCase()))',
      ),
      { ...options, input: 'registry.example' },
    );
    expect(result.stdout.toString('utf8')).toBe('REGISTRY.EXAMPLE');
  });

  it('keeps the end of a long stderr', async () => {
    const result = await runProcess(
      node,
      script('process.stderr.write("x".repeat(200000) + "Error: the end\\n")'),
      options,
    );
    expect(result.stderr.length).toBe(64 * 1024);
    expect(result.stderr.endsWith('Error: the end\n')).toBe(true);
  });

  it('kills a child past its deadline: a timeout ProcessFailure with what it said', async () => {
    const started = Date.now();
    const failure = await runProcess(
      node,
      script('process.stderr.write("working\\n"); setInterval(() => {}, 1000)'),
      {
        ...options,
        timeoutMs: 300,
      },
    ).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ProcessFailure);
    expect(failure).toMatchObject({
      kind: 'timeout',
      program: expect.stringMatching(/^node/),
      stderr: 'working\n',
    });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('kills a child that writes more than the cap', async () => {
    const failure = await runProcess(
      node,
      script('process.stdout.write("x".repeat(1024 * 1024)); setInterval(() => {}, 1000)'),
      {
        ...options,
        maxOutputBytes: 1024,
      },
    ).catch((error: unknown) => error);
    expect(failure).toMatchObject({
      kind: 'output-limit',
      message: expect.stringContaining('more than 1024 bytes'),
    });
  });

  it('a program that does not exist: not-started, notFound', async () => {
    const failure = await runProcess('/nonexistent/tool', ['version'], options).catch(
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(ProcessFailure);
    expect(failure).toMatchObject({ kind: 'not-started', notFound: true, program: 'tool' });
  });
});
