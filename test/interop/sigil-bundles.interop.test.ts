import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { attestImageBundle, signImageBundles } from '@sigil/bundles';
import { loadPrivateKey, type SigningKey } from '@sigil/keys';
import { RegistryClient, type RepositoryRef } from '@sigil/oci';
import {
  pushTestImage,
  startReferrersRegistry,
  startRegistry,
  type StartedReferrersRegistry,
  type StartedRegistry,
} from '@sigil/testing';
import { bundleFromJSON } from '@sigstore/bundle';
import { TrustedRoot } from '@sigstore/protobuf-specs';
import { Verifier, toSignedEntity, toTrustMaterial } from '@sigstore/verify';
import { createPublicKey } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bytes, cycloneDxBom } from '../../packages/gate/test/support/predicates.js';
import { runCosign } from '../support/cosign-cli.js';

/**
 * The other direction of cosign v3 interop: sigil writes Sigstore bundle referrers (key-based, no log) in
 * Docker Distribution (fallback index) and go-containerregistry (referrers API); cosign v3.1.3's `verify` and
 * `verify-attestation` with their default bundle handling accept them, refuse another key and a type sigil
 * did not attest; sigstore-js's verifier (`@sigstore/verify`, not sigil's wrapper) accepts each bundle blob.
 */
const fixtures = new URL('../fixtures/attestation/', import.meta.url).pathname;
const PASSWORD = 'interop-sigil-bundles';
const SPDX = 'https://spdx.dev/Document';
const SLSA_V1 = 'https://slsa.dev/provenance/v1';
const CYCLONEDX = 'https://cyclonedx.org/bom';

let distribution: StartedRegistry;
let referrers: StartedReferrersRegistry;
let client: RegistryClient;
let work: string;
let trustedRoot: string;
let key: SigningKey;
let publicKeyPath: string;
let strangerPublicKeyPath: string;

