import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { SigilError } from '@sigil/core';
import { parseKeyReference, parsePublicKeys, type KeyReference, type PublicKey } from '@sigil/keys';
import type { GateReportKey } from '@sigil/gate';
import type { RunnerEnvironment, SecretMasker } from '@sigil/toolkit';

export interface PublicKeyList {
  readonly keys: readonly PublicKey[];
  /** Per key: its id and where it came from (for the report; public keys are not secret). */
  readonly sources: readonly GateReportKey[];
  /**
   * KMS and `k8s://` keys of the list: their public keys are fetched with the cosign CLI (`cosign
   * public-key`) when the gate runs, then verified with like every other key (see kms-public-keys.ts).
   */
  readonly kmsKeys?: readonly KmsKeyReference[];
}

export type KmsKeyReference = Extract<KeyReference, { kind: 'kms' }>;

/**
 * Reads a list of public keys such as `public-keys`: key file paths, `env://NAME` references and KMS /
 * `k8s://` URIs, one per line, and inline PEM blocks; blank lines and `#` comments are ignored. A file or
 * variable may hold several PEM blocks. The same key given twice counts once. KMS keys are only checked
 * for shape here (`kmsKeys`); their public keys are fetched when the gate runs. A private key given by
 * mistake (inline, in a file or a variable) is masked before it is refused, as sign-image masks `key`.
 */
export async function readPublicKeyList(
  text: string,
  input: string,
  environment: Pick<RunnerEnvironment, 'workspace' | 'variable'>,
  secrets: Pick<SecretMasker, 'add'>,
): Promise<PublicKeyList> {
  const keys = new Map<string, PublicKey>();
  const sources: GateReportKey[] = [];
  const kmsKeys = new Map<string, KmsKeyReference>();
  for (const reference of keyReferences(text, input)) {
    if (reference.kind === 'kms') {
      kmsKeys.set(reference.uri, reference);
      continue;
    }
    const { pem, source } = await keyText(reference, input, environment);
    maskPrivateKeyBlocks(pem, secrets);
    for (const key of parsePublicKeys(pem, { input })) {
      if (keys.has(key.id)) continue;
      keys.set(key.id, key);
      sources.push({ id: key.id, source });
    }
  }
  return { keys: [...keys.values()], sources, kmsKeys: [...kmsKeys.values()] };
}

/** Any `PRIVATE KEY` PEM block of `text` (PKCS#8, EC, RSA, encrypted, cosign's) becomes a secret. */
function maskPrivateKeyBlocks(text: string, secrets: Pick<SecretMasker, 'add'>): void {
  const blocks = text.match(
    /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\s\S]*?(-----END [A-Z0-9 ]*PRIVATE KEY-----|$)/g,
  );
  for (const block of blocks ?? []) secrets.add(block);
}

function keyReferences(text: string, input: string): KeyReference[] {
  const references: KeyReference[] = [];
  const lines = text.split(/\r?\n/);
  for (let index = 0; index < lines.length; index++) {
    const line = (lines[index] ?? '').trim();
    if (line === '' || line.startsWith('#')) continue;
    if (!line.startsWith('-----BEGIN ')) {
      references.push(parseKeyReference(line, input));
      continue;
    }
    const block = [line];
    while (index + 1 < lines.length && !block[block.length - 1]?.startsWith('-----END ')) {
      index++;
      block.push((lines[index] ?? '').trim());
    }
    references.push({ kind: 'pem', pem: `${block.join('\n')}\n` });
  }
  return references;
}

async function keyText(
  reference: Exclude<KeyReference, { kind: 'kms' }>,
  input: string,
  environment: Pick<RunnerEnvironment, 'workspace' | 'variable'>,
): Promise<{ pem: string; source: string }> {
  switch (reference.kind) {
    case 'pem':
      return { pem: reference.pem, source: 'inline' };
    case 'env': {
      const value = environment.variable(reference.name);
      if (value === undefined || value.trim() === '') {
        throw new SigilError(
          'INPUT_INVALID',
          `input \`${input}\`: environment variable ${reference.name} is not set or empty`,
          {
            input,
            hint: `Set ${reference.name} in the step's env, or give the key as a file or inline PEM.`,
          },
        );
      }
      return { pem: value, source: `env:${reference.name}` };
    }
    case 'file': {
      const file = path.resolve(environment.workspace, reference.path);
      try {
        return { pem: await readFile(file, 'utf8'), source: `file:${reference.path}` };
      } catch (error) {
        const missing = (error as { code?: unknown }).code === 'ENOENT';
        throw new SigilError(
          'INPUT_INVALID',
          `input \`${input}\`: the key file ${file} ${missing ? 'does not exist' : 'cannot be read'}`,
          {
            cause: error,
            input,
            hint: 'Give key file paths relative to the workspace (check out the repository first), env://NAME, or inline PEM.',
          },
        );
      }
    }
  }
}
