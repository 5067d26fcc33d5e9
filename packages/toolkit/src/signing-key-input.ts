import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { SigilError } from '@sigil/errors';
import { KEYLESS_RELEASE, loadPrivateKey, parseKeyReference, type SigningKey } from '@sigil/cosign';
import type { RunnerEnvironment } from './environment.js';
import type { InputReader } from './input-reader.js';
import type { SecretMasker } from './secret-masker.js';

export interface SigningKeyInput {
  readonly key: SigningKey;
  /** Where the key came from, for the report: `file:<path>` or `env:<NAME>`; never key material. */
  readonly source: string;
}

/**
 * The `key` and `key-password` inputs of every action that signs (sign-image, attest-sbom,
 * attest-provenance). Reads `key` (a cosign key file path or `env://NAME`) and decrypts it with `key-password`, which
 * defaults to the `COSIGN_PASSWORD` environment variable as in cosign. Every secret is masked the moment
 * it is read: the password, the env variable's PEM, and a PEM pasted into `key` by mistake.
 */
export async function readSigningKey(
  inputs: InputReader,
  environment: Pick<RunnerEnvironment, 'workspace' | 'variable'>,
  secrets: SecretMasker,
): Promise<SigningKeyInput> {
  const value = inputs.string('key');
  if (value === undefined) {
    throw new SigilError(
      'NOT_YET_SUPPORTED',
      `keyless signing (no \`key\`) arrives with ${KEYLESS_RELEASE}`,
      {
        input: 'key',
        hint: 'Set `key` to a cosign key file (cosign generate-key-pair) or env://NAME holding its PEM.',
      },
    );
  }
  const reference = parseKeyReference(value, 'key');
  let pem: string;
  let source: string;
  if (reference.kind === 'pem') {
    secrets.add(reference.pem);
    throw new SigilError(
      'INPUT_INVALID',
      'input `key` holds key material; it takes a file path or env://NAME',
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
    source = `env:${reference.name}`;
  } else {
    const file = path.resolve(environment.workspace, reference.path);
    pem = await readKeyFile(file);
    secrets.add(pem);
    source = `file:${reference.path}`;
  }
  const password = inputs.secret('key-password') ?? passwordFromEnvironment(environment, secrets);
  return { key: await loadPrivateKey(pem, password), source };
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
