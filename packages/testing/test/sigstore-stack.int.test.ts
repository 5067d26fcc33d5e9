import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
// eslint-disable-next-line no-restricted-imports -- the runner's own OIDC client, driven against the loopback issuer
import { getIDToken } from '@actions/core';
import { verifyBundle } from '@sigil/transparency';
import { startSigstoreStack, type SigstoreStack } from '@sigil/testing/sigstore-stack';
import { execFile } from 'node:child_process';
import {
  createHash,
  createPublicKey,
  generateKeyPairSync,
  sign as signData,
  verify,
  type JsonWebKey,
} from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { attest, sign } from 'sigstore';

const run = promisify(execFile);
const versions = JSON.parse(
  await readFile(new URL('../../../tools/versions.json', import.meta.url), 'utf8'),
) as {
  cosign: { v3: string };
};
const cosign = join(
  process.env.SIGIL_TOOLS_DIR ?? join(homedir(), '.cache', 'sigil-tools'),
  `cosign-${versions.cosign.v3}`,
  'cosign',
);

const RUN = {
  repository: 'octo-org/octo-app',
  workflow: '.github/workflows/publish.yml',
  ref: 'refs/tags/v1.2.3',
  sha: 'a'.repeat(40),
  eventName: 'release',
  runnerEnvironment: 'self-hosted',
};
const SAN = 'https://github.com/octo-org/octo-app/.github/workflows/publish.yml@refs/tags/v1.2.3';

function claimsOf(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<
    string,
    unknown
  >;
}

/** Verifies an RS256 JWT with the key its issuer's discovery document points at. */
async function verifyWithIssuerJwks(jwt: string, issuer: string): Promise<boolean> {
  const discovery = (await (await fetch(`${issuer}/.well-known/openid-configuration`)).json()) as {
    issuer: string;
    jwks_uri: string;
  };
  expect(discovery.issuer).toBe(issuer);
  const { keys } = (await (await fetch(discovery.jwks_uri)).json()) as {
    keys: (JsonWebKey & { kid: string })[];
  };
  const [header = '', payload = '', signature = ''] = jwt.split('.');
  const { kid, alg } = JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as {
    kid: string;
    alg: string;
  };
  expect(alg).toBe('RS256');
  const jwk = keys.find((key) => key.kid === kid);
  if (jwk === undefined) return false;
  return verify(
    'sha256',
    Buffer.from(`${header}.${payload}`),
    createPublicKey({ key: jwk, format: 'jwk' }),
    Buffer.from(signature, 'base64url'),
  );
}

/** The value of a certificate extension holding a DER UTF8String (Fulcio's v2 extensions). */
function utf8Extension(certificate: Buffer, oid: string): string | undefined {
  const arcs = oid.split('.').map(Number);
  const body: number[] = [(arcs[0] ?? 0) * 40 + (arcs[1] ?? 0)];
  for (const arc of arcs.slice(2)) {
    const bytes = [arc & 0x7f];
    for (let rest = arc >> 7; rest > 0; rest >>= 7) bytes.unshift((rest & 0x7f) | 0x80);
    body.push(...bytes);
  }
  const at = certificate.indexOf(Buffer.from([0x06, body.length, ...body]));
  if (at < 0) return undefined;
  // OID, then the extnValue OCTET STRING wrapping a UTF8String (0x0c): short lengths only.
  const octets = at + 2 + body.length;
  if (certificate[octets] !== 0x04 || certificate[octets + 2] !== 0x0c) return undefined;
  const length = certificate[octets + 3] ?? 0;
  return certificate.subarray(octets + 4, octets + 4 + length).toString('utf8');
}

async function withRunnerEnvironment<T>(env: Record<string, string>, body: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(env).map((name) => [name, process.env[name]]));
  Object.assign(process.env, env);
  try {
    return await body();
  } finally {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

/** Asks Fulcio for a certificate the way sigstore-go does (token as Bearer, proof over the subject). */
async function requestCertificate(stack: SigstoreStack, token: string): Promise<Response> {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const subject = String(claimsOf(token)['sub']);
  return fetch(`${stack.fulcioURL}/api/v2/signingCert`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      publicKeyRequest: {
        publicKey: { algorithm: 'ECDSA', content: publicKey.export({ format: 'pem', type: 'spki' }) },
        proofOfPossession: signData('sha256', Buffer.from(subject), privateKey).toString('base64'),
      },
    }),
  });
}

