import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SigilError } from '@sigil/core';
import { parsePublicKey } from '@sigil/keys';
import { LoadedTrustedRoot, verifyBundle, verifyBundleWithKey } from '@sigil/transparency';
import { KeyBundleLog, KeylessSigner, readSigningConfig } from '@sigil/transparency/keyless';
import { startSigstoreStack, type SigstoreStack } from '@sigil/testing/sigstore-stack';
import { DSSEBundleBuilder, RekorWitness } from '@sigstore/sign';
import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';

let stack: SigstoreStack;
let trustedRoot: LoadedTrustedRoot;

beforeAll(async () => {
  // The signing config lists both logs, as the public-good one does: a client picks Rekor v2.
  stack = await startSigstoreStack({ rekorVersions: [1, 2] });
  trustedRoot = LoadedTrustedRoot.load(stack.trustedRoot);
});
afterAll(async () => {
  await stack.stop();
});

const encoder = new TextEncoder();
const digestOf = (index: number) => createHash('sha256').update(`image-${index}`).digest('hex');
const statement = (index: number) =>
  encoder.encode(
    JSON.stringify({
      _type: 'https://in-toto.io/Statement/v1',
      subject: [{ name: `image-${index}`, digest: { sha256: digestOf(index) } }],
      predicateType: 'https://sigstore.dev/cosign/sign/v1',
      predicate: {},
    }),
  );

interface BundleJson {
  verificationMaterial: {
    tlogEntries: {
      logIndex: string;
      kindVersion: { kind: string; version: string };
      integratedTime?: string;
      inclusionPromise?: unknown;
      inclusionProof: { checkpoint: { envelope: string }; hashes: string[] };
      canonicalizedBody: string;
    }[];
    timestampVerificationData?: { rfc3161Timestamps: unknown[] };
  };
  dsseEnvelope: { payload: string; payloadType: string; signatures: { sig: string }[] };
}

const copy = (bundle: unknown) => JSON.parse(JSON.stringify(bundle)) as BundleJson;

function keylessSigner(): KeylessSigner {
  const services = readSigningConfig(stack.signingConfig);
  return new KeylessSigner({
    identityToken: stack.token(),
    fulcioURL: services.fulcioURL,
    ...(services.rekorURL === undefined ? {} : { rekorURL: services.rekorURL }),
    ...(services.rekorVersion === undefined ? {} : { rekorVersion: services.rekorVersion }),
    ...(services.tsaURL === undefined ? {} : { tsaURL: services.tsaURL }),
  });
}

const verifyKeyless = (bundle: unknown, index: number) =>
  verifyBundle({
    bundle,
    trustedRoot,
    subjectDigest: `sha256:${digestOf(index)}`,
    tlogThreshold: 1,
    timestampThreshold: 1,
    ctlogThreshold: 1,
    identity: stack.identity,
  });

/** A fresh P-256 key as sigstore-js's signer (a key-signed bundle), and its public key's PEM. */
function keySigner() {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const pem = publicKey.export({ format: 'pem', type: 'spki' }).toString();
  const signer = {
    sign: (data: Buffer) =>
      Promise.resolve({
        signature: sign('sha256', data, privateKey),
        key: { $case: 'publicKey' as const, publicKey: pem },
      }),
  };
  return { pem, signer };
}

describe('signing config with Rekor v1 and v2', () => {
  it('picks the Rekor v2 log', () => {
    expect(readSigningConfig(stack.signingConfig)).toEqual({
      fulcioURL: stack.fulcioURL,
      rekorURL: stack.rekorV2URL,
      rekorVersion: 2,
      tsaURL: stack.tsaURL,
    });
  });
});

