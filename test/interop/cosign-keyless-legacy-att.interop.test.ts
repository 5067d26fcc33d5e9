import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { attestationTag } from '@sigil/attestations';
import { signatureTag } from '@sigil/signatures';
import { runGate, type GateCheck, type GateResult, type KeylessPolicy } from '@sigil/gate';
import { RegistryClient, parseReference, type RepositoryRef } from '@sigil/oci';
import { pushTestImage, startRegistry, type StartedRegistry } from '@sigil/testing';
import { startSigstoreStack, type SigstoreStack } from '@sigil/testing/sigstore-stack';
import { LoadedTrustedRoot } from '@sigil/transparency';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCosign } from '../support/cosign-cli.js';

type GatePolicy = Parameters<typeof runGate>[2];

/**
 * cosign v2.6.5 `attest` keyless in its legacy `.att` format against the loopback Sigstore (GitHub's issuer name,
 * Fulcio, Rekor v1): the trust given as cosign v2 takes a private Sigstore's (SIGSTORE_ROOT_FILE,
 * SIGSTORE_CT_LOG_PUBLIC_KEY_FILE, SIGSTORE_REKOR_PUBLIC_KEY), the token with `--identity-token`, the services
 * with `--fulcio-url` / `--rekor-url`; the entry is cosign's default `--rekor-entry-type dsse`. The gate verifies
 * the layer keyless against the stack's trusted root (`require: sbom`) and pins the workflow that signed it.
 * cosign v3.1.3 in the legacy format (`--new-bundle-format=false`) writes the same layers with an empty chain
 * annotation, which the gate reads as no chain (the chain is never a source of trust).
 *
 * Not here: `--rekor-entry-type intoto`. cosign v2 logs an intoto 0.0.1 entry (not 0.0.2), which sigstore-js does
 * not verify (`unsupported intoto version`), and the loopback Rekor logs intoto proposals verbatim rather than as
 * Rekor canonicalizes them; the gate refuses such a layer (`TLOG_INVALID`, naming the entry's kind and version).
 */
const fixtures = new URL('../fixtures/attestation/', import.meta.url).pathname;
const SPDX = 'https://spdx.dev/Document';
const WORKFLOW = 'acme/shop/.github/workflows/release.yml';

let registry: StartedRegistry;
let stack: SigstoreStack;
let otherStack: SigstoreStack;
let client: RegistryClient;
let work: string;
let trust: Record<string, string>;

const pem = (label: string, base64: string) =>
  `-----BEGIN ${label}-----\n${base64.replace(/.{64}/g, '$&\n').replace(/\n$/, '')}\n-----END ${label}-----\n`;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'sigil-v2-keyless-attest-'));
  [registry, stack, otherStack] = await Promise.all([
    startRegistry(),
    startSigstoreStack({
      issuer: 'github',
      identity: {
        repository: 'acme/shop',
        workflow: '.github/workflows/release.yml',
        ref: 'refs/heads/main',
      },
    }),
    startSigstoreStack({ issuer: 'github' }),
  ]);
  client = new RegistryClient({ timeoutMs: 60_000 });
  // cosign v2 takes a private Sigstore's trust through its environment: the Fulcio root, the CT log and Rekor keys.
  const root = stack.trustedRoot as {
    certificateAuthorities: { certChain: { certificates: { rawBytes: string }[] } }[];
    ctlogs: { publicKey: { rawBytes: string } }[];
    tlogs: { publicKey: { rawBytes: string } }[];
  };
  trust = {
    SIGSTORE_ROOT_FILE: join(work, 'fulcio-root.pem'),
    SIGSTORE_CT_LOG_PUBLIC_KEY_FILE: join(work, 'ctlog.pub'),
    SIGSTORE_REKOR_PUBLIC_KEY: join(work, 'rekor.pub'),
    TUF_ROOT: join(work, 'tuf'),
  };
  writeFileSync(
    trust.SIGSTORE_ROOT_FILE as string,
    root.certificateAuthorities[0]?.certChain.certificates
      .map(({ rawBytes }) => pem('CERTIFICATE', rawBytes))
      .join('') ?? '',
  );
  writeFileSync(
    trust.SIGSTORE_CT_LOG_PUBLIC_KEY_FILE as string,
    pem('PUBLIC KEY', root.ctlogs[0]?.publicKey.rawBytes ?? ''),
  );
  writeFileSync(
    trust.SIGSTORE_REKOR_PUBLIC_KEY as string,
    pem('PUBLIC KEY', root.tlogs[0]?.publicKey.rawBytes ?? ''),
  );
}, 120_000);

