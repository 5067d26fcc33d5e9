/**
 * The one error type of sigil. `code` is a closed union so that callers, reports and tests can rely
 * on it; `message` says what went wrong and how to fix it; `cause` keeps the underlying error.
 */
/** Any package: a value that is wrong, a feature that is not there yet, a bug. */
const GENERAL_CODES = ['INPUT_INVALID', 'NOT_YET_SUPPORTED', 'INTERNAL'] as const;
/** @sigil/oci: references, the registry, its content and its credentials. */
const REGISTRY_CODES = [
  'REFERENCE_INVALID',
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
  'REFERRER_REFUSED',
  'REFERRERS_INDEX_CONFLICT',
] as const;
/** @sigil/keys: key material. */
const KEY_CODES = ['KEY_INVALID', 'KEY_PASSWORD', 'KEY_UNSUPPORTED'] as const;
/** @sigil/signatures, @sigil/attestations: writing signatures and attestations. */
const SIGNING_CODES = ['SIGNATURE_LIMIT', 'SIGN_FAILED'] as const;
/** @sigil/sbom: syft failed for a reason other than the registry (its stderr is the cause). */
const SBOM_CODES = ['SBOM_GENERATION_FAILED'] as const;
/** @sigil/cosign-cli: the installed cosign is too old, or failed (its message is the cause). */
const COSIGN_CLI_CODES = ['COSIGN_VERSION', 'COSIGN_FAILED'] as const;
/**
 * @sigil/toolkit: installing tools (install-cosign, install-syft) and finding cosign on the runner.
 * TOOL_UNUSABLE: a download that verified is still no usable tool (its archive lacks the binary, the binary
 * does not run, or it reports another version).
 */
const TOOL_CODES = [
  'TOOL_DOWNLOAD_FAILED',
  'TOOL_CHECKSUM_MISMATCH',
  'TOOL_CHECKSUM_UNKNOWN',
  'TOOL_SIGNATURE_INVALID',
  'TOOL_UNUSABLE',
  'PLATFORM_UNSUPPORTED',
  'COSIGN_MISSING',
] as const;
/**
 * @sigil/transparency: keyless signing. The job's identity token (missing permission, the runner's endpoint
 * failing, Fulcio refusing it) and the Sigstore services (Fulcio, Rekor, TSA: unreachable, refusing a request,
 * answering what is not their protocol), and a signing config that cannot be read.
 */
const KEYLESS_CODES = [
  'ID_TOKEN_PERMISSION',
  'ID_TOKEN_REQUEST_FAILED',
  'ID_TOKEN_REFUSED',
  'SIGSTORE_UNREACHABLE',
  'SIGSTORE_REFUSED',
  'SIGSTORE_PROTOCOL',
  'SIGNING_CONFIG_INVALID',
  'TRUST_ROOT_UNAVAILABLE',
] as const;
/** @sigil/gate: the gate refused at least one image (the report and `failed` output say why). */
const GATE_CODES = ['VERIFICATION_FAILED'] as const;

/**
 * Every code, closed: reports, tests and the error boundary rely on the list being whole, so it lives
 * here beside the one error class every package depends on, one group per package that raises them.
 */
const ERROR_CODES = [
  ...GENERAL_CODES,
  ...REGISTRY_CODES,
  ...KEY_CODES,
  ...SIGNING_CODES,
  ...SBOM_CODES,
  ...COSIGN_CLI_CODES,
  ...TOOL_CODES,
  ...KEYLESS_CODES,
  ...GATE_CODES,
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
  | 'environment-names'
  | 'signature-format';

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
  isRecord,
  parseStrictJson,
  parseStrictJsonBytes,
  parseStrictJsonBytesToPlain,
  quoteForMessage,
} from './strict-json.js';
export { ProcessFailure, runProcess, type ProcessResult, type RunProcess } from './process-runner.js';
export { findOnPath } from './executable-lookup.js';
export { sha256OfFile } from './file-sha256.js';
