import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  GITHUB_ACTIONS_ISSUER,
  identityPattern,
  runGate,
  type CertificateIdentity,
  type GateCheck,
  type GateResult,
  type KeylessPolicy,
} from '@sigil/gate';
import { MEDIA_TYPES, RegistryClient, parseReference, sha256Digest, type RepositoryRef } from '@sigil/oci';
import {
  pushTestImage,
  startReferrersRegistry,
  startRegistry,
  type StartedReferrersRegistry,
  type StartedRegistry,
} from '@sigil/testing';
import { startSigstoreStack, type SigstoreStack } from '@sigil/testing/sigstore-stack';
import { LoadedTrustedRoot } from '@sigil/transparency';
import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { referrersTag } from '../../packages/oci/src/referrers.js';
import { runCosign } from '../support/cosign-cli.js';

type GatePolicy = Parameters<typeof runGate>[2];

/**
 * cosign v3.1.3 signs and attests images keyless (its default: Sigstore bundles as OCI 1.1 referrers) against
 * the loopback Sigstore (OIDC issuer with GitHub's issuer name, Fulcio, Rekor v1, TSA), in Docker
 * Distribution (the referrers tag schema's fallback index) and in go-containerregistry's registry (the
 * referrers API). The gate verifies those bundles keyless — the certificate to the stack's CA, its SCT, the
 * Rekor entry and the timestamp against the stack's trusted root — and accepts the signer only as the policy
 * says: certificate identities (exact, or a regexp matching the whole name) with their issuer, and the GitHub
 * workflow claims Fulcio copied from the token.
 */
const SIGN = 'https://sigstore.dev/cosign/sign/v1';
const SPDX = 'https://spdx.dev/Document';
const SLSA_V1 = 'https://slsa.dev/provenance/v1';
const fixtures = new URL('../fixtures/attestation/', import.meta.url).pathname;

const OWNER_REPO = 'octo-org/octo-app';
const WORKFLOW = '.github/workflows/release.yml';
const REF = 'refs/heads/main';
const SHA = 'c0ffee'.padEnd(40, '0');
const RUN = {
  repository: OWNER_REPO,
  workflow: WORKFLOW,
  ref: REF,
  sha: SHA,
  eventName: 'push',
  runnerEnvironment: 'github-hosted',
};
const SAN = `https://github.com/${OWNER_REPO}/${WORKFLOW}@${REF}`;

type Kind = 'distribution' | 'referrers';

interface Signer {
  readonly stack: SigstoreStack;
  readonly files: { readonly trustedRoot: string; readonly signingConfig: string };
  readonly root: LoadedTrustedRoot;
}

let distribution: StartedRegistry;
let referrers: StartedReferrersRegistry;
let client: RegistryClient;
let work: string;
/** Signs on a GitHub-hosted runner. */
let hosted: Signer;
/** The same workflow on a self-hosted runner, through another Sigstore (its own CA, log and TSA). */
let selfHosted: Signer;

async function signer(runnerEnvironment: string, name: string): Promise<Signer> {
  const stack = await startSigstoreStack({ issuer: 'github', identity: { ...RUN, runnerEnvironment } });
  const files = await stack.writeFiles(mkdtempSync(join(work, `${name}-`)));
  return { stack, files, root: LoadedTrustedRoot.load(stack.trustedRoot) };
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'sigil-keyless-interop-'));
  [distribution, referrers, hosted, selfHosted] = await Promise.all([
    startRegistry(),
    startReferrersRegistry(),
    signer('github-hosted', 'hosted'),
    signer('self-hosted', 'self-hosted'),
  ]);
  client = new RegistryClient({ timeoutMs: 60_000 });
}, 120_000);

afterAll(async () => {
  client?.close();
  await Promise.all([
    distribution?.stop(),
    referrers?.stop(),
    hosted?.stack.stop(),
    selfHosted?.stack.stop(),
  ]);
  if (work !== undefined) await rm(work, { recursive: true, force: true });
});

