import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SigningKey } from '@sigil/keys';
import { MEDIA_TYPES, RegistryClient, parseReference } from '@sigil/oci';
import { referrersTag } from '../../oci/src/referrers.js';
import { pushTestImage, startRegistry, type StartedRegistry } from '@sigil/testing';
import { generateKeyPairSync } from 'node:crypto';
import { signImage } from '../../signatures/src/sign.js';
import { type GatePolicy } from '../src/gate-policy.js';
import { runGate } from '../src/index.js';

/**
 * The gate and bundle referrers, around the cosign interop (test/interop/cosign-v3-bundles.interop.test.ts):
 * a legacy image that passes costs no referrers request; a referrers listing that cannot be read fails the
 * check with its code instead of "no signatures".
 */
let server: StartedRegistry;
let client: RegistryClient;
const lines: string[] = [];
const key = new SigningKey(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey);
const policy: GatePolicy = {
  signature: { trustedKeys: [key.publicKey] },
  requirements: [{ kind: 'signature' }, { kind: 'sbom' }],
  platforms: 'index',
  mode: 'enforce',
};

beforeAll(async () => {
  server = await startRegistry();
  client = new RegistryClient({ timeoutMs: 60_000, logger: { debug: (line) => lines.push(line) } });
});

afterAll(async () => {
  client.close();
  await server.stop();
});

const gate = (ref: string, requirements: GatePolicy['requirements']) =>
  runGate(client, [{ image: ref, reference: parseReference(ref) }], { ...policy, requirements });

describe('bundle referrers in the gate', () => {
  it('a legacy image whose .sig passes costs no referrers request', async () => {
    const repo = { registry: server.host, repository: 'bundles/legacy' };
    const { digest } = await pushTestImage(client, repo);
    await signImage(client, { image: 'bundles/legacy', repo, digest }, key);
    lines.length = 0;
    const result = await gate(`${server.host}/bundles/legacy@${digest}`, [{ kind: 'signature' }]);
    expect(result.images[0]?.checks).toMatchObject([{ check: 'signature', passed: true, source: 'sig-tag' }]);
    expect(result.images[0]?.checks[0]?.bundles).toBeUndefined();
    expect(
      lines.filter((line) => line.includes('/referrers/') || line.includes(`${referrersTag(digest)} `)),
    ).toEqual([]);
  });

  it('a fallback index that is not an OCI index fails the checks with MANIFEST_INVALID, read once', async () => {
    const repo = { registry: server.host, repository: 'bundles/bad-index' };
    const { digest, manifest } = await pushTestImage(client, repo);
    await client.putManifest(repo, referrersTag(digest), manifest, MEDIA_TYPES.ociManifest);
    lines.length = 0;
    const result = await gate(`${server.host}/bundles/bad-index@${digest}`, [
      { kind: 'signature' },
      { kind: 'sbom' },
    ]);
    expect(result.images[0]?.checks.map(({ check, passed, reason }) => [check, passed, reason])).toEqual([
      ['signature', false, 'MANIFEST_INVALID'],
      ['sbom', false, 'MANIFEST_INVALID'],
    ]);
    expect(lines.filter((line) => line.includes(`/manifests/${referrersTag(digest)} `))).toHaveLength(1);
  });
});
