import { SigilError } from '@sigil/core';
import { SchemePolicy, isSha256Digest, repositoryName, type RepositoryRef } from '@sigil/oci';
import type { CosignVersion } from './cosign-version.js';
import { validateKmsKeyUri, type KmsScheme } from '@sigil/keys';

/**
 * The key cosign is given. `file`: an absolute path to a cosign key file (or, to verify, a public key).
 * `env`: `env://NAME`, which cosign reads itself from its environment — the caller puts the PEM there, so
 * the key is never written to disk. `kms`: a KMS or `k8s://` URI, passed verbatim.
 */
export type CosignKey =
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'env'; readonly name: string }
  | { readonly kind: 'kms'; readonly scheme: KmsScheme; readonly uri: string };

/** What every command that talks to a registry needs: which cosign, and where the image is. */
export interface CosignImageCommand {
  readonly version: CosignVersion;
  readonly key: CosignKey;
  readonly repo: RepositoryRef;
  /** The image digest: cosign is always given `registry/repo@sha256:…`, never a tag. */
  readonly digest: string;
  /** Registries (host or host:port) that may be reached over plain HTTP besides loopback ones. */
  readonly insecureRegistries: readonly string[];
  /** cosign's own deadline (`--timeout`), in whole seconds. */
  readonly timeoutSeconds: number;
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `--key` as cosign reads it. Throws INTERNAL for a value no parser of ours would have produced. */
export function cosignKeyArgument(key: CosignKey): string {
  switch (key.kind) {
    case 'file':
      if (!key.path.startsWith('/') && !/^[A-Za-z]:[\\/]/.test(key.path)) {
        throw new SigilError('INTERNAL', `the cosign key path ${key.path} is not absolute`);
      }
      return key.path;
    case 'env':
      if (!ENV_NAME.test(key.name))
        throw new SigilError('INTERNAL', `env://${key.name} is not a variable name`);
      return `env://${key.name}`;
    case 'kms':
      return validateKmsKeyUri(key.uri, key.scheme, 'key');
  }
}

/**
 * `cosign sign` with a key, in the legacy format (`.sig` tag) and without the transparency log
 * (sign-image's `tlog-upload: auto` is off for key-based signing). cosign v3 needs
 * `--use-signing-config=false --new-bundle-format=false` for that; v2 writes it by default.
 */
export function cosignSignArguments(
  command: CosignImageCommand & {
    readonly recursive: boolean;
    readonly annotations: Readonly<Record<string, string>>;
  },
): string[] {
  return [
    'sign',
    `--key=${cosignKeyArgument(command.key)}`,
    ...legacyWriteFlags(command.version),
    '--tlog-upload=false',
    ...(command.recursive ? ['--recursive'] : []),
    ...annotationFlags(command.annotations),
    ...registryFlags(command),
    '--yes',
    `--timeout=${timeout(command.timeoutSeconds)}`,
    pinnedImage(command),
  ];
}

/**
 * `cosign attest` of the predicate file at `predicatePath` under `predicateType` (a URI, which cosign
 * embeds as the statement's predicate type), in the legacy format (`.att` tag), without the transparency log.
 */
export function cosignAttestArguments(
  command: CosignImageCommand & {
    readonly predicateType: string;
    readonly predicatePath: string;
    readonly replace: boolean;
  },
): string[] {
  return [
    'attest',
    `--key=${cosignKeyArgument(command.key)}`,
    ...legacyWriteFlags(command.version),
    '--tlog-upload=false',
    `--type=${predicateTypeUri(command.predicateType)}`,
    `--predicate=${command.predicatePath}`,
    ...(command.replace ? ['--replace'] : []),
    ...registryFlags(command),
    '--yes',
    `--timeout=${timeout(command.timeoutSeconds)}`,
    pinnedImage(command),
  ];
}

/**
 * `cosign verify` of the legacy `.sig` signatures with a key, without the transparency log. cosign v3
 * looks only at Sigstore bundles when an image has any; `--new-bundle-format=false` makes it read the
 * `.sig` tag, as sigil's verdicts describe.
 */
export function cosignVerifyArguments(
  command: CosignImageCommand & { readonly annotations?: Readonly<Record<string, string>> },
): string[] {
  return [
    'verify',
    `--key=${cosignKeyArgument(command.key)}`,
    '--insecure-ignore-tlog',
    ...legacyReadFlags(command.version),
    ...annotationFlags(command.annotations ?? {}),
    ...registryFlags(command),
    '--output=json',
    `--timeout=${timeout(command.timeoutSeconds)}`,
    pinnedImage(command),
  ];
}

/** `cosign verify-attestation` of the legacy `.att` attestations of `predicateType` with a key. */
export function cosignVerifyAttestationArguments(
  command: CosignImageCommand & { readonly predicateType: string },
): string[] {
  return [
    'verify-attestation',
    `--key=${cosignKeyArgument(command.key)}`,
    '--insecure-ignore-tlog',
    ...legacyReadFlags(command.version),
    `--type=${predicateTypeUri(command.predicateType)}`,
    ...registryFlags(command),
    '--output=json',
    `--timeout=${timeout(command.timeoutSeconds)}`,
    pinnedImage(command),
  ];
}

/** `cosign public-key`: the PEM public key of a key file, `env://` key or KMS key, on stdout. */
export function cosignPublicKeyArguments(command: {
  readonly key: CosignKey;
  readonly timeoutSeconds: number;
}): string[] {
  return [
    'public-key',
    `--key=${cosignKeyArgument(command.key)}`,
    `--timeout=${timeout(command.timeoutSeconds)}`,
  ];
}

/** `cosign version --json`: `{"gitVersion": "v3.1.3", …}`. */
export function cosignVersionArguments(): string[] {
  return ['version', '--json'];
}

function legacyWriteFlags(version: CosignVersion): string[] {
  return version.major >= 3 ? ['--use-signing-config=false', '--new-bundle-format=false'] : [];
}

function legacyReadFlags(version: CosignVersion): string[] {
  return version.major >= 3 ? ['--new-bundle-format=false'] : [];
}

/** Plain HTTP exactly where sigil's own client allows it: loopback registries and `insecure-registries`. */
function registryFlags(command: Pick<CosignImageCommand, 'repo' | 'insecureRegistries'>): string[] {
  return new SchemePolicy(command.insecureRegistries).allowsPlainHttp(command.repo.registry)
    ? ['--allow-http-registry']
    : [];
}

/**
 * `-a key=value` per annotation. cosign reads the flag as a CSV list, so a pair holding a comma or a quote
 * is written as one quoted CSV field (quotes doubled) to reach cosign as the single pair it is.
 */
function annotationFlags(annotations: Readonly<Record<string, string>>): string[] {
  return Object.entries(annotations).map(([key, value]) => {
    if (key === '' || key.includes('=')) {
      throw new SigilError('INPUT_INVALID', `annotation key "${key}" cannot be passed to cosign`, {
        field: 'annotations',
        hint: 'Use annotation keys without `=`.',
      });
    }
    if (/[\r\n]/.test(key + value)) {
      throw new SigilError('INPUT_INVALID', `annotation "${key}" spans lines`, { field: 'annotations' });
    }
    const pair = `${key}=${value}`;
    return /[",]/.test(pair) ? `--annotations="${pair.replace(/"/g, '""')}"` : `--annotations=${pair}`;
  });
}

function pinnedImage(command: Pick<CosignImageCommand, 'repo' | 'digest'>): string {
  if (!isSha256Digest(command.digest)) {
    throw new SigilError('INTERNAL', `cosign is given images by digest only, not "${command.digest}"`);
  }
  return `${repositoryName(command.repo)}@${command.digest}`;
}

const URI = /^[A-Za-z][A-Za-z0-9+.-]*:[^\s]+$/;

function predicateTypeUri(predicateType: string): string {
  if (!URI.test(predicateType)) {
    throw new SigilError('INPUT_INVALID', `predicate type "${predicateType}" is not a URI`, {
      field: 'predicate-type',
      hint: 'Give the predicate type as a URI, e.g. https://spdx.dev/Document.',
    });
  }
  return predicateType;
}

function timeout(seconds: number): string {
  if (!Number.isSafeInteger(seconds) || seconds < 1)
    throw new SigilError('INTERNAL', `bad cosign timeout ${seconds}`);
  return `${seconds}s`;
}
