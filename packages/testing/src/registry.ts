import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findFreePort } from './free-port.js';

const REGISTRY_BINARY = '/usr/bin/docker-registry';

/** Distribution's `auth: token` settings; the token server in token-server.ts produces them. */
export interface TokenAuthConfig {
  readonly realm: string;
  readonly service: string;
  readonly issuer: string;
  /** Path of a PEM file with the certificate(s) whose keys sign the tokens. */
  readonly rootCertBundle: string;
  /** The user the token service accepts, returned as the registry's credentials. */
  readonly credentials?: RegistryCredentials;
}

export interface RegistryCredentials {
  readonly username: string;
  readonly password: string;
}

export interface StartRegistryOptions {
  readonly auth?: 'none' | 'htpasswd' | { readonly token: TokenAuthConfig };
}

export interface StartedRegistry {
  /** `127.0.0.1:<port>`: the registry part of image references. */
  readonly host: string;
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly storageDir: string;
  readonly credentials?: RegistryCredentials;
  /** The registry's process: the bench reads the CPU it spends serving a contender from /proc. */
  readonly pid: number;
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

export function killOnExit(child: ChildProcess): void {
  running.add(child);
  child.once('exit', () => running.delete(child));
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', () => {
      for (const c of running) c.kill('SIGKILL');
    });
  }
}

/** Starts a Docker Distribution registry on a free loopback port, with filesystem storage in a temp dir. */
export async function startRegistry(options: StartRegistryOptions = {}): Promise<StartedRegistry> {
  const workDir = await mkdtemp(join(tmpdir(), 'sigil-registry-'));
  try {
    const storageDir = join(workDir, 'storage');
    const { auth, credentials } = await authSection(options.auth ?? 'none', workDir);
    for (let attempt = 1; ; attempt++) {
      const port = await findFreePort();
      const host = `127.0.0.1:${port}`;
      const configPath = join(workDir, 'config.yml');
      await writeFile(configPath, registryConfig(host, storageDir, auth));
      const started = await launch(configPath, host);
      if (started.ok) {
        const child = started.child;
        return {
          host,
          url: `http://${host}`,
          storageDir,
          pid: child.pid as number,
          ...(credentials === undefined ? {} : { credentials }),
          stop: async () => {
            await terminate(child);
            await rm(workDir, { recursive: true, force: true });
          },
        };
      }
      if (!started.stderr.includes('address already in use') || attempt >= 5) {
        throw new Error(`docker-registry failed to start on ${host}:\n${started.stderr}`);
      }
    }
  } catch (error) {
    await rm(workDir, { recursive: true, force: true });
    throw error;
  }
}

async function authSection(
  auth: NonNullable<StartRegistryOptions['auth']>,
  workDir: string,
): Promise<{ auth?: object; credentials?: RegistryCredentials }> {
  if (auth === 'none') return {};
  if (auth === 'htpasswd') {
    const credentials = { username: 'sigil', password: randomBytes(12).toString('base64url') };
    const path = join(workDir, 'htpasswd');
    await writeFile(path, await htpasswdLine(credentials));
    return { auth: { htpasswd: { realm: 'sigil-test', path } }, credentials };
  }
  const { realm, service, issuer, rootCertBundle } = auth.token;
  return {
    auth: { token: { realm, service, issuer, rootcertbundle: rootCertBundle } },
    ...(auth.token.credentials === undefined ? {} : { credentials: auth.token.credentials }),
  };
}

function htpasswdLine({ username, password }: RegistryCredentials): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('htpasswd', ['-nbB', username, password], (error, stdout, stderr) => {
      if (error) reject(new Error(`htpasswd failed: ${stderr}`, { cause: error }));
      else resolve(stdout.trim() + '\n');
    });
  });
}

/** JSON is valid YAML, and avoids hand-quoting paths. */
function registryConfig(addr: string, storageDir: string, auth: object | undefined): string {
  const config = {
    version: '0.1',
    log: { level: 'error', formatter: 'text', accesslog: { disabled: true } },
    storage: {
      filesystem: { rootdirectory: storageDir },
      // As Debian's packaged config and Distribution's sample config have it (and every hosted registry caches).
      cache: { blobdescriptor: 'inmemory' },
      delete: { enabled: true },
      maintenance: { uploadpurging: { enabled: false } },
    },
    http: { addr, secret: randomBytes(16).toString('hex') },
    ...(auth === undefined ? {} : { auth }),
  };
  return JSON.stringify(config, null, 2);
}

type Launch = { ok: true; child: ChildProcess } | { ok: false; stderr: string };

async function launch(configPath: string, host: string): Promise<Launch> {
  // A clean environment: REGISTRY_* variables would override the generated config.
  const child = spawn(REGISTRY_BINARY, ['serve', configPath], {
    env: {},
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  killOnExit(child);
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-16_384);
  });
  let exited = false;
  const exitedPromise = new Promise<void>((resolve) => {
    child.once('exit', () => {
      exited = true;
      resolve();
    });
    child.once('error', (error) => {
      stderr += `\n${error.message}`;
      exited = true;
      resolve();
    });
  });
  const deadline = Date.now() + 15_000;
  while (!exited && Date.now() < deadline) {
    if (await answersV2(host)) return { ok: true, child };
    await Promise.race([exitedPromise, new Promise((r) => setTimeout(r, 50))]);
  }
  if (!exited) {
    await terminate(child);
    return { ok: false, stderr: `${stderr}\n(no answer on /v2/ within 15s)` };
  }
  return { ok: false, stderr };
}

export function answersV2(host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request(`http://${host}/v2/`, { agent: false, timeout: 1000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200 || res.statusCode === 401);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
    req.end();
  });
}

export async function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}
