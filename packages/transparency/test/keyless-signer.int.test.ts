import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { causeChain, SigilError } from '@sigil/core';
import { parsePublicKey, publicKeyFromKeyObject } from '@sigil/keys';
import { LoadedTrustedRoot, verifyBundle, verifyRekorBundle } from '@sigil/transparency';
import { fetchRunnerIdToken, KeylessSigner, readSigningConfig } from '@sigil/transparency/keyless';
import { startSigstoreStack, type SigstoreStack } from '@sigil/testing/sigstore-stack';
import { createHash, X509Certificate } from 'node:crypto';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

let stack: SigstoreStack;
let trustedRoot: LoadedTrustedRoot;

beforeAll(async () => {
  stack = await startSigstoreStack();
  trustedRoot = LoadedTrustedRoot.load(stack.trustedRoot);
});
afterAll(async () => {
  await stack.stop();
});

const encoder = new TextEncoder();
const statement = (index: number) =>
  encoder.encode(
    JSON.stringify({
      _type: 'https://in-toto.io/Statement/v1',
      subject: [
        { name: `image-${index}`, digest: { sha256: createHash('sha256').update(`${index}`).digest('hex') } },
      ],
      predicateType: 'https://sigstore.dev/cosign/sign/v1',
      predicate: {},
    }),
  );

/** The error a promise rejects with, which must be a SigilError. */
async function sigilErrorOf(promise: Promise<unknown>): Promise<SigilError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof SigilError) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}

/** Every text of the error (message, hint, causes), which must hold no secret. */
function expectNoSecret(error: SigilError, secrets: readonly string[]): void {
  const text = [...causeChain(error), error.hint ?? '', JSON.stringify(error)].join('\n');
  for (const secret of secrets) {
    expect(text).not.toContain(secret);
    for (const part of secret.split('.')) if (part.length >= 8) expect(text).not.toContain(part);
  }
}

/** The rekor key of the stack's trusted root, as @sigil/keys reads it. */
function rekorKeys() {
  const tlogs = stack.trustedRoot['tlogs'] as { publicKey: { rawBytes: string } }[];
  return tlogs.map(({ publicKey }) =>
    parsePublicKey(
      `-----BEGIN PUBLIC KEY-----\n${publicKey.rawBytes.replace(/.{64}/g, '$&\n')}\n-----END PUBLIC KEY-----\n`,
    ),
  );
}

describe('fetchRunnerIdToken', () => {
  it('gets a token for the audience with the runner protocol', async () => {
    const env = stack.env();
    const token = await fetchRunnerIdToken({
      requestUrl: env.ACTIONS_ID_TOKEN_REQUEST_URL,
      requestToken: env.ACTIONS_ID_TOKEN_REQUEST_TOKEN,
      audience: 'sigstore',
    });
    const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as {
      aud: string;
      iss: string;
    };
    expect(claims.aud).toBe('sigstore');
    expect(claims.iss).toBe(stack.issuer);
  });

  it('names a refused request token without quoting it', async () => {
    const env = stack.env();
    const wrong = `${env.ACTIONS_ID_TOKEN_REQUEST_TOKEN}-not-this-job`;
    const error = await sigilErrorOf(
      fetchRunnerIdToken({
        requestUrl: env.ACTIONS_ID_TOKEN_REQUEST_URL,
        requestToken: wrong,
        audience: 'sigstore',
      }),
    );
    expect(error.code).toBe('ID_TOKEN_REQUEST_FAILED');
    expect(error.message).toContain('HTTP 401');
    expectNoSecret(error, [wrong, env.ACTIONS_ID_TOKEN_REQUEST_TOKEN]);
  });

  it.each([
    ['no URL', undefined, 'token'],
    ['no token', 'http://127.0.0.1:1/token?api-version=2.0', undefined],
    ['empty values', '', ''],
  ])('without the id-token permission (%s) says how to get it', async (_, requestUrl, requestToken) => {
    const error = await sigilErrorOf(fetchRunnerIdToken({ requestUrl, requestToken, audience: 'sigstore' }));
    expect(error.code).toBe('ID_TOKEN_PERMISSION');
    expect(error.hint).toContain('permissions: id-token: write');
    expect(error.hint).toContain('forks');
  });

  it('retries a failing endpoint, then names it; an answer without value is named', async () => {
    let calls = 0;
    const server = await listen((req, res) => {
      calls++;
      if (req.url?.startsWith('/novalue')) {
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"count":1}');
      } else {
        res.writeHead(503).end();
      }
    });
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const failing = await sigilErrorOf(
        fetchRunnerIdToken({
          requestUrl: `${base}/token?x=1`,
          requestToken: 'request-secret-123',
          audience: 'a',
          retries: 2,
        }),
      );
      expect(failing.code).toBe('ID_TOKEN_REQUEST_FAILED');
      expect(failing.message).toContain('failed 3 times');
      expect(calls).toBe(3);
      const noValue = await sigilErrorOf(
        fetchRunnerIdToken({
          requestUrl: `${base}/novalue?x=1`,
          requestToken: 'request-secret-123',
          audience: 'a',
        }),
      );
      expect(noValue.code).toBe('ID_TOKEN_REQUEST_FAILED');
      expect(noValue.message).toContain('without a `value`');
      expectNoSecret(failing, ['request-secret-123']);
      expectNoSecret(noValue, ['request-secret-123']);
    } finally {
      await close(server);
    }
  });
});

