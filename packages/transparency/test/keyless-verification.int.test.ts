import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startSigstoreStack, type SigstoreStack } from '@sigil/testing/sigstore-stack';
import { createHash } from 'node:crypto';
import { LoadedTrustedRoot, verifyBundle, type BundleVerdict } from '../src/index.js';
import { KeylessSigner } from '../src/keyless.js';

/**
 * The keyless verifier's certificate cache: a job signs every image with one certificate, and the gate chains it
 * once. Every tampered bundle must get the same verdict from a root that has verified (and cached) that
 * certificate as from a fresh root that has not: the cache may save work, never change an answer.
 */
let stack: SigstoreStack;
let signer: KeylessSigner;
let otherSigner: KeylessSigner;

beforeAll(async () => {
  stack = await startSigstoreStack({ issuer: 'github' });
  signer = new KeylessSigner({
    identityToken: stack.token(),
    fulcioURL: stack.fulcioURL,
    rekorURL: stack.rekorURL,
    tsaURL: stack.tsaURL,
  });
  otherSigner = new KeylessSigner({
    identityToken: stack.token({ identity: { workflow: '.github/workflows/other.yml' } }),
    fulcioURL: stack.fulcioURL,
    rekorURL: stack.rekorURL,
  });
});

afterAll(async () => {
  await stack?.stop();
});

const statement = (index: number) =>
  new TextEncoder().encode(
    JSON.stringify({
      _type: 'https://in-toto.io/Statement/v1',
      subject: [{ name: 'app', digest: { sha256: createHash('sha256').update(`${index}`).digest('hex') } }],
      predicateType: 'https://sigstore.dev/cosign/sign/v1',
      predicate: {},
    }),
  );

type Json = Record<string, unknown> & {
  verificationMaterial: { tlogEntries: Record<string, unknown>[]; timestampVerificationData?: unknown };
  dsseEnvelope: { signatures: { sig: string }[]; payload: string };
};

const sign = async (index: number, by = signer) =>
  structuredClone((await by.signDsse(statement(index), 'application/vnd.in-toto+json')) as Json);

const outcome = (verdict: BundleVerdict) =>
  verdict.ok
    ? { ok: true, san: verdict.signer.subjectAlternativeName }
    : { ok: false, reason: verdict.reason };

describe('keyless verification with a loaded root (certificates chained once)', () => {
  it('verifies every bundle of one certificate, and judges tampered ones exactly as a fresh root does', async () => {
    const warm = LoadedTrustedRoot.load(stack.trustedRoot);
    const bundles = await Promise.all([1, 2, 3, 4].map((index) => sign(index)));
    for (const bundle of bundles)
      expect(outcome(verifyBundle({ bundle, trustedRoot: warm }))).toEqual({
        ok: true,
        san: stack.identity.subjectAlternativeName,
      });

    const [first, second] = bundles as [Json, Json];
    const tampered: Record<string, Json> = {};
    // A day later: after the certificate expired (its cached interval must not cover it).
    tampered['entry time a day later'] = structuredClone(second);
    const entry = tampered['entry time a day later'].verificationMaterial.tlogEntries[0] as {
      integratedTime: string;
    };
    entry.integratedTime = String(Number(entry.integratedTime) + 86_400);
    delete tampered['entry time a day later'].verificationMaterial.timestampVerificationData;
    // Another bundle's signature, entry, timestamp or payload.
    tampered['signature of another bundle'] = structuredClone(second);
    tampered['signature of another bundle'].dsseEnvelope.signatures = first.dsseEnvelope.signatures;
    tampered['entry of another bundle'] = structuredClone(second);
    tampered['entry of another bundle'].verificationMaterial.tlogEntries =
      first.verificationMaterial.tlogEntries;
    tampered['timestamp of another bundle'] = structuredClone(second);
    tampered['timestamp of another bundle'].verificationMaterial.timestampVerificationData =
      first.verificationMaterial.timestampVerificationData;
    tampered['payload of another bundle'] = structuredClone(second);
    tampered['payload of another bundle'].dsseEnvelope.payload = first.dsseEnvelope.payload;
    // An inclusion proof that does not match: a sibling hash, the root hash, or the checkpoint edited.
    const withProof = (edit: (proof: Record<string, unknown>) => void): Json => {
      const bundle = structuredClone(second);
      const proof = (
        bundle.verificationMaterial.tlogEntries[0] as { inclusionProof: Record<string, unknown> }
      ).inclusionProof;
      edit(proof);
      return bundle;
    };
    const flip = (base64: string) => {
      const bytes = Buffer.from(base64, 'base64');
      bytes[0] = (bytes[0] as number) ^ 1;
      return bytes.toString('base64');
    };
    tampered['inclusion proof: a sibling hash'] = withProof((proof) => {
      const hashes = (proof['hashes'] as string[] | undefined) ?? [];
      // A proof with no sibling (a small log) gets one that does not belong to it.
      proof['hashes'] =
        hashes.length > 0
          ? [flip(hashes[0] as string), ...hashes.slice(1)]
          : [Buffer.alloc(32, 7).toString('base64')];
    });
    tampered['inclusion proof: the root hash'] = withProof((proof) => {
      proof['rootHash'] = flip(proof['rootHash'] as string);
    });
    tampered['inclusion proof: the checkpoint'] = withProof((proof) => {
      const checkpoint = proof['checkpoint'] as { envelope: string };
      checkpoint.envelope = checkpoint.envelope.replace(
        /\n(\d+)\n/,
        (_match, size: string) => `\n${Number(size) + 1}\n`,
      );
    });
    // Another certificate (same CA, another workflow) under this bundle's signature.
    const foreign = await sign(5, otherSigner);
    tampered['certificate of another signer'] = structuredClone(second);
    tampered['certificate of another signer'].verificationMaterial = {
      ...second.verificationMaterial,
      ...{ certificate: (foreign.verificationMaterial as Record<string, unknown>)['certificate'] },
    };

    for (const [name, bundle] of Object.entries(tampered)) {
      const cached = outcome(verifyBundle({ bundle, trustedRoot: warm }));
      const fresh = outcome(verifyBundle({ bundle, trustedRoot: LoadedTrustedRoot.load(stack.trustedRoot) }));
      expect({ name, cached }).toEqual({ name, cached: fresh });
      expect({ name, ok: cached.ok }).toEqual({ name, ok: false });
    }
    expect(outcome(verifyBundle({ bundle: tampered['entry time a day later'], trustedRoot: warm }))).toEqual({
      ok: false,
      reason: 'CERTIFICATE',
    });
    for (const name of ['inclusion proof: the root hash', 'inclusion proof: the checkpoint'])
      expect({ name, verdict: outcome(verifyBundle({ bundle: tampered[name], trustedRoot: warm })) }).toEqual(
        {
          name,
          verdict: { ok: false, reason: 'TLOG' },
        },
      );
  });

  it('a root of another Sigstore never verifies a certificate another root has cached', async () => {
    const other = await startSigstoreStack({ issuer: 'github' });
    try {
      const bundle = await sign(9);
      const home = LoadedTrustedRoot.load(stack.trustedRoot);
      expect(verifyBundle({ bundle, trustedRoot: home }).ok).toBe(true);
      expect(
        outcome(verifyBundle({ bundle, trustedRoot: LoadedTrustedRoot.load(other.trustedRoot) })),
      ).toMatchObject({
        ok: false,
      });
    } finally {
      await other.stop();
    }
  });
});
