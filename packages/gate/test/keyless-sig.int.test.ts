import { describe, expect, it } from '@jest/globals';
import { SigningKey } from '@sigil/keys';
import type { RepositoryRef } from '@sigil/oci';
import {
  parseSignatureManifest,
  signatureLayerDescriptor,
  signatureTag,
  writeCosignImage,
} from '@sigil/signatures';
import { pushTestImage } from '@sigil/testing';
import { LoadedTrustedRoot } from '@sigil/transparency';
import type { KeylessSigner } from '@sigil/transparency/keyless';
import { createHash, generateKeyPairSync } from 'node:crypto';
import type { GateCheck, GateResult } from '../src/index.js';
import {
  useKeylessGate,
  stack,
  otherStack,
  client,
  root,
  signer,
  key,
  signerOf,
  repoNamed,
  keyless,
  policy,
  gate,
} from './support/keyless-gate.js';

/**
 * Keyless signatures in cosign's legacy `.sig` format, made on the loopback Sigstore stack as `cosign sign`
 * (v2, legacy format) writes them — the signature over the simple-signing payload, the Fulcio certificate and
 * chain, the Rekor `hashedrekord` entry as cosign's bundle annotation (`KeylessSigner.signBlob`) — pushed to a
 * registry and judged by the gate against the stack's trusted root.
 */
useKeylessGate({ prefix: 'keyless-sig', requirement: { kind: 'signature' } });

/** cosign's simple-signing payload for `digest` in `repo` (what `cosign sign` signs). */
const payloadFor = (repo: RepositoryRef, digest: string): Uint8Array =>
  new TextEncoder().encode(
    `{"critical":{"identity":{"docker-reference":"${repo.registry}/${repo.repository}"},` +
      `"image":{"docker-manifest-digest":"${digest}"},"type":"cosign container image signature"},"optional":null}`,
  );

/** A `.sig` layer as cosign writes it keyless: signature, certificate, chain and Rekor bundle annotations. */
async function keylessLayer(
  payload: Uint8Array,
  by: KeylessSigner = signer,
): Promise<{ payload: Uint8Array; annotations: Record<string, string> }> {
  const signed = await by.signBlob(payload);
  return {
    payload,
    annotations: {
      'dev.cosignproject.cosign/signature': Buffer.from(signed.signature).toString('base64'),
      'dev.sigstore.cosign/certificate': signed.certificatePem,
      'dev.sigstore.cosign/chain': signed.chainPem,
      ...(signed.rekorBundle === undefined ? {} : { 'dev.sigstore.cosign/bundle': signed.rekorBundle }),
    },
  };
}

/** A key-based layer (`cosign sign --key`, no log entry). */
const keyLayer = (payload: Uint8Array) => ({
  payload,
  annotations: { 'dev.cosignproject.cosign/signature': Buffer.from(key.sign(payload)).toString('base64') },
});

/** Appends layers to the `.sig` tag of `digest`, as cosign appends them. */
async function attach(
  repo: RepositoryRef,
  digest: string,
  layers: readonly { payload: Uint8Array; annotations: Record<string, string> }[],
): Promise<void> {
  const tag = signatureTag(digest);
  for (const { payload, annotations } of layers) {
    const response = await client.getManifest(repo, tag);
    const existing =
      response === undefined ? undefined : parseSignatureManifest(response, `${repo.repository}:${tag}`);
    await writeCosignImage(client, repo, {
      tag,
      existing,
      keep: [...Array(existing?.layers.length ?? 0).keys()],
      blob: payload,
      layer: signatureLayerDescriptor(payload, annotations),
    });
  }
}

/** A pushed image with a keyless `.sig` signature over its own payload. */
async function keylessImage(
  name: string,
  by?: KeylessSigner,
): Promise<{ repo: RepositoryRef; digest: string }> {
  const repo = repoNamed(name);
  const { digest } = await pushTestImage(client, repo);
  await attach(repo, digest, [await keylessLayer(payloadFor(repo, digest), by)]);
  return { repo, digest };
}

function signatureCheck(result: GateResult): GateCheck & { check: 'signature' } {
  const check = result.images[0]?.checks.find((candidate) => candidate.check === 'signature');
  if (check?.check !== 'signature') throw new Error('no signature check');
  return check;
}

