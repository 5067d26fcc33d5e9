import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SigningKey } from '@sigil/keys';
import { attestImage, attestationTag } from '@sigil/attestations';
import { signatureTag } from '@sigil/signatures';
import { signImage } from '../../signatures/src/sign.js';
import { type ImageTarget } from '@sigil/oci';
import { SigilError, type Logger } from '@sigil/core';
import { RegistryClient, parseReference, type Registry, type RepositoryRef } from '@sigil/oci';
import { SLSA_PROVENANCE_V02, SLSA_PROVENANCE_V1 } from '@sigil/provenance';
import { CYCLONEDX_PREDICATE_TYPE, SPDX_PREDICATE_TYPE } from '@sigil/sbom';
import { pushTestImage, pushTestIndex, startRegistry, type StartedRegistry } from '@sigil/testing';
import { generateKeyPairSync } from 'node:crypto';
import { failedOutput, gateReport, runGate, type Requirement } from '../src/index.js';
import { type GateImage, type GatePolicy } from '../src/gate-policy.js';
import {
  appendRawLayer,
  editEnvelope,
  editStatement,
  readAttestationManifest,
  replaceLayer,
  signedEnvelope,
  statementBytes,
  writeAttestationManifest,
} from './support/attestation-tampering.js';
import { bytes, cycloneDxBom, slsaProvenance, spdxDocument } from './support/predicates.js';

let server: StartedRegistry;
let client: RegistryClient;
const newKey = () => new SigningKey(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey);
const key = newKey();
const otherKey = newKey();
const revokedKey = newKey();

beforeAll(async () => {
  server = await startRegistry();
  client = new RegistryClient({ timeoutMs: 60_000 });
});

afterAll(async () => {
  client.close();
  await server.stop();
});

const SIGNATURE: Requirement = { kind: 'signature' };
const SBOM: Requirement = { kind: 'sbom' };
const PROVENANCE: Requirement = { kind: 'provenance' };
const FULL = [SIGNATURE, SBOM, PROVENANCE];
const TEST_RESULT = 'https://example.com/attestations/test-result/v1';

const repo = (name: string): RepositoryRef => ({ registry: server.host, repository: name });
const entry = (image: string): GateImage => ({ image, reference: parseReference(image) });

function policy(requirements: readonly Requirement[], extra: Partial<GatePolicy> = {}): GatePolicy {
  return {
    signature: { trustedKeys: [key.publicKey], revokedKeys: [revokedKey.publicKey] },
    requirements,
    platforms: 'index',
    mode: 'enforce',
    ...extra,
  };
}

let counter = 0;
/** A fresh image in its own repository, signed unless told otherwise. */
async function image(options: { signed?: boolean } = {}) {
  const r = repo(`attest/app-${++counter}`);
  const pushed = await pushTestImage(client, r);
  const target: ImageTarget = {
    image: `${server.host}/${r.repository}@${pushed.digest}`,
    repo: r,
    digest: pushed.digest,
    tag: undefined,
  };
  if (options.signed !== false) await signImage(client, target, key);
  return { r, digest: pushed.digest, ref: target.image, target };
}

function attest(target: ImageTarget, predicateType: string, predicate: unknown, signer = key) {
  return attestImage(client, target, signer, { predicateType, predicate: bytes(predicate) });
}

/** Signed, with an SPDX SBOM and SLSA v1 provenance of acme/app: what sigil's two attest actions leave. */
async function fullyAttested() {
  const made = await image();
  await attest(made.target, SPDX_PREDICATE_TYPE, spdxDocument());
  await attest(made.target, SLSA_PROVENANCE_V1, slsaProvenance());
  return made;
}

async function gate(ref: string, gatePolicy: GatePolicy, registry: Registry = client, logger?: Logger) {
  return runGate(registry, [entry(ref)], gatePolicy, logger === undefined ? {} : { logger });
}

function recordingLogger(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  return { warnings, debug: () => undefined, info: () => undefined, warning: (m) => warnings.push(m) };
}