describe('KeylessSigner', () => {
  it('signs 20 DSSE bundles with one certificate (one Fulcio request), each verifying with the identity', async () => {
    const before = stack.requests()['/api/v2/signingCert'] ?? 0;
    const signer = new KeylessSigner({
      identityToken: stack.token(),
      fulcioURL: stack.fulcioURL,
      rekorURL: stack.rekorURL,
      tsaURL: stack.tsaURL,
    });
    const bundles = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        signer.signDsse(statement(index), 'application/vnd.in-toto+json'),
      ),
    );
    expect((stack.requests()['/api/v2/signingCert'] ?? 0) - before).toBe(1);
    const certificate = await signer.certificate();
    expect(certificate.subjectAlternativeName).toBe(stack.identity.subjectAlternativeName);
    expect(certificate.issuer).toBe(stack.identity.issuer);
    expect(certificate.chain).toHaveLength(1);
    const leaf = new X509Certificate(certificate.pem).raw.toString('base64');

    for (const [index, bundle] of bundles.entries()) {
      const json = bundle as {
        mediaType: string;
        verificationMaterial: {
          certificate: { rawBytes: string };
          tlogEntries: {
            kindVersion: { kind: string };
            inclusionPromise?: unknown;
            inclusionProof?: unknown;
          }[];
          timestampVerificationData: { rfc3161Timestamps: unknown[] };
        };
      };
      expect(json.mediaType).toBe('application/vnd.dev.sigstore.bundle.v0.3+json');
      expect(json.verificationMaterial.certificate.rawBytes).toBe(leaf);
      expect(json.verificationMaterial.tlogEntries).toHaveLength(1);
      expect(json.verificationMaterial.tlogEntries[0]?.kindVersion.kind).toBe('dsse');
      expect(json.verificationMaterial.tlogEntries[0]?.inclusionPromise).toBeDefined();
      expect(json.verificationMaterial.tlogEntries[0]?.inclusionProof).toBeDefined();
      expect(json.verificationMaterial.timestampVerificationData.rfc3161Timestamps).toHaveLength(1);
      const verdict = verifyBundle({
        bundle,
        trustedRoot,
        subjectDigest: `sha256:${createHash('sha256').update(`${index}`).digest('hex')}`,
        tlogThreshold: 1,
        timestampThreshold: 1,
        ctlogThreshold: 1,
        identity: stack.identity,
      });
      expect(verdict).toMatchObject({ ok: true, signer: stack.identity });
    }
  });

  it('signs a blob for the .sig layer: the Rekor bundle verifies, the certificate chains; twice works', async () => {
    const signer = new KeylessSigner({
      identityToken: stack.token(),
      fulcioURL: stack.fulcioURL,
      rekorURL: stack.rekorURL,
    });
    const payload = encoder.encode('{"critical":{"identity":{"docker-reference":"r/i"}},"optional":null}');
    const first = await signer.signBlob(payload);
    const second = await signer.signBlob(payload);
    const leaf = new X509Certificate(first.certificatePem);
    const root = new X509Certificate(first.chainPem);
    expect(leaf.checkIssued(root) && leaf.verify(root.publicKey)).toBe(true);
    expect(second.certificatePem).toBe(first.certificatePem);
    for (const signed of [first, second]) {
      expect(signed.rekorBundle).toMatch(
        /^\{"SignedEntryTimestamp":"[A-Za-z0-9+/=]+","Payload":\{"body":"[A-Za-z0-9+/=]+","integratedTime":\d+,"logIndex":\d+,"logID":"[0-9a-f]{64}"\}\}$/,
      );
      const verdict = verifyRekorBundle({
        bundle: signed.rekorBundle ?? '',
        rekorKeys: rekorKeys(),
        payload,
        signature: Buffer.from(signed.signature).toString('base64'),
        signerKey: publicKeyFromKeyObject(leaf.publicKey),
      });
      expect(verdict).toMatchObject({ ok: true });
    }
    // ECDSA signs with a fresh nonce: the same payload twice is two entries, so no conflict arises here.
    expect(Buffer.from(second.signature).equals(Buffer.from(first.signature))).toBe(false);
  });

  it('takes an entry that already exists (Rekor 409 after a lost answer) by fetching it', async () => {
    // A front that forwards to the stack's Rekor but loses the first answer (503), then answers the retry of the
    // same entry as Rekor does: 409 with the existing entry's Location. The stack's mock log never answers 409.
    const seen = new Map<string, string>();
    let conflicts = 0;
    const front = await listen((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        const key = createHash('sha256').update(body).digest('hex');
        const known = req.method === 'POST' ? seen.get(key) : undefined;
        if (known !== undefined) {
          conflicts++;
          res.writeHead(409, { 'content-type': 'application/json', location: known });
          res.end(
            JSON.stringify({
              code: 409,
              message: 'An equivalent entry already exists in the transparency log',
            }),
          );
          return;
        }
        forward(stack.url, req.method ?? 'GET', req.url ?? '/', body, (status, headers, answer) => {
          if (req.method === 'POST' && status === 201 && typeof headers['location'] === 'string') {
            seen.set(key, headers['location']);
            res.writeHead(503).end();
            return;
          }
          res.writeHead(status, { 'content-type': 'application/json' }).end(answer);
        });
      });
    });
    try {
      const rekorURL = `http://127.0.0.1:${(front.address() as AddressInfo).port}`;
      const signer = new KeylessSigner({
        identityToken: stack.token(),
        fulcioURL: stack.fulcioURL,
        rekorURL,
        retries: 2,
      });
      const payload = encoder.encode('conflict');
      const signed = await signer.signBlob(payload);
      expect(conflicts).toBe(1);
      const verdict = verifyRekorBundle({
        bundle: signed.rekorBundle ?? '',
        rekorKeys: rekorKeys(),
        payload,
        signature: Buffer.from(signed.signature).toString('base64'),
        signerKey: publicKeyFromKeyObject(new X509Certificate(signed.certificatePem).publicKey),
      });
      expect(verdict).toMatchObject({ ok: true });
      const bundle = await signer.signDsse(statement(1), 'application/vnd.in-toto+json');
      expect(conflicts).toBe(2);
      expect(
        verifyBundle({
          bundle,
          trustedRoot,
          identity: stack.identity,
          tlogThreshold: 1,
          timestampThreshold: 1,
        }),
      ).toMatchObject({
        ok: true,
      });
    } finally {
      await close(front);
    }
  });

  it('names a Fulcio that cannot be reached, after bounded retries, quickly', async () => {
    const gone = await listen(() => undefined);
    const url = `http://127.0.0.1:${(gone.address() as AddressInfo).port}`;
    await close(gone);
    const token = stack.token();
    const started = Date.now();
    const signer = new KeylessSigner({
      identityToken: token,
      fulcioURL: url,
      rekorURL: stack.rekorURL,
      retries: 2,
      timeoutMs: 500,
    });
    const error = await sigilErrorOf(signer.signDsse(statement(0), 'application/vnd.in-toto+json'));
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(error.code).toBe('SIGSTORE_UNREACHABLE');
    expect(error.message).toContain(`Fulcio at ${url}`);
    expectNoSecret(error, [token]);
  });

  it('names a Fulcio answering 503 after its retries', async () => {
    let calls = 0;
    const failing = await listen((_req, res) => {
      calls++;
      res.writeHead(503, { 'content-type': 'application/json' }).end('{"code":503,"message":"down"}');
    });
    const url = `http://127.0.0.1:${(failing.address() as AddressInfo).port}`;
    try {
      const token = stack.token();
      const error = await sigilErrorOf(
        new KeylessSigner({ identityToken: token, fulcioURL: url, retries: 2 }).certificate(),
      );
      expect(error.code).toBe('SIGSTORE_UNREACHABLE');
      expect(error.message).toContain('HTTP 503');
      expect(calls).toBe(3);
      expectNoSecret(error, [token]);
    } finally {
      await close(failing);
    }
  });

  it('names a token Fulcio refuses (wrong audience): oidc-audience must be sigstore', async () => {
    const token = stack.token({ audience: 'https://github.com/octo-org' });
    const signer = new KeylessSigner({ identityToken: token, fulcioURL: stack.fulcioURL, retries: 0 });
    const error = await sigilErrorOf(signer.signBlob(encoder.encode('x')));
    expect(error.code).toBe('ID_TOKEN_REFUSED');
    expect(error.message).toContain('HTTP 401');
    expect(error.hint).toContain('`oidc-audience` must be `sigstore`');
    expectNoSecret(error, [token]);
  });

  it('names a Rekor or TSA that fails', async () => {
    const token = stack.token();
    const gone = await listen(() => undefined);
    const url = `http://127.0.0.1:${(gone.address() as AddressInfo).port}`;
    await close(gone);
    const rekor = await sigilErrorOf(
      new KeylessSigner({
        identityToken: token,
        fulcioURL: stack.fulcioURL,
        rekorURL: url,
        retries: 1,
      }).signBlob(encoder.encode('x')),
    );
    expect(rekor.code).toBe('SIGSTORE_UNREACHABLE');
    expect(rekor.message).toContain(`Rekor at ${url}`);
    const tsa = await sigilErrorOf(
      new KeylessSigner({
        identityToken: token,
        fulcioURL: stack.fulcioURL,
        tsaURL: `${url}/api/v1/timestamp`,
        retries: 1,
      }).signDsse(statement(0), 'application/vnd.in-toto+json'),
    );
    expect(tsa.code).toBe('SIGSTORE_UNREACHABLE');
    expect(tsa.message).toContain(`TSA at ${url}/api/v1/timestamp`);
    expectNoSecret(rekor, [token]);
    expectNoSecret(tsa, [token]);
  });

  it('refuses what is not a token or a service URL without quoting the token', () => {
    expect(
      () => new KeylessSigner({ identityToken: 'secret-not-a-jwt', fulcioURL: stack.fulcioURL }),
    ).toThrow(expect.objectContaining({ code: 'INPUT_INVALID', message: 'the identity token is not a JWT' }));
    expect(
      () => new KeylessSigner({ identityToken: stack.token(), fulcioURL: 'http://fulcio.example' }),
    ).toThrow(expect.objectContaining({ code: 'INPUT_INVALID' }));
  });
});

