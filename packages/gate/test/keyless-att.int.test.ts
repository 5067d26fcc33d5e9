import { describe, expect, it } from '@jest/globals';
import { attestImage } from '@sigil/attestations';
import type { RepositoryRef } from '@sigil/oci';
import { SLSA_PROVENANCE_V1 } from '@sigil/provenance';
import { signatureLayerDescriptor, signatureTag, writeCosignImage } from '@sigil/signatures';
import { SPDX_PREDICATE_TYPE } from '@sigil/sbom';
import { pushTestImage } from '@sigil/testing';
import type { SigstoreStack } from '@sigil/testing/sigstore-stack';
import { LoadedTrustedRoot } from '@sigil/transparency';
import type { KeylessSigner } from '@sigil/transparency/keyless';
import { createHash } from 'node:crypto';
import type { GateCheck, GateResult, Requirement } from '../src/index.js';
import {
  appendRawLayer,
  readAttestationManifest,
  statementBytes,
  writeAttestationManifest,
} from './support/attestation-tampering.js';
import { bytes, slsaProvenance, spdxDocument } from './support/predicates.js';
import {
  useKeylessGate,
  stack,
  otherStack,
  client,
  root,
  signer,
  key,
  signerOf,
  repoNamed,
  keyless,
  policy,
  gate,
} from './support/keyless-gate.js';

/**
 * Keyless attestations in cosign's legacy `.att` format, made on the loopback Sigstore stack as `cosign attest`
 * (v2, and v3 with the legacy format) writes them — the DSSE envelope with the signature over its PAE, the Fulcio
 * certificate and chain, the Rekor `dsse` entry as cosign's bundle annotation — pushed to a registry's `.att` tag
 * and judged by the gate against the stack's trusted root.
 */
const IN_TOTO = 'application/vnd.in-toto+json';
const CERTIFICATE = 'dev.sigstore.cosign/certificate';
const CHAIN = 'dev.sigstore.cosign/chain';
const REKOR_BUNDLE = 'dev.sigstore.cosign/bundle';
const SBOM: Requirement = { kind: 'sbom' };
const PROVENANCE: Requirement = { kind: 'provenance' };

useKeylessGate({ prefix: 'keyless-att', requirement: SBOM });

/** What `KeylessSigner.signDsse` returns (bundle v0.3 JSON), as far as a legacy layer needs it. */
interface DsseBundleJson {
  dsseEnvelope: { payload: string; payloadType: string; signatures: { sig: string }[] };
  verificationMaterial: {
    tlogEntries: {
      logIndex: string;
      logId: { keyId: string };
      integratedTime: string;
      inclusionPromise: { signedEntryTimestamp: string };
      canonicalizedBody: string;
    }[];
  };
}

/** cosign's `dev.sigstore.cosign/bundle` of a log entry (`cosignRekorBundle` in keyless-signer.ts). */
function cosignRekorBundle(entry: {
  signedEntryTimestamp: string;
  body: string;
  integratedTime: number;
  logIndex: number;
  logID: string;
}): string {
  return JSON.stringify({
    SignedEntryTimestamp: entry.signedEntryTimestamp,
    Payload: {
      body: entry.body,
      integratedTime: entry.integratedTime,
      logIndex: entry.logIndex,
      logID: entry.logID,
    },
  });
}

interface AttLayer {
  envelope: Uint8Array;
  predicateType: string;
  annotations: Record<string, string>;
  /** The envelope's one signature (std base64). */
  signature: string;
}

/**
 * A keyless `.att` layer as `cosign attest` writes it: the DSSE envelope in cosign v2's layout, the empty signature
 * annotation, the predicate type, the certificate and chain, and the Rekor bundle of the `dsse` entry.
 */