describe('require: signature, sbom, provenance', () => {
  it('passes an image with a signature, an SPDX SBOM and SLSA v1 provenance, with evidence per check', async () => {
    const { ref, digest } = await fullyAttested();
    const result = await gate(ref, policy(FULL, { provenance: { source: 'https://github.com/acme/app' } }));
    expect(result.verified).toBe(true);
    expect(result.failed).toEqual([]);
    const checks = result.images[0]?.checks ?? [];
    expect(checks.map((check) => [check.check, check.passed, check.digest])).toEqual([
      ['signature', true, digest],
      ['sbom', true, digest],
      ['provenance', true, digest],
    ]);
    expect(checks[1]).toMatchObject({
      predicateType: SPDX_PREDICATE_TYPE,
      attestationRef: `${server.host}/${ref.split('/').slice(1).join('/').split('@')[0]}:${attestationTag(digest)}`,
      acceptedKeyIds: [key.publicKey.id],
    });
    expect(checks[2]).toMatchObject({
      predicateType: SLSA_PROVENANCE_V1,
      provenance: {
        source: 'https://github.com/acme/app',
        builderId: 'https://github.com/acme/app/.github/workflows/release.yml@refs/tags/v1.2.0',
      },
    });
  });

  it('a CycloneDX SBOM satisfies sbom as well as SPDX does', async () => {
    const { target, ref } = await image();
    await attest(target, CYCLONEDX_PREDICATE_TYPE, cycloneDxBom());
    const result = await gate(ref, policy([SIGNATURE, SBOM]));
    expect(result.verified).toBe(true);
    expect(result.images[0]?.checks[1]?.predicateType).toBe(CYCLONEDX_PREDICATE_TYPE);
  });

  it('an image that is only signed fails sbom with NO_ATTESTATIONS, and the message says how to fix it', async () => {
    const { ref, digest } = await image();
    const result = await gate(ref, policy([SIGNATURE, SBOM]));
    expect(failedOutput(result)).toEqual([{ image: ref, digest, check: 'sbom', reason: 'NO_ATTESTATIONS' }]);
    const message = result.failed[0]?.message ?? '';
    expect(message).toContain('attest-sbom');
    expect(message).toContain('`require: signature`');
    expect(message).toContain('no SBOM attestation (SPDX or CycloneDX)');
  });

  it('each missing requirement is its own failed check: an unsigned, unattested image fails all four', async () => {
    const { ref, digest } = await image({ signed: false });
    const requirements: Requirement[] = [...FULL, { kind: 'attestation', predicateType: TEST_RESULT }];
    const result = await gate(ref, policy(requirements));
    expect(failedOutput(result)).toEqual([
      { image: ref, digest, check: 'signature', reason: 'NO_SIGNATURES' },
      { image: ref, digest, check: 'sbom', reason: 'NO_ATTESTATIONS' },
      { image: ref, digest, check: 'provenance', reason: 'NO_ATTESTATIONS' },
      { image: ref, digest, check: TEST_RESULT, reason: 'NO_ATTESTATIONS' },
    ]);
    expect(result.images[0]?.reasons).toEqual(['NO_SIGNATURES', 'NO_ATTESTATIONS']);
  });

  it('an .att with provenance but no SBOM fails sbom with ATTESTATION_MISSING, naming what it found', async () => {
    const { target, ref } = await image();
    await attest(target, SLSA_PROVENANCE_V1, slsaProvenance());
    const result = await gate(ref, policy(FULL));
    expect(result.failed.map((f) => [f.check, f.reason])).toEqual([['sbom', 'ATTESTATION_MISSING']]);
    expect(result.failed[0]?.message).toContain(SLSA_PROVENANCE_V1);
  });

  it('a predicate-type URI requirement passes on an attestation of exactly that type', async () => {
    const { target, ref } = await image();
    await attest(target, TEST_RESULT, { passed: 412, failed: 0 });
    const result = await gate(ref, policy([SIGNATURE, { kind: 'attestation', predicateType: TEST_RESULT }]));
    expect(result.verified).toBe(true);
    expect(result.images[0]?.checks.map((check) => check.check)).toEqual(['signature', TEST_RESULT]);
  });

  it('reads the .sig and .att tags once each, and every blob once, for all requirements together', async () => {
    const { ref } = await fullyAttested();
    const counts = new Map<string, number>();
    const count = (what: string) => counts.set(what, (counts.get(what) ?? 0) + 1);
    const counting: Registry = {
      resolveDigest: (target, reference) => (
        count(`HEAD ${reference}`),
        client.resolveDigest(target, reference)
      ),
      getManifest: (target, reference) => (count(`GET ${reference}`), client.getManifest(target, reference)),
      getBlob: (target, digest) => (count(`GET ${digest}`), client.getBlob(target, digest)),
      putBlob: (...args) => client.putBlob(...args),
      hasBlob: (...args) => client.hasBlob(...args),
      putManifest: (...args) => client.putManifest(...args),
    };
    const requirements: Requirement[] = [
      ...FULL,
      { kind: 'attestation', predicateType: SPDX_PREDICATE_TYPE },
    ];
    const result = await gate(ref, policy(requirements), counting);
    expect(result.verified).toBe(true);
    const digest = ref.split('@')[1] ?? '';
    const manifestReads = [...counts].filter(([what]) => what.includes('.sig') || what.includes('.att'));
    expect(manifestReads).toEqual(
      expect.arrayContaining([
        [`GET ${signatureTag(digest)}`, 1],
        [`GET ${attestationTag(digest)}`, 1],
      ]),
    );
    expect(manifestReads).toHaveLength(2);
    const blobReads = [...counts].filter(([what]) => what.startsWith('GET sha256:'));
    expect(blobReads).toHaveLength(3); // one signature payload, two envelopes
    expect(blobReads.every(([, times]) => times === 1)).toBe(true);
    expect([...counts.keys()].some((what) => what.startsWith('HEAD'))).toBe(false);
  });

  it('an .att tag the registry cannot serve fails the attestation checks with that reason, never passes', async () => {
    const { ref } = await fullyAttested();
    let attReads = 0;
    const failing: Registry = {
      resolveDigest: (...args) => client.resolveDigest(...args),
      getManifest: async (target, reference) => {
        if (!reference.endsWith('.att')) return client.getManifest(target, reference);
        attReads++;
        throw new SigilError('REGISTRY_UNREACHABLE', 'connection reset by peer (injected)');
      },
      getBlob: (...args) => client.getBlob(...args),
      putBlob: (...args) => client.putBlob(...args),
      hasBlob: (...args) => client.hasBlob(...args),
      putManifest: (...args) => client.putManifest(...args),
    };
    const result = await gate(ref, policy(FULL), failing);
    expect(result.failed.map((f) => [f.check, f.reason])).toEqual([
      ['sbom', 'REGISTRY_UNREACHABLE'],
      ['provenance', 'REGISTRY_UNREACHABLE'],
    ]);
    expect(attReads).toBe(1);
  });

  it('a digest that does not exist fails every requirement with IMAGE_NOT_FOUND', async () => {
    const ref = `${server.host}/attest/none@sha256:${'e'.repeat(64)}`;
    const result = await gate(ref, policy(FULL));
    expect(result.failed.map((f) => [f.check, f.reason])).toEqual([
      ['signature', 'IMAGE_NOT_FOUND'],
      ['sbom', 'IMAGE_NOT_FOUND'],
      ['provenance', 'IMAGE_NOT_FOUND'],
    ]);
  });
});

