import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SigningKey } from '@sigil/keys';
import { parseImageList, type ImageTarget } from '@sigil/oci';
import { readAttestations, verifyImageAttestations } from '@sigil/attestations';
import { SigilError } from '@sigil/core';
import { RegistryClient, createCredentialSource, type RepositoryRef } from '@sigil/oci';
import {
  CYCLONEDX_PREDICATE_TYPE,
  SPDX_PREDICATE_TYPE,
  parseSbom,
  processSyftExec,
  validateSbomPredicate,
} from '@sigil/sbom';
import { actionRunHarness, pushTestImage, startRegistry, type StartedRegistry } from '@sigil/testing';
import { describeFailure } from '../../../packages/toolkit/src/error-boundary.js';
import { inputOf } from '../../../packages/toolkit/src/error-inputs.js';
import { writeReport } from '../../../packages/toolkit/src/outputs.js';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pushFileImage, pushFileIndex } from '../../../packages/sbom/test/support/file-image.js';
import { alpineFiles } from '../../../packages/sbom/test/support/image-files.js';
import { syftBinary } from '../../../packages/sbom/test/support/syft-binary.js';
import type { AttestSbomInputs } from '../src/inputs.js';
import { run } from '../src/run.js';

let server: StartedRegistry;
let setup: RegistryClient;
const key = new SigningKey(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey);
const scratch = mkdtempSync(path.join(tmpdir(), 'sbom-run-'));
const fixtures = new URL('../../../packages/sbom/test/fixtures/', import.meta.url).pathname;
const syft = syftBinary();
const runHarness = actionRunHarness({
  writeReport,
  scratch,
  dependencies: { syftExec: processSyftExec({ timeoutMs: 120_000 }) },
});

beforeAll(async () => {
  server = await startRegistry({ auth: 'htpasswd' });
  setup = new RegistryClient({ credentials: createCredentialSource({ explicit: server.credentials }) });
});

afterAll(async () => {
  setup.close();
  await server.stop();
});

const repo = (name: string): RepositoryRef => ({ registry: server.host, repository: name });

function inputsFor(images: string[], overrides: Partial<AttestSbomInputs> = {}): AttestSbomInputs {
  return {
    images: parseImageList(images, 'images'),
    sbom: { kind: 'image-scan', syft },
    predicateType: undefined,
    maxSbomBytes: 16 * 1024 * 1024,
    replace: true,
    signatureFormat: 'legacy',
    key: { engine: 'native', key, source: 'file:cosign.key' },
    registry: {
      credentials: server.credentials,
      insecureRegistries: [],
      concurrency: 4,
      timeoutSeconds: 120,
    },
    showSummary: true,
    ...overrides,
  };
}

interface AttestationOutput {
  image: string;
  digest: string;
  platform?: string;
  predicateType: string;
  ref: string;
  sbomPath: string;
  sbomDigest: string;
  replaced: number;
  deduplicated: boolean;
}

const attestationsOf = (outputs: Record<string, unknown>) => outputs['attestations'] as AttestationOutput[];

async function verify(
  target: Pick<ImageTarget, 'image' | 'repo' | 'digest'>,
  predicateType = SPDX_PREDICATE_TYPE,
) {
  return verifyImageAttestations(setup, target, {
    trustedKeys: [key.publicKey],
    predicateType,
    validatePredicate: (predicate) => validateSbomPredicate(predicate, predicateType),
  });
}

/** The packages of the SBOM a verified attestation carries. */
function attestedPackages(statement: unknown): { name: string; purl?: string }[] {
  const predicate = (statement as { predicate: unknown }).predicate;
  return parseSbom(Buffer.from(JSON.stringify(predicate)), 'attested SBOM').packages;
}

const sha256 = (file: string) => `sha256:${createHash('sha256').update(readFileSync(file)).digest('hex')}`;