async function keylessAttLayer(statement: Uint8Array, by: KeylessSigner = signer): Promise<AttLayer> {
  const bundle = (await by.signDsse(statement, IN_TOTO)) as DsseBundleJson;
  const { payload, payloadType, signatures } = bundle.dsseEnvelope;
  const [signed] = signatures;
  const [entry] = bundle.verificationMaterial.tlogEntries;
  if (signed === undefined || entry === undefined) throw new Error('signDsse returned no signature or entry');
  const envelope = bytes({ payloadType, payload, signatures: [{ keyid: '', sig: signed.sig }] });
  const certificate = await by.certificate();
  const predicateType = (
    JSON.parse(Buffer.from(payload, 'base64').toString('utf8')) as { predicateType: string }
  ).predicateType;
  return {
    envelope,
    predicateType,
    signature: signed.sig,
    annotations: {
      'dev.cosignproject.cosign/signature': '',
      predicateType,
      [CERTIFICATE]: certificate.pem,
      [CHAIN]: (certificate.chain ?? []).join(''),
      [REKOR_BUNDLE]: cosignRekorBundle({
        signedEntryTimestamp: entry.inclusionPromise.signedEntryTimestamp,
        body: entry.canonicalizedBody,
        integratedTime: Number(entry.integratedTime),
        logIndex: Number(entry.logIndex),
        logID: Buffer.from(entry.logId.keyId, 'base64').toString('hex'),
      }),
    },
  };
}

/** Appends layers to the `.att` tag of `digest` with their annotations, as cosign appends them. */
async function attach(repo: RepositoryRef, digest: string, layers: readonly AttLayer[]): Promise<void> {
  for (const layer of layers) {
    await appendRawLayer(client, repo, digest, layer.envelope, layer.predicateType);
    const manifest = await readAttestationManifest(client, repo, digest);
    const last = manifest.layers[manifest.layers.length - 1];
    if (last === undefined) throw new Error('no layer appended');
    last.annotations = layer.annotations;
    await writeAttestationManifest(client, repo, digest, manifest);
  }
}

const sbomStatement = (repo: RepositoryRef, digest: string): Uint8Array =>
  statementBytes(
    { name: `${repo.registry}/${repo.repository}`, digest },
    SPDX_PREDICATE_TYPE,
    spdxDocument(),
  );

/** A pushed image with a keyless SPDX `.att` over its own digest. */
async function keylessImage(
  name: string,
  by?: KeylessSigner,
): Promise<{ repo: RepositoryRef; digest: string; layer: AttLayer }> {
  const repo = repoNamed(name);
  const { digest } = await pushTestImage(client, repo);
  const layer = await keylessAttLayer(sbomStatement(repo, digest), by);
  await attach(repo, digest, [layer]);
  return { repo, digest, layer };
}

function checkOf(result: GateResult, name: 'sbom' | 'provenance' = 'sbom'): GateCheck {
  const check = result.images[0]?.checks.find((candidate) => candidate.check === name);
  if (check === undefined) throw new Error(`no ${name} check`);
  return check;
}

