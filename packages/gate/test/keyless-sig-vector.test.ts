import { describe, expect, it } from '@jest/globals';
import { SigningKey } from '@sigil/keys';
import { MEDIA_TYPES, parseReference, sha256Digest, type RepositoryRef } from '@sigil/oci';
import { signatureLayerDescriptor, signatureTag, writeCosignImage } from '@sigil/signatures';
import { vectorBytes, vectorText } from '@sigil/testing';
import { LoadedTrustedRoot } from '@sigil/transparency';
import { createHash, generateKeyPairSync, X509Certificate } from 'node:crypto';
import { signatureVector } from '../../signatures/test/containers-image-vector.js';
import { runGate, type GateCheck, type GateResult } from '../src/index.js';
import type { GatePolicy } from '../src/gate-policy.js';
import { identityPattern, type CertificateIdentity } from '../src/keyless-policy.js';
import { MemoryRegistry } from './support/memory-registry.js';

/**
 * A real `cosign sign` keyless signature in the legacy `.sig` format (containers/image's
 * dir-img-cosign-fulcio-rekor-valid: cosign v2, Fulcio and Rekor of the public-good instance, January 2023)
 * through the gate: the image and its `.sig` tag as the registry would serve them (in memory, since the payload
 * names `192.168.64.2:5000/cosign-signed/fulcio-rekor-1`, which no test can listen on), judged by `runGate`.
 * The certificate lived ten minutes in 2023: it verifies only at the time Rekor integrated the entry.
 */
const FOLDER = 'containers-image/dir-img-cosign-fulcio-rekor-valid';
const IMAGE_REPO: RepositoryRef = {
  registry: '192.168.64.2:5000',
  repository: 'cosign-signed/fulcio-rekor-1',
};
const manifest = vectorBytes(`${FOLDER}/manifest.json`);
const DIGEST = sha256Digest(manifest);
const layer = signatureVector('dir-img-cosign-fulcio-rekor-valid/signature-1');
const ISSUER = 'https://github.com/login/oauth';

const CERTIFICATE = 'dev.sigstore.cosign/certificate';
const CHAIN = 'dev.sigstore.cosign/chain';
const REKOR_BUNDLE = 'dev.sigstore.cosign/bundle';

/** The signer, read from the certificate as cosign prints it (`email:` SAN). */
const SAN = (() => {
  const name = new X509Certificate(layer.annotations[CERTIFICATE] ?? '').subjectAltName ?? '';
  const match = /^email:(.+)$/.exec(name);
  if (match?.[1] === undefined) throw new Error(`unexpected SAN ${name}`);
  return match[1];
})();

const pemBody = (pem: string): string =>
  pem
    .replace(/-----(BEGIN|END) [A-Z ]+-----/g, '')
    .replace(/\s+/g, '')
    .trim();
const chainPems = (text: string): string[] =>
  text.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? [];

/**
 * The trust material: Fulcio's root (`fulcio_v1.crt.pem`) and Rekor's key (`rekor.pub`) from the vectors, with
 * the two parts containers/image's test policy does not need and a Sigstore trusted root does: Fulcio's
 * intermediate that issued the leaf (a trusted root lists the whole chain; the layer's chain annotation is not
 * a source of trust) and the CT log whose SCT the certificate carries — both as the public-good trusted root
 * publishes them.
 */
const publicGood = JSON.parse(vectorText('cosign/trusted_root_pgi.json')) as {
  certificateAuthorities: { certChain: { certificates: { rawBytes: string }[] } }[];
  tlogs: { publicKey: { rawBytes: string } }[];
  ctlogs: unknown[];
};
const fulcioRoot = pemBody(vectorText('containers-image/fulcio_v1.crt.pem'));
const rekorKey = pemBody(vectorText('containers-image/rekor.pub'));
const intermediate = pemBody(chainPems(layer.annotations[CHAIN] ?? '')[0] ?? '');

function trustedRoot(
  options: { readonly intermediate?: boolean; readonly ctlogs?: boolean } = {},
): Record<string, unknown> {
  const rekorDer = Buffer.from(rekorKey, 'base64');
  return {
    mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
    tlogs: [
      {
        baseUrl: 'https://rekor.sigstore.dev',
        hashAlgorithm: 'SHA2_256',
        publicKey: {
          rawBytes: rekorKey,
          keyDetails: 'PKIX_ECDSA_P256_SHA_256',
          validFor: { start: '2021-01-12T11:53:27.000Z' },
        },
        logId: { keyId: createHash('sha256').update(rekorDer).digest('base64') },
      },
    ],
    certificateAuthorities: [
      {
        subject: { organization: 'sigstore.dev', commonName: 'sigstore' },
        uri: 'https://fulcio.sigstore.dev',
        certChain: {
          certificates: [
            ...(options.intermediate === false ? [] : [{ rawBytes: intermediate }]),
            { rawBytes: fulcioRoot },
          ],
        },
        validFor: { start: '2022-04-13T20:06:15.000Z' },
      },
    ],
    ctlogs: options.ctlogs === false ? [] : publicGood.ctlogs,
  };
}

