import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { runGate, type GateResult } from '@sigil/gate';
import type { GatePolicy } from '../../gate/src/gate-policy.js';
import { RegistryClient, parseReference, type ImageTarget, type RepositoryRef } from '@sigil/oci';
import { parseSignatureManifest, signatureTag } from '@sigil/signatures';
import {
  pushTestImage,
  startReferrersRegistry,
  startRegistry,
  type StartedReferrersRegistry,
  type StartedRegistry,
} from '@sigil/testing';
import { startSigstoreStack, type SigstoreStack } from '@sigil/testing/sigstore-stack';
import { LoadedTrustedRoot } from '@sigil/transparency';
import { KeylessSigner } from '@sigil/transparency/keyless';
import { NativeSigningEngine } from '../src/index.js';

/**
 * The native engine signing keyless on the loopback Sigstore stack (Fulcio, Rekor v1, TSA behind node:http):
 * one certificate for a whole run, both formats written as cosign writes them, a re-run (a new job attempt: a
 * new key, a new certificate for the same identity) writing and logging nothing twice, and the gate accepting
 * what was written for the stack's identity only.
 */
let distribution: StartedRegistry;
let referrersApi: StartedReferrersRegistry;
let stack: SigstoreStack;
let client: RegistryClient;
let root: LoadedTrustedRoot;

const FULCIO = '/api/v2/signingCert';
const REKOR = '/api/v1/log/entries';

beforeAll(async () => {
  [distribution, referrersApi, stack] = await Promise.all([
    startRegistry(),
    startReferrersRegistry(),
    startSigstoreStack({ issuer: 'github' }),
  ]);
  client = new RegistryClient({ timeoutMs: 60_000 });
  root = LoadedTrustedRoot.load(stack.trustedRoot);
});

afterAll(async () => {
  client?.close();
  await Promise.all([distribution?.stop(), referrersApi?.stop(), stack?.stop()]);
});

const signerFor = (token = stack.token()) =>
  new KeylessSigner({
    identityToken: token,
    fulcioURL: stack.fulcioURL,
    rekorURL: stack.rekorURL,
    tsaURL: stack.tsaURL,
  });

const count = (path: string) => stack.requests()[path] ?? 0;

let counter = 0;
async function images(host: string, how: number): Promise<ImageTarget[]> {
  const repo: RepositoryRef = { registry: host, repository: `keyless-engine/app-${++counter}` };
  const targets: ImageTarget[] = [];
  for (let index = 0; index < how; index++) {
    const { digest } = await pushTestImage(client, repo);
    const image = `${host}/${repo.repository}@${digest}`;
    targets.push({ image, repo, digest, tag: undefined });
  }
  return targets;
}

function policy(subject: string): GatePolicy {
  return {
    signature: { trustedKeys: [] },
    requirements: [{ kind: 'signature' }],
    platforms: 'index',
    mode: 'enforce',
    keyless: {
      identities: [{ subject: { exact: subject }, issuer: stack.identity.issuer }],
      github: { denySelfHostedRunners: true },
    },
    transparency: { trustedRoot: root, requireTlog: 'auto' },
  };
}

const gate = (targets: readonly ImageTarget[], gatePolicy: GatePolicy): Promise<GateResult> =>
  runGate(
    client,
    targets.map((target) => ({ image: target.image, reference: parseReference(target.image) })),
    gatePolicy,
  );

const written = (outcomes: Awaited<ReturnType<NativeSigningEngine['signImages']>>) =>
  outcomes.flatMap((outcome) => (outcome.ok ? outcome.signatures : []));