describe('attestations that do not count', () => {
  it('an SBOM attested by an untrusted key: ATTESTATION_UNTRUSTED', async () => {
    const { target, ref } = await image();
    await attest(target, SPDX_PREDICATE_TYPE, spdxDocument(), otherKey);
    const result = await gate(ref, policy([SIGNATURE, SBOM]));
    expect(result.failed.map((f) => [f.check, f.reason])).toEqual([['sbom', 'ATTESTATION_UNTRUSTED']]);
  });

  it('an SBOM attested by a revoked key: KEY_REVOKED, with a warning naming the key', async () => {
    const { target, ref } = await image();
    await attest(target, SPDX_PREDICATE_TYPE, spdxDocument(), revokedKey);
    const logger = recordingLogger();
    const result = await gate(ref, policy([SIGNATURE, SBOM]), client, logger);
    expect(result.failed.map((f) => [f.check, f.reason])).toEqual([['sbom', 'KEY_REVOKED']]);
    expect(result.images[0]?.checks[1]?.revokedSignatures).toEqual([
      { layer: 0, keyId: revokedKey.publicKey.id },
    ]);
    expect(logger.warnings.some((w) => w.includes(revokedKey.publicKey.id) && w.includes('.att'))).toBe(true);
  });

  it("the statement names another image (another image's .att copied over): SUBJECT_MISMATCH", async () => {
    const source = await fullyAttested();
    const { r, digest, ref } = await image();
    const copied = await readAttestationManifest(client, source.r, source.digest);
    // Blobs are per repository: mount them by pushing the same bytes.
    for (const layer of [copied.config, ...copied.layers]) {
      await client.putBlob(r, await client.getBlob(source.r, layer.digest));
    }
    await writeAttestationManifest(client, r, digest, copied);
    const result = await gate(ref, policy(FULL));
    expect(result.failed.map((f) => [f.check, f.reason])).toEqual([
      ['sbom', 'SUBJECT_MISMATCH'],
      ['provenance', 'SUBJECT_MISMATCH'],
    ]);
  });

  it('provenance relabelled as an SBOM in the annotation only: PREDICATE_TYPE_MISMATCH', async () => {
    const { target, r, digest, ref } = await image();
    await attest(target, SLSA_PROVENANCE_V1, slsaProvenance());
    await replaceLayer(client, r, digest, 0, {
      annotations: { 'dev.cosignproject.cosign/signature': '', predicateType: SPDX_PREDICATE_TYPE },
    });
    const result = await gate(ref, policy([SIGNATURE, SBOM]));
    expect(result.failed.map((f) => [f.check, f.reason])).toEqual([['sbom', 'PREDICATE_TYPE_MISMATCH']]);
  });

  it('an SBOM whose annotation was relabelled to another type (the reverse): PREDICATE_TYPE_MISMATCH', async () => {
    const { target, r, digest, ref } = await image();
    await attest(target, SPDX_PREDICATE_TYPE, spdxDocument());
    await replaceLayer(client, r, digest, 0, {
      annotations: { 'dev.cosignproject.cosign/signature': '', predicateType: TEST_RESULT },
    });
    const result = await gate(ref, policy([SIGNATURE, SBOM]));
    expect(result.failed.map((f) => [f.check, f.reason])).toEqual([['sbom', 'PREDICATE_TYPE_MISMATCH']]);
  });

  it('a DSSE payload edited after signing (a package removed from the SBOM): ATTESTATION_UNTRUSTED', async () => {
    const { target, r, digest, ref } = await image();
    await attest(target, SPDX_PREDICATE_TYPE, spdxDocument());
    await replaceLayer(client, r, digest, 0, {
      blob: (envelope) => editStatement(envelope, (statement) => statement.replace('left-pad', 'right-pad')),
    });
    const result = await gate(ref, policy([SIGNATURE, SBOM]));
    expect(result.failed.map((f) => [f.check, f.reason])).toEqual([['sbom', 'ATTESTATION_UNTRUSTED']]);
  });

  it('the payload type changed after signing: ATTESTATION_UNTRUSTED, saying so', async () => {
    const { target, r, digest, ref } = await image();
    await attest(target, SPDX_PREDICATE_TYPE, spdxDocument());
    await replaceLayer(client, r, digest, 0, {
      blob: (envelope) => editEnvelope(envelope, (parsed) => (parsed.payloadType = 'application/json')),
    });
    const result = await gate(ref, policy([SIGNATURE, SBOM]));
    expect(result.failed.map((f) => [f.check, f.reason])).toEqual([['sbom', 'ATTESTATION_UNTRUSTED']]);
    expect(result.failed[0]?.message).toContain('application/json');
  });

  it('a trusted key signed a payload that is not in-toto: PAYLOAD_TYPE_INVALID', async () => {
    const { r, digest, ref } = await image();
    const statement = statementBytes({ name: r.repository, digest }, SPDX_PREDICATE_TYPE, spdxDocument());
    await appendRawLayer(
      client,
      r,
      digest,
      signedEnvelope(key, statement, 'application/json'),
      SPDX_PREDICATE_TYPE,
    );
    const result = await gate(ref, policy([SIGNATURE, SBOM]));
    expect(result.failed.map((f) => [f.check, f.reason])).toEqual([['sbom', 'PAYLOAD_TYPE_INVALID']]);
  });

  it('a trusted key signed an in-toto payload that is no statement: STATEMENT_INVALID', async () => {
    const { r, digest, ref } = await image();
    await appendRawLayer(
      client,
      r,
      digest,
      signedEnvelope(key, bytes({ hello: 'world' })),
      SPDX_PREDICATE_TYPE,
    );
    const result = await gate(ref, policy([SIGNATURE, SBOM]));
    expect(result.failed.map((f) => [f.check, f.reason])).toEqual([['sbom', 'STATEMENT_INVALID']]);
  });

  it('a DSSE signature in IEEE P1363 form (r‖s, as WebCrypto signs): SIGNATURE_ENCODING', async () => {
    const { target, r, digest, ref } = await image();
    await attest(target, SPDX_PREDICATE_TYPE, spdxDocument());
    await replaceLayer(client, r, digest, 0, {
      blob: (envelope) =>
        editEnvelope(envelope, (parsed) => {
          parsed.signatures = [{ keyid: '', sig: Buffer.alloc(64, 7).toString('base64') }];
        }),
    });
    const result = await gate(ref, policy([SIGNATURE, SBOM]));
    expect(result.failed.map((f) => [f.check, f.reason])).toEqual([['sbom', 'SIGNATURE_ENCODING']]);
  });

  it('a layer that is no DSSE envelope: ENVELOPE_INVALID', async () => {
    const { target, r, digest, ref } = await image();
    await attest(target, SPDX_PREDICATE_TYPE, spdxDocument());
    await replaceLayer(client, r, digest, 0, { mediaType: 'application/vnd.in-toto+json' });
    const result = await gate(ref, policy([SIGNATURE, SBOM]));
    expect(result.failed.map((f) => [f.check, f.reason])).toEqual([['sbom', 'ENVELOPE_INVALID']]);
  });

  it.each([
    ['an SPDX predicate that is no SPDX document', SPDX_PREDICATE_TYPE, { hello: 'world' }, 'sbom'],
    ['an SPDX document under the CycloneDX type', CYCLONEDX_PREDICATE_TYPE, spdxDocument(), 'sbom'],
    ['a SLSA v1 predicate without runDetails', SLSA_PROVENANCE_V1, { buildDefinition: {} }, 'provenance'],
  ])('%s: PREDICATE_INVALID', async (_case, predicateType, predicate, check) => {
    const { target, ref } = await image();
    await attest(target, predicateType, predicate);
    const result = await gate(ref, policy(FULL));
    expect(result.failed.filter((f) => f.check === check).map((f) => f.reason)).toEqual([
      'PREDICATE_INVALID',
    ]);
  });
});

