import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { SigilError } from '@sigil/core';
import { loadPrivateKey, parseKeyReference, type KmsScheme, type SigningKey } from '@sigil/keys';
import { type CosignKey } from '@sigil/cosign-cli';
import { type SigningEngineName } from '@sigil/signer';
import type { RunnerEnvironment } from './environment.js';
import type { InputReader } from './input-reader.js';
import type { SecretMasker } from './secret-masker.js';
import type { TlogUpload } from './tlog-upload-input.js';
import { readSigningConfigLog, type SigningServices } from '@sigil/transparency/signing-config';
import { readKeylessInput, readSigningConfigFile, type KeylessInput } from './keyless-input.js';

/**
 * The signing inputs of an action that signs (`key`, `key-password`, `engine`), read once: a key sigil
 * holds itself (native engine), or a key the cosign CLI uses (cosign engine). `source` says where the key
 * came from, for the report: `file:<path>`, `env:<NAME>` or the KMS URI; never key material.
 */
export type SigningKeyInput =
  | {
      readonly engine: 'native';
      readonly key: SigningKey;
      readonly source: string;
      /** `tlog-upload: true`: where each new Sigstore bundle is logged (`readTlogUpload`). */
      readonly tlog?: TlogUpload;
      /** The log and TSA `signing-config` names (for `tlog-upload`: `readTlogUpload` checks it is used). */
      readonly signingConfig?: Omit<SigningServices, 'fulcioURL'>;
    }
  | {
      readonly engine: 'cosign';
      readonly key: CosignKey;
      /** The PEM of an `env://` key, handed to cosign in its environment. */
      readonly keyText?: string;
      /** The key file's password (file and `env://` keys), handed to cosign as COSIGN_PASSWORD. */
      readonly password?: string;
      readonly source: string;
      /** Why the cosign engine: the `engine` input, or a key only cosign can use (its scheme). */
      readonly chosenBy: { readonly input: 'engine' } | { readonly kms: KmsScheme };
    }
  | KeylessInput;

export const ENGINES: readonly SigningEngineName[] = ['native', 'cosign'];

/**
 * Reads `key` (a cosign key file path, `env://NAME`, or a KMS / `k8s://` URI), `key-password` (default:
 * the COSIGN_PASSWORD environment variable, as in cosign) and `engine` (`native` default, `cosign`). A KMS
 * or Kubernetes key always takes the cosign engine; a key file or `env://` key takes it when `engine:
 * cosign` says so, and is then not decrypted here. Every secret is masked the moment it is read: the
 * password, the key's PEM, and a PEM pasted into `key` by mistake. No key: keyless signing (`readKeylessInput`).
 */
export async function readSigningKey(
  inputs: InputReader,
  environment: Pick<RunnerEnvironment, 'workspace' | 'variable'> &
    Partial<Pick<RunnerEnvironment, 'runnerTemp' | 'runnerToolCache'>>,
  secrets: SecretMasker,
): Promise<SigningKeyInput> {
  const engine = inputs.enumeration('engine', ENGINES, 'native');
  const value = inputs.string('key');
  if (value === undefined) return readKeylessInput(inputs, environment, secrets);
  const reference = parseKeyReference(value, 'key');
  const configFile = inputs.string('signing-config');
  if (configFile !== undefined && (reference.kind === 'kms' || engine === 'cosign')) {
    throw new SigilError(
      'NOT_YET_SUPPORTED',
      'input `signing-config` names where signatures are logged; the cosign engine signs without a transparency log here',
      {
        input: 'signing-config',
        hint: 'Remove `signing-config`, or sign with a key file or env:// key and `engine: native` (with `tlog-upload: true`).',
      },
    );
  }
  if (reference.kind === 'kms') {
    return {
      engine: 'cosign',
      key: { kind: 'kms', scheme: reference.scheme, uri: reference.uri },
      source: reference.uri,
      chosenBy: { kms: reference.scheme },
    };
  }
  let pem: string;
  let key: CosignKey;
  let source: string;
  if (reference.kind === 'pem') {
    secrets.add(reference.pem);
    throw new SigilError(
      'INPUT_INVALID',
      'input `key` holds key material; it takes a file path, env://NAME or a KMS URI',
      {
        input: 'key',
        hint: 'Store the key in a secret, pass it to the step as env (e.g. COSIGN_KEY) and set key: env://COSIGN_KEY.',
      },
    );
  } else if (reference.kind === 'env') {
    const text = environment.variable(reference.name);
    if (text !== undefined) secrets.add(text);
    if (text === undefined || text.trim() === '') {
      throw new SigilError(
        'INPUT_INVALID',
        `input \`key\`: environment variable ${reference.name} is not set or empty`,
        {
          input: 'key',
          hint: `Add ${reference.name}: \${{ secrets.… }} to the step's env, or point \`key\` at a key file.`,
        },
      );
    }
    pem = text;
    key = { kind: 'env', name: reference.name };
    source = `env:${reference.name}`;
  } else {
    const file = path.resolve(environment.workspace, reference.path);
    pem = await readKeyFile(file);
    secrets.add(pem);
    key = { kind: 'file', path: file };
    source = `file:${reference.path}`;
  }
  const password = inputs.secret('key-password') ?? passwordFromEnvironment(environment, secrets);
  if (engine === 'cosign') {
    return {
      engine: 'cosign',
      key,
      ...(key.kind === 'env' ? { keyText: pem } : {}),
      password,
      source,
      chosenBy: { input: 'engine' },
    };
  }
  const signingConfig =
    configFile === undefined
      ? undefined
      : await readSigningConfigFile(
          path.resolve(environment.workspace, configFile),
          configFile,
          readSigningConfigLog,
        );
  return {
    engine: 'native',
    key: await loadPrivateKey(pem, password),
    source,
    ...(signingConfig === undefined ? {} : { signingConfig }),
  };
}

function passwordFromEnvironment(
  environment: Pick<RunnerEnvironment, 'variable'>,
  secrets: SecretMasker,
): string {
  const password = environment.variable('COSIGN_PASSWORD') ?? '';
  secrets.add(password);
  return password;
}

async function readKeyFile(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const problem =
      code === 'ENOENT' ? 'does not exist' : code === 'EISDIR' ? 'is a folder' : 'cannot be read';
    throw new SigilError('INPUT_INVALID', `input \`key\`: the key file ${file} ${problem}`, {
      cause: error,
      input: 'key',
      hint: 'Give the path of a cosign key file, relative to the workspace, or env://NAME.',
    });
  }
}
