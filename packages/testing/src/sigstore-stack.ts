import { initializeCA, initializeCTLog, initializeTLog, initializeTSA, rekorHandler } from '@sigstore/mock';
import {
  X509Certificate,
  createHash,
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
  timingSafeEqual,
  verify,
  type KeyObject,
} from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import {
  GITHUB_ACTIONS_ISSUER,
  TokenSigner,
  fulcioIdentityOf,
  githubClaims,
  type GitHubRunIdentity,
} from './github-oidc.js';
import { createRekorV2Log } from './rekor-v2-log.js';
import { parseDerTimestampRequest, parseJsonTimestampRequest } from './timestamp-request.js';

export interface SigstoreStackOptions {
  /**
   * Who issues the tokens (and whom Fulcio trusts): `stack` (default) the stack's own `<url>/oidc`, whose
   * discovery and JWKS it serves; `github` GitHub's `https://token.actions.githubusercontent.com`, as in the
   * certificates of a real run (the key is still the stack's: nothing verifies a token against GitHub).
   */
  readonly issuer?: 'stack' | 'github';
  /** The run the runner's tokens describe (defaults: `sigil-test/app`, release.yml, `refs/heads/main`). */
  readonly identity?: GitHubRunIdentity;
  /** Claims added to (or replacing) the run's claims in every token the runner endpoint issues. */
  readonly claims?: Readonly<Record<string, string | number>>;
  /** The audience Fulcio requires (default `sigstore`, Fulcio's client ID). */
  readonly fulcioAudience?: string;
  /**
   * The logs the signing config lists, by API version (default `[1]`): `[2]` the Rekor v2 log only, `[1, 2]`
   * both (a client picks v2). The trusted root lists both logs whatever this says.
   */
  readonly rekorVersions?: readonly (1 | 2)[];
}

/** A token for a run, minted directly (not through the runner's endpoint). */
interface TokenRequest {
  readonly audience?: string;
  readonly identity?: GitHubRunIdentity;
  readonly claims?: Readonly<Record<string, string | number>>;
}

/** The runner's OIDC variables, as a runner sets them for a job with `id-token: write`. */
interface RunnerOidcEnvironment {
  readonly ACTIONS_ID_TOKEN_REQUEST_URL: string;
  readonly ACTIONS_ID_TOKEN_REQUEST_TOKEN: string;
}

export interface SigstoreStack {
  /** `http://127.0.0.1:<port>`: Fulcio, Rekor v1 and the TSA at their usual paths, the issuer under `/oidc`. */
  readonly url: string;
  /** The `iss` of the tokens, and the OIDC issuer every certificate names. */
  readonly issuer: string;
  /** Fulcio's base URL (`POST /api/v2/signingCert`). */
  readonly fulcioURL: string;
  /** Rekor's base URL (`POST /api/v1/log/entries`, `GET /api/v1/log/entries/<uuid>`). */
  readonly rekorURL: string;
  /** The Rekor v2 log's base URL (`POST <url>/api/v2/log/entries`): `<url>/rekor-v2`. */
  readonly rekorV2URL: string;
  /** The TSA's full URL (`POST`, DER `application/timestamp-query` or sigstore-js's JSON). */
  readonly tsaURL: string;
  /** The certificate identity of the runner's tokens: Fulcio's SAN and the issuer. */
  readonly identity: { readonly subjectAlternativeName: string; readonly issuer: string };
  /** `trusted_root.json` (v0.1): the CA, both logs, the CT log and the TSA. */
  readonly trustedRoot: Record<string, unknown>;
  /** `signing_config.json` (v0.2): this stack's CA, log, TSA and issuer URLs. */
  readonly signingConfig: Record<string, unknown>;
  /**
   * `ACTIONS_ID_TOKEN_REQUEST_URL` / `_TOKEN` for `@actions/core`'s `getIDToken`. With `job`, a request token of
   * its own whose ID tokens carry the run's claims with `job.claims` over them (a job of a called reusable
   * workflow has its own `job_workflow_ref`), as the runner gives each job its own token.
   */
  env(job?: { readonly claims: Readonly<Record<string, string | number>> }): RunnerOidcEnvironment;
  /** A token signed by the issuer (default audience `sigstore`, the runner's identity). */
  token(request?: TokenRequest): string;
  /** Requests received so far, by path (e.g. `/api/v2/signingCert`: how many certificates were asked for). */
  requests(): Record<string, number>;
  /** Writes `trusted_root.json` and `signing_config.json` into `dir`; returns their paths. */
  writeFiles(dir: string): Promise<{ readonly trustedRoot: string; readonly signingConfig: string }>;
  stop(): Promise<void>;
}

