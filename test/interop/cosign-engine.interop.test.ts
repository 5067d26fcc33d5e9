import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CosignSigningEngine, type CosignKey, type LocatedCosign } from '@sigil/cosign-cli';
import { NativeSigningEngine } from '@sigil/signer';
import { generateKeyPair, loadPrivateKey, type SigningKey } from '@sigil/keys';
import { signatureTag, verifyImageSignatures } from '@sigil/signatures';
import { verifyImageAttestations } from '@sigil/attestations';
import { type ImageTarget } from '@sigil/oci';
import type { Logger } from '@sigil/core';
import { RegistryClient, createCredentialSource, type RepositoryRef } from '@sigil/oci';
import { pushTestImage, pushTestIndex, startRegistry, type StartedRegistry } from '@sigil/testing';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CosignMajor } from '../support/cosign-cli.js';
import { locateCosignMajors } from '../support/located-cosign.js';

/**
 * The cosign engine driving the real cosign CLIs (v3 and v2) against a real registry: what it signs and
 * attests, sigil's native verifier accepts; what sigil signs natively, it verifies; failures get the
 * reasons the native engine gives; de-duplication and `replace` are reported as the native engine
 * reports them; registry credentials reach cosign only through a temporary Docker config.
 */
const SPDX = 'https://spdx.dev/Document';
const SLSA_V1 = 'https://slsa.dev/provenance/v1';
const fixture = (name: string): string =>
  new URL(`../fixtures/attestation/${name}`, import.meta.url).pathname;
const PASSWORD = 'engine interop, with spaces';

let anonymous: StartedRegistry;
let protectedRegistry: StartedRegistry;
let client: RegistryClient;
let work: string;
let keyPath: string;
let pubPath: string;
let privatePem: string;
let key: SigningKey;
let located: Map<CosignMajor, LocatedCosign>;

beforeAll(async () => {
  [anonymous, protectedRegistry] = await Promise.all([startRegistry(), startRegistry({ auth: 'htpasswd' })]);
  client = new RegistryClient({
    timeoutMs: 60_000,
    credentials: createCredentialSource({ explicit: protectedRegistry.credentials }),
  });
  work = mkdtempSync(join(tmpdir(), 'sigil-engine-interop-'));
  const pair = await generateKeyPair(PASSWORD);
  privatePem = pair.privateKeyPem;
  keyPath = join(work, 'cosign.key');
  pubPath = join(work, 'cosign.pub');
  writeFileSync(keyPath, pair.privateKeyPem);
  writeFileSync(pubPath, pair.publicKeyPem);
  key = await loadPrivateKey(pair.privateKeyPem, PASSWORD);
  // Found the way an action finds it: `cosign` on PATH, version checked.
  located = await locateCosignMajors(work);
}, 60_000);

afterAll(async () => {
  client.close();
  await Promise.all([anonymous.stop(), protectedRegistry.stop()]);
});

function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return { lines, debug: (m) => lines.push(m), info: (m) => lines.push(m), warning: (m) => lines.push(m) };
}

function cosignEngine(
  major: CosignMajor,
  options: Partial<ConstructorParameters<typeof CosignSigningEngine>[0]> = {},
): CosignSigningEngine {
  const home = mkdtempSync(join(work, 'home-'));
  return new CosignSigningEngine({
    registry: client,
    cosign: located.get(major) as LocatedCosign,
    key: { kind: 'file', path: keyPath },
    password: PASSWORD,
    tempDir: mkdtempSync(join(work, 'temp-')),
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home },
    timeoutMs: 90_000,
    ...options,
  });
}

async function pushed(registry: StartedRegistry, name: string): Promise<ImageTarget> {
  const repo: RepositoryRef = { registry: registry.host, repository: name };
  const { digest } = await pushTestImage(client, repo, { tag: 'v1' });
  return { image: `${registry.host}/${name}@${digest}`, repo, digest, tag: undefined };
}

const trusted = () => ({ trustedKeys: [key.publicKey] });

