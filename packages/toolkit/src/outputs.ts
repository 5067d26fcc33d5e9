import { mkdtemp, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { SigilError } from '@sigil/core';
import * as runner from './runner-commands.js';
import type { SecretMasker } from './secret-masker.js';

/**
 * Step outputs. Strings are written as they are; anything else as compact JSON. An output that would
 * contain a known secret is refused: outputs are visible to every later step and are not masked there.
 */
export class ActionOutputs {
  readonly #setOutput: (name: string, value: string) => void;
  readonly #secrets: SecretMasker | undefined;

  constructor(setOutput: (name: string, value: string) => void = runner.setOutput, secrets?: SecretMasker) {
    this.#setOutput = setOutput;
    this.#secrets = secrets;
  }

  set(name: string, value: unknown): void {
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    if (text === undefined) {
      throw new SigilError('INTERNAL', `output \`${name}\` has no JSON representation`);
    }
    if (this.#secrets !== undefined && this.#secrets.redact(text) !== text) {
      throw new SigilError('INTERNAL', `output \`${name}\` would contain a secret, so it was not written`);
    }
    this.#setOutput(name, text);
  }
}

/**
 * Writes `report` as indented JSON to `<runnerTemp>/sigil-<random>/<name>.json` and returns that path.
 * The folder is new for every call, so two steps of one job never overwrite each other's report,
 * while the file keeps a readable name for artifact uploads. Every string in it is redacted of known
 * secrets (failure messages can quote what a registry or credential helper said).
 */
export async function writeReport(
  runnerTemp: string,
  name: string,
  report: unknown,
  secrets?: SecretMasker,
): Promise<string> {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) {
    throw new SigilError('INTERNAL', `report name ${JSON.stringify(name)} is not a plain file name`);
  }
  const folder = await mkdtemp(path.join(runnerTemp, 'sigil-'));
  const file = path.join(folder, name.endsWith('.json') ? name : `${name}.json`);
  // A replacer makes JSON.stringify several times slower on a report of thousands of checks: only when
  // there is something to redact.
  const redact =
    secrets === undefined || secrets.size === 0
      ? undefined
      : (_key: string, value: unknown): unknown =>
          typeof value === 'string' ? secrets.redact(value) : value;
  await writeFile(file, `${JSON.stringify(report, redact, 2)}\n`, { encoding: 'utf8', flag: 'wx' });
  return file;
}
