import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { attestImage, verifyImageAttestations } from '@sigil/attestations';
import { generateKeyPair, loadPrivateKey, parsePublicKey } from '@sigil/keys';
import { type ImageTarget } from '@sigil/oci';
import { RegistryClient, type RepositoryRef } from '@sigil/oci';
import { pushTestImage, startRegistry, type StartedRegistry } from '@sigil/testing';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { legacyKeySignFlags, runCosign, type CosignMajor } from '../support/cosign-cli.js';

/**
 * Attestations and the real cosign CLI, both majors (v3 in legacy mode): `cosign verify-attestation`
 * accepts what sigil attests, and sigil's verifier accepts what `cosign attest` wrote, for SPDX JSON and
 * SLSA provenance v0.2 and v1.
 */
const SPDX = 'https://spdx.dev/Document';
const SLSA_V02 = 'https://slsa.dev/provenance/v0.2';
const SLSA_V1 = 'https://slsa.dev/provenance/v1';
const fixtures = new URL('../fixtures/attestation/', import.meta.url).pathname;
const fixture = (name: string): string => join(fixtures, name);
const PASSWORD = 'interop-attest';

let registry: StartedRegistry;
let client: RegistryClient;
let work: string;
let keys: { keyPath: string; pubPath: string; key: Awaited<ReturnType<typeof loadPrivateKey>> };

beforeAll(async () => {
  registry = await startRegistry();
  client = new RegistryClient({ timeoutMs: 60_000 });
  work = mkdtempSync(join(tmpdir(), 'sigil-attest-interop-'));
  const pair = await generateKeyPair(PASSWORD);
  writeFileSync(join(work, 'cosign.key'), pair.privateKeyPem);
  writeFileSync(join(work, 'cosign.pub'), pair.publicKeyPem);
  keys = {
    keyPath: join(work, 'cosign.key'),
    pubPath: join(work, 'cosign.pub'),
    key: await loadPrivateKey(pair.privateKeyPem, PASSWORD),
  };
});

afterAll(async () => {
  client.close();
  await registry.stop();
});

async function pushedImage(name: string): Promise<ImageTarget & { pinned: string }> {
  const repo: RepositoryRef = { registry: registry.host, repository: name };
  const { digest } = await pushTestImage(client, repo);
  const pinned = `${registry.host}/${name}@${digest}`;
  return { image: pinned, pinned, repo, digest, tag: undefined };
}

function cosignVerifyAttestation(major: CosignMajor, type: string, image: string) {
  return runCosign(major, [
    'verify-attestation',
    '--key',
    keys.pubPath,
    '--type',
    type,
    '--insecure-ignore-tlog',
    '--allow-http-registry',
    image,
  ]);
}

/** The statements of the envelopes cosign prints, one JSON envelope per line. */
function printedStatements(stdout: string): { predicateType: string; subject: unknown[] }[] {
  return stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => {
      const envelope = JSON.parse(line) as { payload: string };
      return JSON.parse(Buffer.from(envelope.payload, 'base64').toString('utf8'));
    });
}

