import { execFile } from 'node:child_process';
import { createPrivateKey, randomBytes, sign, timingSafeEqual, type KeyObject } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RegistryCredentials, TokenAuthConfig } from './registry.js';

interface TokenUser extends RegistryCredentials {
  /** Actions granted on every repository (default pull and push). */
  readonly actions?: readonly ('pull' | 'push')[];
}

export interface TokenServerOptions {
  /** Accounts (default: one generated user with pull and push). The first is the registry's credentials. */
  readonly users?: readonly TokenUser[];
  /** Grant pull to requests without credentials. */
  readonly anonymousPull?: boolean;
  /** Token lifetime in seconds (default 300). */
  readonly expiresInSeconds?: number;
}

interface TokenServerStats {
  /** Tokens issued for GET (Basic or anonymous) requests. */
  get: number;
  /** Tokens issued for POST refresh_token / password grants. */
  post: number;
  /** Requests refused with 401. */
  rejected: number;
}

export interface StartedTokenServer {
  /** Settings for `startRegistry({ auth: { token: server.config } })`. */
  readonly config: TokenAuthConfig;
  readonly credentials: RegistryCredentials;
  /** An OAuth2 refresh token (docker's `identitytoken`) for the first user. */
  readonly identityToken: string;
  readonly stats: TokenServerStats;
  stop(): Promise<void>;
}

const SERVICE = 'sigil-test-registry';
const ISSUER = 'sigil-test-token-issuer';

/**
 * A loopback token service for Distribution's `auth: token`: GET with Basic (or anonymous) and POST
 * `refresh_token`/`password` grants, issuing ES256 JWTs with the signing certificate in `x5c`.
 */
export async function startTokenServer(options: TokenServerOptions = {}): Promise<StartedTokenServer> {
  const dir = await mkdtemp(join(tmpdir(), 'sigil-token-'));
  const { key, certDer, certPath } = await makeSigningCertificate(dir);
  const users = options.users ?? [{ username: 'sigil', password: randomBytes(12).toString('base64url') }];
  const first = users[0];
  if (first === undefined) throw new Error('startTokenServer needs at least one user');
  const identityToken = randomBytes(24).toString('base64url');
  const stats: TokenServerStats = { get: 0, post: 0, rejected: 0 };
  const issuer = new TokenIssuer(key, certDer, options.expiresInSeconds ?? 300);

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      res.statusCode = 500;
      res.end();
    });
  });
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://token.invalid');
    if (url.pathname !== '/token') return reply(res, 404, { error: 'not found' });
    if (req.method === 'GET') {
      const user = basicUser(req.headers.authorization, users);
      if (user === 'wrong' || (user === undefined && !options.anonymousPull)) return refuse(res);
      stats.get++;
      const actions = user?.actions ?? (user === undefined ? ['pull'] : ['pull', 'push']);
      const token = issuer.issue(user?.username ?? '', url.searchParams.getAll('scope'), actions);
      return reply(res, 200, {
        token,
        access_token: token,
        expires_in: issuer.lifetime,
        issued_at: new Date().toISOString(),
      });
    }
    if (req.method === 'POST') {
      const form = new URLSearchParams(await readBody(req));
      let user: TokenUser | undefined;
      if (form.get('grant_type') === 'refresh_token' && same(form.get('refresh_token') ?? '', identityToken))
        user = first;
      if (form.get('grant_type') === 'password') {
        user = users.find(
          (u) => u.username === form.get('username') && same(form.get('password') ?? '', u.password),
        );
      }
      if (user === undefined) return refuse(res);
      stats.post++;
      const scopes = (form.get('scope') ?? '').split(' ').filter(Boolean);
      const token = issuer.issue(user.username, scopes, user.actions ?? ['pull', 'push']);
      return reply(res, 200, { access_token: token, expires_in: issuer.lifetime, scope: scopes.join(' ') });
    }
    return reply(res, 405, { error: 'method not allowed' });
  }
  function refuse(res: ServerResponse): void {
    stats.rejected++;
    res.setHeader('www-authenticate', 'Basic realm="sigil-token"');
    reply(res, 401, { errors: [{ code: 'UNAUTHORIZED', message: 'authentication required' }] });
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    config: {
      realm: `http://127.0.0.1:${port}/token`,
      service: SERVICE,
      issuer: ISSUER,
      rootCertBundle: certPath,
      credentials: { username: first.username, password: first.password },
    },
    credentials: { username: first.username, password: first.password },
    identityToken,
    stats,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(dir, { recursive: true, force: true });
    },
  };
}

class TokenIssuer {
  constructor(
    private readonly key: KeyObject,
    private readonly certDer: Buffer,
    readonly lifetime: number,
  ) {}

  issue(subject: string, scopes: readonly string[], granted: readonly string[]): string {
    const now = Math.floor(Date.now() / 1000);
    const header = { typ: 'JWT', alg: 'ES256', x5c: [this.certDer.toString('base64')] };
    const claims = {
      iss: ISSUER,
      sub: subject,
      aud: SERVICE,
      exp: now + this.lifetime,
      nbf: now - 10,
      iat: now,
      jti: randomBytes(12).toString('hex'),
      access: scopes.flatMap((scope) => access(scope, granted)),
    };
    const signingInput = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`;
    const signature = sign('sha256', Buffer.from(signingInput), { key: this.key, dsaEncoding: 'ieee-p1363' });
    return `${signingInput}.${signature.toString('base64url')}`;
  }
}

/** `repository:<name>:<actions>` → the granted subset, as a JWT `access` entry. */
function access(
  scope: string,
  granted: readonly string[],
): { type: string; name: string; actions: string[] }[] {
  const first = scope.indexOf(':');
  const last = scope.lastIndexOf(':');
  if (first < 0 || last <= first) return [];
  const type = scope.slice(0, first);
  const actions = scope
    .slice(last + 1)
    .split(',')
    .filter((a) => granted.includes(a));
  return type === 'repository' ? [{ type, name: scope.slice(first + 1, last), actions }] : [];
}

function basicUser(header: string | undefined, users: readonly TokenUser[]): TokenUser | 'wrong' | undefined {
  if (header === undefined) return undefined;
  const match = /^Basic\s+(\S+)$/i.exec(header);
  if (!match?.[1]) return 'wrong';
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const name = decoded.slice(0, colon);
  const password = decoded.slice(colon + 1);
  return users.find((u) => u.username === name && same(password, u.password)) ?? 'wrong';
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function base64url(text: string): string {
  return Buffer.from(text).toString('base64url');
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify(body));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });
}

async function makeSigningCertificate(
  dir: string,
): Promise<{ key: KeyObject; certDer: Buffer; certPath: string }> {
  const keyPath = join(dir, 'key.pem');
  const certPath = join(dir, 'cert.pem');
  await run('openssl', ['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', keyPath]);
  await run('openssl', [
    'req',
    '-new',
    '-x509',
    '-key',
    keyPath,
    '-out',
    certPath,
    '-days',
    '2',
    '-subj',
    '/CN=sigil test token issuer',
  ]);
  const key = createPrivateKey(await readFile(keyPath));
  const pem = await readFile(certPath, 'utf8');
  const body = pem.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '');
  return { key, certDer: Buffer.from(body, 'base64'), certPath };
}

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(command, args, (error, _stdout, stderr) => {
      if (error) reject(new Error(`${command} ${args[0]} failed: ${stderr}`, { cause: error }));
      else resolve();
    });
  });
}