beforeAll(async () => {
  [distribution, referrers] = await Promise.all([startRegistry(), startReferrersRegistry()]);
  client = new RegistryClient({ timeoutMs: 60_000 });
  work = mkdtempSync(join(tmpdir(), 'sigil-bundles-out-'));
  for (const prefix of ['sigil', 'stranger']) {
    const made = await runCosign('v3', ['generate-key-pair', '--output-key-prefix', join(work, prefix)], {
      env: { COSIGN_PASSWORD: PASSWORD },
      home: work,
    });
    expect({ code: made.code, stderr: made.stderr }).toMatchObject({ code: 0 });
  }
  key = await loadPrivateKey(readFileSync(join(work, 'sigil.key'), 'utf8'), PASSWORD);
  publicKeyPath = join(work, 'sigil.pub');
  strangerPublicKeyPath = join(work, 'stranger.pub');
  // Trust material with no log, CA or TSA: the key is the only trust, as for every key-based bundle here.
  trustedRoot = join(work, 'trusted-root.json');
  writeFileSync(
    trustedRoot,
    JSON.stringify({ mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1' }),
  );
}, 120_000);

afterAll(async () => {
  client.close();
  await Promise.all([distribution?.stop(), referrers?.stop()]);
});

const registries = [
  ['Docker Distribution (fallback index)', () => distribution.host, 'referrers-tag'],
  ['go-containerregistry (referrers API)', () => referrers.host, 'referrers-api'],
] as const;

/** cosign v3 verifying with its defaults, offline: the key, a trusted root without services, no log required. */
function cosignVerify(args: string[]) {
  return runCosign(
    'v3',
    [...args, '--trusted-root', trustedRoot, '--insecure-ignore-tlog', '--allow-http-registry'],
    {
      home: work,
    },
  );
}

async function signedImage(host: string, name: string) {
  const repo: RepositoryRef = { registry: host, repository: name };
  const { digest } = await pushTestImage(client, repo);
  const target = { image: `${host}/${name}@${digest}`, repo, digest };
  const [signed] = await signImageBundles(client, target, key, { annotations: { team: 'platform' } });
  const predicate = (file: string) => new Uint8Array(readFileSync(join(fixtures, file)));
  const attested = [
    await attestImageBundle(client, target, key, {
      predicateType: SPDX,
      predicate: predicate('spdx-2.3.json'),
    }),
    await attestImageBundle(client, target, key, {
      predicateType: SLSA_V1,
      predicate: predicate('slsa-provenance-v1.json'),
    }),
    await attestImageBundle(client, target, key, {
      predicateType: CYCLONEDX,
      predicate: bytes(cycloneDxBom()),
    }),
  ];
  return { repo, digest, target, signed: signed!, attested };
}

describe.each(registries)('sigil bundles on %s', (_name, host, listedThrough) => {
  let image: Awaited<ReturnType<typeof signedImage>>;
  beforeAll(async () => {
    image = await signedImage(host(), 'interop/sigil-bundles');
  }, 60_000);

  it('are listed where cosign v3 looks for them', () => {
    expect([image.signed, ...image.attested].map((entry) => [entry.format, entry.listedThrough])).toEqual(
      Array.from({ length: 4 }, () => ['bundle', listedThrough]),
    );
  });

  it('cosign v3 verify accepts the signature, with its annotations; another key is refused', async () => {
    const accepted = await cosignVerify([
      'verify',
      '--key',
      publicKeyPath,
      '-a',
      'team=platform',
      image.target.image,
    ]);
    expect({ code: accepted.code, stderr: accepted.stderr }).toMatchObject({ code: 0 });
    const payloads = JSON.parse(accepted.stdout) as {
      critical: { image: { 'docker-manifest-digest': string } };
    }[];
    expect(payloads.map((payload) => payload.critical.image['docker-manifest-digest'])).toContain(
      image.digest,
    );
    const refused = await cosignVerify(['verify', '--key', strangerPublicKeyPath, image.target.image]);
    expect(refused.code).not.toBe(0);
  });

  it.each([
    ['spdxjson', SPDX],
    ['slsaprovenance1', SLSA_V1],
    ['cyclonedx', CYCLONEDX],
  ])('cosign v3 verify-attestation --type %s accepts what sigil attested', async (type, predicateType) => {
    const run = await cosignVerify([
      'verify-attestation',
      '--key',
      publicKeyPath,
      '--type',
      type,
      image.target.image,
    ]);
    expect({ code: run.code, stderr: run.stderr }).toMatchObject({ code: 0 });
    const statements = run.stdout
      .trim()
      .split('\n')
      .map((line) =>
        JSON.parse(Buffer.from((JSON.parse(line) as { payload: string }).payload, 'base64').toString()),
      );
    expect(statements.map((statement: { predicateType: string }) => statement.predicateType)).toContain(
      predicateType,
    );
  });

  it('cosign v3 verify-attestation refuses another key, and a type sigil did not attest', async () => {
    const otherType = await cosignVerify([
      'verify-attestation',
      '--key',
      publicKeyPath,
      '--type',
      'vuln',
      image.target.image,
    ]);
    expect(otherType.code).not.toBe(0);
    const run = await cosignVerify([
      'verify-attestation',
      '--key',
      strangerPublicKeyPath,
      '--type',
      'spdxjson',
      image.target.image,
    ]);
    expect(run.code).not.toBe(0);
  });

  it("sigstore-js's verifier accepts every bundle sigil wrote, with the key found by its hint", async () => {
    const publicKey = createPublicKey(readFileSync(publicKeyPath, 'utf8'));
    const trust = toTrustMaterial(
      TrustedRoot.fromJSON({ mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1' }),
      (hint) => {
        if (hint !== key.publicKey.hint) throw new Error(`no key with the hint ${hint}`);
        return { publicKey, validFor: () => true };
      },
    );
    const verifier = new Verifier(trust, { tlogThreshold: 0, ctlogThreshold: 0, timestampThreshold: 0 });
    for (const written of [image.signed, ...image.attested]) {
      const manifestDigest = written.ref.slice(written.ref.indexOf('@') + 1);
      const manifest = await client.getManifest(image.repo, manifestDigest);
      const layer = (
        JSON.parse(new TextDecoder().decode(manifest!.bytes)) as { layers: { digest: string }[] }
      ).layers[0]!;
      const bundle = bundleFromJSON(
        JSON.parse(new TextDecoder().decode(await client.getBlob(image.repo, layer.digest))),
      );
      expect(() => verifier.verify(toSignedEntity(bundle))).not.toThrow();
    }
  });
});