const hostOf = (kind: Kind): string => (kind === 'distribution' ? distribution.host : referrers.host);

interface Image {
  readonly repo: RepositoryRef;
  readonly digest: string;
  readonly ref: string;
}

async function pushedImage(kind: Kind, name: string): Promise<Image> {
  const repo = { registry: hostOf(kind), repository: name };
  const { digest } = await pushTestImage(client, repo);
  return { repo, digest, ref: `${repo.registry}/${name}@${digest}` };
}

/** cosign v3 keyless with its defaults, through `by`'s services: a fresh token from its issuer each time. */
async function cosign(args: string[], by: Signer): Promise<void> {
  const run = await runCosign(
    'v3',
    [
      ...args,
      '--identity-token',
      by.stack.token(),
      '--signing-config',
      by.files.signingConfig,
      '--trusted-root',
      by.files.trustedRoot,
      '--allow-http-registry',
      '--yes',
    ],
    { home: work, env: { TUF_ROOT: join(work, 'tuf') } },
  );
  expect({ code: run.code, stderr: run.stderr }).toMatchObject({ code: 0 });
}

const sign = (image: Image, by = hosted) => cosign(['sign', image.ref], by);
const attest = (image: Image, type: 'spdxjson' | 'slsaprovenance1', by = hosted) =>
  cosign(
    [
      'attest',
      '--type',
      type,
      '--predicate',
      join(fixtures, type === 'spdxjson' ? 'spdx-2.3.json' : 'slsa-provenance-v1.json'),
      image.ref,
    ],
    by,
  );

const exact = (subject: string, issuer = GITHUB_ACTIONS_ISSUER): CertificateIdentity => ({
  subject: { exact: subject },
  issuer,
});
const regexp = (source: string, issuer = GITHUB_ACTIONS_ISSUER): CertificateIdentity => ({
  subject: { pattern: identityPattern(source), source },
  issuer,
});
const keyless = (
  identities: readonly CertificateIdentity[],
  github: Partial<KeylessPolicy['github']> = {},
): KeylessPolicy => ({ identities, github: { denySelfHostedRunners: false, ...github } });

function gate(image: Image, policy: Partial<GatePolicy> = {}): Promise<GateResult> {
  return runGate(client, [{ image: image.ref, reference: parseReference(image.ref) }], {
    signature: { trustedKeys: [] },
    requirements: [{ kind: 'signature' }],
    platforms: 'index',
    mode: 'enforce',
    keyless: keyless([exact(SAN)]),
    transparency: { trustedRoot: hosted.root, requireTlog: 'auto' },
    ...policy,
  });
}

function checksOf(result: GateResult): Record<string, Pick<GateCheck, 'passed' | 'reason' | 'source'>> {
  const checks = result.images[0]?.checks ?? [];
  return Object.fromEntries(
    checks.map((check) => [
      check.check,
      {
        passed: check.passed,
        reason: check.reason,
        ...(check.source === undefined ? {} : { source: check.source }),
      },
    ]),
  );
}

/** The reason of the signature check alone (`undefined` when it passed). */
async function signatureReason(image: Image, policy: Partial<GatePolicy> = {}): Promise<string | undefined> {
  const result = await gate(image, policy);
  const check = result.images[0]?.checks[0];
  expect(check?.check).toBe('signature');
  expect(result.verified).toBe(check?.passed);
  return check?.passed === true ? undefined : (check?.reason ?? 'no reason');
}

interface Referrer {
  readonly digest: string;
  readonly manifest: Record<string, unknown> & {
    layers: { digest: string; size: number }[];
    subject: { digest: string };
  };
  readonly bundle: Record<string, unknown> & {
    dsseEnvelope: { payload: string };
    verificationMaterial: Record<string, unknown>;
  };
  readonly predicateType: string;
}