describe('provenance-source and provenance-builder', () => {
  it('provenance naming another repository: PROVENANCE_SOURCE_MISMATCH naming both', async () => {
    const { target, ref } = await image();
    await attest(
      target,
      SLSA_PROVENANCE_V1,
      slsaProvenance({
        repository: 'evil/app',
        workflowRef: 'evil/app/.github/workflows/release.yml@refs/heads/main',
      }),
    );
    const result = await gate(
      ref,
      policy([PROVENANCE], { provenance: { source: 'https://github.com/acme/app' } }),
    );
    expect(result.failed.map((f) => [f.check, f.reason])).toEqual([
      ['provenance', 'PROVENANCE_SOURCE_MISMATCH'],
    ]);
    expect(result.failed[0]?.message).toContain('https://github.com/evil/app');
    expect(result.failed[0]?.message).toContain('https://github.com/acme/app');
  });

  it('provenance from another builder: PROVENANCE_BUILDER_MISMATCH; a prefix matches only at a boundary', async () => {
    const { target, ref } = await image();
    await attest(target, SLSA_PROVENANCE_V1, slsaProvenance());
    const workflow = 'https://github.com/acme/app/.github/workflows/release.yml';
    const passes = await gate(ref, policy([PROVENANCE], { provenance: { builderIdPrefix: workflow } }));
    const other = await gate(
      ref,
      policy([PROVENANCE], { provenance: { builderIdPrefix: `${workflow.slice(0, -4)}` } }),
    );
    expect(passes.verified).toBe(true);
    expect(other.failed.map((f) => [f.check, f.reason])).toEqual([
      ['provenance', 'PROVENANCE_BUILDER_MISMATCH'],
    ]);
  });

  it('passes when one of two trusted provenances names the required repository', async () => {
    const { target, ref } = await image();
    await attest(
      target,
      SLSA_PROVENANCE_V1,
      slsaProvenance({
        repository: 'acme/fork',
        workflowRef: 'acme/fork/.github/workflows/release.yml@refs/heads/main',
      }),
    );
    await attest(target, SLSA_PROVENANCE_V1, slsaProvenance());
    const result = await gate(
      ref,
      policy([PROVENANCE], { provenance: { source: 'https://github.com/acme/app' } }),
    );
    expect(result.verified).toBe(true);
    expect(result.images[0]?.checks[0]?.provenance?.source).toBe('https://github.com/acme/app');
  });

  it('SLSA v0.2 provenance counts only when its URI is required, and the source policy applies to it', async () => {
    const { target, ref } = await image();
    const v02 = {
      builder: { id: 'https://github.com/acme/app/.github/workflows/release.yml@refs/heads/main' },
      buildType: 'https://github.com/slsa-framework/slsa-github-generator/generic@v1',
      invocation: {
        configSource: {
          uri: 'git+https://github.com/acme/app@refs/heads/main',
          digest: { sha1: 'a'.repeat(40) },
          entryPoint: '.github/workflows/release.yml',
        },
      },
    };
    await attest(target, SLSA_PROVENANCE_V02, v02);
    const asV1 = await gate(ref, policy([PROVENANCE]));
    expect(asV1.failed.map((f) => f.reason)).toEqual(['ATTESTATION_MISSING']);
    expect(asV1.failed[0]?.message).toContain(`\`require\` lists ${SLSA_PROVENANCE_V02}`);
    const v02Requirement: Requirement = { kind: 'attestation', predicateType: SLSA_PROVENANCE_V02 };
    const accepted = await gate(
      ref,
      policy([v02Requirement], { provenance: { source: 'https://github.com/acme/app' } }),
    );
    const refused = await gate(
      ref,
      policy([v02Requirement], { provenance: { source: 'https://github.com/acme/other' } }),
    );
    expect(accepted.verified).toBe(true);
    expect(refused.failed.map((f) => f.reason)).toEqual(['PROVENANCE_SOURCE_MISMATCH']);
  });
});

