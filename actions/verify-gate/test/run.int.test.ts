import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SigningKey } from '@sigil/keys';
import { appendSignature } from '../../../packages/signatures/src/signature-store.js';
import { signImage } from '../../../packages/signatures/src/sign.js';
import { parseImageList } from '@sigil/oci';
import { type SigningEngine } from '@sigil/signer';
import { SigilError } from '@sigil/core';
import { RegistryClient, createCredentialSource, type RepositoryRef } from '@sigil/oci';
import {
  actionRunHarness,
  findFreePort,
  pushTestImage,
  startRegistry,
  type StartedRegistry,
} from '@sigil/testing';
import { type SigningEngineFactory } from '@sigil/toolkit';
import { writeReport } from '../../../packages/toolkit/src/outputs.js';
import { generateKeyPairSync, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { VerifyGateInputs } from '../src/inputs.js';
import { run } from '../src/run.js';

let server: StartedRegistry;
let setup: RegistryClient;
const privateKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
const key = new SigningKey(privateKey);
const runHarness = actionRunHarness({ writeReport });

beforeAll(async () => {
  server = await startRegistry({ auth: 'htpasswd' });
  setup = new RegistryClient({ credentials: createCredentialSource({ explicit: server.credentials }) });
});

afterAll(async () => {
  setup.close();
  await server.stop();
});

const repo = (name: string): RepositoryRef => ({ registry: server.host, repository: name });

function inputsFor(images: string[], overrides: Partial<VerifyGateInputs> = {}): VerifyGateInputs {
  return {
    images: parseImageList(images, 'images'),
    publicKeys: { keys: [key.publicKey], sources: [{ id: key.publicKey.id, source: 'file:cosign.pub' }] },
    revokedKeys: { keys: [], sources: [] },
    annotations: {},
    transparency: { requireTlog: false },
    requirements: [{ kind: 'signature' }],
    provenance: {},
    platforms: 'index',
    mode: 'enforce',
    engine: 'native',
    registry: { credentials: server.credentials, insecureRegistries: [], concurrency: 4, timeoutSeconds: 60 },
    showSummary: true,
    ...overrides,
  };
}

async function signedAndUnsigned() {
  const signed = await pushTestImage(setup, repo('gate-action/signed'), { tag: 'v1' });
  await signImage(setup, { image: 'x', repo: repo('gate-action/signed'), digest: signed.digest }, key);
  const unsigned = await pushTestImage(setup, repo('gate-action/unsigned'));
  return {
    signedRef: `${server.host}/gate-action/signed:v1`,
    signedDigest: signed.digest,
    unsignedRef: `${server.host}/gate-action/unsigned@${unsigned.digest}`,
    unsignedDigest: unsigned.digest,
  };
}

describe('verify-gate run', () => {
  it('fetches each KMS / k8s:// key once through the cosign engine, then verifies natively (revocation included)', async () => {
    const { signedRef, signedDigest } = await signedAndUnsigned();
    const retired = new SigningKey(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey);
    const byRetired = await pushTestImage(setup, repo('gate-action/retired'));
    await signImage(
      setup,
      { image: 'x', repo: repo('gate-action/retired'), digest: byRetired.digest },
      retired,
    );
    const retiredRef = `${server.host}/gate-action/retired@${byRetired.digest}`;
    // KMS cannot run here: the engine stands in for `cosign public-key`, answering with each URI's key.
    const answers = new Map([
      ['k8s://troubleshooting-agent/prod', key.publicKey],
      ['awskms:///alias/retired', retired.publicKey],
    ]);
    const fetched: string[] = [];
    const signingEngine: SigningEngineFactory = async (input) => {
      if (input.engine !== 'cosign' || input.key.kind !== 'kms') throw new Error('a KMS key was expected');
      const { uri } = input.key;
      fetched.push(uri);
      return { name: 'cosign', publicKey: async () => answers.get(uri) } as unknown as SigningEngine;
    };
    const kms = (uri: string) => ({
      kind: 'kms' as const,
      scheme: uri.startsWith('k8s') ? ('k8s' as const) : ('awskms' as const),
      uri,
    });
    const h = runHarness();
    const error = await run(
      inputsFor([signedRef, retiredRef], {
        publicKeys: {
          keys: [],
          sources: [],
          kmsKeys: [kms('k8s://troubleshooting-agent/prod'), kms('awskms:///alias/retired')],
        },
        revokedKeys: { keys: [], sources: [], kmsKeys: [kms('awskms:///alias/retired')] },
      }),
      { ...h.dependencies, signingEngine },
    ).catch((e: unknown) => e);
    expect(fetched).toEqual(['k8s://troubleshooting-agent/prod', 'awskms:///alias/retired']);
    expect((error as SigilError).code).toBe('VERIFICATION_FAILED');
    expect(h.outputs['failed']).toEqual([
      { image: retiredRef, digest: byRetired.digest, check: 'signature', reason: 'KEY_REVOKED' },
    ]);
    const report = JSON.parse(readFileSync(h.outputs['report-path'] as string, 'utf8'));
    expect(report.inputs.publicKeys).toEqual([
      { id: key.publicKey.id, source: 'k8s://troubleshooting-agent/prod' },
      { id: retired.publicKey.id, source: 'awskms:///alias/retired' },
    ]);
    expect(report.inputs.revokedKeys).toEqual([
      { id: retired.publicKey.id, source: 'awskms:///alias/retired' },
    ]);
    expect(report.images[0]).toMatchObject({ digest: signedDigest, passed: true });
  });

  it('fails naming the input when a KMS key cannot be fetched', async () => {
    const { signedRef } = await signedAndUnsigned();
    const signingEngine: SigningEngineFactory = async () => {
      throw new SigilError('COSIGN_MISSING', 'the cosign CLI is needed for this key', {
        input: 'key',
        hint: 'install it',
      });
    };
    const h = runHarness();
    const error = await run(
      inputsFor([signedRef], {
        revokedKeys: {
          keys: [],
          sources: [],
          kmsKeys: [{ kind: 'kms', scheme: 'k8s', uri: 'k8s://ci/old' }],
        },
      }),
      { ...h.dependencies, signingEngine },
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'COSIGN_MISSING', input: 'revoked-keys', hint: 'install it' });
    expect((error as SigilError).message).toContain('k8s://ci/old');
  });

  it('passes signed images and sets verified=true', async () => {
    const { signedRef } = await signedAndUnsigned();
    const h = runHarness();
    await run(inputsFor([signedRef]), h.dependencies);
    expect(h.outputs['verified']).toBe('true');
    expect(h.outputs['failed']).toEqual([]);
    expect(h.summaries.join('\n')).toContain('every image verified');
  });

  it('enforce: records outputs, report and summary, then fails with VERIFICATION_FAILED naming the reason', async () => {
    const { signedRef, unsignedRef, unsignedDigest, signedDigest } = await signedAndUnsigned();
    const h = runHarness();
    const error = await run(inputsFor([signedRef, unsignedRef]), h.dependencies).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SigilError);
    expect((error as SigilError).code).toBe('VERIFICATION_FAILED');
    expect((error as SigilError).message).toContain(`${unsignedRef}: NO_SIGNATURES`);
    expect(h.outputs['verified']).toBe('false');
    expect(h.outputs['failed']).toEqual([
      { image: unsignedRef, digest: unsignedDigest, check: 'signature', reason: 'NO_SIGNATURES' },
    ]);
    const reportText = readFileSync(h.outputs['report-path'] as string, 'utf8');
    const report = JSON.parse(reportText);
    expect(report).toMatchObject({
      schemaVersion: 1,
      verified: false,
      inputs: { mode: 'enforce', publicKeys: [{ source: 'file:cosign.pub' }], registryCredentials: true },
      images: [
        { image: signedRef, tag: 'v1', digest: signedDigest, passed: true },
        { image: unsignedRef, digest: unsignedDigest, passed: false, reasons: ['NO_SIGNATURES'] },
      ],
      failed: [
        { image: unsignedRef, reason: 'NO_SIGNATURES', message: expect.stringContaining('no signatures') },
      ],
    });
    expect(reportText).not.toContain(server.credentials?.password ?? 'none');
    expect(h.summaries.join('\n')).toContain('NO_SIGNATURES');
  });

  it('audit: the same failure is reported but the step passes', async () => {
    const { unsignedRef } = await signedAndUnsigned();
    const h = runHarness();
    const result = await run(inputsFor([unsignedRef], { mode: 'audit' }), h.dependencies);
    expect(result.passed).toBe(true);
    expect(h.outputs['verified']).toBe('false');
    expect(h.warnings.some((w) => w.includes('audit'))).toBe(true);
  });

  it('fails closed on registry trouble: wrong credentials fail the step with REGISTRY_AUTH naming the input', async () => {
    const { signedRef } = await signedAndUnsigned();
    const h = runHarness();
    const inputs = inputsFor([signedRef]);
    const wrong = { ...inputs.registry, credentials: { username: 'nobody', password: 'wrong-password' } };
    const error = await run({ ...inputs, registry: wrong }, h.dependencies).catch((e: unknown) => e);
    expect([(error as SigilError).code, (error as SigilError).input]).toEqual([
      'REGISTRY_AUTH',
      'registry-password',
    ]);
    expect(h.outputs['verified']).toBe('false');
    expect((h.outputs['failed'] as { reason: string }[]).map((f) => f.reason)).toEqual(['REGISTRY_AUTH']);
  });

  it('the Fix follows the reason: a payload strict verifiers refuse, or a registry that cannot be read, never says "sign with a key"', async () => {
    const { digest } = await pushTestImage(setup, repo('gate-action/payload-invalid'));
    const image = `${server.host}/gate-action/payload-invalid@${digest}`;
    // Signed by the trusted key, with a string timestamp (what cosign -a timestamp=… writes).
    const payload = Buffer.from(
      `{"critical":{"identity":{"docker-reference":"${server.host}/gate-action/payload-invalid"},` +
        `"image":{"docker-manifest-digest":"${digest}"},"type":"cosign container image signature"},` +
        `"optional":{"timestamp":"1700000000"}}`,
    );
    await appendSignature(setup, repo('gate-action/payload-invalid'), digest, {
      payload,
      signature: sign('sha256', payload, privateKey).toString('base64'),
      verifiesWithSignerKey: () => true,
    });
    const h = runHarness();
    const error = (await run(inputsFor([image]), h.dependencies).catch((e: unknown) => e)) as SigilError;
    expect(h.outputs['failed']).toEqual([{ image, digest, check: 'signature', reason: 'PAYLOAD_INVALID' }]);
    expect(error.code).toBe('VERIFICATION_FAILED');
    expect(error.hint).toMatch(/^A trusted key signed a payload that strict verifiers .* refuse/);
    expect(error.hint).not.toMatch(/[Ss]ign the images with a key/);

    const { signedRef } = await signedAndUnsigned();
    // A loopback port nothing listens on: refused at once.
    const unreachable = `127.0.0.1:${await findFreePort()}/gate-action/app@${digest}`;
    const mixed = runHarness();
    const couldNot = (await run(inputsFor([signedRef, unreachable]), mixed.dependencies).catch(
      (e: unknown) => e,
    )) as SigilError;
    expect((mixed.outputs['failed'] as { reason: string }[]).map((f) => f.reason)).toEqual([
      'REGISTRY_UNREACHABLE',
    ]);
    expect([couldNot.code, couldNot.input]).toEqual(['REGISTRY_UNREACHABLE', 'images']);
    expect(couldNot.hint).not.toMatch(/[Ss]ign the images with a key/);

    // Judged and could-not-check together: each gets its own fix, neither the signing one.
    const both = runHarness();
    const together = (await run(inputsFor([image, unreachable]), both.dependencies).catch(
      (e: unknown) => e,
    )) as SigilError;
    expect(together.code).toBe('VERIFICATION_FAILED');
    expect(together.hint).toContain('strict verifiers');
    expect(together.hint).toContain('Check the registry host in `images`');
    expect(together.hint).not.toMatch(/[Ss]ign the images with a key/);
  });
});
