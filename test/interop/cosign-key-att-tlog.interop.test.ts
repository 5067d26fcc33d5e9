import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { attestationTag } from '@sigil/attestations';
import { runGate, type GateCheck, type GateResult } from '@sigil/gate';
import { parsePublicKey } from '@sigil/keys';
import { RegistryClient, parseReference, type RepositoryRef } from '@sigil/oci';
import { pushTestImage, startRegistry, type StartedRegistry } from '@sigil/testing';
import { startSigstoreStack, type SigstoreStack } from '@sigil/testing/sigstore-stack';
import { LoadedTrustedRoot } from '@sigil/transparency';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCosign, type CosignMajor } from '../support/cosign-cli.js';

type GatePolicy = Parameters<typeof runGate>[2];

/**
 * cosign `attest --key` with a transparency log, in the legacy `.att` format: the layer carries cosign's Rekor
 * bundle annotation (a `dsse` 0.0.1 entry in the loopback Rekor). With `trusted-root` the gate verifies it (the SET
 * with the root's Rekor key, the entry against this envelope, signature and key), so `require-tlog: true` accepts
 * the layer; an edited or foreign Rekor bundle fails the layer (TLOG_INVALID); without `trusted-root` it is set
 * aside unchecked, and `require-tlog` then has nothing verified to accept.
 */
const fixtures = new URL('../fixtures/attestation/', import.meta.url).pathname;
const SPDX = 'https://spdx.dev/Document';

let registry: StartedRegistry;
let stack: SigstoreStack;
let client: RegistryClient;
let work: string;
let keyPath: string;
let publicKeyPem: string;
let password: string;
let rekorKey: string;

const pem = (label: string, base64: string) =>
  `-----BEGIN ${label}-----\n${base64.replace(/.{64}/g, '$&\n').replace(/\n$/, '')}\n-----END ${label}-----\n`;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'sigil-key-att-tlog-'));
  [registry, stack] = await Promise.all([startRegistry(), startSigstoreStack()]);
  client = new RegistryClient({ timeoutMs: 60_000 });
  password = 'correct horse battery staple';
  const generated = await runCosign(
    'v2',
    ['generate-key-pair', '--output-key-prefix', join(work, 'cosign')],
    {
      env: { COSIGN_PASSWORD: password },
    },
  );
  expect(generated.code).toBe(0);
  keyPath = join(work, 'cosign.key');
  publicKeyPem = readFileSync(join(work, 'cosign.pub'), 'utf8');
  // cosign v2 takes a private Rekor's key through its environment.
  rekorKey = join(work, 'rekor.pub');
  const root = stack.trustedRoot as { tlogs: { publicKey: { rawBytes: string } }[] };
  writeFileSync(rekorKey, pem('PUBLIC KEY', root.tlogs[0]?.publicKey.rawBytes ?? ''));
}, 120_000);

afterAll(async () => {
  client?.close();
  await Promise.all([registry?.stop(), stack?.stop()]);
  if (work !== undefined) await rm(work, { recursive: true, force: true });
});

async function attested(
  name: string,
  major: CosignMajor,
): Promise<{ repo: RepositoryRef; ref: string; digest: string }> {
  const repo = { registry: registry.host, repository: `key-att-tlog/${name}` };
  const { digest } = await pushTestImage(client, repo);
  const ref = `${repo.registry}/${repo.repository}@${digest}`;
  const files = major === 'v3' ? await stack.writeFiles(join(work, `v3-${name}`)) : undefined;
  const run = await runCosign(
    major,
    [
      'attest',
      '--key',
      keyPath,
      '--type',
      'spdxjson',
      '--predicate',
      join(fixtures, 'spdx-2.3.json'),
      ...(files === undefined
        ? []
        : ['--new-bundle-format=false', '--use-signing-config=false', '--trusted-root', files.trustedRoot]),
      '--tlog-upload=true',
      '--rekor-url',
      stack.rekorURL,
      '--allow-http-registry',
      '--yes',
      ref,
    ],
    { env: { COSIGN_PASSWORD: password, SIGSTORE_REKOR_PUBLIC_KEY: rekorKey } },
  );
  expect({ code: run.code, stderr: run.code === 0 ? '' : run.stderr }).toEqual({ code: 0, stderr: '' });
  return { repo, ref, digest };
}

