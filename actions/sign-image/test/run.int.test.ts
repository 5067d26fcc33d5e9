import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SigningKey } from '@sigil/keys';
import { parseImageList } from '@sigil/oci';
import { readSignatures } from '../../../packages/signatures/src/signature-store.js';
import { SigilError } from '@sigil/core';
import { RegistryClient, createCredentialSource, type RepositoryRef } from '@sigil/oci';
import {
  actionRunHarness,
  pushTestImage,
  pushTestIndex,
  startRegistry,
  type StartedRegistry,
} from '@sigil/testing';
import { writeReport } from '../../../packages/toolkit/src/outputs.js';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { SignImageInputs } from '../src/inputs.js';
import { run } from '../src/run.js';

let server: StartedRegistry;
let setup: RegistryClient;
const key = new SigningKey(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey);
const scratch = mkdtempSync(path.join(tmpdir(), 'sign-run-'));
const runHarness = actionRunHarness({ writeReport, scratch });

beforeAll(async () => {
  server = await startRegistry({ auth: 'htpasswd' });
  setup = new RegistryClient({ credentials: createCredentialSource({ explicit: server.credentials }) });
});

afterAll(async () => {
  setup.close();
  await server.stop();
});

const repo = (name: string): RepositoryRef => ({ registry: server.host, repository: name });

function inputsFor(images: string[], overrides: Partial<SignImageInputs> = {}): SignImageInputs {
  return {
    images: parseImageList(images, 'images'),
    key: { engine: 'native', key, source: 'env:COSIGN_KEY' },
    signatureFormat: 'legacy',
    recursive: false,
    annotations: {},
    registry: { credentials: server.credentials, insecureRegistries: [], concurrency: 4, timeoutSeconds: 60 },
    showSummary: true,
    ...overrides,
  };
}