describe('readSigningConfig', () => {
  const config = () => JSON.parse(JSON.stringify(stack.signingConfig)) as Record<string, unknown>;

  it('picks the stack’s Fulcio, Rekor v1 and TSA (object or text)', () => {
    const expected = {
      fulcioURL: stack.fulcioURL,
      rekorURL: stack.rekorURL,
      rekorVersion: 1,
      tsaURL: stack.tsaURL,
    };
    expect(readSigningConfig(stack.signingConfig)).toEqual(expected);
    expect(readSigningConfig(JSON.stringify(stack.signingConfig, null, 2))).toEqual(expected);
  });

  it('picks the newest service valid now and skips expired ones', () => {
    const value = config();
    const service = (url: string, start: string, end?: string) => ({
      url,
      majorApiVersion: 1,
      validFor: end === undefined ? { start } : { start, end },
    });
    value['caUrls'] = [
      service('https://old.example', '2020-01-01T00:00:00Z', '2021-01-01T00:00:00Z'),
      service('https://fulcio.example', '2022-01-01T00:00:00Z'),
      service('https://future.example', '2999-01-01T00:00:00Z'),
    ];
    value['tsaUrls'] = [];
    delete value['tsaConfig'];
    expect(readSigningConfig(value)).toEqual({
      fulcioURL: 'https://fulcio.example',
      rekorURL: stack.rekorURL,
      rekorVersion: 1,
    });
  });

  it('picks the newest Rekor v2 log over v1 logs; a log of an API sigil does not speak is not yet supported', () => {
    const value = config();
    const log = (url: string, majorApiVersion: number, start: string) => ({
      url,
      majorApiVersion,
      validFor: { start },
    });
    value['rekorTlogUrls'] = [
      log('https://rekor.sigstore.dev', 1, '2021-01-01T00:00:00Z'),
      log('https://log2025-1.rekor.sigstore.dev', 2, '2025-01-01T00:00:00Z'),
      log('https://log2026-1.rekor.sigstore.dev', 2, '2026-01-01T00:00:00Z'),
      log('https://log2099-1.rekor.sigstore.dev', 2, '2099-01-01T00:00:00Z'),
    ];
    expect(readSigningConfig(value)).toMatchObject({
      rekorURL: 'https://log2026-1.rekor.sigstore.dev',
      rekorVersion: 2,
    });
    value['rekorTlogUrls'] = [log('https://rekor-v3.example', 3, '2025-01-01T00:00:00Z')];
    expect(() => readSigningConfig(value)).toThrow(
      expect.objectContaining({
        code: 'NOT_YET_SUPPORTED',
        message: expect.stringContaining('API version 3'),
      }),
    );
  });

  it.each<[string, (value: Record<string, unknown>) => unknown]>([
    ['not JSON', () => '{"mediaType":'],
    [
      'duplicate keys',
      (value) => `{"mediaType":${JSON.stringify(value['mediaType'])},${JSON.stringify(value).slice(1)}`,
    ],
    [
      'another media type',
      (value) => ({ ...value, mediaType: 'application/vnd.dev.sigstore.signingconfig.v0.1+json' }),
    ],
    ['an unknown field', (value) => ({ ...value, extra: true })],
    ['no Fulcio', (value) => ({ ...value, caUrls: [] })],
    [
      'a service without validFor',
      (value) => ({ ...value, caUrls: [{ url: 'https://f.example', majorApiVersion: 1 }] }),
    ],
    [
      'a bad time',
      (value) => ({
        ...value,
        caUrls: [{ url: 'https://f.example', majorApiVersion: 1, validFor: { start: 'yesterday' } }],
      }),
    ],
    [
      'a plain http Fulcio',
      (value) => ({
        ...value,
        caUrls: [
          { url: 'http://f.example', majorApiVersion: 1, validFor: { start: '2020-01-01T00:00:00Z' } },
        ],
      }),
    ],
    ['a bad selector', (value) => ({ ...value, rekorTlogConfig: { selector: 'SOME' } })],
    ['a list that is not one', (value) => ({ ...value, tsaUrls: {} })],
  ])('refuses %s', (_, make) => {
    expect(() => readSigningConfig(make(config()))).toThrow(
      expect.objectContaining({ code: 'SIGNING_CONFIG_INVALID' }),
    );
  });
});

function listen(handler: Parameters<typeof createServer>[1]): Promise<Server> {
  const server = createServer(handler);
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

function close(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

function forward(
  base: string,
  method: string,
  path: string,
  body: Buffer,
  done: (status: number, headers: Record<string, string | string[] | undefined>, answer: Buffer) => void,
): void {
  const outgoing = httpRequest(
    new URL(path, base),
    { method, headers: { 'content-type': 'application/json' } },
    (answer) => {
      const chunks: Buffer[] = [];
      answer.on('data', (chunk: Buffer) => chunks.push(chunk));
      answer.on('end', () => done(answer.statusCode ?? 500, answer.headers, Buffer.concat(chunks)));
    },
  );
  outgoing.end(body);
}