describe('multi-platform images', () => {
  async function index(platforms?: { os: string; architecture: string }[]) {
    const r = repo(`attest/multi-${++counter}`);
    const pushed = await pushTestIndex(client, r, platforms === undefined ? {} : { platforms });
    const target: ImageTarget = {
      image: `${server.host}/${r.repository}@${pushed.digest}`,
      repo: r,
      digest: pushed.digest,
      tag: undefined,
    };
    await signImage(client, target, key, { recursive: true });
    const children = pushed.images.map((child) => ({
      ...target,
      image: `${server.host}/${r.repository}@${child.digest}`,
      digest: child.digest,
    }));
    return { ref: target.image, target, children, digest: pushed.digest };
  }

  it('SBOMs per platform (as attest-sbom writes them) satisfy sbom for the index, with platforms: index and all', async () => {
    const { ref, children, digest } = await index();
    for (const child of children) await attest(child, SPDX_PREDICATE_TYPE, spdxDocument());
    const byIndex = await gate(ref, policy([SIGNATURE, SBOM]));
    const byAll = await gate(ref, policy([SIGNATURE, SBOM], { platforms: 'all' }));
    expect(byIndex.verified).toBe(true);
    expect(byIndex.images[0]?.checks.map((c) => [c.check, c.platform, c.digest])).toEqual([
      ['signature', undefined, digest],
      ['sbom', undefined, digest],
      ['sbom', 'linux/amd64', children[0]?.digest],
      ['sbom', 'linux/arm64', children[1]?.digest],
    ]);
    expect(byIndex.images[0]?.checks[1]?.message).toContain('each of its 2 platform manifest(s)');
    expect(byAll.verified).toBe(true);
    expect(byAll.images[0]?.checks.map((c) => [c.check, c.platform])).toEqual([
      ['signature', undefined],
      ['signature', 'linux/amd64'],
      ['sbom', 'linux/amd64'],
      ['signature', 'linux/arm64'],
      ['sbom', 'linux/arm64'],
    ]);
  });

  it('one platform without an SBOM fails sbom for that platform, under either setting', async () => {
    const { ref, children } = await index();
    await attest(children[0] as ImageTarget, SPDX_PREDICATE_TYPE, spdxDocument());
    for (const platforms of ['index', 'all'] as const) {
      const result = await gate(ref, policy([SIGNATURE, SBOM], { platforms }));
      expect(result.failed.map((f) => [f.check, f.reason, f.digest])).toEqual([
        ['sbom', 'NO_ATTESTATIONS', children[1]?.digest],
      ]);
      expect(result.failed[0]?.message).toContain('platform linux/arm64');
    }
  });

  it('an SBOM on the index only passes platforms: index, but never stands in for the platforms with all', async () => {
    const { ref, target, children } = await index();
    await attest(target, SPDX_PREDICATE_TYPE, spdxDocument());
    expect((await gate(ref, policy([SIGNATURE, SBOM]))).verified).toBe(true);
    const all = await gate(ref, policy([SIGNATURE, SBOM], { platforms: 'all' }));
    expect(all.failed.map((f) => [f.check, f.reason, f.digest])).toEqual([
      ['sbom', 'NO_ATTESTATIONS', children[0]?.digest],
      ['sbom', 'NO_ATTESTATIONS', children[1]?.digest],
    ]);
  });

  it("BuildKit's unknown/unknown attestation manifest needs a signature with all, but no SBOM", async () => {
    const { ref, children } = await index([
      { os: 'linux', architecture: 'amd64' },
      { os: 'unknown', architecture: 'unknown' },
    ]);
    await attest(children[0] as ImageTarget, SPDX_PREDICATE_TYPE, spdxDocument());
    const result = await gate(ref, policy([SIGNATURE, SBOM], { platforms: 'all' }));
    expect(result.verified).toBe(true);
    expect(result.images[0]?.checks.map((c) => [c.check, c.platform])).toEqual([
      ['signature', undefined],
      ['signature', 'linux/amd64'],
      ['sbom', 'linux/amd64'],
      ['signature', 'unknown/unknown'],
    ]);
  });

  it('with all, provenance is required of the index and of every platform', async () => {
    const { ref, target, children } = await index();
    await attest(target, SLSA_PROVENANCE_V1, slsaProvenance());
    expect((await gate(ref, policy([PROVENANCE]))).verified).toBe(true);
    const all = await gate(ref, policy([PROVENANCE], { platforms: 'all' }));
    expect(all.failed.map((f) => [f.check, f.reason, f.digest])).toEqual([
      ['provenance', 'NO_ATTESTATIONS', children[0]?.digest],
      ['provenance', 'NO_ATTESTATIONS', children[1]?.digest],
    ]);
    for (const child of children) await attest(child, SLSA_PROVENANCE_V1, slsaProvenance());
    expect((await gate(ref, policy([PROVENANCE], { platforms: 'all' }))).verified).toBe(true);
  });
});

