import { createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

/**
 * A TUF repository on loopback (TUF spec 1.0: root, timestamp, snapshot and targets metadata, each signed with its
 * own Ed25519 key over canonical JSON; no consistent snapshots), serving given targets — a Sigstore
 * `trusted_root.json` — as the public-good and GitHub TUF repositories serve theirs. `rootPath` is the trust
 * anchor a client starts from. Versions can be published (a new targets version, a rotated root signed by the
 * old one) and the served bytes tampered with, to test that a client verifies what it caches.
 */
export interface StartedTufRepository {
  readonly url: string;
  /** The version-1 `root.json`, written into the folder given. */
  readonly rootPath: string;
  /** Publishes new target bytes: new targets, snapshot and timestamp versions. */
  publish(targets: Readonly<Record<string, string>>): void;
  /** Serves bytes that no longer match the signed metadata for this path (e.g. `targets/trusted_root.json`). */
  tamper(path: string, body: string): void;
  /** Requests per path. */
  requests(): Record<string, number>;
  stop(): Promise<void>;
}

interface Role {
  readonly key: KeyObject;
  readonly keyid: string;
  readonly publicHex: string;
}

/** Canonical JSON (OLPC, as TUF signs it): sorted keys, no whitespace; only the plain values metadata uses. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([key, entry]) => `${JSON.stringify(key)}:${canonical(entry)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function role(): Role {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const raw = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32);
  const publicHex = Buffer.from(raw).toString('hex');
  const keyid = createHash('sha256')
    .update(canonical(keyObject(publicHex)))
    .digest('hex');
  return { key: privateKey, keyid, publicHex };
}

function keyObject(publicHex: string) {
  return { keytype: 'ed25519', scheme: 'ed25519', keyval: { public: publicHex } };
}

function signed(signedPart: Record<string, unknown>, ...signers: Role[]): string {
  const bytes = Buffer.from(canonical(signedPart));
  return JSON.stringify({
    signed: signedPart,
    signatures: signers.map((signer) => ({
      keyid: signer.keyid,
      sig: sign(null, bytes, signer.key).toString('hex'),
    })),
  });
}

const EXPIRES = '2099-01-01T00:00:00Z';
const SPEC_VERSION = '1.0.31';

export async function startTufRepository(options: {
  readonly dir: string;
  readonly targets: Readonly<Record<string, string>>;
  /** Metadata expiry (ISO 8601, seconds); default far in the future. An expired one must be refused. */
  readonly expires?: string;
}): Promise<StartedTufRepository> {
  const expires = options.expires ?? EXPIRES;
  const keys = { root: role(), targets: role(), snapshot: role(), timestamp: role() };
  const roots: string[] = [];
  const rootSigned = (version: number) => ({
    _type: 'root',
    spec_version: SPEC_VERSION,
    version,
    expires,
    consistent_snapshot: false,
    keys: Object.fromEntries(Object.values(keys).map((entry) => [entry.keyid, keyObject(entry.publicHex)])),
    roles: Object.fromEntries(
      Object.entries(keys).map(([name, entry]) => [name, { keyids: [entry.keyid], threshold: 1 }]),
    ),
  });
  roots.push(signed(rootSigned(1), keys.root));
  const files = new Map<string, string>();
  const tampered = new Map<string, string>();
  let version = 0;
  const publish = (targets: Readonly<Record<string, string>>) => {
    version += 1;
    for (const [name, body] of Object.entries(targets)) files.set(`targets/${name}`, body);
    const targetsJson = signed(
      {
        _type: 'targets',
        spec_version: SPEC_VERSION,
        version,
        expires,
        targets: Object.fromEntries(
          Object.entries(targets).map(([name, body]) => [
            name,
            {
              length: Buffer.byteLength(body),
              hashes: { sha256: createHash('sha256').update(body).digest('hex') },
            },
          ]),
        ),
      },
      keys.targets,
    );
    const snapshotJson = signed(
      {
        _type: 'snapshot',
        spec_version: SPEC_VERSION,
        version,
        expires,
        meta: { 'targets.json': { version } },
      },
      keys.snapshot,
    );
    files.set('targets.json', targetsJson);
    files.set('snapshot.json', snapshotJson);
    files.set(
      'timestamp.json',
      signed(
        {
          _type: 'timestamp',
          spec_version: SPEC_VERSION,
          version,
          expires,
          meta: { 'snapshot.json': { version } },
        },
        keys.timestamp,
      ),
    );
  };
  publish(options.targets);
  const rootPath = join(options.dir, 'tuf-root.json');
  await writeFile(rootPath, roots[0] as string);

  const counts: Record<string, number> = {};
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname.replace(/^\/+/, ''));
    counts[path] = (counts[path] ?? 0) + 1;
    const rootVersion = /^(\d+)\.root\.json$/.exec(path);
    const body =
      tampered.get(path) ?? (rootVersion === null ? files.get(path) : roots[Number(rootVersion[1]) - 1]);
    if (req.method !== 'GET' || body === undefined) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    rootPath,
    publish,
    tamper: (path, body) => tampered.set(path, body),
    requests: () => ({ ...counts }),
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