describe('keyless signing into Rekor v2', () => {
  let bundles: unknown[];
  beforeAll(async () => {
    const signer = keylessSigner();
    expect(signer.rekorVersion).toBe(2);
    const before = stack.requests()['/rekor-v2/api/v2/log/entries'] ?? 0;
    bundles = await Promise.all(
      [0, 1, 2, 3, 4].map((index) => signer.signDsse(statement(index), 'application/vnd.in-toto+json')),
    );
    expect((stack.requests()['/rekor-v2/api/v2/log/entries'] ?? 0) - before).toBe(5);
  });

  it('logs each DSSE signature as a hashedrekord 0.0.2 entry of its PAE, with a proof, a checkpoint and a timestamp', () => {
    for (const bundle of bundles) {
      const json = copy(bundle);
      const [entry, ...more] = json.verificationMaterial.tlogEntries;
      expect(more).toHaveLength(0);
      expect(entry?.kindVersion).toEqual({ kind: 'hashedrekord', version: '0.0.2' });
      expect(entry?.inclusionPromise).toBeUndefined();
      expect(Number(entry?.integratedTime ?? '0')).toBe(0);
      expect(entry?.inclusionProof.checkpoint.envelope).toMatch(/^127\.0\.0\.1\n\d+\n/);
      expect(json.verificationMaterial.timestampVerificationData?.rfc3161Timestamps).toHaveLength(1);
      const body = JSON.parse(Buffer.from(entry?.canonicalizedBody ?? '', 'base64').toString('utf8')) as {
        spec: { hashedRekordV002: { data: { digest: string } } };
      };
      const { payload, payloadType } = json.dsseEnvelope;
      const payloadBytes = Buffer.from(payload, 'base64');
      const pae = Buffer.concat([
        Buffer.from(`DSSEv1 ${Buffer.byteLength(payloadType)} ${payloadType} ${payloadBytes.length} `),
        payloadBytes,
      ]);
      expect(body.spec.hashedRekordV002.data.digest).toBe(createHash('sha256').update(pae).digest('base64'));
    }
  });

  it('verifies with the identity, the signing time from the TSA', () => {
    for (const [index, bundle] of bundles.entries()) {
      expect(verifyKeyless(bundle, index)).toMatchObject({ ok: true, signer: stack.identity });
    }
  });

  it.each<[string, (bundle: BundleJson) => void, string, string]>([
    [
      'a checkpoint signed by another key',
      (bundle) => {
        const entry = bundle.verificationMaterial.tlogEntries[0];
        if (entry === undefined) throw new Error('no entry');
        const [note] = entry.inclusionProof.checkpoint.envelope.split('\n\n');
        const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
        const keyId = (stack.trustedRoot['tlogs'] as { logId: { keyId: string } }[])[1]?.logId.keyId ?? '';
        const signature = sign('sha256', Buffer.from(`${note}\n`), privateKey);
        entry.inclusionProof.checkpoint.envelope = `${note}\n\n\u2014 127.0.0.1 ${Buffer.concat([Buffer.from(keyId, 'base64').subarray(0, 4), signature]).toString('base64')}\n`;
      },
      'TLOG',
      'invalid checkpoint signature',
    ],
    [
      'an entry body of another signature',
      (bundle) => {
        const entry = bundle.verificationMaterial.tlogEntries[0];
        if (entry === undefined) throw new Error('no entry');
        const body = Buffer.from(entry.canonicalizedBody, 'base64').toString('utf8');
        entry.canonicalizedBody = Buffer.from(
          body.replace(/"digest":"[^"]+"/, `"digest":"${Buffer.alloc(32, 7).toString('base64')}"`),
        ).toString('base64');
      },
      'TLOG',
      'calculated root hash does not match',
    ],
    [
      'an audit path hash changed',
      (bundle) => {
        const entry = bundle.verificationMaterial.tlogEntries[0];
        if (entry === undefined || entry.inclusionProof.hashes.length === 0) throw new Error('no path');
        entry.inclusionProof.hashes[0] = Buffer.alloc(32, 1).toString('base64');
      },
      'TLOG',
      'calculated root hash does not match',
    ],
    [
      'no timestamp: a Rekor v2 entry gives no signing time',
      (bundle) => {
        delete bundle.verificationMaterial.timestampVerificationData;
      },
      'TIMESTAMP',
      '0 verified timestamps',
    ],
  ])('refuses %s', (_, tamper, reason, message) => {
    const bundle = copy(bundles[4]);
    tamper(bundle);
    expect(verifyKeyless(bundle, 4)).toMatchObject({
      ok: false,
      reason,
      message: expect.stringContaining(message),
    });
  });

  it('refuses the legacy layers, which carry a Rekor v1 entry, by name', async () => {
    const signer = keylessSigner();
    const refusal = await signer.signBlob(encoder.encode('{}')).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(SigilError);
    expect(refusal).toMatchObject({ code: 'INPUT_INVALID', input: 'signature-format' });
    await expect(signer.signDsseLayer(statement(0), 'application/vnd.in-toto+json')).rejects.toMatchObject({
      code: 'INPUT_INVALID',
      input: 'signature-format',
    });
  });

  it('refuses a Rekor v2 log without a timestamp authority by name', () => {
    expect(
      () =>
        new KeylessSigner({
          identityToken: stack.token(),
          fulcioURL: stack.fulcioURL,
          rekorURL: stack.rekorV2URL,
          rekorVersion: 2,
        }),
    ).toThrow(
      expect.objectContaining({ code: 'INPUT_INVALID', message: expect.stringContaining('no signing time') }),
    );
  });
});

/**
 * A proxy in front of the stack's Rekor v2 log that answers the first `failures` entry requests with `status`
 * (a 503 or 429 of a loaded log), then passes requests on; counts what reached it.
 */