function gate(ref: string, policy: Partial<GatePolicy> = {}): Promise<GateResult> {
  return runGate(client, [{ image: ref, reference: parseReference(ref) }], {
    signature: { trustedKeys: [parsePublicKey(publicKeyPem)] },
    requirements: [{ kind: 'sbom' }],
    platforms: 'index',
    mode: 'enforce',
    transparency: { trustedRoot: LoadedTrustedRoot.load(stack.trustedRoot), requireTlog: true },
    ...policy,
  });
}

function sbomCheck(result: GateResult): GateCheck {
  const check = result.images[0]?.checks.find(({ check: name }) => name === 'sbom');
  if (check === undefined) throw new Error('no sbom check');
  return check;
}

/** Replaces the `.att` image's one layer annotations, as someone with push access could. */
async function editAttestation(
  target: { repo: RepositoryRef; digest: string },
  edit: (annotations: Record<string, string>) => void,
): Promise<void> {
  const tag = attestationTag(target.digest);
  const stored = await client.getManifest(target.repo, tag);
  const manifest = JSON.parse(Buffer.from(stored?.bytes ?? []).toString('utf8')) as {
    layers: { annotations: Record<string, string> }[];
  };
  edit(manifest.layers[0]!.annotations);
  await client.putManifest(
    target.repo,
    tag,
    new TextEncoder().encode(JSON.stringify(manifest)),
    stored?.mediaType ?? 'application/vnd.oci.image.manifest.v1+json',
  );
}

describe.each(['v2', 'v3'] as const)(
  'cosign %s attest --key with a Rekor log, legacy .att → the gate',
  (major) => {
    it('verifies the Rekor bundle: require-tlog accepts the layer, and reports it logged', async () => {
      const target = await attested(`logged-${major}`, major);
      const check = sbomCheck(await gate(target.ref));
      expect(check).toMatchObject({ passed: true, source: 'att-tag', predicateType: SPDX });
      expect(check.attestationLayers?.[0]).toMatchObject({ verified: true, logged: true });
      // Without a trusted root nothing about the log is verified: require-tlog has nothing to accept.
      const unchecked = sbomCheck(await gate(target.ref, { transparency: { requireTlog: true } }));
      expect(unchecked).toMatchObject({ passed: false });
    });

    it('an edited Rekor bundle, or one copied from another attestation, fails the layer (TLOG_INVALID)', async () => {
      const [edited, copied, donor] = await Promise.all([
        attested(`edited-${major}`, major),
        attested(`copied-${major}`, major),
        attested(`donor-${major}`, major),
      ]);
      await editAttestation(edited, (annotations) => {
        const bundle = JSON.parse(annotations['dev.sigstore.cosign/bundle']!) as {
          Payload: { logIndex: number };
        };
        bundle.Payload.logIndex += 1;
        annotations['dev.sigstore.cosign/bundle'] = JSON.stringify(bundle);
      });
      const donorManifest = JSON.parse(
        Buffer.from(
          (await client.getManifest(donor.repo, attestationTag(donor.digest)))?.bytes ?? [],
        ).toString('utf8'),
      ) as { layers: { annotations: Record<string, string> }[] };
      await editAttestation(copied, (annotations) => {
        annotations['dev.sigstore.cosign/bundle'] =
          donorManifest.layers[0]!.annotations['dev.sigstore.cosign/bundle']!;
      });
      for (const target of [edited, copied]) {
        const check = sbomCheck(
          await gate(target.ref, {
            transparency: { trustedRoot: LoadedTrustedRoot.load(stack.trustedRoot), requireTlog: 'auto' },
          }),
        );
        expect({ image: target.ref, check }).toMatchObject({
          image: target.ref,
          check: { passed: false, reason: 'TLOG_INVALID' },
        });
      }
    });
  },
);