describe('sign-image run', () => {
  it('signs by tag and digest with the input credentials, and writes outputs, report and summary', async () => {
    const tagged = await pushTestImage(setup, repo('action/app'), { tag: 'v1' });
    const pinned = await pushTestImage(setup, repo('action/worker'));
    const h = runHarness();
    const byTag = `${server.host}/action/app:v1`;
    const byDigest = `${server.host}/action/worker@${pinned.digest}`;
    await run(inputsFor([byTag, byDigest, byTag]), h.dependencies);

    const signatures = h.outputs['signatures'] as { image: string; digest: string; ref: string }[];
    expect(signatures.map((s) => [s.image, s.digest])).toEqual([
      [byTag, tagged.digest],
      [byDigest, pinned.digest],
    ]);
    expect(h.outputs['digests']).toBe(`${tagged.digest}\n${pinned.digest}`);
    expect(h.outputs['images']).toBe(
      `${server.host}/action/app@${tagged.digest}\n${server.host}/action/worker@${pinned.digest}`,
    );
    expect(h.outputs['certificate-identity']).toBe('');
    expect(h.warnings.some((w) => w.includes(byTag) && w.includes(tagged.digest))).toBe(true);
    expect((await readSignatures(setup, repo('action/app'), tagged.digest))?.layers).toHaveLength(1);

    const reportText = readFileSync(h.outputs['report-path'] as string, 'utf8');
    const report = JSON.parse(reportText);
    expect(report).toMatchObject({
      schemaVersion: 1,
      inputs: { key: { id: key.publicKey.id, source: 'env:COSIGN_KEY' }, registryCredentials: true },
      images: [
        { image: byTag, tag: 'v1', digest: tagged.digest, signed: true },
        { image: byDigest, digest: pinned.digest, signed: true },
      ],
    });
    expect(reportText).not.toContain(server.credentials?.password ?? 'none');
    expect(h.summaries.join('\n')).toContain(tagged.digest);
  });

  it('signature-format: both writes the .sig tag and a bundle referrer (fallback tag); a re-run writes neither', async () => {
    const image = await pushTestImage(setup, repo('action/both'));
    const pinned = `${server.host}/action/both@${image.digest}`;
    const first = runHarness();
    await run(inputsFor([pinned], { signatureFormat: 'both' }), first.dependencies);
    const written = first.outputs['signatures'] as Record<string, unknown>[];
    expect(written).toEqual([
      {
        image: pinned,
        digest: image.digest,
        format: 'legacy',
        ref: `${server.host}/action/both:${image.digest.replace(':', '-')}.sig`,
        deduplicated: false,
      },
      {
        image: pinned,
        digest: image.digest,
        format: 'bundle',
        ref: expect.stringMatching(new RegExp(`^${server.host}/action/both@sha256:[0-9a-f]{64}$`)),
        listedThrough: 'referrers-tag',
        deduplicated: false,
      },
    ]);
    const referrers = await setup.listReferrers(repo('action/both'), image.digest);
    expect(referrers.descriptors.map((entry) => `${server.host}/action/both@${entry.digest}`)).toEqual([
      written[1]?.['ref'],
    ]);
    const summary = first.summaries.join('\n');
    expect(summary).toContain('| Image | Digest | Format | Signature | Result |');
    expect(summary).toContain('bundle (referrers tag)');
    expect(summary).toContain('Nothing was published to a transparency log');
    const report = JSON.parse(readFileSync(first.outputs['report-path'] as string, 'utf8'));
    expect(report.inputs).toMatchObject({ signatureFormat: 'both', transparencyLog: 'none' });

    const again = runHarness();
    await run(inputsFor([pinned], { signatureFormat: 'both' }), again.dependencies);
    expect(again.outputs['signatures']).toEqual(written.map((entry) => ({ ...entry, deduplicated: true })));
    expect((await readSignatures(setup, repo('action/both'), image.digest))?.layers).toHaveLength(1);
    expect((await setup.listReferrers(repo('action/both'), image.digest)).descriptors).toHaveLength(1);
  });

  it('recursive signs the index and each platform manifest', async () => {
    const index = await pushTestIndex(setup, repo('action/multi'), { tag: 'v1' });
    const h = runHarness();
    await run(
      inputsFor([`${server.host}/action/multi@${index.digest}`], { recursive: true }),
      h.dependencies,
    );
    expect(h.outputs['digests']).toBe([index.digest, ...index.images.map((i) => i.digest)].join('\n'));
  });

  it('uses the Docker config when no credentials are given', async () => {
    const image = await pushTestImage(setup, repo('action/docker-config'));
    const config = path.join(scratch, 'config.json');
    const { username, password } = server.credentials ?? { username: '', password: '' };
    const auth = Buffer.from(`${username}:${password}`).toString('base64');
    writeFileSync(config, JSON.stringify({ auths: { [server.host]: { auth } } }));
    const h = runHarness({ environment: { dockerConfigPath: config } });
    const inputs = inputsFor([`${server.host}/action/docker-config@${image.digest}`]);
    await run({ ...inputs, registry: { ...inputs.registry, credentials: undefined } }, h.dependencies);
    expect(h.outputs['digests']).toBe(image.digest);
    // The password and its Basic form were masked as soon as they were read from the Docker config.
    expect(h.masked).toEqual(expect.arrayContaining([password, auth]));
  });

  it('signs what it can, records it, then fails naming each image that could not be signed', async () => {
    const image = await pushTestImage(setup, repo('action/partial'));
    const good = `${server.host}/action/partial@${image.digest}`;
    const missing = `${server.host}/action/partial:does-not-exist`;
    const h = runHarness();
    const error = await run(inputsFor([good, missing]), h.dependencies).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SigilError);
    expect((error as SigilError).code).toBe('MANIFEST_NOT_FOUND');
    expect((error as SigilError).message).toContain(missing);
    expect(h.outputs['digests']).toBe(image.digest);
    expect(h.summaries.join('\n')).toContain('MANIFEST_NOT_FOUND');
  });

  it('without credentials, the registry refuses and the error says so', async () => {
    const image = await pushTestImage(setup, repo('action/anonymous'));
    const h = runHarness();
    const inputs = inputsFor([`${server.host}/action/anonymous@${image.digest}`]);
    const error = await run(
      { ...inputs, registry: { ...inputs.registry, credentials: undefined } },
      h.dependencies,
    ).catch((e: unknown) => e);
    expect((error as SigilError).code).toBe('REGISTRY_AUTH');
  });
});