/** A Rekor entry posted to `sigstore`'s log as given (the stack logs kinds other than dsse verbatim). */
async function logVerbatim(sigstore: SigstoreStack, body: Record<string, unknown>): Promise<string> {
  const response = await fetch(`${sigstore.rekorURL}/api/v1/log/entries`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(201);
  const [entry] = Object.values((await response.json()) as Record<string, Record<string, unknown>>);
  const {
    body: logged,
    integratedTime,
    logID,
    logIndex,
    verification,
  } = entry as {
    body: string;
    integratedTime: number;
    logID: string;
    logIndex: number;
    verification: { signedEntryTimestamp: string };
  };
  return cosignRekorBundle({
    signedEntryTimestamp: verification.signedEntryTimestamp,
    body: logged,
    integratedTime,
    logIndex,
    logID,
  });
}

/**
 * The layer's envelope logged as Rekor stores an `intoto` 0.0.2 entry (cosign `--rekor-entry-type intoto`): the
 * envelope's payload type and signatures (the signature base64 twice, the verifier's PEM base64), the hashes of
 * the envelope and the payload. `verifierPem` names who signed (the layer's certificate, unless told otherwise).
 */
function intotoEntry(layer: AttLayer, verifierPem: string): Record<string, unknown> {
  const envelope = JSON.parse(Buffer.from(layer.envelope).toString('utf8')) as { payload: string };
  const sha256 = (data: Uint8Array) => ({
    algorithm: 'sha256',
    value: createHash('sha256').update(data).digest('hex'),
  });
  return {
    apiVersion: '0.0.2',
    kind: 'intoto',
    spec: {
      content: {
        envelope: {
          payloadType: IN_TOTO,
          signatures: [
            {
              publicKey: Buffer.from(verifierPem).toString('base64'),
              sig: Buffer.from(layer.signature).toString('base64'),
            },
          ],
        },
        hash: sha256(layer.envelope),
        payloadHash: sha256(Buffer.from(envelope.payload, 'base64')),
      },
    },
  };
}

describe('keyless .att attestations from the loopback Sigstore stack', () => {
  it('an SPDX SBOM passes sbom for the workflow identity, naming the signer per layer', async () => {
    const image = await keylessImage('sbom');
    const result = await gate(image, policy());
    expect(result.verified).toBe(true);
    const check = checkOf(result);
    expect(check).toMatchObject({
      passed: true,
      source: 'att-tag',
      predicateType: SPDX_PREDICATE_TYPE,
      acceptedKeyIds: [],
    });
    expect(check.attestationLayers).toEqual([
      expect.objectContaining({
        verified: true,
        identity: {
          subjectAlternativeName: stack.identity.subjectAlternativeName,
          issuer: stack.identity.issuer,
        },
      }),
    ]);
    expect(check.message).toContain(stack.identity.subjectAlternativeName);
  });

  it('SLSA v1 provenance passes provenance (its predicate validated as for a key), and a bad predicate does not', async () => {
    const repo = repoNamed('provenance');
    const { digest } = await pushTestImage(client, repo);
    const subject = { name: `${repo.registry}/${repo.repository}`, digest };
    await attach(repo, digest, [
      await keylessAttLayer(statementBytes(subject, SLSA_PROVENANCE_V1, slsaProvenance())),
    ]);
    const requiringProvenance = policy({ requirements: [PROVENANCE] });
    expect(checkOf(await gate({ repo, digest }, requiringProvenance), 'provenance')).toMatchObject({
      passed: true,
      provenance: { source: 'https://github.com/acme/app' },
    });
    const elsewhere = policy({
      requirements: [PROVENANCE],
      provenance: { source: 'https://github.com/acme/other' },
    });
    expect(checkOf(await gate({ repo, digest }, elsewhere), 'provenance')).toMatchObject({
      passed: false,
      reason: 'PROVENANCE_SOURCE_MISMATCH',
    });
    const invalid = repoNamed('provenance-invalid');
    const pushed = await pushTestImage(client, invalid);
    await attach(invalid, pushed.digest, [
      await keylessAttLayer(
        statementBytes({ name: invalid.repository, digest: pushed.digest }, SLSA_PROVENANCE_V1, {
          not: 'slsa',
        }),
      ),
    ]);
    expect(
      checkOf(await gate({ repo: invalid, digest: pushed.digest }, requiringProvenance), 'provenance'),
    ).toMatchObject({ passed: false, reason: 'PREDICATE_INVALID' });
  });

  it('another identity: CERTIFICATE_IDENTITY_MISMATCH, naming the signer', async () => {
    const image = await keylessImage('identity');
    const other = keyless({}, [
      {
        subject: { exact: 'https://github.com/sigil-test/app/.github/workflows/other.yml@refs/heads/main' },
        issuer: stack.identity.issuer,
      },
    ]);
    const check = checkOf(await gate(image, policy({ keyless: other })));
    expect(check).toMatchObject({ passed: false, reason: 'CERTIFICATE_IDENTITY_MISMATCH' });
    expect(check.attestationLayers?.[0]).toMatchObject({
      verified: false,
      identity: { subjectAlternativeName: stack.identity.subjectAlternativeName },
    });
  });

  it('attested by another workflow than signer-workflow: SIGNER_MISMATCH; another ref: SOURCE_MISMATCH', async () => {
    const pullRequests = signerOf(stack, stack.token({ identity: { workflow: '.github/workflows/pr.yml' } }));
    const image = await keylessImage('signer', pullRequests);
    const check = checkOf(await gate(image, policy({ keyless: keyless({}, []) })));
    expect(check).toMatchObject({ passed: false, reason: 'SIGNER_MISMATCH' });
    expect(check.message).toContain('pr.yml');
    const own = await keylessImage('source');
    expect(
      checkOf(await gate(own, policy({ keyless: keyless({ sourceRef: 'refs/tags/v1.0.0' }) }))),
    ).toMatchObject({ passed: false, reason: 'SOURCE_MISMATCH' });
  });

  it('attested on a self-hosted runner: RUNNER_NOT_ALLOWED', async () => {
    const selfHosted = signerOf(stack, stack.token({ identity: { runnerEnvironment: 'self-hosted' } }));
    const image = await keylessImage('self-hosted', selfHosted);
    expect(checkOf(await gate(image, policy({ keyless: keyless({}, []) })))).toMatchObject({
      passed: false,
      reason: 'RUNNER_NOT_ALLOWED',
    });
  });

  it("another stack's root: CERTIFICATE_UNTRUSTED", async () => {
    const image = await keylessImage('other-root');
    const otherRoot = LoadedTrustedRoot.load(otherStack.trustedRoot);
    expect(
      checkOf(await gate(image, policy({ transparency: { trustedRoot: otherRoot, requireTlog: 'auto' } }))),
    ).toMatchObject({ passed: false, reason: 'CERTIFICATE_UNTRUSTED' });
  });

  it("logged in another stack's Rekor (the certificate trusted): TLOG_INVALID", async () => {
    // The other stack's Fulcio issued the certificate; this root trusts that CA and CT log, but not its Rekor.
    const mixed = LoadedTrustedRoot.load({ ...otherStack.trustedRoot, tlogs: stack.trustedRoot['tlogs'] });
    const logged = await keylessImage('other-log', signerOf(otherStack));
    expect(
      checkOf(await gate(logged, policy({ transparency: { trustedRoot: mixed, requireTlog: 'auto' } }))),
    ).toMatchObject({ passed: false, reason: 'TLOG_INVALID' });
    // The same layer passes with the other stack's own root: only the log was foreign.
    const own = LoadedTrustedRoot.load(otherStack.trustedRoot);
    expect(
      checkOf(await gate(logged, policy({ transparency: { trustedRoot: own, requireTlog: 'auto' } }))).passed,
    ).toBe(true);
  });

  it("another layer's Rekor bundle (the same signer's): TLOG_INVALID", async () => {
    const repo = repoNamed('swapped');
    const { digest } = await pushTestImage(client, repo);
    const own = await keylessAttLayer(sbomStatement(repo, digest));
    const other = await keylessAttLayer(sbomStatement(repo, `sha256:${'0'.repeat(64)}`));
    await attach(repo, digest, [
      { ...own, annotations: { ...own.annotations, [REKOR_BUNDLE]: other.annotations[REKOR_BUNDLE] ?? '' } },
    ]);
    const check = checkOf(await gate({ repo, digest }, policy()));
    expect(check).toMatchObject({ passed: false, reason: 'TLOG_INVALID' });
    expect(check.message).toContain('signature mismatch');
  });

  it('a statement edited after signing, under its Rekor bundle: TLOG_INVALID (the logged payload hash)', async () => {
    const repo = repoNamed('edited');
    const { digest } = await pushTestImage(client, repo);
    const layer = await keylessAttLayer(sbomStatement(repo, digest));
    const parsed = JSON.parse(Buffer.from(layer.envelope).toString('utf8')) as Record<string, unknown>;
    const statement = Buffer.from(String(parsed['payload']), 'base64').toString('utf8');
    parsed['payload'] = Buffer.from(statement.replace('left-pad', 'right-pad')).toString('base64');
    await attach(repo, digest, [{ ...layer, envelope: bytes(parsed) }]);
    const check = checkOf(await gate({ repo, digest }, policy()));
    expect(check).toMatchObject({ passed: false, reason: 'TLOG_INVALID' });
    expect(check.message).toContain('payload hash mismatch');
  });

  it('no Rekor bundle: TLOG_MISSING (no time vouches for the certificate), also with require-tlog false', async () => {
    const repo = repoNamed('unlogged');
    const { digest } = await pushTestImage(client, repo);
    const layer = await keylessAttLayer(sbomStatement(repo, digest));
    const { [REKOR_BUNDLE]: _bundle, ...unlogged } = layer.annotations;
    await attach(repo, digest, [{ ...layer, annotations: unlogged }]);
    expect(checkOf(await gate({ repo, digest }, policy()))).toMatchObject({
      passed: false,
      reason: 'TLOG_MISSING',
    });
    expect(
      checkOf(
        await gate({ repo, digest }, policy({ transparency: { trustedRoot: root, requireTlog: false } })),
      ),
    ).toMatchObject({ passed: false, reason: 'TLOG_MISSING' });
  });

  it('a statement about another digest, under this image: SUBJECT_MISMATCH, naming the signer', async () => {
    const repo = repoNamed('replayed');
    const [{ digest: attestedDigest }, { digest }] = [
      await pushTestImage(client, repo),
      await pushTestImage(client, repo),
    ];
    await attach(repo, digest, [await keylessAttLayer(sbomStatement(repo, attestedDigest))]);
    const check = checkOf(await gate({ repo, digest }, policy()));
    expect(check).toMatchObject({ passed: false, reason: 'SUBJECT_MISMATCH' });
    expect(check.attestationLayers?.[0]).toMatchObject({ identity: { issuer: stack.identity.issuer } });
  });

  it('keys only (no keyless signer configured): KEYLESS_NOT_CONFIGURED', async () => {
    const image = await keylessImage('keys-only');
    const { keyless: _keyless, ...keysOnly } = policy();
    expect(checkOf(await gate(image, keysOnly))).toMatchObject({
      passed: false,
      reason: 'KEYLESS_NOT_CONFIGURED',
    });
  });

  it('require-tlog true: a keyless .att counts as logged (its entry verified); a key-based .att alone does not', async () => {
    const image = await keylessImage('require-tlog');
    const requireTlog = policy({ transparency: { trustedRoot: root, requireTlog: true } });
    const check = checkOf(await gate(image, requireTlog));
    expect(check).toMatchObject({ passed: true, source: 'att-tag' });

    const keyed = repoNamed('require-tlog-key');
    const { digest } = await pushTestImage(client, keyed);
    const target = { image: `${keyed.registry}/${keyed.repository}@${digest}`, repo: keyed, digest };
    await attestImage(client, target, key, {
      predicateType: SPDX_PREDICATE_TYPE,
      predicate: bytes(spdxDocument()),
    });
    expect(checkOf(await gate({ repo: keyed, digest }, policy()))).toMatchObject({ passed: true });
    expect(checkOf(await gate({ repo: keyed, digest }, requireTlog))).toMatchObject({
      passed: false,
      reason: 'TLOG_MISSING',
    });
    // Beside the keyless layer, the key-based one passes the image under require-tlog.
    const beside = await keylessAttLayer(sbomStatement(keyed, digest));
    await attach(keyed, digest, [beside]);
    const both = checkOf(await gate({ repo: keyed, digest }, requireTlog));
    expect(both).toMatchObject({ passed: true, acceptedKeyIds: [key.publicKey.id] });
    expect(both.attestationLayers?.map((layer) => [layer.verified, layer.identity !== undefined])).toEqual([
      [true, false],
      [true, true],
    ]);
  });

  it('an intoto 0.0.2 entry (cosign --rekor-entry-type intoto) verifies; one naming another key is TLOG_INVALID', async () => {
    const repo = repoNamed('intoto');
    const { digest } = await pushTestImage(client, repo);
    const layer = await keylessAttLayer(sbomStatement(repo, digest));
    const certificate = (await signer.certificate()).pem;
    const intoto = await logVerbatim(stack, intotoEntry(layer, certificate));
    await attach(repo, digest, [{ ...layer, annotations: { ...layer.annotations, [REKOR_BUNDLE]: intoto } }]);
    const check = checkOf(await gate({ repo, digest }, policy()));
    expect(check).toMatchObject({ passed: true });
    expect(check.attestationLayers?.[0]).toMatchObject({ identity: { issuer: stack.identity.issuer } });

    // The same signature and payload logged under another signer's certificate: sigstore-js compares only the
    // logged signature and payload hash; the gate (as cosign) the logged key as well.
    const misattributedRepo = repoNamed('intoto-other-key');
    const pushed = await pushTestImage(client, misattributedRepo);
    const own = await keylessAttLayer(sbomStatement(misattributedRepo, pushed.digest));
    const otherCertificate = (await signerOf(stack).certificate()).pem;
    const misattributed = await logVerbatim(stack, intotoEntry(own, otherCertificate));
    await attach(misattributedRepo, pushed.digest, [
      { ...own, annotations: { ...own.annotations, [REKOR_BUNDLE]: misattributed } },
    ]);
    const refused = checkOf(await gate({ repo: misattributedRepo, digest: pushed.digest }, policy()));
    expect(refused).toMatchObject({ passed: false, reason: 'TLOG_INVALID' });
    expect(refused.message).toContain('another key');
  });

  it('require signature, sbom: a keyless .sig and a keyless .att by the same signer pass together', async () => {
    const image = await keylessImage('signed-and-attested');
    const payload = new TextEncoder().encode(
      `{"critical":{"identity":{"docker-reference":"${image.repo.registry}/${image.repo.repository}"},` +
        `"image":{"docker-manifest-digest":"${image.digest}"},"type":"cosign container image signature"},"optional":null}`,
    );
    const signed = await signer.signBlob(payload);
    await writeCosignImage(client, image.repo, {
      tag: signatureTag(image.digest),
      existing: undefined,
      keep: [],
      blob: payload,
      layer: signatureLayerDescriptor(payload, {
        'dev.cosignproject.cosign/signature': Buffer.from(signed.signature).toString('base64'),
        [CERTIFICATE]: signed.certificatePem,
        [CHAIN]: signed.chainPem,
        [REKOR_BUNDLE]: signed.rekorBundle ?? '',
      }),
    });
    const both = policy({ requirements: [{ kind: 'signature' }, SBOM] });
    const result = await gate(image, both);
    expect(result.images[0]?.checks.map((check) => [check.check, check.passed, check.source])).toEqual([
      ['signature', true, 'sig-tag'],
      ['sbom', true, 'att-tag'],
    ]);
    const other = policy({
      requirements: [{ kind: 'signature' }, SBOM],
      keyless: keyless({ signerWorkflow: 'sigil-test/app/.github/workflows/x.yml' }),
    });
    expect((await gate(image, other)).images[0]?.reasons).toEqual(['SIGNER_MISMATCH']);
  });

  it('a hashedrekord entry (a .sig layer’s) under an .att layer: TLOG_INVALID', async () => {
    const repo = repoNamed('hashedrekord');
    const { digest } = await pushTestImage(client, repo);
    const layer = await keylessAttLayer(sbomStatement(repo, digest));
    const blob = await signer.signBlob(new TextEncoder().encode('a simple-signing payload'));
    await attach(repo, digest, [
      { ...layer, annotations: { ...layer.annotations, [REKOR_BUNDLE]: blob.rekorBundle ?? '' } },
    ]);
    const check = checkOf(await gate({ repo, digest }, policy()));
    expect(check).toMatchObject({ passed: false, reason: 'TLOG_INVALID' });
    expect(check.message).toContain('"hashedrekord"');
  });
});