describe.each<CosignMajor>(['v3', 'v2'])('cosign %s', (major) => {
  it('verify-attestation --type spdxjson and --type slsaprovenance1 accept what sigil attested', async () => {
    const target = await pushedImage(`interop-att/sigil-${major}`);
    await attestImage(client, target, keys.key, {
      predicateType: SPDX,
      predicate: readFileSync(fixture('spdx-2.3.json')),
    });
    await attestImage(client, target, keys.key, {
      predicateType: SLSA_V1,
      predicate: readFileSync(fixture('slsa-provenance-v1.json')),
    });

    const sbom = await cosignVerifyAttestation(major, 'spdxjson', target.pinned);
    expect({ code: sbom.code, stderr: sbom.stderr }).toMatchObject({ code: 0 });
    expect(printedStatements(sbom.stdout).map((statement) => statement.predicateType)).toEqual([SPDX]);
    const provenance = await cosignVerifyAttestation(major, 'slsaprovenance1', target.pinned);
    expect({ code: provenance.code, stderr: provenance.stderr }).toMatchObject({ code: 0 });
    expect(printedStatements(provenance.stdout).map((statement) => statement.predicateType)).toEqual([
      SLSA_V1,
    ]);
  });

  it('verify-attestation refuses a type sigil did not attest and an attestation by another key', async () => {
    const target = await pushedImage(`interop-att/sigil-negative-${major}`);
    await attestImage(client, target, keys.key, {
      predicateType: SPDX,
      predicate: readFileSync(fixture('spdx-2.3.json')),
    });
    const wrongType = await cosignVerifyAttestation(major, 'slsaprovenance1', target.pinned);
    expect({ code: wrongType.code, stderr: wrongType.stderr }).toEqual({
      code: 1,
      stderr: expect.stringMatching(
        /^Error: none of the attestations matched the predicate type: slsaprovenance1, found: https:\/\/spdx\.dev\/Document$/m,
      ),
    });

    const other = await pushedImage(`interop-att/sigil-stranger-${major}`);
    const stranger = await loadPrivateKey((await generateKeyPair('x')).privateKeyPem, 'x');
    await attestImage(client, other, stranger, {
      predicateType: SPDX,
      predicate: readFileSync(fixture('spdx-2.3.json')),
    });
    const untrusted = await cosignVerifyAttestation(major, 'spdxjson', other.pinned);
    // The .att is there and of the type, but no signature on it verifies with the given key.
    expect({ code: untrusted.code, stderr: untrusted.stderr }).toEqual({
      code: 1,
      stderr: expect.stringMatching(
        /^Error: no matching attestations: accepted signatures do not match threshold, Found: 0, Expected 1$/m,
      ),
    });
  });

  it.each([
    ['spdxjson', 'spdx-2.3.json', SPDX],
    ['slsaprovenance', 'slsa-provenance-v0.2.json', SLSA_V02],
    ['slsaprovenance1', 'slsa-provenance-v1.json', SLSA_V1],
  ])('sigil verifies what cosign attest --type %s wrote', async (type, file, predicateType) => {
    const target = await pushedImage(`interop-att/cosign-${major}-${type}`);
    const attest = await runCosign(
      major,
      [
        'attest',
        '--key',
        keys.keyPath,
        '--type',
        type,
        '--predicate',
        fixture(file),
        ...legacyKeySignFlags(major),
        target.pinned,
      ],
      { env: { COSIGN_PASSWORD: PASSWORD } },
    );
    expect({ code: attest.code, stderr: attest.stderr }).toMatchObject({ code: 0 });

    const verdict = await verifyImageAttestations(client, target, {
      trustedKeys: [parsePublicKey(readFileSync(keys.pubPath, 'utf8'))],
      predicateType,
    });
    expect(verdict).toMatchObject({
      verified: true,
      statement: {
        _type: 'https://in-toto.io/Statement/v0.1',
        predicateType,
        subject: [{ name: `${registry.host}/interop-att/cosign-${major}-${type}` }],
      },
    });
    // cosign re-marshals predicates through Go structs (SLSA ones lose or rename fields: v2 writes
    // `invocationID`/`buildInvocationID`, v3 drops `false` values), so compare what every writer keeps.
    const fromFile = JSON.parse(readFileSync(fixture(file), 'utf8')) as Record<string, unknown>;
    const kept =
      type === 'spdxjson'
        ? fromFile
        : type === 'slsaprovenance'
          ? {
              builder: fromFile['builder'],
              buildType: fromFile['buildType'],
              materials: fromFile['materials'],
            }
          : {
              buildDefinition: fromFile['buildDefinition'],
              runDetails: { builder: { id: expect.any(String) } },
            };
    expect((verdict.statement as { predicate: unknown }).predicate).toMatchObject(kept);

    // And not for another type: the signed statement, not only the label, decides.
    const other = predicateType === SPDX ? SLSA_V1 : SPDX;
    expect(
      await verifyImageAttestations(client, target, {
        trustedKeys: [parsePublicKey(readFileSync(keys.pubPath, 'utf8'))],
        predicateType: other,
      }),
    ).toMatchObject({ verified: false, reason: 'ATTESTATION_MISSING' });
  });
});
