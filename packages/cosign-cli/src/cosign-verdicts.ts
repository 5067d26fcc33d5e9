import type { ErrorCode } from '@sigil/core';
import { repositoryName, type Registry } from '@sigil/oci';
import { attestationRef } from '@sigil/attestations';
import type { CosignOutput } from './cosign-exec.js';
import { cosignFailure, cosignMessage } from './cosign-failure.js';
import { dockerRepositoryOf } from '@sigil/oci';
import { parseDsseEnvelope } from '@sigil/attestations';
import type { EngineTarget } from '@sigil/signer';
import { signatureRef } from '@sigil/signatures';
import { parseInTotoStatement, type ParsedStatement } from '@sigil/attestations';
import { quoteForMessage } from '@sigil/core';
import type { AttestationFailureReason, AttestationVerdict } from '@sigil/attestations';
import type { SignatureFailureReason, SignatureVerdict } from '@sigil/signatures';

/** cosign's exit codes for `verify` (cmd/cosign/errors). */
const NO_SIGNATURES_EXIT = 10;
const NO_MATCHING_SIGNATURE_EXIT = 12;

/**
 * The verdict of `cosign verify` in sigil's terms. cosign shows no per-layer evidence, so `layers` stay
 * empty. A pass needs a printed payload whose claims name this digest and this repository (cosign does
 * not check the repository: a `.sig` copied along with the image verifies for it), else
 * CLAIM_DIGEST_MISMATCH / IDENTITY_MISMATCH, as the native gate says. No signatures → NO_SIGNATURES (IMAGE_NOT_FOUND when the digest does not exist: cosign does not
 * tell the two apart); none verifying → SIGNATURE_UNTRUSTED (ANNOTATION_MISMATCH when cosign says an
 * annotation is missing or different); anything else → the error's code (COSIGN_FAILED, REGISTRY_AUTH …).
 */
export async function signatureVerdictFromCosign(
  registry: Registry,
  target: EngineTarget,
  run: { readonly result: CosignOutput; readonly secrets: readonly string[] },
  keyId: string,
): Promise<SignatureVerdict> {
  const base = {
    image: target.image,
    digest: target.digest,
    signatureRef: signatureRef(target.repo, target.digest),
  };
  const evidence = { layers: [], revokedSignatures: [] };
  const { result } = run;
  const failed = (reason: SignatureFailureReason, text: string): SignatureVerdict => ({
    ...base,
    ...evidence,
    acceptedKeyIds: [],
    verified: false,
    reason,
    message: text,
  });
  if (result.exitCode === 0) {
    // cosign checks neither the payload's docker-reference nor (for every version) that its claims
    // name this digest: each payload it printed as verified is judged the way the native gate judges it.
    const payloads = printedPayloads(result.stdout);
    if (payloads === undefined || payloads.length === 0) {
      return failed('COSIGN_FAILED', 'cosign verify passed but printed no signed payload sigil can read');
    }
    const claims = payloads.map((payload) => payloadClaimProblem(payload, target));
    const accepted = claims.filter((claim) => claim === undefined).length;
    if (accepted === 0) {
      const digestProblem = claims.find((claim) => claim?.reason === 'CLAIM_DIGEST_MISMATCH');
      const worst = digestProblem ?? claims[0];
      if (worst === undefined) throw new Error('signatureVerdictFromCosign: no claim');
      return failed(
        worst.reason,
        `cosign verified ${payloads.length} signature(s) by this key, but ${worst.message}`,
      );
    }
    return {
      ...base,
      ...evidence,
      verified: true,
      acceptedKeyIds: [keyId],
      message: `cosign verified ${accepted} signature(s) for this digest and repository`,
    };
  }
  const message = cosignMessage(result);
  if (result.exitCode === NO_SIGNATURES_EXIT || /no signatures found/i.test(message)) {
    if (await imageIsMissing(registry, target)) {
      return failed('IMAGE_NOT_FOUND', `${target.image}: ${target.digest} does not exist in the registry`);
    }
    return failed('NO_SIGNATURES', `no signatures found at ${base.signatureRef}`);
  }
  if (/missing or incorrect annotation/i.test(message)) {
    return failed('ANNOTATION_MISMATCH', `cosign: ${message}`);
  }
  if (result.exitCode === NO_MATCHING_SIGNATURE_EXIT || /no matching signatures/i.test(message)) {
    return failed('SIGNATURE_UNTRUSTED', `cosign: ${message}`);
  }
  const error = cosignFailure(`verifying ${target.image}`, result, run.secrets);
  return failed(reasonOf(error.code), error.message);
}

/**
 * The verdict of `cosign verify-attestation --type` in sigil's terms (`layers` empty): no `.att` →
 * NO_ATTESTATIONS (IMAGE_NOT_FOUND when the digest does not exist); none of the type → ATTESTATION_MISSING;
 * a trusted one of another digest → SUBJECT_MISMATCH; none verifying → ATTESTATION_UNTRUSTED; anything else → the error's code. A pass needs a printed
 * statement whose subject names this digest (else SUBJECT_MISMATCH) and carries the first such statement.
 */
