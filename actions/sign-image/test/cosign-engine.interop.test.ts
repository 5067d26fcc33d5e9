import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { generateKeyPair, loadPrivateKey } from '@sigil/keys';
import { parseImageList } from '@sigil/oci';
import { verifyImageSignatures } from '@sigil/signatures';
import { type LocatedCosign } from '@sigil/cosign-cli';
import { RegistryClient, createCredentialSource, type RepositoryRef } from '@sigil/oci';
import { actionRunHarness, pushTestImage, startRegistry, type StartedRegistry } from '@sigil/testing';
import { type SigningKeyInput } from '@sigil/toolkit';
import { signingEngineFactory } from '../../../packages/toolkit/src/signing-engine-factory.js';
import { writeReport } from '../../../packages/toolkit/src/outputs.js';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { CosignMajor } from '../../../test/support/cosign-cli.js';
import { locateCosignMajors } from '../../../test/support/located-cosign.js';
import type { SignImageInputs } from '../src/inputs.js';
import { run } from '../src/run.js';

/**
 * sign-image with `engine: cosign` (the real cosign v3 and v2 CLIs) against a registry with htpasswd
 * auth: the same outputs, summary and report as the native engine, the report naming the engine.
 */
const PASSWORD = 'sign-image engine';
let server: StartedRegistry;
let setup: RegistryClient;
const scratch = mkdtempSync(path.join(tmpdir(), 'sign-engine-'));
const keyPath = path.join(scratch, 'cosign.key');
let key: Awaited<ReturnType<typeof loadPrivateKey>>;
let located: Map<CosignMajor, LocatedCosign>;
const runHarness = actionRunHarness({ writeReport, scratch });

beforeAll(async () => {
  server = await startRegistry({ auth: 'htpasswd' });
  setup = new RegistryClient({ credentials: createCredentialSource({ explicit: server.credentials }) });
  const pair = await generateKeyPair(PASSWORD);
  writeFileSync(keyPath, pair.privateKeyPem);
  key = await loadPrivateKey(pair.privateKeyPem, PASSWORD);
  located = await locateCosignMajors(scratch);
});

afterAll(async () => {
  setup.close();
  await server.stop();
});

const repo = (name: string): RepositoryRef => ({ registry: server.host, repository: name });

function inputsFor(images: string[], signingKey: SigningKeyInput): SignImageInputs {
  return {
    images: parseImageList(images, 'images'),
    key: signingKey,
    signatureFormat: 'legacy',
    recursive: false,
    annotations: { team: 'payments' },
    registry: {
      credentials: server.credentials,
      insecureRegistries: [],
      concurrency: 4,
      timeoutSeconds: 120,
    },
    showSummary: true,
  };
}

function harness(major: CosignMajor) {
  return runHarness({
    signingEngine: (runner) =>
      signingEngineFactory({ ...runner, locateCosign: async () => located.get(major) as LocatedCosign }),
  });
}

/** Outputs, summary and report with what differs between two images (repository, digest) written alike. */
function normalised(value: unknown, names: readonly string[], digests: readonly string[]): unknown {
  let text = JSON.stringify(value);
  for (const digest of digests) text = text.replaceAll(digest.slice('sha256:'.length), 'HEX');
  for (const name of names) text = text.replaceAll(name, 'REPO');
  return JSON.parse(text);
}

describe.each<CosignMajor>(['v3', 'v2'])('sign-image with engine: cosign (cosign %s)', (major) => {
  it('sets the same outputs and writes the same summary and report as the native engine', async () => {
    const viaCosign = await pushTestImage(setup, repo(`engine-${major}/cosign`));
    const viaNative = await pushTestImage(setup, repo(`engine-${major}/native`));
    const cosignRun = harness(major);
    const nativeRun = harness(major);
    const cosignKey: SigningKeyInput = {
      engine: 'cosign',
      key: { kind: 'file', path: keyPath },
      password: PASSWORD,
      source: 'file:cosign.key',
      chosenBy: { input: 'engine' },
    };
    const nativeKey: SigningKeyInput = { engine: 'native', key, source: 'file:cosign.key' };
    for (let round = 0; round < 2; round++) {
      await run(
        inputsFor([`${server.host}/engine-${major}/cosign@${viaCosign.digest}`], cosignKey),
        cosignRun.dependencies,
      );
      await run(
        inputsFor([`${server.host}/engine-${major}/native@${viaNative.digest}`], nativeKey),
        nativeRun.dependencies,
      );
      const same = (value: unknown, name: string, digest: string) =>
        normalised(value, [`engine-${major}/${name}`], [digest]);
      expect(same(cosignRun.outputs['signatures'], 'cosign', viaCosign.digest)).toEqual(
        same(nativeRun.outputs['signatures'], 'native', viaNative.digest),
      );
      expect((cosignRun.outputs['signatures'] as { deduplicated: boolean }[])[0]?.deduplicated).toBe(
        round === 1,
      );
      expect(same(cosignRun.summaries.at(-1), 'cosign', viaCosign.digest)).toEqual(
        same(nativeRun.summaries.at(-1), 'native', viaNative.digest),
      );
      const report = (h: typeof cosignRun) =>
        JSON.parse(readFileSync(h.outputs['report-path'] as string, 'utf8'));
      const { generatedAt: _a, ...cosignReport } = report(cosignRun);
      const { generatedAt: _b, ...nativeReport } = report(nativeRun);
      expect(cosignReport.inputs.engine).toBe('cosign');
      expect(nativeReport.inputs.engine).toBe('native');
      expect(cosignReport.inputs.key).toEqual({ id: key.publicKey.id, source: 'file:cosign.key' });
      const withoutEngine = (r: { inputs: Record<string, unknown> }) => ({
        ...r,
        inputs: { ...r.inputs, engine: '-' },
      });
      expect(same(withoutEngine(cosignReport), 'cosign', viaCosign.digest)).toEqual(
        same(withoutEngine(nativeReport), 'native', viaNative.digest),
      );
    }
    const target = { image: 'x', repo: repo(`engine-${major}/cosign`), digest: viaCosign.digest };
    expect(
      await verifyImageSignatures(setup, target, {
        trustedKeys: [key.publicKey],
        annotations: { team: 'payments' },
      }),
    ).toMatchObject({ verified: true });
    expect(cosignRun.lines).toContain('engine: cosign — the cosign CLI signs and verifies.');
    expect(cosignRun.lines.join('\n')).not.toContain(PASSWORD);
    expect(cosignRun.lines.join('\n')).not.toContain(server.credentials?.password ?? 'none');
  });
});