const exact = (subject: string, issuer = ISSUER): CertificateIdentity => ({
  subject: { exact: subject },
  issuer,
});
const someKey = new SigningKey(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey);

function policy(
  identities: readonly CertificateIdentity[] | undefined,
  root: Record<string, unknown> | null = trustedRoot(),
  extra: Partial<GatePolicy> = {},
): GatePolicy {
  return {
    signature: { trustedKeys: [someKey.publicKey] },
    requirements: [{ kind: 'signature' }],
    platforms: 'index',
    mode: 'enforce',
    ...(identities === undefined
      ? {}
      : { keyless: { identities, github: { denySelfHostedRunners: false } } }),
    transparency: {
      requireTlog: 'auto',
      ...(root === null ? {} : { trustedRoot: LoadedTrustedRoot.load(root) }),
    },
    ...extra,
  };
}

/** The image and, under the `.sig` tag of `signedDigest` (the image's by default), the layer as given. */
async function registryWith(
  annotations: Readonly<Record<string, string>> = layer.annotations,
  signedDigest = DIGEST,
): Promise<MemoryRegistry> {
  const registry = new MemoryRegistry();
  await registry.putManifest(IMAGE_REPO, DIGEST, manifest, MEDIA_TYPES.dockerManifest);
  await writeCosignImage(registry, IMAGE_REPO, {
    tag: signatureTag(signedDigest),
    existing: undefined,
    keep: [],
    blob: layer.payload,
    layer: signatureLayerDescriptor(layer.payload, annotations),
  });
  return registry;
}

async function gate(gatePolicy: GatePolicy, registry?: MemoryRegistry, digest = DIGEST): Promise<GateResult> {
  const image = `${IMAGE_REPO.registry}/${IMAGE_REPO.repository}@${digest}`;
  return runGate(
    registry ?? (await registryWith()),
    [{ image, reference: parseReference(image) }],
    gatePolicy,
  );
}

function signatureCheck(result: GateResult): GateCheck & { check: 'signature' } {
  const check = result.images[0]?.checks.find((candidate) => candidate.check === 'signature');
  if (check?.check !== 'signature') throw new Error('no signature check');
  return check;
}

