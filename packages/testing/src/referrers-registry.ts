import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { answersV2, killOnExit, terminate, type StartedRegistry } from './registry.js';

const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const SOURCE_DIR = path.join(repositoryRoot, 'tools', 'referrers-registry');
/** Hashed in this order by scripts/bootstrap.sh too (`cat … | sha256sum | cut -c1-16`). */
const SOURCE_FILES = ['go.mod', 'go.sum', 'main.go'] as const;
const START_TIMEOUT_MS = 15_000;

/**
 * A running referrers registry: like {@link StartedRegistry}, without storage on disk (it keeps
 * everything in memory) or credentials (it has no authentication).
 */
export type StartedReferrersRegistry = Pick<StartedRegistry, 'host' | 'url' | 'pid' | 'stop'>;

/**
 * The binary scripts/bootstrap.sh builds from tools/referrers-registry: go-containerregistry's
 * in-memory registry (pkg/registry) with the OCI 1.1 referrers API, at the version in
 * tools/versions.json. Throws when it is missing or was built from other sources.
 */
function referrersRegistryBinary(): string {
  const versions = JSON.parse(readFileSync(path.join(repositoryRoot, 'tools', 'versions.json'), 'utf8')) as {
    'go-containerregistry': string;
  };
  const toolsDir = process.env.SIGIL_TOOLS_DIR ?? path.join(homedir(), '.cache', 'sigil-tools');
  const dir = path.join(toolsDir, `referrers-registry-${versions['go-containerregistry']}`);
  const binary = path.join(dir, 'referrers-registry');
  if (!existsSync(binary)) {
    throw new Error(`the referrers registry is not at ${binary}: run ./scripts/bootstrap.sh first`);
  }
  const stamp = path.join(dir, 'source.sha256');
  const built = existsSync(stamp) ? readFileSync(stamp, 'utf8').trim() : '(no stamp)';
  if (built !== sourceHash()) {
    throw new Error(
      `the referrers registry at ${binary} was built from other sources than ${SOURCE_DIR}: ` +
        'run ./scripts/bootstrap.sh to rebuild it',
    );
  }
  return binary;
}

function sourceHash(): string {
  const hash = createHash('sha256');
  for (const file of SOURCE_FILES) hash.update(readFileSync(path.join(SOURCE_DIR, file)));
  return hash.digest('hex').slice(0, 16);
}

/**
 * Starts a registry that serves the OCI 1.1 referrers API (`GET /v2/<name>/referrers/<digest>`),
 * unlike Docker Distribution ({@link startRegistry}), on a free loopback port it picks itself;
 * anonymous, in memory. Resolves once it answers `GET /v2/`.
 */
export async function startReferrersRegistry(): Promise<StartedReferrersRegistry> {
  const child = spawn(referrersRegistryBinary(), ['--listen', '127.0.0.1:0'], {
    env: {},
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  killOnExit(child);
  const output = { stdout: '', stderr: '' };
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => (output.stdout = (output.stdout + chunk).slice(-16_384)));
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => (output.stderr = (output.stderr + chunk).slice(-16_384)));
  child.on('error', (error) => (output.stderr += `\n${error.message}`));
  const closed = new Promise((resolve) => child.once('close', resolve));
  try {
    const host = await boundAddress(child, output);
    await untilAnswering(child, host);
    const url = `http://${host}`;
    return { host, url, pid: child.pid as number, stop: () => terminate(child) };
  } catch (error) {
    if (child.pid !== undefined) {
      await terminate(child);
      await closed; // all of stderr read
    }
    const stderr = output.stderr.trim();
    throw new Error(
      `the referrers registry failed to start: ${(error as Error).message}${stderr === '' ? '' : `\n${stderr}`}`,
      { cause: error },
    );
  }
}

/** The `127.0.0.1:<port>` line the registry prints on stdout once it listens. */
function boundAddress(child: ChildProcess, output: { readonly stdout: string }): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => done(new Error(`no address on stdout within ${START_TIMEOUT_MS / 1000}s`)),
      START_TIMEOUT_MS,
    );
    const onData = (): void => {
      const newline = output.stdout.indexOf('\n');
      if (newline < 0) return;
      const line = output.stdout.slice(0, newline).trim();
      done(
        /^127\.0\.0\.1:\d+$/.test(line)
          ? line
          : new Error(`unexpected first line on stdout: ${JSON.stringify(line)}`),
      );
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null): void =>
      done(new Error(`it exited (${signal ?? `code ${code}`}) before listening`));
    const onError = (error: Error): void => done(error);
    function done(result: string | Error): void {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.off('exit', onExit);
      child.off('error', onError);
      if (typeof result === 'string') resolve(result);
      else reject(result);
    }
    // Registered after the listener that fills `output.stdout`, so it already holds the chunk.
    child.stdout?.on('data', onData);
    child.once('exit', onExit);
    child.once('error', onError);
  });
}

async function untilAnswering(child: ChildProcess, host: string): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error('it exited after listening');
    if (await answersV2(host)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no answer on http://${host}/v2/ within ${START_TIMEOUT_MS / 1000}s`);
}
