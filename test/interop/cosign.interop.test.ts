import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { generateKeyPair, loadPrivateKey, parsePublicKey, type SigningKey } from '@sigil/keys';
import { signImages, verifyImageSignatures } from '@sigil/signatures';
import { readSignatures } from '../../packages/signatures/src/signature-store.js';
import { type ImageTarget } from '@sigil/oci';
import { RegistryClient, type RepositoryRef } from '@sigil/oci';
import { pushTestImage, pushTestIndex, startRegistry, type StartedRegistry } from '@sigil/testing';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { legacyKeySignFlags, runCosign, type CosignMajor } from '../support/cosign-cli.js';

/**
 * Interop with the real cosign CLI, both majors, both directions: what sigil signs, `cosign verify`
 * accepts; what cosign signs, sigil's verifier accepts; keys made by either load in the other.
 */
let registry: StartedRegistry;
let client: RegistryClient;
let work: string;

beforeAll(async () => {
  registry = await startRegistry();
  client = new RegistryClient({ timeoutMs: 60_000 });
  work = mkdtempSync(join(tmpdir(), 'sigil-interop-'));
});

afterAll(async () => {
  client.close();
  await registry.stop();
});

function repo(name: string): RepositoryRef {
  return { registry: registry.host, repository: name };
}

function pinned(r: RepositoryRef, digest: string): string {
  return `${r.registry}/${r.repository}@${digest}`;
}

function target(r: RepositoryRef, digest: string): ImageTarget {
  return { image: pinned(r, digest), repo: r, digest, tag: undefined };
}

async function sigilKey(password: string, format: 'current' | 'legacy' = 'current') {
  const pair = await generateKeyPair(password, { format });
  const dir = mkdtempSync(join(work, 'keys-'));
  writeFileSync(join(dir, 'sigil.key'), pair.privateKeyPem);
  writeFileSync(join(dir, 'sigil.pub'), pair.publicKeyPem);
  return {
    pair,
    keyPath: join(dir, 'sigil.key'),
    pubPath: join(dir, 'sigil.pub'),
    key: await loadPrivateKey(pair.privateKeyPem, password),
  };
}

async function signWithSigil(key: SigningKey, targets: ImageTarget[], annotations?: Record<string, string>) {
  const outcomes = await signImages(client, targets, key, { annotations, recursive: false });
  for (const outcome of outcomes) expect(outcome.ok).toBe(true);
  return outcomes;
}

async function cosignVerify(major: CosignMajor, pubPath: string, image: string, extra: string[] = []) {
  return runCosign(major, [
    'verify',
    '--key',
    pubPath,
    '--insecure-ignore-tlog',
    '--allow-http-registry',
    ...extra,
    image,
  ]);
}