async function flakyRekorV2(failures: number, status: number) {
  let seen = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      seen += 1;
      if (seen <= failures) {
        res.writeHead(status, { 'content-type': 'application/json' }).end('{"code":14,"message":"busy"}');
        return;
      }
      const upstream = httpRequest(
        `${stack.rekorV2URL}${req.url ?? ''}`,
        { method: req.method, headers: { 'content-type': 'application/json' } },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen: () => seen,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('Rekor v2 failures are named', () => {
  it('a 503 or 429 is retried; a log that keeps failing is SIGSTORE_UNREACHABLE, naming it, the token in nothing', async () => {
    const token = stack.token();
    const signer = (url: string, retries: number) =>
      new KeylessSigner({
        identityToken: token,
        fulcioURL: stack.fulcioURL,
        rekorURL: url,
        rekorVersion: 2,
        tsaURL: stack.tsaURL,
        retries,
      });
    for (const status of [503, 429]) {
      const flaky = await flakyRekorV2(1, status);
      try {
        const bundle = await signer(flaky.url, 2).signDsse(statement(6), 'application/vnd.in-toto+json');
        expect(flaky.seen()).toBe(2);
        expect(verifyKeyless(bundle, 6)).toMatchObject({ ok: true });
      } finally {
        await flaky.stop();
      }
    }
    const down = await flakyRekorV2(100, 503);
    try {
      const refusal = await signer(down.url, 1)
        .signDsse(statement(6), 'application/vnd.in-toto+json')
        .catch((error: unknown) => error);
      expect(refusal).toBeInstanceOf(SigilError);
      expect(refusal).toMatchObject({
        code: 'SIGSTORE_UNREACHABLE',
        message: expect.stringContaining(`Rekor at ${down.url} kept failing (HTTP 503`),
      });
      expect(down.seen()).toBe(2);
      expect(JSON.stringify(refusal) + String((refusal as Error).message)).not.toContain(token);
    } finally {
      await down.stop();
    }
  });

  it('a log that refuses the entry is SIGSTORE_REFUSED (not "unreachable"), naming the log', async () => {
    const { pem, signer } = keySigner();
    const builder = new DSSEBundleBuilder({ signer, witnesses: [] });
    const { bundleToJSON } = await import('@sigstore/bundle');
    const unlogged = bundleToJSON(
      await builder.create({ data: Buffer.from(statement(8)), type: 'application/vnd.in-toto+json' }),
    );
    // The Rekor v1 log's base URL has no /api/v2 route: 404.
    const log = new KeyBundleLog({ rekorURL: stack.rekorURL, rekorVersion: 2, retries: 0 });
    await expect(log.log(encoder.encode(JSON.stringify(unlogged)), pem)).rejects.toMatchObject({
      code: 'SIGSTORE_REFUSED',
      message: expect.stringContaining(`Rekor at ${stack.rekorURL} refused the request (HTTP 404`),
    });
  });
});

describe('the loopback Rekor v2', () => {
  it('refuses a dsse entry, as rekor-tiles v2.3 does (why sigil logs a DSSE signature as hashedrekord)', async () => {
    const { signer } = keySigner();
    const builder = new DSSEBundleBuilder({
      signer,
      witnesses: [
        new RekorWitness({ rekorBaseURL: stack.rekorV2URL, majorApiVersion: 2, retry: { retries: 0 } }),
      ],
    });
    await expect(
      builder.create({ data: Buffer.from(statement(9)), type: 'application/vnd.in-toto+json' }),
    ).rejects.toMatchObject({
      cause: expect.objectContaining({
        statusCode: 400,
        message: expect.stringContaining('must be hashedrekord'),
      }),
    });
  });
});

describe('key-based bundles logged in Rekor v2 (tlog-upload)', () => {
  it('logs the envelope with the public key as verifier; the bundle verifies with the log required', async () => {
    const { pem, signer } = keySigner();
    const builder = new DSSEBundleBuilder({
      signer,
      witnesses: [],
    });
    const { bundleToJSON } = await import('@sigstore/bundle');
    const unlogged = bundleToJSON(
      await builder.create({ data: Buffer.from(statement(7)), type: 'application/vnd.in-toto+json' }),
    );
    const log = new KeyBundleLog({ rekorURL: stack.rekorV2URL, rekorVersion: 2, tsaURL: stack.tsaURL });
    const logged = await log.log(encoder.encode(JSON.stringify(unlogged)), pem);
    expect(logged.integratedTime).toBe('0');
    const bundle = JSON.parse(new TextDecoder().decode(logged.bundle)) as BundleJson;
    const body = JSON.parse(
      Buffer.from(bundle.verificationMaterial.tlogEntries[0]?.canonicalizedBody ?? '', 'base64').toString(
        'utf8',
      ),
    ) as {
      spec: { hashedRekordV002: { signature: { verifier: Record<string, unknown> } } };
    };
    expect(Object.keys(body.spec.hashedRekordV002.signature.verifier).sort()).toEqual([
      'keyDetails',
      'publicKey',
    ]);
    const key = parsePublicKey(pem);
    const verdict = verifyBundleWithKey({
      bundle,
      trustedRoot,
      publicKey: key,
      subjectDigest: `sha256:${digestOf(7)}`,
      tlogThreshold: 1,
      timestampThreshold: 1,
    });
    expect(verdict).toMatchObject({ ok: true });
    // Without the TSA's timestamp the entry alone gives no time.
    const untimed = copy(bundle);
    delete untimed.verificationMaterial.timestampVerificationData;
    expect(
      verifyBundleWithKey({
        bundle: untimed,
        trustedRoot,
        publicKey: key,
        subjectDigest: `sha256:${digestOf(7)}`,
        tlogThreshold: 1,
        timestampThreshold: 1,
      }),
    ).toMatchObject({ ok: false, reason: 'TIMESTAMP' });
  });
});