describe('startSigstoreStack', () => {
  let stack: SigstoreStack;
  beforeAll(async () => {
    stack = await startSigstoreStack({ identity: RUN });
  });
  afterAll(() => stack.stop());

  describe('the runner OIDC protocol', () => {
    it("serves @actions/core's getIDToken a token with the run's claims, signed by the issuer's JWKS key", async () => {
      const token = await withRunnerEnvironment({ ...stack.env() }, () => getIDToken('sigstore'));
      const claims = claimsOf(token);
      expect(claims).toMatchObject({
        iss: stack.issuer,
        aud: 'sigstore',
        sub: 'repo:octo-org/octo-app:ref:refs/tags/v1.2.3',
        repository: 'octo-org/octo-app',
        repository_owner: 'octo-org',
        ref: 'refs/tags/v1.2.3',
        sha: 'a'.repeat(40),
        event_name: 'release',
        runner_environment: 'self-hosted',
        job_workflow_ref: 'octo-org/octo-app/.github/workflows/publish.yml@refs/tags/v1.2.3',
        workflow_ref: 'octo-org/octo-app/.github/workflows/publish.yml@refs/tags/v1.2.3',
      });
      const now = Date.now() / 1000;
      expect(claims['iat']).toBeLessThanOrEqual(now + 1);
      expect(claims['nbf']).toBeLessThanOrEqual(now + 1);
      expect(claims['exp']).toBeGreaterThan(now);
      expect(stack.issuer).toBe(`${stack.url}/oidc`);
      await expect(verifyWithIssuerJwks(token, stack.issuer)).resolves.toBe(true);
      // The same token with an edited claim no longer verifies.
      const [header, , signature] = token.split('.');
      const forged = Buffer.from(JSON.stringify({ ...claims, repository: 'mallory/app' })).toString(
        'base64url',
      );
      await expect(verifyWithIssuerJwks(`${header}.${forged}.${signature}`, stack.issuer)).resolves.toBe(
        false,
      );
    });

    it('takes the audience from the query, and GitHub’s default (the owner’s URL) without one', async () => {
      const env = { ...stack.env() };
      expect(env.ACTIONS_ID_TOKEN_REQUEST_URL).toBe(`${stack.url}/oidc/token?api-version=2.0`);
      const custom = await withRunnerEnvironment(env, () => getIDToken('https://example.test/aud'));
      expect(claimsOf(custom)['aud']).toBe('https://example.test/aud');
      const response = await fetch(env.ACTIONS_ID_TOKEN_REQUEST_URL, {
        headers: { authorization: `Bearer ${env.ACTIONS_ID_TOKEN_REQUEST_TOKEN}` },
      });
      expect(response.status).toBe(200);
      const { value } = (await response.json()) as { value: string };
      expect(claimsOf(value)['aud']).toBe('https://github.com/octo-org');
    });

    it('refuses a wrong request token (401), through @actions/core and directly', async () => {
      await expect(
        withRunnerEnvironment({ ...stack.env(), ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'not-the-token' }, () =>
          getIDToken('sigstore'),
        ),
      ).rejects.toThrow(/Failed to get ID Token[\s\S]*401/);
      const noToken = await fetch(stack.env().ACTIONS_ID_TOKEN_REQUEST_URL);
      expect(noToken.status).toBe(401);
    });
  });

  describe('Fulcio', () => {
    it("issues a certificate with Fulcio's GitHub identity from the token: SAN, issuer and workflow extensions", async () => {
      const response = await requestCertificate(stack, stack.token());
      expect(response.status).toBe(200);
      const { signedCertificateEmbeddedSct } = (await response.json()) as {
        signedCertificateEmbeddedSct: { chain: { certificates: string[] } };
      };
      const [leafPem = '', rootPem = ''] = signedCertificateEmbeddedSct.chain.certificates;
      const { X509Certificate } = await import('node:crypto');
      const leaf = new X509Certificate(leafPem);
      expect(leaf.subjectAltName).toBe(`URI:${SAN}`);
      expect(leaf.verify(new X509Certificate(rootPem).publicKey)).toBe(true);
      const der = leaf.raw;
      const fulcio = (n: number) => utf8Extension(der, `1.3.6.1.4.1.57264.1.${n}`);
      expect({
        issuer: fulcio(8),
        buildSignerURI: fulcio(9),
        runnerEnvironment: fulcio(11),
        sourceRepositoryURI: fulcio(12),
        sourceRepositoryDigest: fulcio(13),
        sourceRepositoryRef: fulcio(14),
        buildConfigURI: fulcio(18),
        buildTrigger: fulcio(20),
        runInvocationURI: fulcio(21),
      }).toEqual({
        issuer: stack.issuer,
        buildSignerURI: SAN,
        runnerEnvironment: 'self-hosted',
        sourceRepositoryURI: 'https://github.com/octo-org/octo-app',
        sourceRepositoryDigest: 'a'.repeat(40),
        sourceRepositoryRef: 'refs/tags/v1.2.3',
        buildConfigURI: SAN,
        buildTrigger: 'release',
        runInvocationURI: 'https://github.com/octo-org/octo-app/actions/runs/4242/attempts/1',
      });
      // The SCT from the CT log is embedded.
      expect(
        der.includes(Buffer.from([0x06, 0x0a, 0x2b, 0x06, 0x01, 0x04, 0x01, 0xd6, 0x79, 0x02, 0x04, 0x02])),
      ).toBe(true);
    });

    it('refuses (401) a token for another audience, with an edited claim, or from another issuer', async () => {
      expect((await requestCertificate(stack, stack.token({ audience: 'not-sigstore' }))).status).toBe(401);
      const [header, payload, signature] = stack.token().split('.');
      const edited = Buffer.from(
        JSON.stringify({ ...claimsOf(`${header}.${payload}.`), job_workflow_ref: 'mallory/app/x.yml@main' }),
      ).toString('base64url');
      expect((await requestCertificate(stack, `${header}.${edited}.${signature}`)).status).toBe(401);
      const other = await startSigstoreStack({ identity: RUN });
      try {
        expect((await requestCertificate(stack, other.token())).status).toBe(401);
      } finally {
        await other.stop();
      }
    });

    it('refuses (400) a proof of possession by another key', async () => {
      const token = stack.token();
      const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      const { privateKey: otherKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      const response = await fetch(`${stack.fulcioURL}/api/v2/signingCert`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          credentials: { oidcIdentityToken: token },
          publicKeyRequest: {
            publicKey: { algorithm: 'ECDSA', content: publicKey.export({ format: 'pem', type: 'spki' }) },
            proofOfPossession: signData(
              'sha256',
              Buffer.from(String(claimsOf(token)['sub'])),
              otherKey,
            ).toString('base64'),
          },
        }),
      });
      expect(response.status).toBe(400);
    });
  });

  describe('keyless signing with sigstore-js through the HTTP services', () => {
    const artifact = Buffer.from('a release artifact\n');

    it('signs (Fulcio, Rekor hashedrekord, TSA) into a bundle sigil verifies with the identity checked', async () => {
      const token = await withRunnerEnvironment({ ...stack.env() }, () => getIDToken('sigstore'));
      const bundle = await sign(artifact, {
        fulcioURL: stack.fulcioURL,
        rekorURL: stack.rekorURL,
        tsaServerURL: stack.tsaURL,
        identityToken: token,
      });
      expect(bundle.verificationMaterial.tlogEntries).toHaveLength(1);
      expect(bundle.verificationMaterial.tlogEntries[0]?.kindVersion).toEqual({
        kind: 'hashedrekord',
        version: '0.0.1',
      });
      expect(bundle.verificationMaterial.timestampVerificationData?.rfc3161Timestamps).toHaveLength(1);
      // The log serves the entry it logged.
      const body = JSON.parse(
        Buffer.from(bundle.verificationMaterial.tlogEntries[0]?.canonicalizedBody ?? '', 'base64').toString(),
      ) as { kind: string };
      expect(body.kind).toBe('hashedrekord');

      const identity = { subjectAlternativeName: SAN, issuer: stack.issuer };
      expect(stack.identity).toEqual(identity);
      const verdict = verifyBundle({ bundle, artifact, trustedRoot: stack.trustedRoot, identity });
      expect(verdict).toMatchObject({ ok: true, signer: identity });
      // Both the log's entry and the TSA's timestamp count: either alone meets a threshold of one.
      expect(
        verifyBundle({ bundle, artifact, trustedRoot: stack.trustedRoot, timestampThreshold: 2 }).ok,
      ).toBe(true);

      expect(
        verifyBundle({ bundle, artifact: Buffer.from('another artifact'), trustedRoot: stack.trustedRoot }),
      ).toMatchObject({ ok: false, reason: 'SIGNATURE' });
      const otherRoot = await startSigstoreStack();
      try {
        expect(verifyBundle({ bundle, artifact, trustedRoot: otherRoot.trustedRoot })).toMatchObject({
          ok: false,
        });
      } finally {
        await otherRoot.stop();
      }
    });

    it('attests (DSSE): the log stores the dsse entry as Rekor does, and the bundle verifies', async () => {
      const statement = {
        _type: 'https://in-toto.io/Statement/v1',
        subject: [
          { name: 'artifact', digest: { sha256: createHash('sha256').update(artifact).digest('hex') } },
        ],
        predicateType: 'https://example.test/predicate/v1',
        predicate: {},
      };
      const bundle = await attest(Buffer.from(JSON.stringify(statement)), 'application/vnd.in-toto+json', {
        fulcioURL: stack.fulcioURL,
        rekorURL: stack.rekorURL,
        tsaServerURL: stack.tsaURL,
        identityToken: stack.token(),
      });
      const entry = bundle.verificationMaterial.tlogEntries[0];
      expect(entry?.kindVersion).toEqual({ kind: 'dsse', version: '0.0.1' });
      const body = JSON.parse(Buffer.from(entry?.canonicalizedBody ?? '', 'base64').toString()) as {
        spec: Record<string, unknown>;
      };
      expect(Object.keys(body.spec).sort()).toEqual(['envelopeHash', 'payloadHash', 'signatures']);
      const identity = { subjectAlternativeName: SAN, issuer: stack.issuer };
      expect(verifyBundle({ bundle, artifact, trustedRoot: stack.trustedRoot, identity })).toMatchObject({
        ok: true,
        signer: identity,
      });
      expect(
        verifyBundle({ bundle, artifact: Buffer.from('another artifact'), trustedRoot: stack.trustedRoot }),
      ).toMatchObject({ ok: false, reason: 'SUBJECT_MISMATCH' });
    });

    it('the log refuses a dsse entry whose signature does not verify with its verifier', async () => {
      const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      const envelope = {
        payloadType: 'text/plain',
        payload: Buffer.from('x').toString('base64'),
        signatures: [{ sig: 'AAAA' }],
      };
      const response = await fetch(`${stack.rekorURL}/api/v1/log/entries`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          apiVersion: '0.0.1',
          kind: 'dsse',
          spec: {
            proposedContent: {
              envelope: JSON.stringify(envelope),
              verifiers: [Buffer.from(publicKey.export({ format: 'pem', type: 'spki' })).toString('base64')],
            },
          },
        }),
      });
      expect(response.status).toBe(400);
    });

    it('a certificate for another identity verifies, but fails the identity check', async () => {
      const token = stack.token({ identity: { ...RUN, repository: 'mallory/octo-app' } });
      const bundle = await sign(artifact, {
        fulcioURL: stack.fulcioURL,
        rekorURL: stack.rekorURL,
        tsaServerURL: stack.tsaURL,
        identityToken: token,
      });
      expect(verifyBundle({ bundle, artifact, trustedRoot: stack.trustedRoot })).toMatchObject({
        ok: true,
        signer: {
          subjectAlternativeName:
            'https://github.com/mallory/octo-app/.github/workflows/publish.yml@refs/tags/v1.2.3',
          issuer: stack.issuer,
        },
      });
      expect(
        verifyBundle({
          bundle,
          artifact,
          trustedRoot: stack.trustedRoot,
          identity: { subjectAlternativeName: SAN, issuer: stack.issuer },
        }),
      ).toMatchObject({ ok: false, reason: 'IDENTITY_MISMATCH' });
    });
  });
});

