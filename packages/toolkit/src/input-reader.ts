import { SigilError } from '@sigil/core';
import type { SecretMasker } from './secret-masker.js';

/** Reads one raw input, as `core.getInput` does (empty string when absent). */
export type GetInput = (name: string) => string;

export interface IntegerOptions {
  min?: number;
  max?: number;
  default?: number;
}

/**
 * Strict, typed access to the action's inputs. A wrong value is a `SigilError('INPUT_INVALID')`
 * naming the input and the values it accepts; an absent value is only defaulted where the caller
 * says so (action.yml gives every optional input its default, so an empty value is rare in practice).
 */
export class InputReader {
  readonly #getInput: GetInput;
  readonly #secrets: SecretMasker;

  constructor(getInput: GetInput, secrets: SecretMasker) {
    this.#getInput = getInput;
    this.#secrets = secrets;
  }

  /** The trimmed value, or `undefined` when empty (an error instead when `required`). */
  string(name: string, options: { required: true }): string;
  string(name: string, options?: { required?: boolean }): string | undefined;
  string(name: string, options: { required?: boolean } = {}): string | undefined {
    const value = this.#raw(name).trim();
    if (value !== '') return value;
    if (options.required === true) throw missing(name);
    return undefined;
  }

  /** `true` or `false`, in any letter case; nothing else. */
  boolean(name: string, options: { default?: boolean } = {}): boolean {
    const value = this.#raw(name).trim();
    if (value === '') {
      if (options.default !== undefined) return options.default;
      throw missing(name, `set \`${name}\` to \`true\` or \`false\``);
    }
    const lower = value.toLowerCase();
    if (lower === 'true') return true;
    if (lower === 'false') return false;
    throw invalid(
      name,
      `must be \`true\` or \`false\`, got ${quote(value)}`,
      `set \`${name}\` to \`true\` or \`false\``,
    );
  }

  /** One of `allowed` (matched without regard to letter case, returned as spelled in `allowed`). */
  enumeration<const T extends string>(name: string, allowed: readonly T[], defaultValue?: T): T {
    const value = this.#raw(name).trim();
    const choices = allowed.map((choice) => `\`${choice}\``).join(', ');
    if (value === '') {
      if (defaultValue !== undefined) return defaultValue;
      throw missing(name, `set \`${name}\` to one of ${choices}`);
    }
    const match = allowed.find((choice) => choice.toLowerCase() === value.toLowerCase());
    if (match !== undefined) return match;
    throw invalid(
      name,
      `must be one of ${choices}, got ${quote(value)}`,
      `set \`${name}\` to one of ${choices}`,
    );
  }

  /** A whole decimal number within `[min, max]`. */
  integer(name: string, options: IntegerOptions = {}): number {
    const value = this.#raw(name).trim();
    const { min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER } = options;
    const range = `a whole number from ${min} to ${max}`;
    if (value === '') {
      if (options.default !== undefined) return options.default;
      throw missing(name, `set \`${name}\` to ${range}`);
    }
    const parsed = /^[+-]?\d+$/.test(value) ? Number(value) : Number.NaN;
    if (!Number.isSafeInteger(parsed) || parsed < min || parsed > max) {
      throw invalid(name, `must be ${range}, got ${quote(value)}`, `set \`${name}\` to ${range}`);
    }
    return parsed;
  }

  /**
   * A list such as `images`: one entry per line, commas also separate, blank lines are ignored,
   * `#` starts a comment, entries are trimmed. Order is kept; duplicates are the caller's business.
   */
  list(name: string, options: { required?: boolean } = {}): string[] {
    const entries = this.#raw(name)
      .split(/\r?\n/)
      .flatMap((line) => (line.split('#', 1)[0] ?? '').split(','))
      .map((entry) => entry.trim())
      .filter((entry) => entry !== '');
    if (entries.length === 0 && options.required === true) throw missing(name);
    return entries;
  }

  /**
   * `key=value` lines (e.g. `annotations`). Blank lines and lines starting with `#` are ignored;
   * a line without `=`, an empty key, or a key given twice is an error naming the line.
   */
  keyValueLines(name: string): Record<string, string> {
    const entries = new Map<string, { value: string; line: number }>();
    this.#raw(name)
      .split(/\r?\n/)
      .forEach((text, index) => {
        const line = index + 1;
        const trimmed = text.trim();
        if (trimmed === '' || trimmed.startsWith('#')) return;
        const equals = trimmed.indexOf('=');
        if (equals === -1) {
          throw invalid(
            name,
            `line ${line} has no \`=\`: ${quote(trimmed)}`,
            `write one \`key=value\` per line in \`${name}\``,
          );
        }
        const key = trimmed.slice(0, equals).trim();
        if (key === '')
          throw invalid(
            name,
            `line ${line} has an empty key`,
            `write one \`key=value\` per line in \`${name}\``,
          );
        const earlier = entries.get(key);
        if (earlier !== undefined) {
          throw invalid(
            name,
            `key ${quote(key)} is given twice (lines ${earlier.line} and ${line})`,
            `give each key once in \`${name}\``,
          );
        }
        entries.set(key, { value: trimmed.slice(equals + 1).trim(), line });
      });
    return Object.fromEntries([...entries].map(([key, { value }]) => [key, value]));
  }

  /**
   * The value verbatim (a password may end in whitespace; cosign does not trim COSIGN_PASSWORD), masked
   * with each of its lines before anything else can see it; `undefined` when blank.
   */
  secret(name: string, options: { required: true }): string;
  secret(name: string, options?: { required?: boolean }): string | undefined;
  secret(name: string, options: { required?: boolean } = {}): string | undefined {
    const raw = this.#raw(name);
    this.#secrets.add(raw);
    // Used verbatim, as cosign uses COSIGN_PASSWORD: a password may end in a space or newline.
    if (raw.trim() !== '') return raw;
    if (options.required === true) throw missing(name);
    return undefined;
  }

  #raw(name: string): string {
    return this.#getInput(name);
  }
}

function missing(name: string, hint = `set the \`${name}\` input`): SigilError {
  return new SigilError('INPUT_INVALID', `input \`${name}\` is required but empty`, { input: name, hint });
}

function invalid(name: string, problem: string, hint: string): SigilError {
  return new SigilError('INPUT_INVALID', `input \`${name}\` ${problem}`, { input: name, hint });
}

function quote(value: string): string {
  const shown = value.length > 80 ? `${value.slice(0, 77)}...` : value;
  return JSON.stringify(shown);
}