describe.each<CosignMajor>(['v3', 'v2'])('cosign %s', (major) => {
  it('accepts what sigil signed, and reports the payload naming the digest', async () => {
    const r = repo(`interop-${major}/sigil-signed`);
    const image = await pushTestImage(client, r, { tag: 'v1' });
    const { key, pubPath } = await sigilKey('correct horse');
    await signWithSigil(key, [target(r, image.digest)]);

    const result = await cosignVerify(major, pubPath, pinned(r, image.digest));
    expect(result.stderr).toContain('The signatures were verified against the specified public key');
    expect(result.code).toBe(0);
    const payloads = JSON.parse(result.stdout) as {
      critical: { identity: { 'docker-reference': string }; image: { 'docker-manifest-digest': string } };
    }[];
    expect(payloads).toHaveLength(1);
    expect(payloads[0]?.critical.image['docker-manifest-digest']).toBe(image.digest);
    expect(payloads[0]?.critical.identity['docker-reference']).toBe(`${r.registry}/${r.repository}`);
  });

  it('rejects what sigil signed when given another key, and an unsigned image', async () => {
    const r = repo(`interop-${major}/wrong-key`);
    const image = await pushTestImage(client, r, { tag: 'v1' });
    const unsigned = await pushTestImage(client, r, { tag: 'v2' });
    const { key } = await sigilKey('pw');
    const other = await sigilKey('pw');
    await signWithSigil(key, [target(r, image.digest)]);

    // cosign's own reasons (exit codes of cmd/cosign/errors: 12 no matching signatures, 10 none found),
    // so that a registry error or a dropped flag does not pass for a refusal.
    const wrongKey = await cosignVerify(major, other.pubPath, pinned(r, image.digest));
    expect({ code: wrongKey.code, stderr: wrongKey.stderr }).toEqual({
      code: 12,
      stderr: expect.stringMatching(
        /^Error: no matching signatures: invalid signature when validating ASN\.1 encoded signature$/m,
      ),
    });
    const none = await cosignVerify(major, other.pubPath, pinned(r, unsigned.digest));
    expect({ code: none.code, stderr: none.stderr }).toEqual({
      code: 10,
      stderr: expect.stringMatching(/^Error: no signatures found$/m),
    });
  });

  it('checks sigil-written annotations with -a', async () => {
    const r = repo(`interop-${major}/annotated`);
    const image = await pushTestImage(client, r, { tag: 'v1' });
    const { key, pubPath } = await sigilKey('');
    await signWithSigil(key, [target(r, image.digest)], { env: 'prod', 'git-sha': 'abc123' });

    expect((await cosignVerify(major, pubPath, pinned(r, image.digest), ['-a', 'env=prod'])).code).toBe(0);
    const wrongAnnotation = await cosignVerify(major, pubPath, pinned(r, image.digest), ['-a', 'env=dev']);
    expect({ code: wrongAnnotation.code, stderr: wrongAnnotation.stderr }).toEqual({
      code: 12,
      stderr: expect.stringMatching(/^Error: no matching signatures: missing or incorrect annotation$/m),
    });
  });

  it('accepts every platform manifest sigil signed recursively', async () => {
    const r = repo(`interop-${major}/multiarch`);
    const index = await pushTestIndex(client, r, { tag: 'v1' });
    const { key, pubPath } = await sigilKey('pw');
    const [outcome] = await signImages(client, [target(r, index.digest)], key, { recursive: true });
    expect(outcome?.ok).toBe(true);
    for (const digest of [index.digest, ...index.images.map((child) => child.digest)]) {
      const result = await cosignVerify(major, pubPath, pinned(r, digest));
      expect({ digest, code: result.code }).toEqual({ digest, code: 0 });
    }
  });

  it('signs with a key sigil generated (current and legacy formats, with and without password)', async () => {
    for (const [format, password] of [
      ['current', 'pw-current'],
      ['legacy', 'pw-legacy'],
      ['current', ''],
    ] as const) {
      const r = repo(`interop-${major}/sigil-key-${format}-${password === '' ? 'empty' : 'pw'}`);
      const image = await pushTestImage(client, r, { tag: 'v1' });
      const { keyPath, pubPath, pair } = await sigilKey(password, format);

      const publicKey = await runCosign(major, ['public-key', '--key', keyPath], {
        env: { COSIGN_PASSWORD: password },
      });
      expect(publicKey.code).toBe(0);
      expect(parsePublicKey(publicKey.stdout).id).toBe(parsePublicKey(pair.publicKeyPem).id);

      const signed = await runCosign(
        major,
        ['sign', '--key', keyPath, ...legacyKeySignFlags(major), pinned(r, image.digest)],
        { env: { COSIGN_PASSWORD: password } },
      );
      expect({ format, password, code: signed.code, stderr: signed.code === 0 ? '' : signed.stderr }).toEqual(
        {
          format,
          password,
          code: 0,
          stderr: '',
        },
      );
      const verdict = await verifyImageSignatures(client, target(r, image.digest), {
        trustedKeys: [parsePublicKey(readFileSync(pubPath, 'utf8'))],
      });
      expect(verdict.verified).toBe(true);
    }
  });

  describe('signed by cosign', () => {
    let cosignKeyPath: string;
    let cosignPubPath: string;
    const password = `cosign-${major}-password`;

    beforeAll(async () => {
      const dir = mkdtempSync(join(work, `cosign-${major}-keys-`));
      const generated = await runCosign(
        major,
        ['generate-key-pair', '--output-key-prefix', join(dir, 'cosign')],
        {
          env: { COSIGN_PASSWORD: password },
        },
      );
      expect(generated.code).toBe(0);
      cosignKeyPath = join(dir, 'cosign.key');
      cosignPubPath = join(dir, 'cosign.pub');
    });

    async function cosignSign(image: string, extra: string[] = []) {
      const result = await runCosign(
        major,
        ['sign', '--key', cosignKeyPath, ...legacyKeySignFlags(major), ...extra, image],
        { env: { COSIGN_PASSWORD: password } },
      );
      expect({ code: result.code, stderr: result.code === 0 ? '' : result.stderr }).toEqual({
        code: 0,
        stderr: '',
      });
    }

    it('sigil verifies the signature with cosign.pub and refuses it with another key', async () => {
      const r = repo(`interop-${major}/cosign-signed`);
      const image = await pushTestImage(client, r, { tag: 'v1' });
      await cosignSign(pinned(r, image.digest), ['-a', 'team=payments']);

      const trusted = parsePublicKey(readFileSync(cosignPubPath, 'utf8'));
      const ok = await verifyImageSignatures(client, target(r, image.digest), {
        trustedKeys: [trusted],
        annotations: { team: 'payments' },
      });
      expect(ok.verified).toBe(true);
      expect(ok.acceptedKeyIds).toEqual([trusted.id]);

      const wrongAnnotation = await verifyImageSignatures(client, target(r, image.digest), {
        trustedKeys: [trusted],
        annotations: { team: 'search' },
      });
      expect(wrongAnnotation.reason).toBe('ANNOTATION_MISMATCH');

      const other = await sigilKey('x');
      const untrusted = await verifyImageSignatures(client, target(r, image.digest), {
        trustedKeys: [other.key.publicKey],
      });
      expect(untrusted.verified).toBe(false);
      expect(untrusted.reason).toBe('SIGNATURE_UNTRUSTED');

      const revoked = await verifyImageSignatures(client, target(r, image.digest), {
        trustedKeys: [other.key.publicKey],
        revokedKeys: [trusted],
      });
      expect(revoked.reason).toBe('KEY_REVOKED');
    });

    it('sigil loads the key cosign generated, and its signature de-duplicates against cosign’s', async () => {
      const r = repo(`interop-${major}/cosign-key`);
      const image = await pushTestImage(client, r, { tag: 'v1' });
      await cosignSign(pinned(r, image.digest));

      const key = await loadPrivateKey(readFileSync(cosignKeyPath, 'utf8'), password);
      expect(key.publicKey.id).toBe(parsePublicKey(readFileSync(cosignPubPath, 'utf8')).id);
      const [outcome] = await signWithSigil(key, [target(r, image.digest)]);
      // Same key, byte-identical payload: cosign's layer already is this signature.
      expect(outcome?.ok && outcome.signatures.map((s) => s.deduplicated)).toEqual([true]);
      const stored = await readSignatures(client, r, image.digest);
      expect(stored?.layers).toHaveLength(1);

      // And cosign de-duplicates against sigil's layer the same way.
      const r2 = repo(`interop-${major}/cosign-dedup-sigil`);
      const image2 = await pushTestImage(client, r2, { tag: 'v1' });
      await signWithSigil(key, [target(r2, image2.digest)]);
      await cosignSign(pinned(r2, image2.digest));
      expect((await readSignatures(client, r2, image2.digest))?.layers).toHaveLength(1);
      expect((await cosignVerify(major, cosignPubPath, pinned(r2, image2.digest))).code).toBe(0);
    });

    it('cosign verify accepts the index and children after cosign sign --recursive, and so does sigil', async () => {
      const r = repo(`interop-${major}/cosign-recursive`);
      const index = await pushTestIndex(client, r, { tag: 'v1' });
      await cosignSign(pinned(r, index.digest), ['--recursive']);
      const trusted = parsePublicKey(readFileSync(cosignPubPath, 'utf8'));
      for (const digest of [index.digest, ...index.images.map((child) => child.digest)]) {
        const verdict = await verifyImageSignatures(client, target(r, digest), { trustedKeys: [trusted] });
        expect({ digest, verified: verdict.verified }).toEqual({ digest, verified: true });
      }
    });
  });
});