const P256 = () => generateKeyPairSync('ec', { namedCurve: 'P-256' });
const b64 = (view: ArrayBufferView) =>
  Buffer.from(view.buffer, view.byteOffset, view.byteLength).toString('base64');
const MAX_BODY = 1 << 20;
const TOKEN_LIFETIME_SECONDS = 600;

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * A loopback Sigstore on one `node:http` server, for keyless signing as on a runner:
 * - an OIDC issuer speaking the runner's protocol (`GET /oidc/token?…&audience=` with the request token as
 *   Bearer → `{"value": <JWT>}`), with discovery and a JWKS, minting GitHub-shaped RS256 tokens;
 * - Fulcio v2 (`POST /api/v2/signingCert`, token as Bearer or in `credentials`, `publicKeyRequest` with proof
 *   of possession over the token's subject): verifies the token (signature, issuer, audience, time; 401
 *   otherwise) and issues, from `@sigstore/mock`'s CA with its CT log's SCT, a certificate with Fulcio's
 *   GitHub identity (SAN `https://github.com/<job_workflow_ref>`, extensions 1.1–1.23 from the claims);
 *   CSRs are refused (400);
 * - Rekor v1 (`POST /api/v1/log/entries` through `@sigstore/mock`'s log, with the `ETag`/`Location`
 *   Rekor's clients read the entry's UUID from; `GET /api/v1/log/entries/<uuid>`). hashedrekord 0.0.1 entries
 *   are stored as proposed (which is Rekor's canonical form: the mock logs the proposal verbatim); dsse 0.0.1
 *   proposals are verified and canonicalized here as Rekor does (envelope and payload hashes, signatures with
 *   their verifiers), so sigstore-js and cosign DSSE bundles verify; intoto proposals (sigstore-js's
 *   `legacyCompatibility`) are logged verbatim, not as Rekor stores them, and do not verify;
 * - a Rekor v2 log under `/rekor-v2` (`createRekorV2Log`: hashedrekord 0.0.2, inclusion proof and checkpoint);
 * - an RFC 3161 TSA (`POST /api/v1/timestamp`, DER or sigstore-js's JSON) whose genTime is the current time
 *   with milliseconds not ending in zero (sigstore-js misreads a trailing-zero fraction).
 * `trustedRoot` and `signingConfig` describe exactly these services.
 */
export async function startSigstoreStack(options: SigstoreStackOptions = {}): Promise<SigstoreStack> {
  const validFrom = new Date(Date.now() - 60_000).toISOString();
  const signer = new TokenSigner();
  const requestToken = randomBytes(24).toString('base64url');
  const fulcioAudience = options.fulcioAudience ?? 'sigstore';
  const ctLog = await initializeCTLog(P256());
  const ca = await initializeCA(P256(), ctLog);
  const tsaClock = new Date();
  const tsa = await initializeTSA(P256(), tsaClock);
  const entries = new Map<string, unknown>();
  const requestCounts: Record<string, number> = {};

  // The routes need the port (the log's checkpoint origin, the issuer URL): listen first.
  let route: (req: IncomingMessage, body: Buffer) => Promise<Reply> = () =>
    Promise.reject(new Error('starting'));
  const server = createServer((req, res) => {
    readBody(req)
      .then((body) => route(req, body))
      .catch((error: unknown) =>
        error instanceof HttpError
          ? json(error.status, { code: error.status, message: error.message })
          : json(500, { code: 500, message: error instanceof Error ? error.message : String(error) }),
      )
      .then((reply) => send(res, reply))
      .catch(() => res.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  const issuer = options.issuer === 'github' ? GITHUB_ACTIONS_ISSUER : `${url}/oidc`;
  const tlog = await initializeTLog(url, P256()).catch((error: unknown) => {
    server.close();
    throw error;
  });
  const rekor = rekorHandler(tlog);
  const runnerClaims = githubClaims(options.identity, options.claims);
  /** Each runner request token and the claims of the ID tokens it gets. */
  const jobRequestTokens = new Map<string, ReturnType<typeof githubClaims>>([[requestToken, runnerClaims]]);
  const tsaURL = `${url}/api/v1/timestamp`;
  const rekorV2URL = `${url}/rekor-v2`;
  const rekorV2 = createRekorV2Log(rekorV2URL);

  const mint = (request: TokenRequest = {}) =>
    signer.mint(
      issuer,
      request.audience ?? fulcioAudience,
      request.identity === undefined && request.claims === undefined
        ? runnerClaims
        : githubClaims(request.identity ?? options.identity, { ...options.claims, ...request.claims }),
      TOKEN_LIFETIME_SECONDS,
    );

  /** Fulcio's issuance (either API): the token verified, the key's proof of possession checked, the chain in PEM. */
  async function issue(token: string | undefined, publicKey: KeyObject, proof: Buffer): Promise<string[]> {
    if (token === undefined)
      throw new HttpError(401, 'no identity token (Authorization: Bearer, or credentials)');
    let claims: Record<string, unknown>;
    try {
      claims = signer.verify(token, issuer, fulcioAudience);
    } catch (error) {
      throw new HttpError(
        401,
        `There was an error processing the identity token: ${(error as Error).message}`,
      );
    }
    // Fulcio's challenge: the token's subject (its email for email issuers), signed with the key.
    const subject = typeof claims['email'] === 'string' ? claims['email'] : String(claims['sub'] ?? '');
    if (!verify('sha256', Buffer.from(subject), publicKey, proof)) {
      throw new HttpError(400, 'The signature supplied in the request could not be verified');
    }
    let identity;
    try {
      identity = fulcioIdentityOf(claims);
    } catch (error) {
      throw new HttpError(400, (error as Error).message);
    }
    const certificate = await ca.issueCertificate({
      publicKey: publicKey.export({ format: 'der', type: 'spki' }),
      subjectAltName: identity.subjectAlternativeName,
      extensions: [...identity.extensions],
    });
    const toPem = (view: ArrayBufferView) =>
      `-----BEGIN CERTIFICATE-----\n${b64(view)
        .replace(/.{64}/g, '$&\n')
        .replace(/\n$/, '')}\n-----END CERTIFICATE-----\n`;
    return [toPem(certificate), toPem(ca.rootCertificate)];
  }

  const bearerOf = (req: IncomingMessage) => /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];

  /** Fulcio API v2 (`POST /api/v2/signingCert`, what sigstore-js and cosign v3 ask): JSON in, JSON out. */
  async function signingCert(req: IncomingMessage, body: Buffer): Promise<Reply> {
    const request = parseJsonObject(body);
    const credentials = request['credentials'] as { oidcIdentityToken?: unknown } | undefined;
    const token =
      typeof credentials?.oidcIdentityToken === 'string' ? credentials.oidcIdentityToken : bearerOf(req);
    if (request['certificateSigningRequest'] !== undefined) {
      throw new HttpError(400, 'this loopback Fulcio takes publicKeyRequest only, not a CSR');
    }
    const keyRequest = request['publicKeyRequest'] as
      { publicKey?: { content?: unknown }; proofOfPossession?: unknown } | undefined;
    const pem = keyRequest?.publicKey?.content;
    const proof = keyRequest?.proofOfPossession;
    if (typeof pem !== 'string' || typeof proof !== 'string') {
      throw new HttpError(400, 'publicKeyRequest.publicKey.content and proofOfPossession are required');
    }
    let publicKey: KeyObject;
    try {
      publicKey = createPublicKey(pem);
    } catch {
      throw new HttpError(400, 'the public key cannot be parsed');
    }
    const chain = await issue(token, publicKey, Buffer.from(proof, 'base64'));
    return json(200, { signedCertificateEmbeddedSct: { chain: { certificates: chain } } });
  }

  /**
   * Fulcio's legacy API v1 (`POST /api/v1/signingCert`, what cosign v2 asks): `{publicKey: {content}, signedEmailAddress}`
   * (base64 of the key's PEM or DER and of the proof), the token as Bearer; 201 with the PEM chain, the SCT embedded.
   */
  async function signingCertV1(req: IncomingMessage, body: Buffer): Promise<Reply> {
    const request = parseJsonObject(body);
    const content = (request['publicKey'] as { content?: unknown } | undefined)?.content;
    const proof = request['signedEmailAddress'];
    if (typeof content !== 'string' || typeof proof !== 'string')
      throw new HttpError(400, 'publicKey.content and signedEmailAddress are required');
    const bytes = Buffer.from(content, 'base64');
    let publicKey: KeyObject;
    try {
      publicKey = bytes.toString('latin1').startsWith('-----BEGIN')
        ? createPublicKey(bytes.toString('utf8'))
        : createPublicKey({ key: bytes, format: 'der', type: 'spki' });
    } catch {
      throw new HttpError(400, 'the public key cannot be parsed');
    }
    const chain = await issue(bearerOf(req), publicKey, Buffer.from(proof, 'base64'));
    return {
      status: 201,
      body: Buffer.from(chain.join('')),
      headers: { 'content-type': 'application/pem-certificate-chain' },
    };
  }

  async function logEntry(body: Buffer): Promise<Reply> {
    const result = await rekor.fn(JSON.stringify(canonicalEntry(parseJsonObject(body))));
    if (result.statusCode !== 201) throw new HttpError(400, String(result.response));
    const logged = JSON.parse(String(result.response)) as Record<string, unknown>;
    const uuid = Object.keys(logged)[0];
    if (uuid === undefined) throw new Error('the mock log returned no entry');
    entries.set(uuid, logged);
    return {
      status: 201,
      body: Buffer.from(String(result.response)),
      headers: {
        'content-type': 'application/json',
        etag: uuid,
        location: `/api/v1/log/entries/${uuid}`,
      },
    };
  }

  // The mock TSA reads its clock object on each request: set it to now, one request at a time.
  let tsaQueue: Promise<unknown> = Promise.resolve();
  function timestamp(req: IncomingMessage, body: Buffer): Promise<Reply> {
    const der = /timestamp-query/.test(req.headers['content-type'] ?? '');
    let request;
    try {
      request = der ? parseDerTimestampRequest(body) : parseJsonTimestampRequest(body.toString('utf8'));
    } catch (error) {
      return Promise.reject(new HttpError(400, (error as Error).message));
    }
    const run = tsaQueue.then(async () => {
      const now = Date.now();
      tsaClock.setTime(now % 10 === 0 ? now + 1 : now);
      const response = await tsa.timestamp(request);
      return {
        status: 201,
        body: Buffer.from(response.buffer, response.byteOffset, response.byteLength),
        headers: { 'content-type': 'application/timestamp-reply' },
      };
    });
    tsaQueue = run.catch(() => undefined);
    return run;
  }

  function idToken(req: IncomingMessage, query: URLSearchParams): Reply {
    const bearer = Buffer.from(/^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '');
    const claims = [...jobRequestTokens].find(([token]) => {
      const expected = Buffer.from(token);
      return bearer.length === expected.length && timingSafeEqual(bearer, expected);
    })?.[1];
    if (claims === undefined) {
      throw new HttpError(401, 'the request token is not this job’s ACTIONS_ID_TOKEN_REQUEST_TOKEN');
    }
    // GitHub's default audience is the repository owner's URL.
    const audience = query.get('audience') ?? `https://github.com/${String(claims['repository_owner'])}`;
    return json(200, {
      count: 1,
      value: signer.mint(issuer, audience, claims, TOKEN_LIFETIME_SECONDS),
    });
  }

  route = async (req, body) => {
    const { pathname, searchParams } = new URL(req.url ?? '/', url);
    const method = req.method ?? 'GET';
    requestCounts[pathname] = (requestCounts[pathname] ?? 0) + 1;
    if (method === 'POST' && pathname === '/api/v2/signingCert') return signingCert(req, body);
    if (method === 'POST' && pathname === '/api/v1/signingCert') return signingCertV1(req, body);
    if (method === 'POST' && pathname === '/api/v1/log/entries') return logEntry(body);
    if (method === 'POST' && pathname === '/rekor-v2/api/v2/log/entries') return rekorV2.createEntry(body);
    if (method === 'GET' && pathname.startsWith('/api/v1/log/entries/')) {
      const entry = entries.get(pathname.slice('/api/v1/log/entries/'.length));
      if (entry === undefined) throw new HttpError(404, 'no such entry');
      return json(200, entry);
    }
    if (method === 'POST' && pathname === '/api/v1/timestamp') return timestamp(req, body);
    if (method === 'GET' && pathname === '/oidc/token') return idToken(req, searchParams);
    if (method === 'GET' && pathname === '/oidc/.well-known/jwks') return json(200, signer.jwks);
    if (method === 'GET' && pathname === '/oidc/.well-known/openid-configuration') {
      return json(200, {
        issuer,
        jwks_uri: `${url}/oidc/.well-known/jwks`,
        subject_types_supported: ['public', 'pairwise'],
        response_types_supported: ['id_token'],
        claims_supported: ['sub', 'aud', 'exp', 'iat', 'iss', 'jti', 'nbf', ...Object.keys(runnerClaims)],
        id_token_signing_alg_values_supported: ['RS256'],
        scopes_supported: ['openid'],
      });
    }
    throw new HttpError(404, `no route for ${method} ${pathname}`);
  };

  const validFor = { start: validFrom };
  const ecdsaKey = (spki: ArrayBufferView) => ({
    rawBytes: b64(spki),
    keyDetails: 'PKIX_ECDSA_P256_SHA_256',
    validFor,
  });
  const trustedRoot = {
    mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
    tlogs: [
      {
        baseUrl: url,
        hashAlgorithm: 'SHA2_256',
        publicKey: ecdsaKey(tlog.publicKey),
        logId: { keyId: createHash('sha256').update(tlog.publicKey).digest('base64') },
      },
      {
        baseUrl: rekorV2URL,
        hashAlgorithm: 'SHA2_256',
        publicKey: ecdsaKey(rekorV2.publicKey),
        logId: { keyId: rekorV2.logId.toString('base64') },
      },
    ],
    certificateAuthorities: [
      {
        subject: { organization: 'sigstore.mock', commonName: 'sigstore' },
        uri: url,
        certChain: { certificates: [{ rawBytes: b64(ca.rootCertificate) }] },
        validFor,
      },
    ],
    ctlogs: [
      {
        baseUrl: url,
        hashAlgorithm: 'SHA2_256',
        publicKey: ecdsaKey(ctLog.publicKey),
        logId: { keyId: b64(ctLog.logID) },
      },
    ],
    timestampAuthorities: [
      {
        subject: { organization: 'sigstore.mock', commonName: 'tsa' },
        uri: tsaURL,
        certChain: {
          certificates: [{ rawBytes: b64(tsa.intCertificate) }, { rawBytes: b64(tsa.rootCertificate) }],
        },
        validFor,
      },
    ],
  };
  const service = (serviceUrl: string, majorApiVersion: number) => ({
    url: serviceUrl,
    majorApiVersion,
    validFor,
    operator: 'sigil-loopback',
  });
  const signingConfig = {
    mediaType: 'application/vnd.dev.sigstore.signingconfig.v0.2+json',
    caUrls: [service(url, 1)],
    oidcUrls: [service(issuer, 1)],
    rekorTlogUrls: (options.rekorVersions ?? [1]).map((version) =>
      service(version === 2 ? rekorV2URL : url, version),
    ),
    tsaUrls: [service(tsaURL, 1)],
    rekorTlogConfig: { selector: 'ANY' },
    tsaConfig: { selector: 'ANY' },
  };

  return {
    url,
    issuer,
    fulcioURL: url,
    rekorURL: url,
    rekorV2URL,
    tsaURL,
    identity: {
      subjectAlternativeName: fulcioIdentityOf({ ...runnerClaims, iss: issuer }).subjectAlternativeName,
      issuer,
    },
    trustedRoot,
    signingConfig,
    env: (job) => {
      let token = requestToken;
      if (job !== undefined) {
        token = randomBytes(24).toString('base64url');
        jobRequestTokens.set(token, { ...runnerClaims, ...job.claims });
      }
      return {
        ACTIONS_ID_TOKEN_REQUEST_URL: `${url}/oidc/token?api-version=2.0`,
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: token,
      };
    },
    token: mint,
    requests: () => ({ ...requestCounts }),
    async writeFiles(dir) {
      await mkdir(dir, { recursive: true });
      const paths = {
        trustedRoot: join(dir, 'trusted_root.json'),
        signingConfig: join(dir, 'signing_config.json'),
      };
      await writeFile(paths.trustedRoot, `${JSON.stringify(trustedRoot, null, 2)}\n`);
      await writeFile(paths.signingConfig, `${JSON.stringify(signingConfig, null, 2)}\n`);
      return paths;
    },
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/**
 * The body Rekor v1 stores for a proposed entry: a dsse 0.0.1 proposal (an envelope and its verifiers) becomes
 * the envelope's and the payload's hashes and each signature with the verifier it verifies with (each
 * signature must verify, over DSSE's PAE); other kinds are stored as proposed.
 */
function canonicalEntry(proposed: Record<string, unknown>): Record<string, unknown> {
  const spec = proposed['spec'] as
    { proposedContent?: { envelope?: unknown; verifiers?: unknown } } | undefined;
  if (
    proposed['kind'] !== 'dsse' ||
    proposed['apiVersion'] !== '0.0.1' ||
    spec?.proposedContent === undefined
  ) {
    return proposed;
  }
  const { envelope: envelopeText, verifiers } = spec.proposedContent;
  if (typeof envelopeText !== 'string' || !Array.isArray(verifiers) || verifiers.length === 0) {
    throw new HttpError(400, 'a dsse proposal needs proposedContent.envelope and verifiers');
  }
  const envelope = JSON.parse(envelopeText) as {
    payloadType?: unknown;
    payload?: unknown;
    signatures?: { sig?: unknown }[];
  };
  if (typeof envelope.payloadType !== 'string' || typeof envelope.payload !== 'string') {
    throw new HttpError(400, 'the DSSE envelope has no payload');
  }
  const payload = Buffer.from(envelope.payload, 'base64');
  const type = Buffer.from(envelope.payloadType);
  const pae = Buffer.concat([
    Buffer.from(`DSSEv1 ${type.length} `),
    type,
    Buffer.from(` ${payload.length} `),
    payload,
  ]);
  const keys = verifiers.map((verifier) => {
    const pem = Buffer.from(String(verifier), 'base64').toString('utf8');
    const block = /-----BEGIN ([A-Z ]+)-----([\s\S]+?)-----END \1-----/.exec(pem);
    if (block === null) throw new HttpError(400, 'a verifier is not a PEM key or certificate');
    const key = block[1] === 'CERTIFICATE' ? new X509Certificate(pem).publicKey : createPublicKey(pem);
    // Rekor's canonical form of the verifier: the PEM re-encoded, 64 columns.
    const der = Buffer.from((block[2] ?? '').replace(/\s/g, ''), 'base64').toString('base64');
    const canonical = `-----BEGIN ${block[1]}-----\n${der.replace(/.{64}/g, '$&\n').replace(/\n$/, '')}\n-----END ${block[1]}-----\n`;
    return { key, verifier: Buffer.from(canonical).toString('base64') };
  });
  const signatures = (envelope.signatures ?? []).map(({ sig }) => {
    const signature = typeof sig === 'string' ? sig : '';
    const match = keys.find(({ key }) => verify('sha256', pae, key, Buffer.from(signature, 'base64')));
    if (match === undefined) throw new HttpError(400, 'a DSSE signature does not verify with any verifier');
    return { signature, verifier: match.verifier };
  });
  if (signatures.length === 0) throw new HttpError(400, 'the DSSE envelope has no signature');
  const sha256 = (bytes: Buffer) => ({
    algorithm: 'sha256',
    value: createHash('sha256').update(bytes).digest('hex'),
  });
  return {
    apiVersion: '0.0.1',
    kind: 'dsse',
    spec: {
      envelopeHash: sha256(Buffer.from(envelopeText)),
      payloadHash: sha256(payload),
      signatures: signatures.sort((a, b) =>
        a.signature < b.signature ? -1 : a.signature > b.signature ? 1 : 0,
      ),
    },
  };
}

interface Reply {
  readonly status: number;
  readonly body: Buffer;
  readonly headers: Readonly<Record<string, string>>;
}

const json = (status: number, value: unknown): Reply => ({
  status,
  body: Buffer.from(JSON.stringify(value)),
  headers: { 'content-type': 'application/json' },
});

function send(res: ServerResponse, reply: Reply): void {
  res.writeHead(reply.status, { ...reply.headers, 'content-length': String(reply.body.length) });
  res.end(reply.body);
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new HttpError(413, 'request body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function parseJsonObject(body: Buffer): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    throw new HttpError(400, 'the request body is not JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new HttpError(400, 'the request body is not a JSON object');
  }
  return value as Record<string, unknown>;
}