describe('attest-sbom run', () => {
  it('scans an image in the registry with syft (with the input credentials) and attests its SPDX SBOM', async () => {
    const image = await pushFileImage(setup, repo('sbom-run/alpine'), alpineFiles('x86_64'), { tag: 'v1' });
    const reference = `${server.host}/sbom-run/alpine:v1`;
    const h = runHarness();
    await run(inputsFor([reference]), h.dependencies);

    const [attestation, ...more] = attestationsOf(h.outputs);
    expect(more).toEqual([]);
    expect(attestation).toMatchObject({
      image: reference,
      digest: image.digest,
      predicateType: SPDX_PREDICATE_TYPE,
      ref: `${server.host}/sbom-run/alpine:${image.digest.replace(':', '-')}.att`,
      replaced: 0,
      deduplicated: false,
    });
    expect(attestation?.platform).toBeUndefined();
    const sbomPath = h.outputs['sbom-path'] as string;
    expect(attestation?.sbomPath).toBe(sbomPath);
    expect(path.dirname(path.dirname(sbomPath))).toBe(h.environment.runnerTemp);
    expect(h.outputs['sbom-digest']).toBe(sha256(sbomPath));

    const verdict = await verify({ image: reference, repo: repo('sbom-run/alpine'), digest: image.digest });
    expect(verdict.verified).toBe(true);
    const packages = attestedPackages(verdict.statement).map((p) => p.name);
    expect(packages).toEqual(expect.arrayContaining(['musl', 'zlib', 'left-pad']));
    // The attested predicate is the SBOM file, byte for byte as JSON.
    expect((verdict.statement as { predicate: unknown }).predicate).toEqual(
      JSON.parse(readFileSync(sbomPath, 'utf8')),
    );

    const report = JSON.parse(readFileSync(h.outputs['report-path'] as string, 'utf8'));
    expect(report).toMatchObject({
      kind: 'sigil/attest-sbom-report',
      inputs: { sbom: { scan: 'image', syft }, replace: true, registryCredentials: true },
      sboms: [{ path: sbomPath, format: 'spdx-json', specVersion: '2.3', packages: packages.length }],
      images: [{ image: reference, tag: 'v1', digest: image.digest, attested: true, index: false }],
    });
    const summary = h.summaries.join('\n');
    expect(summary).toContain('1 of 1 image(s) attested with 1 SBOM(s)');
    expect(summary).toContain(`| SPDX 2.3 | ${packages.length} |`);
    expect(summary).toContain(sha256(sbomPath));
    expect(summary).toContain(attestation?.ref);
  });

  it('gives each platform of an index its own SBOM, attested to the platform digest and not to the index', async () => {
    const index = await pushFileIndex(setup, repo('sbom-run/multi'), [
      { platform: { os: 'linux', architecture: 'amd64' }, files: alpineFiles('x86_64') },
      { platform: { os: 'linux', architecture: 'arm64' }, files: alpineFiles('aarch64') },
      // Where BuildKit keeps its own attestations: not a platform image, so not scanned.
      { platform: { os: 'unknown', architecture: 'unknown' }, files: { 'attestation.json': '{}' } },
    ]);
    const reference = `${server.host}/sbom-run/multi@${index.digest}`;
    const h = runHarness();
    await run(inputsFor([reference]), h.dependencies);

    const attestations = attestationsOf(h.outputs);
    expect(attestations.map((a) => [a.digest, a.platform])).toEqual([
      [index.images[0]?.digest, 'linux/amd64'],
      [index.images[1]?.digest, 'linux/arm64'],
    ]);
    const folder = h.outputs['sbom-path'] as string;
    expect(readdirSync(folder).sort()).toEqual(attestations.map((a) => path.basename(a.sbomPath)).sort());
    expect((h.outputs['sbom-digest'] as string).split('\n')).toEqual(
      attestations.map((a) => sha256(a.sbomPath)),
    );
    expect(await readAttestations(setup, repo('sbom-run/multi'), index.digest)).toBeUndefined();

    for (const [attestation, arch] of [
      [attestations[0], 'x86_64'],
      [attestations[1], 'aarch64'],
    ] as const) {
      const digest = attestation?.digest ?? '';
      const verdict = await verify({ image: reference, repo: repo('sbom-run/multi'), digest });
      expect(verdict.verified).toBe(true);
      const musl = attestedPackages(verdict.statement).find((p) => p.name === 'musl');
      expect(musl?.purl).toContain(`arch=${arch}`);
    }
    expect(h.summaries.join('\n')).toContain(
      "is a multi-platform index: each of its 2 platforms got its own SBOM, attested to that platform's digest",
    );
    const report = JSON.parse(readFileSync(h.outputs['report-path'] as string, 'utf8'));
    expect(report.images[0]).toMatchObject({
      index: true,
      attested: true,
      skipped: [{ digest: index.images[2]?.digest, why: expect.stringContaining('unknown/unknown') }],
    });
    expect(h.summaries.join('\n')).toContain('1 entry skipped (unknown/unknown is not a platform image');
    expect(report.sboms).toHaveLength(2);
  });

  it('attests a given SPDX or CycloneDX file to every image, once per digest; a re-run writes nothing, a new SBOM replaces', async () => {
    const a = await pushTestImage(setup, repo('sbom-run/given'), { tag: 'v1' });
    const b = await pushTestImage(setup, repo('sbom-run/given'));
    const images = [
      `${server.host}/sbom-run/given:v1`,
      `${server.host}/sbom-run/given@${b.digest}`,
      `${server.host}/sbom-run/given@${a.digest}`,
    ];
    const spdx = path.join(fixtures, 'spdx-2.3.json');
    const given = { kind: 'file' as const, path: spdx, given: 'spdx-2.3.json' };

    const first = runHarness();
    await run(inputsFor(images, { sbom: given }), first.dependencies);
    expect(attestationsOf(first.outputs).map((x) => [x.digest, x.sbomPath, x.deduplicated])).toEqual([
      [a.digest, spdx, false],
      [b.digest, spdx, false],
    ]);
    expect([first.outputs['sbom-path'], first.outputs['sbom-digest']]).toEqual([spdx, sha256(spdx)]);
    expect(first.infos.some((m) => m.includes(images[2] ?? '') && m.includes('attested once'))).toBe(true);
    const verdict = await verify({ image: images[0] ?? '', repo: repo('sbom-run/given'), digest: a.digest });
    expect((verdict.statement as { predicate: unknown }).predicate).toEqual(
      JSON.parse(readFileSync(spdx, 'utf8')),
    );

    const again = runHarness();
    await run(inputsFor(images, { sbom: given }), again.dependencies);
    expect(attestationsOf(again.outputs).map((x) => x.deduplicated)).toEqual([true, true]);

    const cyclonedx = path.join(fixtures, 'cyclonedx-1.5.json');
    const replaced = runHarness();
    await run(
      inputsFor(images.slice(0, 1), { sbom: { kind: 'file', path: cyclonedx, given: 'c.json' } }),
      replaced.dependencies,
    );
    // CycloneDX is its own predicate type: it is added next to the SPDX attestation, not in its place.
    expect(attestationsOf(replaced.outputs)[0]).toMatchObject({
      predicateType: CYCLONEDX_PREDICATE_TYPE,
      replaced: 0,
    });
    expect(
      (
        await verify(
          { image: images[0] ?? '', repo: repo('sbom-run/given'), digest: a.digest },
          CYCLONEDX_PREDICATE_TYPE,
        )
      ).verified,
    ).toBe(true);

    const edited = path.join(scratch, 'spdx-edited.json');
    writeFileSync(
      edited,
      readFileSync(spdx, 'utf8').replace(
        '"name": "registry.example/app"',
        '"name": "registry.example/app-v2"',
      ),
    );
    const newer = runHarness();
    await run(
      inputsFor(images.slice(0, 1), { sbom: { kind: 'file', path: edited, given: 'e.json' } }),
      newer.dependencies,
    );
    expect(attestationsOf(newer.outputs)[0]).toMatchObject({
      predicateType: SPDX_PREDICATE_TYPE,
      replaced: 1,
    });
    const layers = (await readAttestations(setup, repo('sbom-run/given'), a.digest))?.layers ?? [];
    expect(layers.map((layer) => layer.predicateType).sort()).toEqual([
      CYCLONEDX_PREDICATE_TYPE,
      SPDX_PREDICATE_TYPE,
    ]);
  });

  it('scans a directory once and attests that SBOM to every image', async () => {
    const rootfs = path.join(scratch, 'rootfs');
    for (const [file, content] of Object.entries(alpineFiles('x86_64'))) {
      mkdirSync(path.dirname(path.join(rootfs, file)), { recursive: true });
      writeFileSync(path.join(rootfs, file), content);
    }
    const a = await pushTestImage(setup, repo('sbom-run/dir-a'));
    const b = await pushTestImage(setup, repo('sbom-run/dir-b'));
    const h = runHarness();
    await run(
      inputsFor([`${server.host}/sbom-run/dir-a@${a.digest}`, `${server.host}/sbom-run/dir-b@${b.digest}`], {
        sbom: { kind: 'directory-scan', directory: rootfs, given: 'rootfs', syft },
      }),
      h.dependencies,
    );
    const attestations = attestationsOf(h.outputs);
    expect(new Set(attestations.map((x) => x.sbomPath))).toEqual(new Set([h.outputs['sbom-path']]));
    expect(path.basename(h.outputs['sbom-path'] as string)).toBe('rootfs.spdx.json');
    const verdict = await verify({ image: 'b', repo: repo('sbom-run/dir-b'), digest: b.digest });
    expect(attestedPackages(verdict.statement).map((p) => p.name)).toEqual(
      expect.arrayContaining(['musl', 'zlib']),
    );
  });

  it('refuses an SBOM over max-sbom-bytes before writing anything, naming the input and the limit', async () => {
    const image = await pushTestImage(setup, repo('sbom-run/too-big'));
    const spdx = path.join(fixtures, 'spdx-2.3.json');
    const h = runHarness();
    const error = await run(
      inputsFor([`${server.host}/sbom-run/too-big@${image.digest}`], {
        sbom: { kind: 'file', path: spdx, given: 'spdx-2.3.json' },
        maxSbomBytes: 1000,
      }),
      h.dependencies,
    ).catch((e: unknown) => e);
    // The library says the size limit was what stopped it; the action's boundary names the input.
    expect(error).toMatchObject({ code: 'INPUT_INVALID', field: 'sbom-size-limit' });
    expect(inputOf(error as SigilError)).toBe('max-sbom-bytes');
    expect(describeFailure(error).at(-1)).toMatch(/^Fix: .*`max-sbom-bytes`/);
    expect(await setup.listTags(repo('sbom-run/too-big'))).toEqual([]);
    expect(h.outputs).toEqual({});
  });

  it('refuses a predicate type of the other SBOM format', async () => {
    const image = await pushTestImage(setup, repo('sbom-run/wrong-type'));
    const h = runHarness();
    const error = await run(
      inputsFor([`${server.host}/sbom-run/wrong-type@${image.digest}`], {
        sbom: { kind: 'file', path: path.join(fixtures, 'cyclonedx-1.5.json'), given: 'c.json' },
        predicateType: SPDX_PREDICATE_TYPE,
      }),
      h.dependencies,
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'INPUT_INVALID', input: 'predicate-type' });
  });

  it('attests what it can, then fails naming each image that could not be scanned or attested', async () => {
    const image = await pushFileImage(setup, repo('sbom-run/partial'), alpineFiles('x86_64'));
    const good = `${server.host}/sbom-run/partial@${image.digest}`;
    const missing = `${server.host}/sbom-run/partial:nope`;
    const h = runHarness();
    const error = await run(inputsFor([missing, good]), h.dependencies).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SigilError);
    expect((error as SigilError).message).toMatch(/^1 of 2 image\(s\) could not be attested: /);
    expect(attestationsOf(h.outputs).map((x) => x.digest)).toEqual([image.digest]);
    expect(h.summaries.join('\n')).toContain('MANIFEST_NOT_FOUND');
  });
});