afterAll(async () => {
  client?.close();
  await Promise.all([registry?.stop(), stack?.stop(), otherStack?.stop()]);
  if (work !== undefined) await rm(work, { recursive: true, force: true });
});

async function image(name: string): Promise<{ repo: RepositoryRef; digest: string; ref: string }> {
  const repo = { registry: registry.host, repository: `v2-keyless-attest/${name}` };
  const { digest } = await pushTestImage(client, repo);
  return { repo, digest, ref: `${repo.registry}/${repo.repository}@${digest}` };
}

const keyless = (github: Partial<KeylessPolicy['github']> = {}): KeylessPolicy => ({
  identities: [{ subject: { exact: stack.identity.subjectAlternativeName }, issuer: stack.identity.issuer }],
  github: { signerWorkflow: WORKFLOW, denySelfHostedRunners: true, ...github },
});

function gate(ref: string, policy: Partial<GatePolicy> = {}): Promise<GateResult> {
  return runGate(client, [{ image: ref, reference: parseReference(ref) }], {
    signature: { trustedKeys: [] },
    requirements: [{ kind: 'sbom' }],
    platforms: 'index',
    mode: 'enforce',
    keyless: keyless(),
    transparency: { trustedRoot: LoadedTrustedRoot.load(stack.trustedRoot), requireTlog: 'auto' },
    ...policy,
  });
}

function sbomCheck(result: GateResult): GateCheck {
  const check = result.images[0]?.checks.find(({ check: name }) => name === 'sbom');
  if (check === undefined) throw new Error('no sbom check');
  return check;
}

/** The keyless `.att` (or `.sig`) layer cosign wrote for `digest`: its media type and annotations. */
async function cosignLayer(
  repo: RepositoryRef,
  digest: string,
  kind: 'att' | 'sig' = 'att',
): Promise<{ mediaType: string; annotations: Record<string, string> } | undefined> {
  const tag = kind === 'att' ? attestationTag(digest) : signatureTag(digest);
  const manifest = JSON.parse(
    Buffer.from((await client.getManifest(repo, tag))?.bytes ?? []).toString('utf8'),
  ) as { layers: { mediaType: string; annotations: Record<string, string> }[] };
  expect(manifest.layers).toHaveLength(1);
  return manifest.layers[0];
}

