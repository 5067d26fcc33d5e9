import {
  X509Certificate,
  createHash,
  createPublicKey,
  generateKeyPairSync,
  sign,
  type KeyObject,
} from 'node:crypto';
import { verifyP256Prehashed } from './p256-prehashed.js';

/** An HTTP answer of the log: status, JSON body, headers. */
interface RekorV2Reply {
  readonly status: number;
  readonly body: Buffer;
  readonly headers: Record<string, string>;
}

export interface RekorV2Log {
  /** The checkpoint origin: the base URL's host name, as Rekor v2 names its logs and verifiers expect. */
  readonly origin: string;
  /** The log's key (SPKI DER) and ID (SHA-256 of it: the non-truncated checkpoint key ID of an ECDSA key). */
  readonly publicKey: Buffer;
  readonly logId: Buffer;
  /** `POST <base>/api/v2/log/entries`, the request body as received. */
  createEntry(body: Buffer): RekorV2Reply;
  /** Entries logged so far. */
  size(): number;
}

const ALLOWED_KEY_DETAILS = 'PKIX_ECDSA_P256_SHA_256';

class Refusal extends Error {
  constructor(
    readonly status: number,
    readonly grpcCode: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * A Rekor v2 log (rekor-tiles v2.3's write API) in memory: `hashedrekord` 0.0.2 only (a `dsse` request is refused
 * as rekor-tiles refuses it since v2.3.0), the signature verified over the digest with the request's certificate
 * or key (ECDSA P-256, SHA-256), the entry stored as the RFC 8785 form of its protobuf JSON, an RFC 6962 tree,
 * and each answer a `TransparencyLogEntry` with an inclusion proof and a checkpoint — a C2SP signed note by the
 * log's ECDSA key, whose key hint is the first 4 bytes of the SHA-256 of the key — and no integrated time. A body
 * already logged is refused with 409 and `x-log-index`, as rekor-tiles answers a duplicate.
 */
export function createRekorV2Log(baseUrl: string): RekorV2Log {
  const origin = new URL(baseUrl).hostname;
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const der = publicKey.export({ format: 'der', type: 'spki' });
  const logId = createHash('sha256').update(der).digest();
  const leaves: Buffer[] = [];
  const indexOf = new Map<string, number>();

  function createEntry(body: Buffer): RekorV2Reply {
    try {
      const canonical = entryBody(body);
      const leaf = createHash('sha256')
        .update(Buffer.from([0]))
        .update(canonical)
        .digest();
      const known = indexOf.get(leaf.toString('hex'));
      if (known !== undefined) {
        return reply(
          409,
          {
            code: 6,
            message: `an equivalent entry already exists in the transparency log with index ${known}`,
            details: [],
          },
          {
            'x-log-index': String(known),
          },
        );
      }
      const index = leaves.length;
      leaves.push(leaf);
      indexOf.set(leaf.toString('hex'), index);
      const size = leaves.length;
      const root = treeHash(leaves, 0, size);
      const note = `${origin}\n${size}\n${root.toString('base64')}\n`;
      const signature = sign('sha256', Buffer.from(note), privateKey);
      const line = `\u2014 ${origin} ${Buffer.concat([logId.subarray(0, 4), signature]).toString('base64')}\n`;
      return reply(201, {
        logIndex: String(index),
        logId: { keyId: logId.toString('base64') },
        kindVersion: { kind: 'hashedrekord', version: '0.0.2' },
        inclusionProof: {
          logIndex: String(index),
          rootHash: root.toString('base64'),
          treeSize: String(size),
          hashes: auditPath(leaves, index, 0, size).map((hash) => hash.toString('base64')),
          checkpoint: { envelope: `${note}\n${line}` },
        },
        canonicalizedBody: canonical.toString('base64'),
      });
    } catch (error) {
      if (error instanceof Refusal)
        return reply(error.status, { code: error.grpcCode, message: error.message, details: [] });
      throw error;
    }
  }

  return { origin, publicKey: der, logId, createEntry, size: () => leaves.length };
}

/** The canonical entry body for a create-entry request, after checking it as rekor-tiles does. */
function entryBody(body: Buffer): Buffer {
  const request = object(parse(body), 'the request');
  const keys = Object.keys(request);
  if (keys.length !== 1 || keys[0] !== 'hashedRekordRequestV002') {
    throw new Refusal(400, 3, 'invalid type, must be hashedrekord');
  }
  const hashedRekord = object(request['hashedRekordRequestV002'], 'hashedRekordRequestV002');
  only(hashedRekord, ['digest', 'signature'], 'hashedRekordRequestV002');
  const digest = bytes(hashedRekord['digest'], 'digest');
  const signature = object(hashedRekord['signature'], 'signature');
  only(signature, ['content', 'verifier'], 'signature');
  const content = bytes(signature['content'], 'signature.content');
  const verifier = object(signature['verifier'], 'signature.verifier');
  only(verifier, ['x509Certificate', 'publicKey', 'keyDetails'], 'signature.verifier');
  if (verifier['keyDetails'] !== ALLOWED_KEY_DETAILS) {
    throw new Refusal(400, 3, `unsupported key details ${JSON.stringify(verifier['keyDetails'] ?? null)}`);
  }
  const certificate = verifier['x509Certificate'];
  const key = verifier['publicKey'];
  if ((certificate === undefined) === (key === undefined)) {
    throw new Refusal(400, 3, 'the verifier must be one x509Certificate or one publicKey');
  }
  const raw = bytes(object(certificate ?? key, 'the verifier')['rawBytes'], 'the verifier rawBytes');
  let publicKey: KeyObject;
  try {
    publicKey =
      certificate !== undefined
        ? new X509Certificate(raw).publicKey
        : createPublicKey({ key: raw, format: 'der', type: 'spki' });
  } catch {
    throw new Refusal(400, 3, 'the verifier cannot be parsed');
  }
  if (publicKey.asymmetricKeyType !== 'ec' || publicKey.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw new Refusal(400, 3, 'the verifier is not an ECDSA P-256 key');
  }
  if (digest.length !== 32) throw new Refusal(400, 3, 'the digest is not a SHA-256 digest');
  if (!verifyP256Prehashed(digest, publicKey, content)) {
    throw new Refusal(400, 3, 'the signature does not verify with the verifier');
  }
  const b64 = (value: Buffer) => value.toString('base64');
  const entry = {
    kind: 'hashedrekord',
    apiVersion: '0.0.2',
    spec: {
      hashedRekordV002: {
        data: { algorithm: 'SHA2_256', digest: b64(digest) },
        signature: {
          content: b64(content),
          verifier: {
            ...(certificate !== undefined
              ? { x509Certificate: { rawBytes: b64(raw) } }
              : { publicKey: { rawBytes: b64(raw) } }),
            keyDetails: ALLOWED_KEY_DETAILS,
          },
        },
      },
    },
  };
  return Buffer.from(canonicalJson(entry), 'utf8');
}

/**
 * RFC 8785 (JCS) for what an entry holds — objects and strings: members sorted by their UTF-16 code units, strings
 * as JSON.stringify writes them (which is JCS's string form), no whitespace.
 */
function canonicalJson(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const members = Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
    return `{${members.join(',')}}`;
  }
  throw new Error(`not an entry value: ${typeof value}`);
}

/** RFC 6962 MTH of `leaves[from, to)` (leaf hashes). */
function treeHash(leaves: readonly Buffer[], from: number, to: number): Buffer {
  const n = to - from;
  if (n === 1) return leaves[from] as Buffer;
  const k = largestPowerOfTwoBelow(n);
  return node(treeHash(leaves, from, from + k), treeHash(leaves, from + k, to));
}

/** RFC 6962 PATH(m, D[from, to)): the audit path of leaf `index`, leaf to root. */
function auditPath(leaves: readonly Buffer[], index: number, from: number, to: number): Buffer[] {
  const n = to - from;
  if (n <= 1) return [];
  const k = largestPowerOfTwoBelow(n);
  return index - from < k
    ? [...auditPath(leaves, index, from, from + k), treeHash(leaves, from + k, to)]
    : [...auditPath(leaves, index, from + k, to), treeHash(leaves, from, from + k)];
}

function largestPowerOfTwoBelow(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

function node(left: Buffer, right: Buffer): Buffer {
  return createHash('sha256')
    .update(Buffer.from([1]))
    .update(left)
    .update(right)
    .digest();
}

function parse(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw new Refusal(400, 3, 'the request is not JSON');
  }
}

function object(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Refusal(400, 3, `${what} is not an object`);
  }
  return value as Record<string, unknown>;
}

function only(value: Record<string, unknown>, allowed: readonly string[], what: string): void {
  const unknown = Object.keys(value).find((key) => !allowed.includes(key));
  if (unknown !== undefined) throw new Refusal(400, 3, `${what} has an unknown field "${unknown}"`);
}

function bytes(value: unknown, what: string): Buffer {
  if (typeof value !== 'string' || value === '' || !/^[A-Za-z0-9+/]*={0,2}$/.test(value)) {
    throw new Refusal(400, 3, `${what} is not base64`);
  }
  return Buffer.from(value, 'base64');
}

function reply(status: number, body: unknown, headers: Record<string, string> = {}): RekorV2Reply {
  return {
    status,
    body: Buffer.from(JSON.stringify(body)),
    headers: { 'content-type': 'application/json', ...headers },
  };
}
