import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SigningKey } from '@sigil/keys';
import { parseImageList, type ImageTarget } from '@sigil/oci';
import { readAttestations, verifyImageAttestations } from '@sigil/attestations';
import { SigilError } from '@sigil/core';
import { RegistryClient, createCredentialSource, type RepositoryRef } from '@sigil/oci';
import { SLSA_PROVENANCE_V1, validateSlsaV1Predicate, type BuildContext } from '@sigil/provenance';
import {
  actionRunHarness,
  pushTestImage,
  pushTestIndex,
  startRegistry,
  type StartedRegistry,
} from '@sigil/testing';
import { writeReport } from '../../../packages/toolkit/src/outputs.js';
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { AttestProvenanceInputs } from '../src/inputs.js';
import { generatedPredicate } from '../src/predicate-input.js';
import { run } from '../src/run.js';

let server: StartedRegistry;
let setup: RegistryClient;
const key = new SigningKey(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey);
const otherKey = new SigningKey(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey);
const runHarness = actionRunHarness({ writeReport });

const CONTEXT: BuildContext = {
  serverUrl: 'https://github.com',
  repository: 'octocat/hello-world',
  repositoryId: '1296269',
  repositoryOwnerId: '583231',
  eventName: 'push',
  ref: 'refs/tags/v1.2.0',
  sha: 'c27d339ee6075c1f744c5d4b200f7901aad2c369',
  workflowRef: 'octocat/hello-world/.github/workflows/release.yml@refs/tags/v1.2.0',
  runId: '1536140711',
  runAttempt: '1',
  runnerEnvironment: 'github-hosted',
};

beforeAll(async () => {
  server = await startRegistry({ auth: 'htpasswd' });
  setup = new RegistryClient({ credentials: createCredentialSource({ explicit: server.credentials }) });
});

afterAll(async () => {
  setup.close();
  await server.stop();
});

const repo = (name: string): RepositoryRef => ({ registry: server.host, repository: name });

function inputsFor(
  images: string[],
  overrides: Partial<AttestProvenanceInputs> = {},
): AttestProvenanceInputs {
  return {
    images: parseImageList(images, 'images'),
    predicate: generatedPredicate(CONTEXT),
    recursive: false,
    replace: true,
    signatureFormat: 'legacy',
    key: { engine: 'native', key, source: 'env:COSIGN_KEY' },
    registry: { credentials: server.credentials, insecureRegistries: [], concurrency: 4, timeoutSeconds: 60 },
    showSummary: true,
    ...overrides,
  };
}

async function verify(target: Pick<ImageTarget, 'image' | 'repo' | 'digest'>, trusted = key) {
  return verifyImageAttestations(setup, target, {
    trustedKeys: [trusted.publicKey],
    predicateType: SLSA_PROVENANCE_V1,
    validatePredicate: validateSlsaV1Predicate,
  });
}

interface AttestationOutput {
  image: string;
  digest: string;
  platform?: string;
  predicateType: string;
  ref: string;
  replaced: number;
  deduplicated: boolean;
}