it('the JSON report lists the requirements and keeps each attestation layer outcome', async () => {
  const { ref } = await fullyAttested();
  const result = await gate(ref, policy(FULL));
  const report = JSON.parse(
    JSON.stringify(
      gateReport(
        result,
        {
          images: [ref],
          publicKeys: [{ id: key.publicKey.id, source: 'file:cosign.pub' }],
          revokedKeys: [],
          annotations: {},
          require: ['signature', 'sbom', 'provenance'],
          requireTlog: false,
          provenanceSource: 'https://github.com/acme/app',
          platforms: 'index',
          mode: 'enforce',
          concurrency: 8,
          timeoutSeconds: 300,
          insecureRegistries: [],
          registryCredentials: false,
        },
        new Date('2026-01-02T03:04:05Z'),
      ),
    ),
  );
  expect(report.inputs).toMatchObject({
    require: ['signature', 'sbom', 'provenance'],
    provenanceSource: 'https://github.com/acme/app',
  });
  expect(report.images[0].checks[1]).toMatchObject({
    check: 'sbom',
    passed: true,
    attestationLayers: [
      { index: 0, predicateType: SPDX_PREDICATE_TYPE, verified: true, keyId: key.publicKey.id },
      { index: 1, predicateType: SLSA_PROVENANCE_V1 },
    ],
  });
});
