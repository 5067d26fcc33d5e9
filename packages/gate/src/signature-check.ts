import type { SignatureVerdict } from '@sigil/signatures';
import { isSigilError, messageOf } from '@sigil/core';
import type { CouldNotCheckReason, SignatureCheck } from './gate-verdict.js';

/** A signature verdict as a gate check, keeping its evidence (layers, keys, revoked signatures). */
export function signatureCheck(verdict: SignatureVerdict, platform?: string): SignatureCheck {
  const evidence = {
    check: 'signature' as const,
    digest: verdict.digest,
    ...(platform === undefined ? {} : { platform }),
    signatureRef: verdict.signatureRef,
    layers: verdict.layers,
    acceptedKeyIds: verdict.acceptedKeyIds,
    revokedSignatures: verdict.revokedSignatures,
  };
  const where = platform === undefined ? '' : `platform ${platform} (${verdict.digest}): `;
  if (verdict.verified) return { ...evidence, passed: true, message: `${where}${verdict.message}` };
  const unsignedPlatform = platform !== undefined && verdict.reason === 'NO_SIGNATURES';
  return {
    ...evidence,
    passed: false,
    reason: unsignedPlatform ? 'PLATFORM_UNSIGNED' : (verdict.reason ?? 'INTERNAL'),
    message: unsignedPlatform
      ? `platform ${platform} (${verdict.digest}) is not signed: ${verdict.message}`
      : `${where}${verdict.message}`,
  };
}

/**
 * The outcome of a check that could not be made: the error's code is the reason (fail closed). Spread
 * after the check's name: `{ check: 'tag', ...couldNotCheck(error, 're-resolve …') }`.
 */
export function couldNotCheck(
  error: unknown,
  doing: string,
  digest?: string,
): {
  readonly passed: false;
  readonly reason: CouldNotCheckReason;
  readonly message: string;
  readonly digest?: string;
} {
  return {
    passed: false,
    reason: reasonOfError(error),
    message: `could not ${doing}: ${messageOf(error)}`,
    ...(digest === undefined ? {} : { digest }),
  };
}

function reasonOfError(error: unknown): CouldNotCheckReason {
  if (!isSigilError(error)) return 'INTERNAL';
  return error.code === 'MANIFEST_NOT_FOUND' ? 'IMAGE_NOT_FOUND' : error.code;
}

// Errors from Node's own modules may come from another realm (Jest's VM), so no `instanceof Error`.
