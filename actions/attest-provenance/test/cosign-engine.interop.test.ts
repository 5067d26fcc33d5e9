import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { generateKeyPair, loadPrivateKey } from '@sigil/keys';
import { parseImageList } from '@sigil/oci';
import { verifyImageAttestations } from '@sigil/attestations';
import { type LocatedCosign } from '@sigil/cosign-cli';
import { RegistryClient, type RepositoryRef } from '@sigil/oci';
import { SLSA_PROVENANCE_V1, validateSlsaV1Predicate, type BuildContext } from '@sigil/provenance';
import { actionRunHarness, pushTestIndex, startRegistry, type StartedRegistry } from '@sigil/testing';
import { type SigningKeyInput } from '@sigil/toolkit';
import { signingEngineFactory } from '../../../packages/toolkit/src/signing-engine-factory.js';
import { writeReport } from '../../../packages/toolkit/src/outputs.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { CosignMajor } from '../../../test/support/cosign-cli.js';
import { locateCosignMajors } from '../../../test/support/located-cosign.js';
import type { AttestProvenanceInputs } from '../src/inputs.js';
import { generatedPredicate } from '../src/predicate-input.js';
import { run } from '../src/run.js';

/**
 * attest-provenance with `engine: cosign` (the real cosign v3 and v2 CLIs): each platform of an index
 * attested, outputs as the native engine sets them, a re-run reported deduplicated, and the statement
 * cosign wrote passing sigil's SLSA v1 validation.
 */
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
const PASSWORD = 'provenance engine';
let server: StartedRegistry;
let setup: RegistryClient;
const scratch = mkdtempSync(path.join(tmpdir(), 'provenance-engine-'));
const keyPath = path.join(scratch, 'cosign.key');
let key: Awaited<ReturnType<typeof loadPrivateKey>>;
let located: Map<CosignMajor, LocatedCosign>;
const runHarness = actionRunHarness({ writeReport, scratch });

beforeAll(async () => {
  server = await startRegistry();
  setup = new RegistryClient({});
  const pair = await generateKeyPair(PASSWORD);
  writeFileSync(keyPath, pair.privateKeyPem);
  key = await loadPrivateKey(pair.privateKeyPem, PASSWORD);
  located = await locateCosignMajors(scratch);
});

afterAll(async () => {
  setup.close();
  await server.stop();
});

function runWith(major: CosignMajor, signingKey: SigningKeyInput, image: string) {
  const h = runHarness({
    signingEngine: (runner) =>
      signingEngineFactory({ ...runner, locateCosign: async () => located.get(major) as LocatedCosign }),
  });
  const inputs: AttestProvenanceInputs = {
    images: parseImageList([image], 'images'),
    predicate: generatedPredicate(CONTEXT),
    recursive: true,
    replace: true,
    signatureFormat: 'legacy',
    key: signingKey,
    registry: { credentials: undefined, insecureRegistries: [], concurrency: 4, timeoutSeconds: 120 },
    showSummary: false,
  };
  return run(inputs, h.dependencies).then(
    () => h.outputs['attestations'] as { digest: string; deduplicated: boolean; replaced: number }[],
  );
}

describe.each<CosignMajor>(['v3', 'v2'])('attest-provenance with engine: cosign (cosign %s)', (major) => {
  it('attests the index and each platform, a re-run writes nothing, and the statements pass SLSA v1 validation', async () => {
    const repo: RepositoryRef = { registry: server.host, repository: `prov-engine-${major}/app` };
    const index = await pushTestIndex(setup, repo, { tag: 'v1' });
    const image = `${server.host}/${repo.repository}@${index.digest}`;
    const cosignKey: SigningKeyInput = {
      engine: 'cosign',
      key: { kind: 'file', path: keyPath },
      password: PASSWORD,
      source: 'file:cosign.key',
      chosenBy: { input: 'engine' },
    };
    const first = await runWith(major, cosignKey, image);
    const expected = [index.digest, ...index.images.map((child) => child.digest)];
    expect(first.map((entry) => [entry.digest, entry.deduplicated, entry.replaced])).toEqual(
      expected.map((digest) => [digest, false, 0]),
    );
    const again = await runWith(major, cosignKey, image);
    expect(again.map((entry) => [entry.digest, entry.deduplicated, entry.replaced])).toEqual(
      expected.map((digest) => [digest, true, 0]),
    );
    // The native engine de-duplicates byte-identical statements only (it never parses a large predicate
    // to compare it); cosign serialises the predicate its own way, so a native run replaces each one.
    const native = await runWith(major, { engine: 'native', key, source: 'file:cosign.key' }, image);
    expect(native.map((entry) => [entry.digest, entry.deduplicated, entry.replaced])).toEqual(
      expected.map((digest) => [digest, false, 1]),
    );
    // …and the cosign engine then recognises the native statements as the same attestation.
    const afterNative = await runWith(major, cosignKey, image);
    expect(afterNative).toEqual(again);
    for (const digest of expected) {
      const verdict = await verifyImageAttestations(
        setup,
        { image: digest, repo, digest },
        {
          trustedKeys: [key.publicKey],
          predicateType: SLSA_PROVENANCE_V1,
          validatePredicate: validateSlsaV1Predicate,
        },
      );
      expect({ digest, verified: verdict.verified, message: verdict.message }).toMatchObject({
        digest,
        verified: true,
      });
    }
  });
});
