import { isSigilError, messageOf } from '@sigil/core';
import type { CouldNotCheckReason } from './gate-verdict.js';

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