describe('cosign attest keyless in the legacy .att format → the gate', () => {
  it('verifies the layer cosign wrote (dsse entry, certificate, chain, Rekor bundle) and pins its workflow', async () => {
    const target = await image('sbom');
    const attested = await runCosign(
      'v2',
      [
        'attest',
        '--type',
        'spdxjson',
        '--predicate',
        join(fixtures, 'spdx-2.3.json'),
        '--identity-token',
        stack.token(),
        '--fulcio-url',
        stack.fulcioURL,
        '--rekor-url',
        stack.rekorURL,
        '--allow-http-registry',
        '--yes',
        target.ref,
      ],
      { env: trust },
    );
    expect({ code: attested.code, stderr: attested.code === 0 ? '' : attested.stderr }).toEqual({
      code: 0,
      stderr: '',
    });

    // What cosign wrote: one DSSE layer with the keyless annotations, its Rekor bundle a dsse 0.0.1 entry.
    const manifest = JSON.parse(
      Buffer.from(
        (await client.getManifest(target.repo, attestationTag(target.digest)))?.bytes ?? [],
      ).toString('utf8'),
    ) as { layers: { mediaType: string; annotations: Record<string, string> }[] };
    expect(manifest.layers).toHaveLength(1);
    const [layer] = manifest.layers;
    expect(layer?.mediaType).toBe('application/vnd.dsse.envelope.v1+json');
    expect(Object.keys(layer?.annotations ?? {}).sort()).toEqual([
      'dev.cosignproject.cosign/signature',
      'dev.sigstore.cosign/bundle',
      'dev.sigstore.cosign/certificate',
      'dev.sigstore.cosign/chain',
      'predicateType',
    ]);
    const rekorBundle = JSON.parse(layer?.annotations['dev.sigstore.cosign/bundle'] ?? '{}') as {
      Payload: { body: string };
    };
    const entry = JSON.parse(Buffer.from(rekorBundle.Payload.body, 'base64').toString('utf8')) as {
      kind: string;
      apiVersion: string;
    };
    expect([entry.kind, entry.apiVersion]).toEqual(['dsse', '0.0.1']);

    const passed = sbomCheck(await gate(target.ref));
    expect(passed).toMatchObject({ passed: true, source: 'att-tag', predicateType: SPDX });
    expect(passed.attestationLayers?.[0]).toMatchObject({
      verified: true,
      identity: {
        subjectAlternativeName: stack.identity.subjectAlternativeName,
        issuer: stack.identity.issuer,
      },
    });
    // Counted as logged under require-tlog: the gate verified its Rekor entry.
    const logged = await gate(target.ref, {
      transparency: { trustedRoot: LoadedTrustedRoot.load(stack.trustedRoot), requireTlog: true },
    });
    expect(sbomCheck(logged).passed).toBe(true);

    expect(
      sbomCheck(
        await gate(target.ref, {
          keyless: keyless({ signerWorkflow: 'acme/shop/.github/workflows/nightly.yml' }),
        }),
      ),
    ).toMatchObject({ passed: false, reason: 'SIGNER_MISMATCH' });
    expect(
      sbomCheck(
        await gate(target.ref, {
          transparency: { trustedRoot: LoadedTrustedRoot.load(otherStack.trustedRoot), requireTlog: 'auto' },
        }),
      ),
    ).toMatchObject({ passed: false, reason: 'CERTIFICATE_UNTRUSTED' });
    const noKeyless = await runGate(client, [{ image: target.ref, reference: parseReference(target.ref) }], {
      signature: { trustedKeys: [] },
      requirements: [{ kind: 'sbom' }],
      platforms: 'index',
      mode: 'enforce',
      transparency: { trustedRoot: LoadedTrustedRoot.load(stack.trustedRoot), requireTlog: 'auto' },
    });
    expect(sbomCheck(noKeyless)).toMatchObject({ passed: false, reason: 'KEYLESS_NOT_CONFIGURED' });
  });

  it('cosign v3.1.3 in the legacy format: its keyless .att and .sig (empty chain annotation) pass signature, sbom', async () => {
    const target = await image('v3-legacy');
    const files = await stack.writeFiles(join(work, 'v3'));
    const legacyKeyless = [
      '--new-bundle-format=false',
      '--use-signing-config=false',
      '--trusted-root',
      files.trustedRoot,
      '--fulcio-url',
      stack.fulcioURL,
      '--rekor-url',
      stack.rekorURL,
      '--allow-http-registry',
      '--yes',
    ];
    for (const args of [
      ['sign'],
      ['attest', '--type', 'spdxjson', '--predicate', join(fixtures, 'spdx-2.3.json')],
    ]) {
      const run = await runCosign(
        'v3',
        [...args, '--identity-token', stack.token(), ...legacyKeyless, target.ref],
        { env: { TUF_ROOT: join(work, 'tuf-v3') } },
      );
      expect({ code: run.code, stderr: run.code === 0 ? '' : run.stderr }).toEqual({ code: 0, stderr: '' });
    }
    expect((await cosignLayer(target.repo, target.digest))?.annotations['dev.sigstore.cosign/chain']).toBe(
      '',
    );
    expect(
      (await cosignLayer(target.repo, target.digest, 'sig'))?.annotations['dev.sigstore.cosign/chain'],
    ).toBe('');
    const result = await gate(target.ref, { requirements: [{ kind: 'signature' }, { kind: 'sbom' }] });
    expect(result.images[0]?.checks.map(({ check, passed, source }) => [check, passed, source])).toEqual([
      ['signature', true, 'sig-tag'],
      ['sbom', true, 'att-tag'],
    ]);
  });
});