describe('cosign v3 keyless against the stack', () => {
  let stack: SigstoreStack;
  let dir: string;
  beforeAll(async () => {
    stack = await startSigstoreStack({ issuer: 'github', identity: RUN });
    dir = await mkdtemp(join(tmpdir(), 'sigil-sigstore-stack-'));
  });
  afterAll(async () => {
    await stack.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('cosign sign-blob --signing-config signs through the loopback services; cosign and sigil verify it', async () => {
    expect(existsSync(cosign)).toBe(true);
    const files = await stack.writeFiles(dir);
    const blob = join(dir, 'artifact.txt');
    const bundlePath = join(dir, 'artifact.sigstore.json');
    await writeFile(blob, 'built by the release workflow\n');
    // A runner's GitHub token comes from the runner endpoint; cosign gets it as --identity-token.
    const token = await withRunnerEnvironment({ ...stack.env() }, () => getIDToken('sigstore'));
    const env = { PATH: process.env.PATH ?? '', HOME: dir, TUF_ROOT: join(dir, 'tuf') };
    await run(
      cosign,
      [
        'sign-blob',
        '--yes',
        '--identity-token',
        token,
        '--signing-config',
        files.signingConfig,
        '--trusted-root',
        files.trustedRoot,
        '--bundle',
        bundlePath,
        blob,
      ],
      { env },
    );
    const bundle = JSON.parse(await readFile(bundlePath, 'utf8')) as {
      verificationMaterial: {
        tlogEntries: unknown[];
        timestampVerificationData?: { rfc3161Timestamps: unknown[] };
      };
    };
    expect(bundle.verificationMaterial.tlogEntries).toHaveLength(1);
    expect(bundle.verificationMaterial.timestampVerificationData?.rfc3161Timestamps).toHaveLength(1);

    const verifyArgs = (identity: string) => [
      'verify-blob',
      '--bundle',
      bundlePath,
      '--trusted-root',
      files.trustedRoot,
      '--certificate-identity',
      identity,
      '--certificate-oidc-issuer',
      'https://token.actions.githubusercontent.com',
      blob,
    ];
    const verified = await run(cosign, verifyArgs(SAN), { env });
    expect(verified.stderr).toContain('Verified OK');
    await expect(
      run(cosign, verifyArgs('https://github.com/mallory/app/.github/workflows/x.yml@main'), { env }),
    ).rejects.toThrow(/no matching CertificateIdentity found/);

    const artifact = await readFile(blob);
    const identity = { subjectAlternativeName: SAN, issuer: 'https://token.actions.githubusercontent.com' };
    expect(verifyBundle({ bundle, artifact, trustedRoot: stack.trustedRoot, identity })).toMatchObject({
      ok: true,
      signer: identity,
    });
  });

  it('cosign attest-blob (DSSE, dsse entry) and verify-blob-attestation against the stack', async () => {
    const files = await stack.writeFiles(dir);
    const blob = join(dir, 'attested.txt');
    const predicate = join(dir, 'predicate.json');
    const bundlePath = join(dir, 'attested.sigstore.json');
    await writeFile(blob, 'an attested artifact\n');
    await writeFile(predicate, JSON.stringify({ builder: 'release.yml' }));
    const env = { PATH: process.env.PATH ?? '', HOME: dir, TUF_ROOT: join(dir, 'tuf') };
    const type = 'https://example.test/predicate/v1';
    await run(
      cosign,
      [
        'attest-blob',
        '--yes',
        '--identity-token',
        stack.token(),
        '--signing-config',
        files.signingConfig,
        '--trusted-root',
        files.trustedRoot,
        '--predicate',
        predicate,
        '--type',
        type,
        '--bundle',
        bundlePath,
        blob,
      ],
      { env },
    );
    const verified = await run(
      cosign,
      [
        'verify-blob-attestation',
        '--bundle',
        bundlePath,
        '--trusted-root',
        files.trustedRoot,
        '--type',
        type,
        '--certificate-identity',
        SAN,
        '--certificate-oidc-issuer',
        'https://token.actions.githubusercontent.com',
        blob,
      ],
      { env },
    );
    expect(verified.stderr).toContain('Verified OK');
    const bundle = JSON.parse(await readFile(bundlePath, 'utf8')) as {
      verificationMaterial: { tlogEntries: { kindVersion: unknown }[] };
    };
    expect(bundle.verificationMaterial.tlogEntries[0]?.kindVersion).toEqual({
      kind: 'dsse',
      version: '0.0.1',
    });
    const identity = { subjectAlternativeName: SAN, issuer: 'https://token.actions.githubusercontent.com' };
    expect(
      verifyBundle({ bundle, artifact: await readFile(blob), trustedRoot: stack.trustedRoot, identity }),
    ).toMatchObject({
      ok: true,
      signer: identity,
    });
  });
});
