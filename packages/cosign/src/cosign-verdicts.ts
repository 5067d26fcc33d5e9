import type { ErrorCode } from '@sigil/errors';
import type { Registry } from '@sigil/oci';
import { attestationRef } from './attestation-store.js';
import type { CosignRunResult } from './cosign-exec.js';
import { cosignFailure, cosignMessage } from './cosign-failure.js';
import { parseDsseEnvelope } from './dsse.js';
import type { EngineTarget } from './signing-engine.js';
import { signatureRef } from './signature-store.js';
import { parseInTotoStatement } from './statement-parser.js';
import type { AttestationFailureReason, AttestationVerdict } from './verify-attestations.js';
import type { SignatureFailureReason, SignatureVerdict } from './verify.js';

/** cosign's exit codes for `verify` (cmd/cosign/errors). */
const NO_SIGNATURES_EXIT = 10;
const NO_MATCHING_SIGNATURE_EXIT = 12;

/**
 * The verdict of `cosign verify` in sigil's terms. cosign shows no per-layer evidence, so `layers` stay
 * empty. No signatures → NO_SIGNATURES (IMAGE_NOT_FOUND when the digest does not exist: cosign does not
 * tell the two apart); none verifying → SIGNATURE_UNTRUSTED (ANNOTATION_MISMATCH when cosign says an
 * annotation is missing or different); anything else → the error's code (COSIGN_FAILED, REGISTRY_AUTH …).
 */
export async function signatureVerdictFromCosign(
  registry: Registry,
  target: EngineTarget,
  run: { readonly result: CosignRunResult; readonly secrets: readonly string[] },
  keyId: string,
): Promise<SignatureVerdict> {
  const base = {
    image: target.image,
    digest: target.digest,
    signatureRef: signatureRef(target.repo, target.digest),
  };
  const evidence = { layers: [], revokedSignatures: [] };
  const { result } = run;
  if (result.code === 0) {
    const count = printedSignatureCount(result.stdout);
    return {
      ...base,
      ...evidence,
      verified: true,
      acceptedKeyIds: [keyId],
      message: `cosign verified ${count} signature(s)`,
    };
  }
  const message = cosignMessage(result);
  const failed = (reason: SignatureFailureReason, text: string): SignatureVerdict => ({
    ...base,
    ...evidence,
    acceptedKeyIds: [],
    verified: false,
    reason,
    message: text,
  });
  if (result.code === NO_SIGNATURES_EXIT || /no signatures found/i.test(message)) {
    if (await imageIsMissing(registry, target)) {
      return failed('IMAGE_NOT_FOUND', `${target.image}: ${target.digest} does not exist in the registry`);
    }
    return failed('NO_SIGNATURES', `no signatures found at ${base.signatureRef}`);
  }
  if (/missing or incorrect annotation/i.test(message)) {
    return failed('ANNOTATION_MISMATCH', `cosign: ${message}`);
  }
  if (result.code === NO_MATCHING_SIGNATURE_EXIT || /no matching signatures/i.test(message)) {
    return failed('SIGNATURE_UNTRUSTED', `cosign: ${message}`);
  }
  const error = cosignFailure(`verifying ${target.image}`, result, run.secrets);
  return failed(reasonOf(error.code), error.message);
}

/**
 * The verdict of `cosign verify-attestation --type` in sigil's terms (`layers` empty): no `.att` →
 * NO_ATTESTATIONS (IMAGE_NOT_FOUND when the digest does not exist); none of the type → ATTESTATION_MISSING;
 * none verifying → ATTESTATION_UNTRUSTED; anything else → the error's code. A pass carries the first
 * statement cosign printed.
 */
export async function attestationVerdictFromCosign(
  registry: Registry,
  target: EngineTarget,
  predicateType: string,
  run: { readonly result: CosignRunResult; readonly secrets: readonly string[] },
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
  if (result.code === 0) {
    const statements = printedStatements(result.stdout);
    const first = statements[0];
    if (first === undefined) {
      return failed(
        'COSIGN_FAILED',
        'cosign verify-attestation passed but printed no statement sigil can read',
      );
    }
    return {
      ...base,
      ...evidence,
      verified: true,
      acceptedKeyIds: [keyId],
      message: `cosign verified ${statements.length} attestation(s) as ${predicateType}`,
      statement: first,
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

/** `cosign verify --output json` prints a JSON array with one payload per verified signature. */
function printedSignatureCount(stdout: string): number {
  const line = stdout
    .split('\n')
    .map((text) => text.trim())
    .find((text) => text.startsWith('['));
  try {
    const parsed: unknown = line === undefined ? undefined : JSON.parse(line);
    return Array.isArray(parsed) ? parsed.length : 0;
  } catch {
    return 0;
  }
}

/** `cosign verify-attestation` prints one DSSE envelope per verified attestation, one per line. */
function printedStatements(stdout: string): unknown[] {
  return stdout
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.startsWith('{'))
    .flatMap((line) => {
      const envelope = parseDsseEnvelope(Buffer.from(line, 'utf8'));
      if (!envelope.ok) return [];
      const statement = parseInTotoStatement(envelope.envelope.payload);
      return statement.ok ? [statement.statement.document] : [];
    });
}

function reasonOf(code: ErrorCode): SignatureFailureReason & AttestationFailureReason {
  return code === 'MANIFEST_NOT_FOUND' ? 'IMAGE_NOT_FOUND' : code;
}