describe("containers/image's cosign keyless .sig vector, through the gate", () => {
  it('the test root is the public-good one: its Fulcio root, intermediate and Rekor key', () => {
    const [, current] = publicGood.certificateAuthorities;
    expect(current?.certChain.certificates.map(({ rawBytes }) => rawBytes)).toEqual([
      intermediate,
      fulcioRoot,
    ]);
    expect(publicGood.tlogs[0]?.publicKey.rawBytes).toBe(rekorKey);
    expect(SAN).toBe('mitr@redhat.com');
  });

  it('passes for its identity, at the time Rekor integrated it, and the report names the signer', async () => {
    const result = await gate(policy([exact(SAN)]));
    expect(result.verified).toBe(true);
    const check = signatureCheck(result);
    expect(check).toMatchObject({ passed: true, source: 'sig-tag', acceptedKeyIds: [] });
    expect(check.message).toContain(`keyless: certificate for "${SAN}" from "${ISSUER}"`);
    expect(check.layers).toEqual([
      expect.objectContaining({ verified: true, identity: { subjectAlternativeName: SAN, issuer: ISSUER } }),
    ]);
    // The certificate expired minutes after it was issued, in January 2023.
    expect(Date.parse(new X509Certificate(layer.annotations[CERTIFICATE] ?? '').validTo)).toBeLessThan(
      Date.parse('2023-01-21T00:00:00Z'),
    );
  });

  it('passes with the public-good trusted root itself, and for a pattern matching the whole name', async () => {
    const pgi = JSON.parse(vectorText('cosign/trusted_root_pgi.json')) as Record<string, unknown>;
    expect((await gate(policy([exact(SAN)], pgi))).verified).toBe(true);
    const pattern = { subject: { pattern: identityPattern('.*@redhat\\.com'), source: '.*@redhat\\.com' } };
    expect((await gate(policy([{ ...pattern, issuer: ISSUER }]))).verified).toBe(true);
  });

  it('another identity: CERTIFICATE_IDENTITY_MISMATCH, naming the verified signer', async () => {
    const check = signatureCheck(await gate(policy([exact('someone@redhat.com')])));
    expect(check).toMatchObject({ passed: false, reason: 'CERTIFICATE_IDENTITY_MISMATCH' });
    expect(check.layers?.[0]).toMatchObject({ identity: { subjectAlternativeName: SAN, issuer: ISSUER } });
    expect(check.message).toContain('someone@redhat.com');
  });

  it('the right name from another issuer: CERTIFICATE_ISSUER_MISMATCH', async () => {
    const check = signatureCheck(await gate(policy([exact(SAN, 'https://accounts.google.com')])));
    expect(check).toMatchObject({ passed: false, reason: 'CERTIFICATE_ISSUER_MISMATCH' });
  });

  it('another CA (the conformance custom root): CERTIFICATE_UNTRUSTED', async () => {
    const custom = JSON.parse(
      vectorText('sigstore-conformance/intoto-with-custom-trust-root/trusted_root.json'),
    ) as Record<string, unknown>;
    const check = signatureCheck(await gate(policy([exact(SAN)], custom)));
    expect(check).toMatchObject({ passed: false, reason: 'CERTIFICATE_UNTRUSTED' });
    expect(check.layers?.[0]?.identity).toBeUndefined();
  });

  it("a root without Fulcio's intermediate: CERTIFICATE_UNTRUSTED (the layer's chain annotation is not trusted)", async () => {
    const check = signatureCheck(await gate(policy([exact(SAN)], trustedRoot({ intermediate: false }))));
    expect(check).toMatchObject({ passed: false, reason: 'CERTIFICATE_UNTRUSTED' });
  });

  it('a root without the CT log: SCT_MISSING', async () => {
    const check = signatureCheck(await gate(policy([exact(SAN)], trustedRoot({ ctlogs: false }))));
    expect(check).toMatchObject({ passed: false, reason: 'SCT_MISSING' });
  });

  it('an edited SignedEntryTimestamp: TLOG_INVALID', async () => {
    const bundle = JSON.parse(layer.annotations[REKOR_BUNDLE] ?? '') as { SignedEntryTimestamp: string };
    const set = Buffer.from(bundle.SignedEntryTimestamp, 'base64');
    set.writeUInt8(set.readUInt8(set.length - 5) ^ 0x01, set.length - 5);
    const edited = JSON.stringify({ ...bundle, SignedEntryTimestamp: set.toString('base64') });
    const registry = await registryWith({ ...layer.annotations, [REKOR_BUNDLE]: edited });
    const check = signatureCheck(await gate(policy([exact(SAN)]), registry));
    expect(check).toMatchObject({ passed: false, reason: 'TLOG_INVALID' });
    expect(check.message).toContain('SignedEntryTimestamp');
  });

  it('an integration time moved (the SET no longer covers it): TLOG_INVALID', async () => {
    const bundle = JSON.parse(layer.annotations[REKOR_BUNDLE] ?? '') as {
      Payload: { integratedTime: number };
    };
    bundle.Payload.integratedTime += 3600;
    const registry = await registryWith({ ...layer.annotations, [REKOR_BUNDLE]: JSON.stringify(bundle) });
    expect(signatureCheck(await gate(policy([exact(SAN)]), registry))).toMatchObject({
      passed: false,
      reason: 'TLOG_INVALID',
    });
  });

  it('without its Rekor bundle nothing vouches for the time: TLOG_MISSING, even with require-tlog false', async () => {
    const { [REKOR_BUNDLE]: _bundle, ...unlogged } = layer.annotations;
    const registry = await registryWith(unlogged);
    for (const requireTlog of ['auto', false] as const) {
      const gatePolicy = policy([exact(SAN)]);
      const check = signatureCheck(
        await gate({ ...gatePolicy, transparency: { ...gatePolicy.transparency, requireTlog } }, registry),
      );
      expect(check).toMatchObject({ passed: false, reason: 'TLOG_MISSING' });
    }
  });

  it('under the .sig tag of another image: CLAIM_DIGEST_MISMATCH, naming the signer', async () => {
    const other = sha256Digest(new TextEncoder().encode('another image'));
    const registry = await registryWith(layer.annotations, other);
    await registry.putManifest(IMAGE_REPO, other, new TextEncoder().encode('{}'), MEDIA_TYPES.ociManifest);
    const check = signatureCheck(await gate(policy([exact(SAN)]), registry, other));
    expect(check).toMatchObject({ passed: false, reason: 'CLAIM_DIGEST_MISMATCH' });
    expect(check.layers?.[0]).toMatchObject({ identity: { subjectAlternativeName: SAN } });
  });

  it('no keyless identity configured (keys only): KEYLESS_NOT_CONFIGURED', async () => {
    const check = signatureCheck(await gate(policy(undefined)));
    expect(check).toMatchObject({ passed: false, reason: 'KEYLESS_NOT_CONFIGURED' });
  });

  it('no trusted root: CERTIFICATE_UNTRUSTED', async () => {
    const check = signatureCheck(await gate(policy([exact(SAN)], null)));
    expect(check).toMatchObject({ passed: false, reason: 'CERTIFICATE_UNTRUSTED' });
  });
});