/** The bundle referrers cosign wrote for `digest`, read the way the registry lists them. */
async function bundleReferrers(image: Image): Promise<Referrer[]> {
  const listed = await client.listReferrers(image.repo, image.digest);
  return Promise.all(
    listed.descriptors.map(async ({ digest }) => {
      const manifest = JSON.parse(
        Buffer.from((await client.getManifest(image.repo, digest))?.bytes ?? []).toString('utf8'),
      ) as Referrer['manifest'];
      const bundle = JSON.parse(
        Buffer.from(await client.getBlob(image.repo, manifest.layers[0]?.digest ?? '')).toString('utf8'),
      ) as Referrer['bundle'];
      const statement = JSON.parse(Buffer.from(bundle.dsseEnvelope.payload, 'base64').toString('utf8'));
      return { digest, manifest, bundle, predicateType: statement.predicateType as string };
    }),
  );
}

/**
 * Lists `manifest` (with `bundle` as its layer, if given) as a referrer of `image`, as cosign would: the
 * registry's API lists what names it as its subject; on Distribution the fallback index is extended.
 */
async function attach(
  kind: Kind,
  image: Image,
  manifest: Referrer['manifest'],
  bundle?: unknown,
): Promise<void> {
  let written: Referrer['manifest'] = { ...manifest, subject: { ...manifest.subject, digest: image.digest } };
  if (bundle !== undefined) {
    const pushed = await client.putBlob(image.repo, Buffer.from(JSON.stringify(bundle)));
    written = { ...written, layers: [{ ...written.layers[0], ...pushed }] };
  }
  const bytes = Buffer.from(JSON.stringify(written));
  const digest = await client.putManifest(image.repo, sha256Digest(bytes), bytes, MEDIA_TYPES.ociManifest);
  if (kind === 'referrers') return;
  const tag = referrersTag(image.digest);
  const current = await client.getManifest(image.repo, tag);
  const index =
    current === undefined
      ? { schemaVersion: 2, mediaType: MEDIA_TYPES.ociIndex, manifests: [] as unknown[] }
      : JSON.parse(Buffer.from(current.bytes).toString('utf8'));
  index.manifests.push({
    mediaType: MEDIA_TYPES.ociManifest,
    size: bytes.byteLength,
    digest,
    artifactType: 'application/vnd.dev.sigstore.bundle.v0.3+json',
  });
  await client.putManifest(image.repo, tag, Buffer.from(JSON.stringify(index)), MEDIA_TYPES.ociIndex);
}