describe.each([
  ['Distribution 2.8 (referrers tag)', () => distribution.host],
  ['go-containerregistry (referrers API)', () => referrersApi.host],
])('keyless signing on %s', (_name, host) => {
  it('signs 5 images in both formats with one Fulcio certificate; the gate accepts that identity only', async () => {
    const targets = await images(host(), 5);
    const [fulcioBefore, rekorBefore] = [count(FULCIO), count(REKOR)];
    const engine = new NativeSigningEngine(client, signerFor());
    const outcomes = await engine.signImages(targets, { format: 'both', concurrency: 4 });
    expect(outcomes.every((outcome) => outcome.ok)).toBe(true);
    const signatures = written(outcomes);
    expect(signatures.map((signature) => signature.format).sort()).toEqual([
      ...Array<string>(5).fill('bundle'),
      ...Array<string>(5).fill('legacy'),
    ]);
    expect(signatures.every((signature) => !signature.deduplicated)).toBe(true);
    expect(signatures.filter((signature) => signature.tlogIndex !== undefined)).toHaveLength(10);
    // One certificate for the run (cosign asks Fulcio once per image); one Rekor entry per signature.
    expect(count(FULCIO) - fulcioBefore).toBe(1);
    expect(count(REKOR) - rekorBefore).toBe(10);
    expect(await engine.signerIdentity()).toEqual({ kind: 'keyless', certificate: stack.identity });

    // cosign's keyless .sig layer: signature, Rekor bundle, certificate and chain, keys sorted as Go writes them.
    const target = targets[0] as ImageTarget;
    const sig = await client.getManifest(target.repo, signatureTag(target.digest));
    const layer = sig === undefined ? undefined : parseSignatureManifest(sig, 'sig').layers[0];
    expect(Object.keys(layer?.annotations ?? {})).toEqual([
      'dev.cosignproject.cosign/signature',
      'dev.sigstore.cosign/bundle',
      'dev.sigstore.cosign/certificate',
      'dev.sigstore.cosign/chain',
    ]);

    const passed = await gate(targets, policy(stack.identity.subjectAlternativeName));
    expect(passed.verified).toBe(true);
    const other = await gate(
      targets,
      policy('https://github.com/someone/else/.github/workflows/release.yml@refs/heads/main'),
    );
    expect(other.verified).toBe(false);
    expect(other.images[0]?.reasons).toContain('CERTIFICATE_IDENTITY_MISMATCH');
  });

  it('a re-run (new attempt, key and certificate; same identity) writes and logs nothing; another workflow signs anew', async () => {
    const targets = await images(host(), 2);
    await new NativeSigningEngine(client, signerFor()).signImages(targets, { format: 'both' });
    const rekorBefore = count(REKOR);
    const rerun = await new NativeSigningEngine(
      client,
      signerFor(stack.token({ claims: { run_attempt: '2' } })),
    ).signImages(targets, { format: 'both' });
    expect(written(rerun)).toHaveLength(4);
    expect(written(rerun).every((signature) => signature.deduplicated)).toBe(true);
    expect(count(REKOR)).toBe(rekorBefore);

    const otherWorkflow = stack.token({ identity: { workflow: '.github/workflows/other.yml' } });
    const other = await new NativeSigningEngine(client, signerFor(otherWorkflow)).signImages(targets, {
      format: 'both',
    });
    expect(written(other)).toHaveLength(4);
    expect(written(other).every((signature) => !signature.deduplicated)).toBe(true);
  });

  it("an SBOM attested keyless as actions/attest labels it (SPDX …/v2.3) meets the gate's sbom requirement", async () => {
    const [target] = (await images(host(), 1)) as [ImageTarget];
    const engine = new NativeSigningEngine(client, signerFor());
    await engine.signImages([target], { format: 'bundle' });
    await engine.attestImage(
      target,
      {
        predicateType: 'https://spdx.dev/Document/v2.3',
        predicate: new TextEncoder().encode(
          JSON.stringify({
            spdxVersion: 'SPDX-2.3',
            dataLicense: 'CC0-1.0',
            SPDXID: 'SPDXRef-DOCUMENT',
            name: 'app',
            documentNamespace: 'https://example.com/spdx/app-1',
            creationInfo: { created: '2026-01-02T03:04:05Z', creators: ['Tool: syft-1.57.0'] },
            packages: [],
          }),
        ),
      },
      { format: 'bundle' },
    );
    const sbom: GatePolicy = {
      ...policy(stack.identity.subjectAlternativeName),
      requirements: [{ kind: 'signature' }, { kind: 'sbom' }],
    };
    const result = await gate([target], sbom);
    expect(result.verified).toBe(true);
    const check = result.images[0]?.checks.find((candidate) => candidate.check === 'sbom');
    expect(check).toMatchObject({ passed: true });
  });

  it('attests keyless in both formats, each once: a bundle, and a .att layer as cosign attest writes it', async () => {
    const [target] = (await images(host(), 1)) as [ImageTarget];
    const engine = new NativeSigningEngine(client, signerFor());
    const attestation = {
      predicateType: 'https://spdx.dev/Document',
      predicate: new TextEncoder().encode('{"spdxVersion":"SPDX-2.3","name":"app"}'),
    };
    const bundle = await engine.attestImage(target, attestation, { format: 'bundle' });
    expect(bundle).toMatchObject({ format: 'bundle', deduplicated: false });
    expect(bundle.tlogIndex).toMatch(/^\d+$/);
    const legacy = await engine.attestImage(target, attestation, { format: 'legacy' });
    expect(legacy).toMatchObject({ format: 'legacy', deduplicated: false });
    expect(legacy.tlogIndex).toMatch(/^\d+$/);
    const att = await client.getManifest(target.repo, `sha256-${target.digest.slice(7)}.att`);
    const layer = att === undefined ? undefined : parseSignatureManifest(att, 'att', 'att').layers[0];
    expect(layer?.mediaType).toBe('application/vnd.dsse.envelope.v1+json');
    expect(Object.keys(layer?.annotations ?? {})).toEqual([
      'dev.cosignproject.cosign/signature',
      'dev.sigstore.cosign/bundle',
      'dev.sigstore.cosign/certificate',
      'dev.sigstore.cosign/chain',
      'predicateType',
    ]);
    expect(layer?.annotations?.['dev.cosignproject.cosign/signature']).toBe('');
    // A re-run (a new attempt: new key and certificate, same identity) writes and logs nothing in either format.
    const rekorBefore = count(REKOR);
    const rerun = new NativeSigningEngine(client, signerFor(stack.token({ claims: { run_attempt: '2' } })));
    expect(await rerun.attestImage(target, attestation, { format: 'bundle' })).toMatchObject({
      deduplicated: true,
      ref: bundle.ref,
    });
    expect(await rerun.attestImage(target, attestation, { format: 'legacy' })).toMatchObject({
      deduplicated: true,
      ref: legacy.ref,
    });
    expect(count(REKOR)).toBe(rekorBefore);
  });
});
