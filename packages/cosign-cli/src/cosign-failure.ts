import { SigilError, type ErrorCode, type ErrorField } from '@sigil/core';
import type { CosignOutput } from './cosign-exec.js';

/**
 * cosign's own explanation: the last `Error: …` line of stderr (cosign prints the error twice, once as
 * `Error: …` and once after `error during command execution:`), else the last line, else the exit code.
 */
export function cosignMessage(result: CosignOutput): string {
  const lines = result.stderr
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
  const error = [...lines].reverse().find((line) => line.startsWith('Error: '));
  const chosen =
    error?.slice('Error: '.length) ??
    lines.at(-1)?.replace(/^error during command execution: /, '') ??
    `cosign exited with ${result.exitCode} and printed nothing`;
  return chosen.length > 600 ? `${chosen.slice(0, 600)}…` : chosen;
}

/** `text` with every secret replaced by `***` (longest first, so a secret inside another is not left half-shown). */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of [...new Set(secrets)].filter((s) => s !== '').sort((a, b) => b.length - a.length)) {
    result = result.split(secret).join('***');
  }
  return result;
}

interface Mapping {
  readonly pattern: RegExp;
  readonly code: ErrorCode;
  readonly field?: ErrorField;
  readonly hint: string;
}

/** What cosign's failures mean in sigil's codes; the first match wins, anything else is COSIGN_FAILED. */
const MAPPINGS: readonly Mapping[] = [
  {
    pattern: /decrypt(?:ion)?(?: failed|:)|incorrect password/i,
    code: 'KEY_PASSWORD',
    field: 'key-password',
    hint: 'Give the key file password in `key-password` (or COSIGN_PASSWORD).',
  },
  {
    pattern: /UNAUTHORIZED|401 Unauthorized|authentication required/i,
    code: 'REGISTRY_AUTH',
    field: 'registry-secret',
    hint: 'Check `registry-username`/`registry-password`, or the Docker config login for this registry.',
  },
  {
    pattern: /DENIED|403 Forbidden/,
    code: 'REGISTRY_DENIED',
    field: 'registry-user',
    hint: 'Use credentials that may push to (or pull from) this repository.',
  },
  {
    pattern: /server gave HTTP response to HTTPS client/i,
    code: 'REGISTRY_INSECURE',
    field: 'plain-http-registries',
    hint: 'List the registry in `insecure-registries` if it really serves plain HTTP.',
  },
  {
    pattern: /connection refused|no such host|i\/o timeout|network is unreachable|TLS handshake timeout/i,
    code: 'REGISTRY_UNREACHABLE',
    hint: 'Check that the registry (or the key service) is reachable from the runner.',
  },
  {
    pattern: /context deadline exceeded/i,
    code: 'TIMEOUT',
    field: 'deadline',
    hint: 'Raise `timeout-seconds`, or check the registry and key service.',
  },
];

/** For a run that talks only to the key (`cosign public-key`): a key service's refusal is not a registry's. */
const KEY_SERVICE_CODES: readonly ErrorCode[] = ['KEY_PASSWORD', 'TIMEOUT'];

/**
 * The SigilError for a cosign run that failed while doing `what` (e.g. `signing registry/app@sha256:…`):
 * a registry, password or deadline problem gets its own code, anything else COSIGN_FAILED. With
 * `keyOnly` (a run that reaches no registry, such as `cosign public-key` of a KMS key) a refusal or an
 * unreachable service is the key's problem: COSIGN_FAILED naming `key`. cosign's stderr, with `secrets`
 * redacted, is the cause.
 */
export function cosignFailure(
  what: string,
  result: CosignOutput,
  secrets: readonly string[],
  options: { readonly keyOnly?: boolean } = {},
): SigilError {
  const message = redactSecrets(cosignMessage(result), secrets);
  const cause = new Error(
    redactSecrets(result.stderr.trim().slice(-8000), secrets) || `exit code ${result.exitCode}`,
  );
  const mappings =
    options.keyOnly === true
      ? MAPPINGS.filter((mapping) => KEY_SERVICE_CODES.includes(mapping.code))
      : MAPPINGS;
  const mapped = mappings.find((mapping) => mapping.pattern.test(message));
  if (mapped !== undefined) {
    return new SigilError(mapped.code, `cosign failed ${what}: ${message}`, {
      cause,
      hint: mapped.hint,
      ...(mapped.field === undefined ? {} : { field: mapped.field }),
    });
  }
  if (options.keyOnly === true) {
    return new SigilError('COSIGN_FAILED', `cosign failed ${what}: ${message}`, {
      cause,
      field: 'signing-key',
      hint:
        'Check that the key URI names an existing key and that the runner reaches its key service with ' +
        'credentials allowed to read it (docs/keys.md lists what each provider needs).',
    });
  }
  return new SigilError('COSIGN_FAILED', `cosign failed ${what}: ${message}`, {
    cause,
    hint: 'Run the same cosign command locally with --verbose to see why; the cause below is what cosign printed.',
  });
}