describe.each<CosignMajor>(['v3', 'v2'])('cosign %s engine', (major) => {
  it('reads the public key of a key file, an env:// key and a public key file, as sigil does', async () => {
    expect((await cosignEngine(major).publicKey()).id).toBe(key.publicKey.id);
    const fromEnv = cosignEngine(major, {
      key: { kind: 'env', name: 'SIGIL_INTEROP_KEY' },
      keyText: privatePem,
    });
    expect((await fromEnv.publicKey()).id).toBe(key.publicKey.id);
    const fromPub = cosignEngine(major, { key: { kind: 'file', path: pubPath }, password: '' });
    expect((await fromPub.publicKey()).id).toBe(key.publicKey.id);
  });

  it('signs with a key file; the native verifier accepts it; signing again is reported deduplicated', async () => {
    const target = await pushed(anonymous, `engine-${major}/signed`);
    const engine = cosignEngine(major);
    const [first] = await engine.signImages([target]);
    expect(first).toEqual({
      ok: true,
      target,
      signatures: [
        {
          image: target.image,
          digest: target.digest,
          format: 'legacy',
          ref: `${anonymous.host}/engine-${major}/signed:${signatureTag(target.digest)}`,
          deduplicated: false,
        },
      ],
    });
    expect(await verifyImageSignatures(client, target, trusted())).toMatchObject({
      verified: true,
      acceptedKeyIds: [key.publicKey.id],
    });
    const [again] = await engine.signImages([target]);
    expect(again?.ok && again.signatures[0]?.deduplicated).toBe(true);
    // And the native engine sees the same signature as its own: nothing to write either.
    const [native] = await new NativeSigningEngine(client, key).signImages([target]);
    expect(native?.ok && native.signatures[0]?.deduplicated).toBe(true);
  });

  it('reports what the native engine reports for the same work', async () => {
    const viaCosign = await pushed(anonymous, `engine-${major}/same-cosign`);
    const viaNative = await pushed(anonymous, `engine-${major}/same-native`);
    const shape = (outcome: unknown, target: ImageTarget) =>
      JSON.parse(
        JSON.stringify(outcome)
          .replaceAll(target.digest.slice('sha256:'.length), 'HEX')
          .replaceAll(target.repo.repository, 'REPO'),
      );
    const options = { annotations: { env: 'prod', owners: 'ann,bob' } };
    const [cosignFirst] = await cosignEngine(major).signImages([viaCosign], options);
    const [nativeFirst] = await new NativeSigningEngine(client, key).signImages([viaNative], options);
    expect(shape(cosignFirst, viaCosign)).toEqual(shape(nativeFirst, viaNative));
    const [cosignAgain] = await cosignEngine(major).signImages([viaCosign], options);
    const [nativeAgain] = await new NativeSigningEngine(client, key).signImages([viaNative], options);
    expect(shape(cosignAgain, viaCosign)).toEqual(shape(nativeAgain, viaNative));
    // The annotations, comma included, are in the signed payload.
    expect(
      await verifyImageSignatures(client, viaCosign, {
        ...trusted(),
        annotations: { owners: 'ann,bob', env: 'prod' },
      }),
    ).toMatchObject({ verified: true });
  });

  it('signs an index and each platform manifest with --recursive, reported depth first like the native engine', async () => {
    const repo: RepositoryRef = { registry: anonymous.host, repository: `engine-${major}/multiarch` };
    const index = await pushTestIndex(client, repo, { tag: 'v1' });
    const target: ImageTarget = {
      image: `${anonymous.host}/${repo.repository}:v1`,
      repo,
      digest: index.digest,
      tag: 'v1',
    };
    const [outcome] = await cosignEngine(major).signImages([target], { recursive: true });
    const expected = [index.digest, ...index.images.map((child) => child.digest)];
    expect(outcome?.ok && outcome.signatures.map((signed) => signed.digest)).toEqual(expected);
    expect(outcome?.ok && outcome.signatures[0]?.image).toBe(target.image);
    for (const digest of expected) {
      const verdict = await verifyImageSignatures(client, { image: digest, repo, digest }, trusted());
      expect({ digest, verified: verdict.verified }).toEqual({ digest, verified: true });
    }
  });

  it('attests with a key file; the native verifier accepts it; the same again is deduplicated, another replaces', async () => {
    const target = await pushed(anonymous, `engine-${major}/attested`);
    const engine = cosignEngine(major);
    const spdx = readFileSync(fixture('spdx-2.3.json'));
    const first = await engine.attestImage(
      target,
      { predicateType: SPDX, predicate: spdx },
      { replace: true },
    );
    expect(first).toEqual({
      image: target.image,
      digest: target.digest,
      predicateType: SPDX,
      format: 'legacy',
      ref: `${anonymous.host}/engine-${major}/attested:${signatureTag(target.digest).replace(/\.sig$/, '.att')}`,
      deduplicated: false,
      replaced: 0,
    });
    const verdict = await verifyImageAttestations(client, target, { ...trusted(), predicateType: SPDX });
    expect(verdict).toMatchObject({
      verified: true,
      statement: { predicateType: SPDX, predicate: JSON.parse(spdx.toString()) },
    });

    const again = await engine.attestImage(
      target,
      { predicateType: SPDX, predicate: spdx },
      { replace: true },
    );
    expect(again).toMatchObject({ deduplicated: true, replaced: 0 });
    const changed = Buffer.from(JSON.stringify({ ...JSON.parse(spdx.toString()), name: 'rebuilt' }));
    const replaced = await engine.attestImage(
      target,
      { predicateType: SPDX, predicate: changed },
      { replace: true },
    );
    expect(replaced).toMatchObject({ deduplicated: false, replaced: 1 });
    const provenance = await engine.attestImage(target, {
      predicateType: SLSA_V1,
      predicate: readFileSync(fixture('slsa-provenance-v1.json')),
    });
    expect(provenance).toMatchObject({ deduplicated: false, replaced: 0 });
    const stored = await verifyImageAttestations(client, target, { ...trusted(), predicateType: SPDX });
    expect(stored).toMatchObject({ verified: true, statement: { predicate: { name: 'rebuilt' } } });
    expect(stored.layers.map((layer) => layer.predicateType)).toEqual([SPDX, SLSA_V1]);
  });

  it('verifies what sigil signed and attested natively (with the private key file and with the .pub)', async () => {
    const target = await pushed(anonymous, `engine-${major}/native-signed`);
    const native = new NativeSigningEngine(client, key);
    await native.signImages([target], { annotations: { env: 'prod' } });
    await native.attestImage(target, {
      predicateType: SLSA_V1,
      predicate: readFileSync(fixture('slsa-provenance-v1.json')),
    });
    for (const engine of [
      cosignEngine(major),
      cosignEngine(major, { key: { kind: 'file', path: pubPath }, password: '' }),
    ]) {
      expect(await engine.verifySignatures(target, { annotations: { env: 'prod' } })).toEqual({
        image: target.image,
        digest: target.digest,
        signatureRef: `${anonymous.host}/engine-${major}/native-signed:${signatureTag(target.digest)}`,
        verified: true,
        message: 'cosign verified 1 signature(s) for this digest and repository',
        layers: [],
        acceptedKeyIds: [key.publicKey.id],
        revokedSignatures: [],
      });
      expect(await engine.verifyAttestations(target, { predicateType: SLSA_V1 })).toMatchObject({
        verified: true,
        acceptedKeyIds: [key.publicKey.id],
        layers: [],
        statement: {
          predicateType: SLSA_V1,
          subject: [{ name: `${anonymous.host}/engine-${major}/native-signed` }],
        },
      });
    }
  });

  it('gives the native reasons for an unsigned image, a missing one, another key, a tampered signature, a wrong annotation', async () => {
    const engine = cosignEngine(major);
    const native = new NativeSigningEngine(client, key);
    const unsigned = await pushed(anonymous, `engine-${major}/unsigned`);
    const missing = { ...unsigned, digest: `sha256:${'0'.repeat(64)}`, image: 'missing' };
    const otherKey = await loadPrivateKey((await generateKeyPair('')).privateKeyPem, '');
    const byOther = await pushed(anonymous, `engine-${major}/by-other`);
    await new NativeSigningEngine(client, otherKey).signImages([byOther]);
    const tampered = await pushed(anonymous, `engine-${major}/tampered`);
    await native.signImages([tampered]);
    await replaceSignatureAnnotation(
      tampered,
      Buffer.from(key.sign(Buffer.from('other bytes'))).toString('base64'),
    );
    const annotated = await pushed(anonymous, `engine-${major}/annotated`);
    await native.signImages([annotated], { annotations: { env: 'dev' } });

    const cases: [ImageTarget, Record<string, string> | undefined, string][] = [
      [unsigned, undefined, 'NO_SIGNATURES'],
      [missing, undefined, 'IMAGE_NOT_FOUND'],
      [byOther, undefined, 'SIGNATURE_UNTRUSTED'],
      [tampered, undefined, 'SIGNATURE_UNTRUSTED'],
      [annotated, { env: 'prod' }, 'ANNOTATION_MISMATCH'],
    ];
    for (const [target, annotations, reason] of cases) {
      const options = annotations === undefined ? {} : { annotations };
      const viaCosign = await engine.verifySignatures(target, options);
      const viaNative = await native.verifySignatures(target, options);
      expect({ target: target.image, cosign: viaCosign.reason, native: viaNative.reason }).toEqual({
        target: target.image,
        cosign: reason,
        native: reason,
      });
      expect(viaCosign).toMatchObject({ verified: false, layers: [], acceptedKeyIds: [] });
    }
  });

  it('gives the native reasons for attestations: none, none of the type, another key', async () => {
    const engine = cosignEngine(major);
    const native = new NativeSigningEngine(client, key);
    const none = await pushed(anonymous, `engine-${major}/no-att`);
    const sbomOnly = await pushed(anonymous, `engine-${major}/sbom-only`);
    await native.attestImage(sbomOnly, {
      predicateType: SPDX,
      predicate: readFileSync(fixture('spdx-2.3.json')),
    });
    const byOther = await pushed(anonymous, `engine-${major}/att-by-other`);
    const otherKey = await loadPrivateKey((await generateKeyPair('')).privateKeyPem, '');
    await new NativeSigningEngine(client, otherKey).attestImage(byOther, {
      predicateType: SPDX,
      predicate: readFileSync(fixture('spdx-2.3.json')),
    });
    const cases: [ImageTarget, string, string][] = [
      [none, SPDX, 'NO_ATTESTATIONS'],
      [sbomOnly, SLSA_V1, 'ATTESTATION_MISSING'],
      [byOther, SPDX, 'ATTESTATION_UNTRUSTED'],
    ];
    for (const [target, predicateType, reason] of cases) {
      const viaCosign = await engine.verifyAttestations(target, { predicateType });
      const viaNative = await native.verifyAttestations(target, { predicateType });
      expect({ target: target.image, cosign: viaCosign.reason, native: viaNative.reason }).toEqual({
        target: target.image,
        cosign: reason,
        native: reason,
      });
    }
  });

  it('signs and attests in a registry with htpasswd auth through the temporary Docker config only', async () => {
    const target = await pushed(protectedRegistry, `engine-${major}/private`);
    const anonymousEngine = cosignEngine(major);
    const [refused] = await anonymousEngine.signImages([target]);
    expect(refused).toMatchObject({ ok: false, error: { code: 'REGISTRY_AUTH' } });

    const recorded: {
      args: readonly string[];
      env: Readonly<Record<string, string>>;
      dockerConfig: string[];
    }[] = [];
    const real = located.get(major) as LocatedCosign;
    const cosign: LocatedCosign = {
      ...real,
      exec: async (args, options) => {
        const folder = options.env['DOCKER_CONFIG'];
        const files = folder === undefined ? [] : readdirSync(folder);
        recorded.push({ args, env: options.env, dockerConfig: files });
        return real.exec(args, options);
      },
    };
    const logger = recordingLogger();
    const credentials = createCredentialSource({ explicit: protectedRegistry.credentials });
    const engine = cosignEngine(major, { cosign, credentials, logger });
    const [signed] = await engine.signImages([target]);
    expect(signed).toMatchObject({ ok: true, signatures: [{ deduplicated: false }] });
    await engine.attestImage(target, {
      predicateType: SPDX,
      predicate: readFileSync(fixture('spdx-2.3.json')),
    });
    expect(await verifyImageSignatures(client, target, trusted())).toMatchObject({ verified: true });
    expect(await engine.verifySignatures(target)).toMatchObject({ verified: true });

    const secretPassword = protectedRegistry.credentials?.password ?? 'missing';
    const secretAuth = Buffer.from(`${protectedRegistry.credentials?.username}:${secretPassword}`).toString(
      'base64',
    );
    const secrets = [
      secretPassword,
      secretAuth,
      PASSWORD,
      ...privatePem.split('\n').filter((line) => line.length > 20),
    ];
    expect(recorded.length).toBeGreaterThanOrEqual(4);
    for (const { args, env, dockerConfig } of recorded) {
      for (const secret of secrets) {
        expect({ args: args.join(' ').includes(secret) }).toEqual({ args: false });
      }
      expect(dockerConfig).toEqual(['config.json']);
      expect(env['COSIGN_PASSWORD']).toBe(PASSWORD);
    }
    for (const line of logger.lines) {
      for (const secret of secrets)
        expect({ line, leaks: line.includes(secret) }).toEqual({ line, leaks: false });
    }
    expect(logger.lines.some((line) => line.startsWith('cosign sign --key='))).toBe(true);
    // Each temporary Docker config is gone once its run ended.
    for (const { env } of recorded) expect(() => readdirSync(env['DOCKER_CONFIG'] as string)).toThrow();
  });

  it('signs with an env:// key that cosign reads from its environment, never from disk or argv', async () => {
    const target = await pushed(anonymous, `engine-${major}/env-key`);
    const seen: { args: readonly string[]; env: Readonly<Record<string, string>> }[] = [];
    const real = located.get(major) as LocatedCosign;
    const engine = cosignEngine(major, {
      key: { kind: 'env', name: 'SIGIL_RELEASE_KEY' } satisfies CosignKey,
      keyText: privatePem,
      cosign: {
        ...real,
        exec: (args, options) => (seen.push({ args, env: options.env }), real.exec(args, options)),
      },
    });
    const [outcome] = await engine.signImages([target]);
    expect(outcome).toMatchObject({ ok: true });
    expect(await verifyImageSignatures(client, target, trusted())).toMatchObject({ verified: true });
    const signRun = seen.find((run) => run.args[0] === 'sign');
    expect(signRun?.args).toContain('--key=env://SIGIL_RELEASE_KEY');
    expect(signRun?.env['SIGIL_RELEASE_KEY']).toBe(privatePem);
  });

  it('fails with KEY_PASSWORD for a wrong password, naming key-password', async () => {
    const target = await pushed(anonymous, `engine-${major}/wrong-password`);
    const [outcome] = await cosignEngine(major, { password: 'not it' }).signImages([target]);
    expect(outcome).toMatchObject({ ok: false, error: { code: 'KEY_PASSWORD', field: 'key-password' } });
    await expect(cosignEngine(major, { password: 'not it' }).publicKey()).rejects.toMatchObject({
      code: 'KEY_PASSWORD',
      message: expect.not.stringContaining('not it'),
    });
  });
});

/** Swaps the signature annotation of the `.sig` image's first layer, as an attacker with push rights could. */
async function replaceSignatureAnnotation(target: ImageTarget, signature: string): Promise<void> {
  const tag = signatureTag(target.digest);
  const manifest = await client.getManifest(target.repo, tag);
  if (manifest === undefined) throw new Error('no .sig to tamper with');
  const document = JSON.parse(Buffer.from(manifest.bytes).toString('utf8')) as {
    layers: { annotations: Record<string, string> }[];
  };
  const layer = document.layers[0];
  if (layer === undefined) throw new Error('no layer');
  layer.annotations['dev.cosignproject.cosign/signature'] = signature;
  await client.putManifest(target.repo, tag, Buffer.from(JSON.stringify(document)), manifest.mediaType);
}
