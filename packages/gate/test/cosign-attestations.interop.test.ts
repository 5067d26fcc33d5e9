import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { generateKeyPair, parsePublicKey } from '@sigil/keys';
import { RegistryClient, parseReference } from '@sigil/oci';
import { SLSA_PROVENANCE_V02 } from '@sigil/provenance';
import { pushTestImage, startRegistry, type StartedRegistry } from '@sigil/testing';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { legacyKeySignFlags, runCosign, type CosignMajor } from '../../../test/support/cosign-cli.js';
import { runGate, type Requirement } from '../src/index.js';
import { type GatePolicy } from '../src/gate-policy.js';

/**
 * The gate over images signed and attested by the real cosign CLI (v3 in legacy mode, and v2):
 * `cosign sign`, `cosign attest --type spdxjson`, `--type slsaprovenance1` and `--type slsaprovenance`
 * (SLSA v0.2). Each predicate passes the gate's validators as cosign re-marshals it, and the source and
 * builder policies read cosign's provenance as they read sigil's.
 */
const fixtures = new URL('../../../test/fixtures/attestation/', import.meta.url).pathname;
const PASSWORD = 'gate-interop';

let registry: StartedRegistry;
let client: RegistryClient;
let work: string;
let publicKeyPem: string;

beforeAll(async () => {
  registry = await startRegistry();
  client = new RegistryClient({ timeoutMs: 60_000 });
  work = mkdtempSync(join(tmpdir(), 'sigil-gate-interop-'));
  const pair = await generateKeyPair(PASSWORD);
  writeFileSync(join(work, 'cosign.key'), pair.privateKeyPem);
  publicKeyPem = pair.publicKeyPem;
});

afterAll(async () => {
  client.close();
  await registry.stop();
});

async function cosign(major: CosignMajor, args: string[]): Promise<void> {
  const run = await runCosign(major, args, { env: { COSIGN_PASSWORD: PASSWORD } });
  expect({ args: args.slice(0, 3), code: run.code, stderr: run.code === 0 ? '' : run.stderr }).toEqual({
    args: args.slice(0, 3),
    code: 0,
    stderr: '',
  });
}

function attest(major: CosignMajor, type: string, file: string, image: string): Promise<void> {
  const key = join(work, 'cosign.key');
  return cosign(major, [
    'attest',
    '--key',
    key,
    '--type',
    type,
    '--predicate',
    join(fixtures, file),
    ...legacyKeySignFlags(major),
    image,
  ]);
}

const V02: Requirement = { kind: 'attestation', predicateType: SLSA_PROVENANCE_V02 };

function policy(requirements: Requirement[], provenance: GatePolicy['provenance'] = {}): GatePolicy {
  return {
    signature: { trustedKeys: [parsePublicKey(publicKeyPem)] },
    requirements,
    provenance,
    platforms: 'index',
    mode: 'enforce',
  };
}

describe.each<CosignMajor>(['v3', 'v2'])('cosign %s signed and attested', (major) => {
  let image: string;

  beforeAll(async () => {
    const repo = { registry: registry.host, repository: `gate-interop/${major}` };
    const { digest } = await pushTestImage(client, repo);
    image = `${registry.host}/${repo.repository}@${digest}`;
    await cosign(major, ['sign', '--key', join(work, 'cosign.key'), ...legacyKeySignFlags(major), image]);
    await attest(major, 'spdxjson', 'spdx-2.3.json', image);
    await attest(major, 'slsaprovenance1', 'slsa-provenance-v1.json', image);
    await attest(major, 'slsaprovenance', 'slsa-provenance-v0.2.json', image);
  }, 120_000);

  it('passes require: signature, sbom, provenance, and the SLSA v0.2 URI, with the source and builder pinned', async () => {
    const result = await runGate(
      client,
      [{ image, reference: parseReference(image) }],
      policy([{ kind: 'signature' }, { kind: 'sbom' }, { kind: 'provenance' }, V02], {
        source: 'https://github.com/acme/app',
        builderIdPrefix: 'https://github.com/acme/app/.github/workflows/release.yml',
      }),
    );
    expect(result.failed).toEqual([]);
    expect(
      result.images[0]?.checks.map((check) => [check.check, check.passed, check.provenance?.source]),
    ).toEqual([
      ['signature', true, undefined],
      ['sbom', true, undefined],
      ['provenance', true, 'https://github.com/acme/app'],
      [SLSA_PROVENANCE_V02, true, 'https://github.com/acme/app'],
    ]);
  });

  it('refuses cosign provenance of the fixture repository when another one is required', async () => {
    const result = await runGate(
      client,
      [{ image, reference: parseReference(image) }],
      policy([{ kind: 'provenance' }, V02], { source: 'https://github.com/acme/other' }),
    );
    expect(result.failed.map((failure) => [failure.check, failure.reason])).toEqual([
      ['provenance', 'PROVENANCE_SOURCE_MISMATCH'],
      [SLSA_PROVENANCE_V02, 'PROVENANCE_SOURCE_MISMATCH'],
    ]);
  });
});