describe('attest-provenance run', () => {
  it('attests by tag and digest; the statement carries the run’s provenance and verifies with the key only', async () => {
    const tagged = await pushTestImage(setup, repo('prov/app'), { tag: 'v1' });
    const pinned = await pushTestImage(setup, repo('prov/worker'));
    const h = runHarness();
    const byTag = `${server.host}/prov/app:v1`;
    const byDigest = `${server.host}/prov/worker@${pinned.digest}`;
    await run(inputsFor([byTag, byDigest, byTag]), h.dependencies);

    expect(h.outputs['attestations']).toEqual([
      {
        image: byTag,
        digest: tagged.digest,
        predicateType: SLSA_PROVENANCE_V1,
        format: 'legacy',
        ref: `${server.host}/prov/app:${tagged.digest.replace(':', '-')}.att`,
        replaced: 0,
        deduplicated: false,
      },
      {
        image: byDigest,
        digest: pinned.digest,
        predicateType: SLSA_PROVENANCE_V1,
        format: 'legacy',
        ref: `${server.host}/prov/worker:${pinned.digest.replace(':', '-')}.att`,
        replaced: 0,
        deduplicated: false,
      },
    ]);
    expect(h.warnings.some((w) => w.includes(byTag) && w.includes(tagged.digest))).toBe(true);

    const verdict = await verify({ image: byTag, repo: repo('prov/app'), digest: tagged.digest });
    expect(verdict).toMatchObject({ verified: true, acceptedKeyIds: [key.publicKey.id] });
    const statement = verdict.statement as { _type: string; subject: unknown; predicate: unknown };
    expect(statement._type).toBe('https://in-toto.io/Statement/v0.1');
    expect(statement.subject).toEqual([
      { name: `${server.host}/prov/app`, digest: { sha256: tagged.digest.slice('sha256:'.length) } },
    ]);
    expect(statement.predicate).toEqual(JSON.parse(JSON.stringify(generatedPredicate(CONTEXT).predicate)));
    expect(
      (await verify({ image: byDigest, repo: repo('prov/worker'), digest: pinned.digest }, otherKey)).reason,
    ).toBe('ATTESTATION_UNTRUSTED');

    const report = JSON.parse(readFileSync(h.outputs['report-path'] as string, 'utf8'));
    expect(report).toMatchObject({
      schemaVersion: 1,
      kind: 'sigil/attest-provenance-report',
      inputs: {
        key: { id: key.publicKey.id, source: 'env:COSIGN_KEY' },
        predicate: 'workflow run',
        replace: true,
      },
      provenance: {
        predicateType: SLSA_PROVENANCE_V1,
        source: 'https://github.com/octocat/hello-world',
        builderId: 'https://github.com/octocat/hello-world/.github/workflows/release.yml@refs/tags/v1.2.0',
      },
      images: [
        { image: byTag, tag: 'v1', digest: tagged.digest, attested: true },
        { image: byDigest, digest: pinned.digest, attested: true },
      ],
    });
    const summary = h.summaries.join('\n');
    expect(summary).toContain('2 of 2 image(s) attested');
    expect(summary).toContain('`https://github.com/octocat/hello-world`');
    expect(summary).toContain(`${tagged.digest.replace(':', '-')}.att`);
  });

  it('a re-run keeps one provenance: the same predicate is not written twice, a new attempt replaces it', async () => {
    const image = await pushTestImage(setup, repo('prov/rerun'));
    const reference = `${server.host}/prov/rerun@${image.digest}`;
    const attempts = async (runAttempt: string, replace = true) => {
      const h = runHarness();
      const predicate = generatedPredicate({ ...CONTEXT, runAttempt });
      await run(inputsFor([reference], { predicate, replace }), h.dependencies);
      return (h.outputs['attestations'] as AttestationOutput[])[0];
    };
    const layers = async () =>
      (await readAttestations(setup, repo('prov/rerun'), image.digest))?.layers.length;

    expect(await attempts('1')).toMatchObject({ replaced: 0, deduplicated: false });
    expect(await attempts('1')).toMatchObject({ replaced: 0, deduplicated: true });
    expect(await layers()).toBe(1);
    expect(await attempts('2')).toMatchObject({ replaced: 1, deduplicated: false });
    expect(await layers()).toBe(1);
    const verdict = await verify({ image: reference, repo: repo('prov/rerun'), digest: image.digest });
    expect(
      (verdict.statement as { predicate: { runDetails: { metadata: { invocationId: string } } } }).predicate
        .runDetails.metadata.invocationId,
    ).toMatch(/\/attempts\/2$/);

    expect(await attempts('3', false)).toMatchObject({ replaced: 0, deduplicated: false });
    expect(await layers()).toBe(2);
  });

  it('recursive attests the index and each runnable platform, not the attestation manifests BuildKit adds', async () => {
    const index = await pushTestIndex(setup, repo('prov/multi'), {
      platforms: [
        { os: 'linux', architecture: 'amd64' },
        { os: 'linux', architecture: 'arm64' },
        { os: 'unknown', architecture: 'unknown' },
      ],
    });
    const reference = `${server.host}/prov/multi@${index.digest}`;
    const h = runHarness();
    await run(inputsFor([reference], { recursive: true }), h.dependencies);
    const [amd64, arm64, attestationManifest] = index.images;
    expect(
      (h.outputs['attestations'] as AttestationOutput[]).map((a) => [a.image, a.digest, a.platform]),
    ).toEqual([
      [reference, index.digest, undefined],
      [`${server.host}/prov/multi@${amd64?.digest}`, amd64?.digest, 'linux/amd64'],
      [`${server.host}/prov/multi@${arm64?.digest}`, arm64?.digest, 'linux/arm64'],
    ]);
    for (const digest of [index.digest, amd64?.digest ?? '', arm64?.digest ?? '']) {
      expect((await verify({ image: reference, repo: repo('prov/multi'), digest })).verified).toBe(true);
    }
    expect(
      await readAttestations(setup, repo('prov/multi'), attestationManifest?.digest ?? ''),
    ).toBeUndefined();
    expect(h.summaries.join('\n')).toContain('(linux/arm64)');

    const plain = runHarness();
    await run(inputsFor([reference]), plain.dependencies);
    expect((plain.outputs['attestations'] as AttestationOutput[]).map((a) => a.digest)).toEqual([
      index.digest,
    ]);
  });

  it('attests what it can, records it, then fails naming each image that could not be attested', async () => {
    const image = await pushTestImage(setup, repo('prov/partial'));
    const good = `${server.host}/prov/partial@${image.digest}`;
    const missingTag = `${server.host}/prov/partial:does-not-exist`;
    const missingDigest = `${server.host}/prov/partial@sha256:${'0'.repeat(64)}`;
    const h = runHarness();
    const error = await run(inputsFor([missingTag, good, missingDigest]), h.dependencies).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SigilError);
    expect((error as SigilError).code).toBe('MANIFEST_NOT_FOUND');
    expect((error as SigilError).message).toMatch(/^2 of 3 image\(s\) could not be attested: /);
    expect((error as SigilError).message).toContain(missingTag);
    expect((error as SigilError).message).toContain(missingDigest);
    expect((h.outputs['attestations'] as AttestationOutput[]).map((a) => a.image)).toEqual([good]);
    const report = JSON.parse(readFileSync(h.outputs['report-path'] as string, 'utf8'));
    expect(report.images.map((entry: { attested: boolean }) => entry.attested)).toEqual([false, true, false]);
    expect(h.summaries.join('\n')).toContain('MANIFEST_NOT_FOUND');
  });
});