describe.each<Kind>(['distribution', 'referrers'])('cosign v3 keyless in %s', (kind) => {
  const source = kind === 'distribution' ? 'referrers-tag' : 'referrers-api';
  /** Signed, SBOM- and provenance-attested keyless by the GitHub-hosted run; shared by the policy cases. */
  let signed: Image;

  beforeAll(async () => {
    signed = await pushedImage(kind, 'keyless/app');
    await sign(signed);
    await attest(signed, 'spdxjson');
    await attest(signed, 'slsaprovenance1');
  }, 60_000);

  it('cosign wrote keyless bundles: a Fulcio certificate, a Rekor entry and a TSA timestamp each', async () => {
    const found = await bundleReferrers(signed);
    expect(found.map(({ predicateType }) => predicateType).sort()).toEqual([SIGN, SLSA_V1, SPDX].sort());
    for (const { bundle } of found) {
      expect(Object.keys(bundle.verificationMaterial).sort()).toEqual(
        ['certificate', 'timestampVerificationData', 'tlogEntries'].sort(),
      );
      expect(bundle.verificationMaterial['tlogEntries']).toHaveLength(1);
    }
  });

  it('passes signature, sbom and provenance from the keyless bundles, each verified with its identity', async () => {
    const result = await gate(signed, {
      requirements: [{ kind: 'signature' }, { kind: 'sbom' }, { kind: 'provenance' }],
    });
    expect(checksOf(result)).toEqual({
      signature: { passed: true, reason: undefined, source },
      sbom: { passed: true, reason: undefined, source },
      provenance: { passed: true, reason: undefined, source },
    });
    expect(result.verified).toBe(true);
    const checks = result.images[0]?.checks ?? [];
    expect(checks).toHaveLength(3);
    for (const check of checks) {
      const bundles = check.bundles ?? [];
      expect(bundles.map(({ predicateType }) => predicateType).sort()).toEqual([SIGN, SLSA_V1, SPDX].sort());
      for (const bundle of bundles) {
        expect(bundle).toMatchObject({
          verified: true,
          signedPredicateType: true,
          identity: { subjectAlternativeName: SAN, issuer: GITHUB_ACTIONS_ISSUER },
          transparency: { tlogEntries: 1, rfc3161Timestamps: 1, checked: 'verified' },
        });
        expect(bundle.keyId).toBeUndefined();
        expect(bundle.transparency?.entries).toHaveLength(1);
      }
    }
    expect(checks[0]?.message).toContain(`certificate for ${JSON.stringify(SAN)}`);
  });

  it('another exact identity: CERTIFICATE_IDENTITY_MISMATCH', async () => {
    const other = `https://github.com/${OWNER_REPO}/.github/workflows/other.yml@${REF}`;
    expect(await signatureReason(signed, { keyless: keyless([exact(other)]) })).toBe(
      'CERTIFICATE_IDENTITY_MISMATCH',
    );
    // Any of several identities may match.
    expect(await signatureReason(signed, { keyless: keyless([exact(other), exact(SAN)]) })).toBeUndefined();
  });

  it('a regexp matching only a prefix of the SAN: CERTIFICATE_IDENTITY_MISMATCH; the whole SAN passes', async () => {
    const prefix = `https://github\\.com/${OWNER_REPO}/`;
    expect(await signatureReason(signed, { keyless: keyless([regexp(prefix)]) })).toBe(
      'CERTIFICATE_IDENTITY_MISMATCH',
    );
    expect(await signatureReason(signed, { keyless: keyless([regexp(`${prefix}.*`)]) })).toBeUndefined();
  });

  it('the right SAN from another issuer: CERTIFICATE_ISSUER_MISMATCH', async () => {
    expect(
      await signatureReason(signed, { keyless: keyless([exact(SAN, 'https://accounts.google.com')]) }),
    ).toBe('CERTIFICATE_ISSUER_MISMATCH');
  });

  it('signer-workflow: another workflow is SIGNER_MISMATCH; the signing one passes with no identity', async () => {
    expect(
      await signatureReason(signed, {
        keyless: keyless([], { signerWorkflow: `${OWNER_REPO}/.github/workflows/other.yml` }),
      }),
    ).toBe('SIGNER_MISMATCH');
    expect(
      await signatureReason(signed, {
        keyless: keyless([], { signerWorkflow: `${OWNER_REPO}/${WORKFLOW}` }),
      }),
    ).toBeUndefined();
  });

  it('signer-repo: another repository is SIGNER_MISMATCH; the signing one passes', async () => {
    expect(
      await signatureReason(signed, { keyless: keyless([], { signerRepo: 'octo-org/octo-app-fork' }) }),
    ).toBe('SIGNER_MISMATCH');
    expect(
      await signatureReason(signed, { keyless: keyless([], { signerRepo: `github.com/${OWNER_REPO}` }) }),
    ).toBeUndefined();
  });

  it('source-ref and source-digest: another ref or commit is SOURCE_MISMATCH; the run’s pass', async () => {
    expect(
      await signatureReason(signed, { keyless: keyless([exact(SAN)], { sourceRef: 'refs/heads/other' }) }),
    ).toBe('SOURCE_MISMATCH');
    expect(
      await signatureReason(signed, { keyless: keyless([exact(SAN)], { sourceDigest: 'f'.repeat(40) }) }),
    ).toBe('SOURCE_MISMATCH');
    expect(
      await signatureReason(signed, {
        keyless: keyless([exact(SAN)], { sourceRef: REF, sourceDigest: SHA }),
      }),
    ).toBeUndefined();
  });

  it('source-repo: another repository is SOURCE_MISMATCH; the run’s passes, in any letter case', async () => {
    expect(
      await signatureReason(signed, {
        keyless: keyless([exact(SAN)], { sourceRepo: 'octo-org/octo-app-fork' }),
      }),
    ).toBe('SOURCE_MISMATCH');
    expect(
      await signatureReason(signed, {
        keyless: keyless([exact(SAN)], { sourceRepo: `github.com/${OWNER_REPO.toUpperCase()}` }),
      }),
    ).toBeUndefined();
  });

  it('deny-self-hosted-runners: RUNNER_NOT_ALLOWED for a self-hosted run, a GitHub-hosted one passes', async () => {
    const image = await pushedImage(kind, 'keyless/self-hosted');
    await sign(image, selfHosted);
    const deny = keyless([exact(SAN)], { denySelfHostedRunners: true });
    const transparency = { trustedRoot: selfHosted.root, requireTlog: 'auto' } as const;
    expect(await signatureReason(image, { keyless: deny, transparency })).toBe('RUNNER_NOT_ALLOWED');
    expect(await signatureReason(image, { keyless: keyless([exact(SAN)]), transparency })).toBeUndefined();
    expect(await signatureReason(signed, { keyless: deny })).toBeUndefined();
  });

  it('the trusted root of another Sigstore: CERTIFICATE_UNTRUSTED (its certificate is from another CA)', async () => {
    const result = await gate(signed, {
      transparency: { trustedRoot: selfHosted.root, requireTlog: 'auto' },
    });
    expect(checksOf(result)).toEqual({ signature: { passed: false, reason: 'CERTIFICATE_UNTRUSTED' } });
    expect(result.images[0]?.checks[0]?.bundles?.every(({ identity }) => identity === undefined)).toBe(true);
  });

  it('no keyless policy: KEYLESS_NOT_CONFIGURED', async () => {
    const result = await gate(signed, { keyless: undefined });
    expect(checksOf(result)).toEqual({ signature: { passed: false, reason: 'KEYLESS_NOT_CONFIGURED' } });
  });

  it('require-tlog false still passes (the Rekor entry and the TSA timestamp still verified)', async () => {
    const result = await gate(signed, { transparency: { trustedRoot: hosted.root, requireTlog: false } });
    expect(checksOf(result)).toEqual({ signature: { passed: true, reason: undefined, source } });
    expect(result.images[0]?.checks[0]?.bundles?.[0]?.transparency?.checked).toBe('verified');
  });

  it('the keyless signature of another image, listed for this one: CLAIM_DIGEST_MISMATCH', async () => {
    const [signature] = (await bundleReferrers(signed)).filter(({ predicateType }) => predicateType === SIGN);
    // In the same repository: Distribution serves a manifest only if its blobs are in the repository.
    const image = await pushedImage(kind, 'keyless/app');
    await attach(kind, image, signature!.manifest);
    const result = await gate(image);
    expect(checksOf(result)).toEqual({ signature: { passed: false, reason: 'CLAIM_DIGEST_MISMATCH' } });
  });

  it('the signed statement edited to name this image: TLOG_INVALID (Rekor logged the signed payload)', async () => {
    const [signature] = (await bundleReferrers(signed)).filter(({ predicateType }) => predicateType === SIGN);
    const image = await pushedImage(kind, 'keyless/app');
    const statement = JSON.parse(
      Buffer.from(signature!.bundle.dsseEnvelope.payload, 'base64').toString('utf8'),
    );
    statement.subject[0].digest.sha256 = image.digest.slice('sha256:'.length);
    const edited = {
      ...signature!.bundle,
      dsseEnvelope: {
        ...signature!.bundle.dsseEnvelope,
        payload: Buffer.from(JSON.stringify(statement)).toString('base64'),
      },
    };
    await attach(kind, image, signature!.manifest, edited);
    const result = await gate(image);
    expect(checksOf(result)).toEqual({ signature: { passed: false, reason: 'TLOG_INVALID' } });
  });
});
