/**
 * The one error type of sigil. `code` is a closed union so that callers, reports and tests can rely
 * on it; `message` says what went wrong and how to fix it; `cause` keeps the underlying error.
 */
const ERROR_CODES = [
  // inputs and configuration
  'INPUT_INVALID',
  'REFERENCE_INVALID',
  'KEY_INVALID',
  'KEY_PASSWORD',
  'KEY_UNSUPPORTED',
  'NOT_YET_SUPPORTED',
  // registry
  'REGISTRY_AUTH',
  'REGISTRY_DENIED',
  'REGISTRY_UNREACHABLE',
  'REGISTRY_PROTOCOL',
  'REGISTRY_INSECURE',
  'MANIFEST_NOT_FOUND',
  'MANIFEST_INVALID',
  'BLOB_NOT_FOUND',
  'CONTENT_DIGEST_MISMATCH',
  'TIMEOUT',
  'CREDENTIAL_HELPER',
  // signing
  'SIGNATURE_LIMIT',
  'SIGN_FAILED',
  // SBOM generation: syft failed for a reason other than the registry (its stderr is the cause)
  'SBOM_GENERATION_FAILED',
  // tool installs (install-cosign): download, checksum, signature, platform, version
  'TOOL_DOWNLOAD_FAILED',
  'TOOL_CHECKSUM_MISMATCH',
  'TOOL_CHECKSUM_UNKNOWN',
  'TOOL_SIGNATURE_INVALID',
  'PLATFORM_UNSUPPORTED',
  // the cosign engine: cosign missing or too old, or cosign failed (its message is the cause)
  'COSIGN_MISSING',
  'COSIGN_VERSION',
  'COSIGN_FAILED',
  // verification: the gate refused at least one image (the report and `failed` output say why)
  'VERIFICATION_FAILED',
  // anything we did not foresee: a bug, reported as such
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** Whether a reason string (e.g. a gate reason) is one of the error codes: something could not be done. */
export function isErrorCode(value: string): value is ErrorCode {
  return (ERROR_CODES as readonly string[]).includes(value);
}

/**
 * What a library says was wrong, in its own words: which value it was given (an image reference, the
 * signing key, the registry credentials…). Libraries do not know the inputs of the actions calling them;
 * the action names the input a field came from (toolkit `inputOf`, `nameInput`).
 */
export type ErrorField =
  | 'image-reference'
  | 'signing-key'
  | 'key-password'
  | 'registry-user'
  | 'registry-secret'
  | 'plain-http-registries'
  | 'deadline'
  | 'annotations'
  | 'predicate-type'
  | 'sbom-document'
  | 'sbom-size-limit'
  | 'scan-source'
  | 'key-directory'
  | 'environment-names';

export interface SigilErrorOptions {
  cause?: unknown;
  /** Libraries: which value was wrong (the action maps it to its input). */
  field?: ErrorField;
  /** Actions: the input (or setting) the user should change, e.g. `key-password`. */
  input?: string;
  /** How to fix it, one sentence. */
  hint?: string;
}

export class SigilError extends Error {
  override readonly name = 'SigilError';
  readonly code: ErrorCode;
  readonly field: ErrorField | undefined;
  readonly input: string | undefined;
  readonly hint: string | undefined;

  constructor(code: ErrorCode, message: string, options: SigilErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.field = options.field;
    this.input = options.input;
    this.hint = options.hint;
  }
}

export function isSigilError(value: unknown): value is SigilError {
  return value instanceof SigilError;
}

/** The chain of causes of an error, outermost first, as printable one-line messages. */
export function causeChain(error: unknown): string[] {
  const lines: string[] = [];
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current !== undefined && current !== null && !seen.has(current) && lines.length < 10) {
    seen.add(current);
    if (current instanceof Error) {
      const code = current instanceof SigilError ? `[${current.code}] ` : '';
      lines.push(`${code}${current.message}`);
      current = (current as { cause?: unknown }).cause;
    } else {
      lines.push(String(current));
      current = undefined;
    }
  }
  return lines;
}

/**
 * What libraries log through. The action entry passes the toolkit's adapter (GitHub log and
 * annotations); tests pass `silentLogger` or a recording one. `warning` is user-visible (an
 * annotation in Actions), so use it for things a user should act on, such as a tag resolved to a digest.
 */
export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warning(message: string): void;
}

export const silentLogger: Logger = Object.freeze({
  debug: () => undefined,
  info: () => undefined,
  warning: () => undefined,
});

/**
 * The message of anything thrown. Checks the shape, not `instanceof Error`: errors from another realm
 * (Node's own under Jest's VM modules) are not instances of this realm's Error.
 */
export function messageOf(error: unknown): string {
  const message = (error as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? message : String(error);
}

/** A SigilError as is; anything else wrapped as INTERNAL (a bug: something we did not foresee) with it as the cause. */
export function asSigilError(error: unknown): SigilError {
  if (isSigilError(error)) return error;
  return new SigilError('INTERNAL', `unexpected failure: ${messageOf(error)}`, { cause: error });
}
export type { JsonObject, JsonValue } from './strict-json.js';
export { ConcurrencyLimit, mapConcurrently } from './concurrency.js';
export { base64Length, decodeBase64Strict, encodeBase64, writeBase64 } from './base64.js';
export { goJsonString } from './go-json-string.js';
export { KeyedLock } from './keyed-lock.js';
export {
  parseStrictJson,
  parseStrictJsonBytes,
  parseStrictJsonBytesToPlain,
  quoteForMessage,
} from './strict-json.js';
export { ProcessFailure, runProcess, type ProcessResult, type RunProcess } from './process-runner.js';
export { findOnPath } from './executable-lookup.js';
export { sha256OfFile } from './file-sha256.js';