export async function attestationVerdictFromCosign(
  registry: Registry,
  target: EngineTarget,
  predicateType: string,
  run: { readonly result: CosignOutput; readonly secrets: readonly string[] },
  keyId: string,
): Promise<AttestationVerdict> {
  const base = {
    image: target.image,
    digest: target.digest,
    attestationRef: attestationRef(target.repo, target.digest),
    predicateType,
  };
  const evidence = { layers: [], revokedSignatures: [] };
  const failed = (reason: AttestationFailureReason, text: string): AttestationVerdict => ({
    ...base,
    ...evidence,
    acceptedKeyIds: [],
    verified: false,
    reason,
    message: text,
  });
  const { result } = run;
  if (result.exitCode === 0) {
    const statements = printedStatements(result.stdout);
    if (statements.length === 0) {
      return failed(
        'COSIGN_FAILED',
        'cosign verify-attestation passed but printed no statement sigil can read',
      );
    }
    // The native gate requires a subject naming this digest; cosign's output is held to the same rule.
    const forImage = statements.filter((statement) => namesDigest(statement, target.digest));
    const first = forImage[0];
    if (first === undefined) {
      return failed(
        'SUBJECT_MISMATCH',
        `cosign verified ${statements.length} attestation(s) by this key, but no statement's subject names ${target.digest}`,
      );
    }
    return {
      ...base,
      ...evidence,
      verified: true,
      acceptedKeyIds: [keyId],
      message: `cosign verified ${forImage.length} attestation(s) of this digest as ${predicateType}`,
      statement: first.document,
    };
  }
  const message = cosignMessage(result);
  if (/none of the attestations matched the predicate type/i.test(message)) {
    return failed('ATTESTATION_MISSING', `cosign: ${message}`);
  }
  if (/no matching attestations:?\s*$/i.test(message)) {
    if (await imageIsMissing(registry, target)) {
      return failed('IMAGE_NOT_FOUND', `${target.image}: ${target.digest} does not exist in the registry`);
    }
    return failed('NO_ATTESTATIONS', `no attestations found at ${base.attestationRef}`);
  }
  // cosign checks the subject only after the key verified the envelope: a trusted attestation of another image.
  if (/no matching subject digest found/i.test(message)) {
    return failed('SUBJECT_MISMATCH', `cosign: ${message}`);
  }
  if (/no matching attestations/i.test(message)) {
    return failed('ATTESTATION_UNTRUSTED', `cosign: ${message}`);
  }
  const error = cosignFailure(`verifying the attestations of ${target.image}`, result, run.secrets);
  return failed(reasonOf(error.code), error.message);
}

async function imageIsMissing(registry: Registry, target: EngineTarget): Promise<boolean> {
  try {
    return (await registry.resolveDigest(target.repo, target.digest)) === undefined;
  } catch {
    // Could not ask: report what cosign saw rather than guess that the image is gone.
    return false;
  }
}

/**
 * `cosign verify --output json` prints a JSON array with one simple-signing payload per verified
 * signature (re-serialised by cosign, so read leniently: the signature over the stored bytes is
 * cosign's to check, the claims are sigil's). `undefined` when no such array was printed.
 */
function printedPayloads(stdout: string): unknown[] | undefined {
  const line = stdout
    .split('\n')
    .map((text) => text.trim())
    .find((text) => text.startsWith('['));
  try {
    const parsed: unknown = line === undefined ? undefined : JSON.parse(line);
    return Array.isArray(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

interface ClaimProblem {
  readonly reason: 'CLAIM_DIGEST_MISMATCH' | 'IDENTITY_MISMATCH' | 'PAYLOAD_INVALID';
  readonly message: string;
}

/** The native layer verifier's claim checks (digest, then repository) on one payload cosign verified. */
function payloadClaimProblem(payload: unknown, target: EngineTarget): ClaimProblem | undefined {
  const critical = field(payload, 'critical');
  const claimedDigest = field(field(critical, 'image'), 'docker-manifest-digest');
  const reference = field(field(critical, 'identity'), 'docker-reference');
  if (typeof claimedDigest !== 'string' || typeof reference !== 'string') {
    return {
      reason: 'PAYLOAD_INVALID',
      message: 'a printed payload has no digest or docker-reference claim',
    };
  }
  if (claimedDigest !== target.digest) {
    return {
      reason: 'CLAIM_DIGEST_MISMATCH',
      message: `the payload signs ${quoteForMessage(claimedDigest)}, not the image digest ${target.digest}`,
    };
  }
  const expected = repositoryName(target.repo);
  if (dockerRepositoryOf(reference) !== expected) {
    return {
      reason: 'IDENTITY_MISMATCH',
      message:
        `the payload names ${quoteForMessage(reference)}, not repository ${expected}` +
        ' (a signature copied from another repository)',
    };
  }
  return undefined;
}

function field(value: unknown, name: string): unknown {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Readonly<Record<string, unknown>>)[name]
    : undefined;
}

/** `cosign verify-attestation` prints one DSSE envelope per verified attestation, one per line. */
function printedStatements(stdout: string): ParsedStatement[] {
  return stdout
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.startsWith('{'))
    .flatMap((line) => {
      const envelope = parseDsseEnvelope(Buffer.from(line, 'utf8'));
      if (!envelope.ok) return [];
      const statement = parseInTotoStatement(envelope.envelope.payload);
      return statement.ok ? [statement.statement] : [];
    });
}

function namesDigest(statement: ParsedStatement, digest: string): boolean {
  const [algorithm, hex] = digest.split(':');
  return (
    algorithm !== undefined &&
    hex !== undefined &&
    statement.subjects.some((subject) => subject.digest[algorithm] === hex)
  );
}

function reasonOf(code: ErrorCode): SignatureFailureReason & AttestationFailureReason {
  return code === 'MANIFEST_NOT_FOUND' ? 'IMAGE_NOT_FOUND' : code;
}