describe('keyless .sig signatures from the loopback Sigstore stack', () => {
  it('pass for the workflow identity, GitHub claims and the stack root, naming the signer', async () => {
    const image = await keylessImage('signed');
    const result = await gate(image, policy());
    expect(result.verified).toBe(true);
    const check = signatureCheck(result);
    expect(check).toMatchObject({ passed: true, source: 'sig-tag', acceptedKeyIds: [] });
    expect(check.layers).toEqual([
      expect.objectContaining({
        verified: true,
        identity: {
          subjectAlternativeName: stack.identity.subjectAlternativeName,
          issuer: stack.identity.issuer,
        },
      }),
    ]);
    expect(check.message).toContain(stack.identity.subjectAlternativeName);
  });

  it('pass on the GitHub claims alone (no certificate-identity), and under require-tlog true', async () => {
    const image = await keylessImage('claims-only');
    expect((await gate(image, policy({ keyless: keyless({}, []) }))).verified).toBe(true);
    // The keyless layer's entry is verified whether or not the signature policy carries the logs (as verify-gate sets).
    expect(
      (await gate(image, policy({ transparency: { trustedRoot: root, requireTlog: true } }))).verified,
    ).toBe(true);
    const withLogs = policy({
      signature: {
        trustedKeys: [key.publicKey],
        transparency: { rekorKeys: root.rekorKeys(), require: true },
      },
      transparency: { trustedRoot: root, requireTlog: true },
    });
    expect((await gate(image, withLogs)).verified).toBe(true);
  });

  it('another identity: CERTIFICATE_IDENTITY_MISMATCH', async () => {
    const image = await keylessImage('identity');
    const other = keyless({}, [
      {
        subject: { exact: 'https://github.com/sigil-test/app/.github/workflows/other.yml@refs/heads/main' },
        issuer: stack.identity.issuer,
      },
    ]);
    const check = signatureCheck(await gate(image, policy({ keyless: other })));
    expect(check).toMatchObject({ passed: false, reason: 'CERTIFICATE_IDENTITY_MISMATCH' });
    expect(check.layers?.[0]).toMatchObject({
      identity: { subjectAlternativeName: stack.identity.subjectAlternativeName },
    });
  });

  it('signed by another workflow than signer-workflow: SIGNER_MISMATCH', async () => {
    const pullRequests = signerOf(stack, stack.token({ identity: { workflow: '.github/workflows/pr.yml' } }));
    const image = await keylessImage('signer', pullRequests);
    const check = signatureCheck(await gate(image, policy({ keyless: keyless({}, []) })));
    expect(check).toMatchObject({ passed: false, reason: 'SIGNER_MISMATCH' });
    expect(check.message).toContain('pr.yml');
  });

  it('another ref than source-ref: SOURCE_MISMATCH; a self-hosted runner: RUNNER_NOT_ALLOWED', async () => {
    const image = await keylessImage('source');
    expect(
      signatureCheck(await gate(image, policy({ keyless: keyless({ sourceRef: 'refs/tags/v1.0.0' }) }))),
    ).toMatchObject({ passed: false, reason: 'SOURCE_MISMATCH' });
    const selfHosted = signerOf(stack, stack.token({ identity: { runnerEnvironment: 'self-hosted' } }));
    const onSelfHosted = await keylessImage('self-hosted', selfHosted);
    expect(signatureCheck(await gate(onSelfHosted, policy({ keyless: keyless({}, []) })))).toMatchObject({
      passed: false,
      reason: 'RUNNER_NOT_ALLOWED',
    });
  });

  it("another stack's root: CERTIFICATE_UNTRUSTED", async () => {
    const image = await keylessImage('other-root');
    const otherRoot = LoadedTrustedRoot.load(otherStack.trustedRoot);
    const check = signatureCheck(
      await gate(image, policy({ transparency: { trustedRoot: otherRoot, requireTlog: 'auto' } })),
    );
    expect(check).toMatchObject({ passed: false, reason: 'CERTIFICATE_UNTRUSTED' });
  });

  it("logged in another stack's Rekor (the certificate trusted): TLOG_INVALID", async () => {
    const image = await keylessImage('other-log');
    // The other stack's Fulcio issued the certificate; this root trusts that CA and CT log, but not its Rekor.
    const mixed = LoadedTrustedRoot.load({
      ...otherStack.trustedRoot,
      tlogs: stack.trustedRoot['tlogs'],
    });
    const foreign = signerOf(otherStack);
    const logged = await keylessImage('other-log-signed', foreign);
    expect(
      signatureCheck(
        await gate(logged, policy({ transparency: { trustedRoot: mixed, requireTlog: 'auto' } })),
      ),
    ).toMatchObject({
      passed: false,
      reason: 'TLOG_INVALID',
    });
    // The same root verifies this stack's signature only if its CA is trusted: it is not.
    expect(
      signatureCheck(
        await gate(image, policy({ transparency: { trustedRoot: mixed, requireTlog: 'auto' } })),
      ),
    ).toMatchObject({
      passed: false,
      reason: 'CERTIFICATE_UNTRUSTED',
    });
  });

  it('a payload signed for another digest, under this image: CLAIM_DIGEST_MISMATCH, naming the signer', async () => {
    const repo = repoNamed('replayed');
    const [{ digest: signedDigest }, { digest }] = [
      await pushTestImage(client, repo),
      await pushTestImage(client, repo),
    ];
    await attach(repo, digest, [await keylessLayer(payloadFor(repo, signedDigest))]);
    const check = signatureCheck(await gate({ repo, digest }, policy()));
    expect(check).toMatchObject({ passed: false, reason: 'CLAIM_DIGEST_MISMATCH' });
    expect(check.layers?.[0]).toMatchObject({ identity: { issuer: stack.identity.issuer } });
  });

  it("another layer's Rekor bundle: TLOG_INVALID", async () => {
    const repo = repoNamed('swapped');
    const { digest } = await pushTestImage(client, repo);
    const own = await keylessLayer(payloadFor(repo, digest));
    const other = await keylessLayer(new TextEncoder().encode('another payload'));
    const swapped = {
      payload: own.payload,
      annotations: {
        ...own.annotations,
        'dev.sigstore.cosign/bundle': other.annotations['dev.sigstore.cosign/bundle'] ?? '',
      },
    };
    await attach(repo, digest, [swapped]);
    expect(signatureCheck(await gate({ repo, digest }, policy()))).toMatchObject({
      passed: false,
      reason: 'TLOG_INVALID',
    });
  });

  it("an entry logging this signature under another signer's certificate: TLOG_INVALID", async () => {
    // sigstore-js compares only the logged signature and digest; cosign, and the gate, also the logged key.
    const repo = repoNamed('other-key');
    const { digest } = await pushTestImage(client, repo);
    const own = await keylessLayer(payloadFor(repo, digest));
    const otherSigner = signerOf(stack);
    const otherCertificate = (await otherSigner.certificate()).pem;
    const response = await fetch(`${stack.rekorURL}/api/v1/log/entries`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        apiVersion: '0.0.1',
        kind: 'hashedrekord',
        spec: {
          data: {
            hash: { algorithm: 'sha256', value: createHash('sha256').update(own.payload).digest('hex') },
          },
          signature: {
            content: own.annotations['dev.cosignproject.cosign/signature'],
            publicKey: { content: Buffer.from(otherCertificate).toString('base64') },
          },
        },
      }),
    });
    expect(response.status).toBe(201);
    const [entry] = Object.values((await response.json()) as Record<string, Record<string, unknown>>);
    const { body, integratedTime, logID, logIndex, verification } = entry as {
      body: string;
      integratedTime: number;
      logID: string;
      logIndex: number;
      verification: { signedEntryTimestamp: string };
    };
    const misattributed = JSON.stringify({
      SignedEntryTimestamp: verification.signedEntryTimestamp,
      Payload: { body, integratedTime, logIndex, logID },
    });
    await attach(repo, digest, [
      {
        payload: own.payload,
        annotations: { ...own.annotations, 'dev.sigstore.cosign/bundle': misattributed },
      },
    ]);
    const check = signatureCheck(await gate({ repo, digest }, policy()));
    expect(check).toMatchObject({ passed: false, reason: 'TLOG_INVALID' });
    expect(check.message).toContain('another key');
  });

  it('keys and identities mixed: a key-based layer passes by key; the keyless layer beside it is judged too', async () => {
    const repo = repoNamed('mixed');
    const { digest } = await pushTestImage(client, repo);
    const payload = payloadFor(repo, digest);
    await attach(repo, digest, [keyLayer(payload), await keylessLayer(payload)]);
    const check = signatureCheck(await gate({ repo, digest }, policy()));
    expect(check).toMatchObject({ passed: true, acceptedKeyIds: [key.publicKey.id] });
    expect(check.layers).toEqual([
      expect.objectContaining({ verified: true, keyId: key.publicKey.id }),
      expect.objectContaining({ verified: true, identity: expect.any(Object) }),
    ]);
    // With another workflow required, the keyless layer fails and the key alone passes the image.
    const strict = signatureCheck(
      await gate(
        { repo, digest },
        policy({ keyless: keyless({ signerWorkflow: 'sigil-test/app/.github/workflows/x.yml' }) }),
      ),
    );
    expect(strict).toMatchObject({ passed: true, acceptedKeyIds: [key.publicKey.id] });
    expect(strict.layers?.[1]).toMatchObject({ verified: false, reason: 'SIGNER_MISMATCH' });
  });

  it("beside a stranger's key layer, the keyless layer's reason is the image's (it says more)", async () => {
    const repo = repoNamed('ranked');
    const { digest } = await pushTestImage(client, repo);
    const payload = payloadFor(repo, digest);
    const stranger = new SigningKey(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey);
    await attach(repo, digest, [
      await keylessLayer(payload),
      {
        payload,
        annotations: {
          'dev.cosignproject.cosign/signature': Buffer.from(stranger.sign(payload)).toString('base64'),
        },
      },
    ]);
    const other = keyless({ signerWorkflow: 'sigil-test/app/.github/workflows/x.yml' });
    expect(signatureCheck(await gate({ repo, digest }, policy({ keyless: other })))).toMatchObject({
      passed: false,
      reason: 'SIGNER_MISMATCH',
    });
    const { keyless: _keyless, ...keysOnly } = policy();
    expect(signatureCheck(await gate({ repo, digest }, keysOnly))).toMatchObject({
      passed: false,
      reason: 'KEYLESS_NOT_CONFIGURED',
    });
  });

  it('keys only (no keyless signer configured): the keyless layer is KEYLESS_NOT_CONFIGURED', async () => {
    const image = await keylessImage('keys-only');
    const { keyless: _keyless, ...keysOnly } = policy();
    const check = signatureCheck(await gate(image, keysOnly));
    expect(check).toMatchObject({ passed: false, reason: 'KEYLESS_NOT_CONFIGURED' });
  });
});
