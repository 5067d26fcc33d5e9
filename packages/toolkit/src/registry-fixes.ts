import type { ErrorCode } from '@sigil/core';

/** The input to change and how, for a failure to reach or read a registry. */
export interface RegistryFix {
  readonly input: string;
  readonly hint: string;
}

/**
 * One table for every action: a registry failure names the input that fixes it (credentials, the
 * image list, plain HTTP, the deadline) in the same words whether signing, attesting or verifying.
 */
const REGISTRY_FIXES: Partial<Record<ErrorCode, RegistryFix>> = {
  REGISTRY_AUTH: {
    input: 'registry-password',
    hint: 'Check `registry-username`/`registry-password`, or the Docker config login for this registry.',
  },
  REGISTRY_DENIED: {
    input: 'registry-username',
    hint: 'Use credentials that may access these repositories (`registry-username`/`registry-password` or docker login).',
  },
  CREDENTIAL_HELPER: {
    input: 'registry-username',
    hint: 'Fix the credential helper of the Docker config, or pass `registry-username`/`registry-password`.',
  },
  REGISTRY_UNREACHABLE: {
    input: 'images',
    hint: 'Check the registry host in `images` and that the runner can reach it.',
  },
  REGISTRY_PROTOCOL: {
    input: 'images',
    hint: 'Check that the registry host in `images` is an OCI distribution registry (the cause says what it answered).',
  },
  MANIFEST_INVALID: {
    input: 'images',
    hint: 'Check that the registry host in `images` serves the registry itself, not a web page, login portal or proxy in front of it.',
  },
  CONTENT_DIGEST_MISMATCH: {
    input: 'images',
    hint: 'The registry served content that does not hash to its digest: its storage or a proxy in front of it altered it. Do not use these images until the registry operator has found out why.',
  },
  REGISTRY_INSECURE: {
    input: 'insecure-registries',
    hint: 'List the registry in `insecure-registries` if it really serves plain HTTP.',
  },
  REFERRER_REFUSED: {
    input: 'signature-format',
    hint: 'The registry refused a Sigstore bundle referrer (the cause says what it answered): raise its manifest size or referrer limits, or keep `signature-format: legacy` for this registry.',
  },
  REFERRERS_INDEX_CONFLICT: {
    input: 'signature-format',
    hint: 'Other writers kept changing the referrers tag of this image: run again, or sign it in one job at a time; `signature-format: legacy` writes no referrers index.',
  },
  TIMEOUT: { input: 'timeout-seconds', hint: 'Raise `timeout-seconds`, or check the registry status.' },
};

/** The fix for a registry failure `code`, or undefined when the code is not a registry failure. */
export function registryFix(code: string): RegistryFix | undefined {
  return (REGISTRY_FIXES as Readonly<Record<string, RegistryFix>>)[code];
}
