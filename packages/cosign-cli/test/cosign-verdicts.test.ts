import { describe, expect, it } from '@jest/globals';
import type { Registry } from '@sigil/oci';
import { attestationVerdictFromCosign, signatureVerdictFromCosign } from '../src/cosign-verdicts.js';

/**
 * What sigil does with what cosign printed when it exited 0: cosign checks neither the repository a
 * payload names nor (everywhere) its digest claim, so each printed payload is judged as the native
 * layer verifier judges one; output sigil cannot read is never a pass.
 */
const DIGEST = `sha256:${'a'.repeat(64)}`;
const OTHER = `sha256:${'b'.repeat(64)}`;
const target = {
  image: 'registry.example/team/app:v1',
  repo: { registry: 'registry.example', repository: 'team/app' },
  digest: DIGEST,
};
// Never asked on exit 0: the registry is only consulted to tell "no signatures" from "no image".
const registry = {} as Registry;

function payload(reference: string, digest: string) {
  return {
    critical: {
      identity: { 'docker-reference': reference },
      image: { 'docker-manifest-digest': digest },
      type: 'cosign container image signature',
    },
    optional: null,
  };
}

async function signatureVerdict(stdout: string) {
  return signatureVerdictFromCosign(
    registry,
    target,
    { result: { exitCode: 0, stdout, stderr: '' }, secrets: [] },
    'key-1',
  );
}

describe('signatureVerdictFromCosign on exit 0', () => {
  it('passes a payload that names this digest and repository (a tag in the reference ignored)', async () => {
    const verdict = await signatureVerdict(JSON.stringify([payload('registry.example/team/app', DIGEST)]));
    expect(verdict).toMatchObject({ verified: true, acceptedKeyIds: ['key-1'] });
    const tagged = await signatureVerdict(JSON.stringify([payload('registry.example/team/app:v1', DIGEST)]));
    expect(tagged.verified).toBe(true);
  });

  it('passes when one of several payloads is for this repository', async () => {
    const verdict = await signatureVerdict(
      JSON.stringify([
        payload('registry.example/other/app', DIGEST),
        payload('registry.example/team/app', DIGEST),
      ]),
    );
    expect(verdict.verified).toBe(true);
    expect(verdict.message).toBe('cosign verified 1 signature(s) for this digest and repository');
  });

  it.each([
    ['another repository', [payload('registry.example/other/app', DIGEST)], 'IDENTITY_MISMATCH'],
    ['another registry', [payload('mirror.example/team/app', DIGEST)], 'IDENTITY_MISMATCH'],
    ['another digest', [payload('registry.example/team/app', OTHER)], 'CLAIM_DIGEST_MISMATCH'],
    [
      'another digest beside another repository',
      [payload('registry.example/other/app', DIGEST), payload('registry.example/team/app', OTHER)],
      'CLAIM_DIGEST_MISMATCH',
    ],
    ['no claims', [{ critical: {} }], 'PAYLOAD_INVALID'],
  ])('fails a payload for %s', async (_case, payloads, reason) => {
    const verdict = await signatureVerdict(JSON.stringify(payloads));
    expect(verdict).toMatchObject({ verified: false, reason, acceptedKeyIds: [] });
  });

  it.each([
    ['nothing', ''],
    ['an empty array', '[]'],
    ['not JSON', '[not json'],
    ['an object', '{"critical":{}}'],
  ])('fails closed when cosign printed %s', async (_case, stdout) => {
    expect(await signatureVerdict(stdout)).toMatchObject({ verified: false, reason: 'COSIGN_FAILED' });
  });
});

function envelopeLine(subjectDigest: string): string {
  const statement = {
    _type: 'https://in-toto.io/Statement/v1',
    subject: [
      { name: 'registry.example/team/app', digest: { sha256: subjectDigest.slice('sha256:'.length) } },
    ],
    predicateType: 'https://spdx.dev/Document',
    predicate: { spdxVersion: 'SPDX-2.3' },
  };
  return JSON.stringify({
    payloadType: 'application/vnd.in-toto+json',
    payload: Buffer.from(JSON.stringify(statement)).toString('base64'),
    signatures: [{ keyid: '', sig: Buffer.from('sig').toString('base64') }],
  });
}

async function attestationVerdict(stdout: string, code = 0, stderr = '') {
  return attestationVerdictFromCosign(
    registry,
    target,
    'https://spdx.dev/Document',
    { result: { exitCode: code, stdout, stderr }, secrets: [] },
    'key-1',
  );
}

describe('attestationVerdictFromCosign', () => {
  it('passes with the first printed statement whose subject is this digest', async () => {
    const verdict = await attestationVerdict(`${envelopeLine(OTHER)}\n${envelopeLine(DIGEST)}\n`);
    expect(verdict).toMatchObject({ verified: true, acceptedKeyIds: ['key-1'] });
    expect(
      (verdict.statement as { subject: { digest: { sha256: string } }[] }).subject[0]?.digest.sha256,
    ).toBe('a'.repeat(64));
  });

  it('fails SUBJECT_MISMATCH when every printed statement is about another digest', async () => {
    expect(await attestationVerdict(`${envelopeLine(OTHER)}\n`)).toMatchObject({
      verified: false,
      reason: 'SUBJECT_MISMATCH',
    });
  });

  it("maps cosign's own subject check to SUBJECT_MISMATCH, and any other non-match to ATTESTATION_UNTRUSTED", async () => {
    const subject = await attestationVerdict(
      '',
      1,
      'Error: no matching attestations: no matching subject digest found\n',
    );
    expect(subject.reason).toBe('SUBJECT_MISMATCH');
    const untrusted = await attestationVerdict(
      '',
      1,
      'Error: no matching attestations: invalid signature when validating ASN.1 encoded signature\n',
    );
    expect(untrusted.reason).toBe('ATTESTATION_UNTRUSTED');
  });

  it('fails closed when cosign printed no statement sigil can read', async () => {
    expect(await attestationVerdict('{"payload":"bm90IGpzb24="}\n')).toMatchObject({
      verified: false,
      reason: 'COSIGN_FAILED',
    });
  });
});
