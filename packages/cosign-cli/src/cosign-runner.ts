import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { SigilError, causeChain, isSigilError, messageOf, silentLogger, type Logger } from '@sigil/core';
import type { CredentialSource } from '@sigil/oci';
import type { CosignKey } from './cosign-arguments.js';
import type { CosignExec, CosignOutput, CosignRunResult } from './cosign-exec.js';
import { redactSecrets } from './cosign-failure.js';
import type { CosignVersion } from './cosign-version.js';
import { withTemporaryDockerConfig } from './temporary-docker-config.js';

/** A cosign binary that was found and whose version was checked (toolkit `locateCosign`). */
export interface LocatedCosign {
  readonly path: string;
  readonly version: CosignVersion;
  readonly exec: CosignExec;
}

export interface CosignRunnerOptions {
  readonly cosign: LocatedCosign;
  readonly key: CosignKey;
  /** The PEM of an `env://NAME` key: put into cosign's environment as NAME, never on disk or in argv. */
  readonly keyText?: string;
  /** The key file's password, given to cosign as COSIGN_PASSWORD (file and env:// keys). */
  readonly password?: string;
  /** Finds each registry's credentials as sigil's client does; cosign gets them in a temporary DOCKER_CONFIG. */
  readonly credentials?: CredentialSource;
  /** A private folder for temporary files (RUNNER_TEMP in an action). */
  readonly tempDir: string;
  /**
   * The environment cosign runs with, e.g. toolkit `helperEnvironment` (PATH, HOME, and what KMS clients
   * read: AWS_*, GOOGLE_APPLICATION_CREDENTIALS, AZURE_*, VAULT_ADDR, KUBECONFIG …).
   */
  readonly env: Readonly<Record<string, string>>;
  /** Deadline of one cosign run (default 10 minutes). */
  readonly timeoutMs?: number;
  readonly logger?: Logger;
}

/** Variables the runner sets itself; an `env://` key of that name would be overwritten or would break cosign. */
const RESERVED_VARIABLES = new Set(['DOCKER_CONFIG', 'COSIGN_PASSWORD', 'HOME', 'PATH']);
const DEFAULT_TIMEOUT_MS = 10 * 60_000;
/** The child is killed this long after cosign's own `--timeout`, so cosign can report its deadline first. */
const KILL_GRACE_MS = 15_000;

/**
 * Runs cosign for the engine: composes the child's environment (the base env, COSIGN_PASSWORD, the
 * `env://` key's variable, a temporary DOCKER_CONFIG), logs each command line (which never holds a
 * secret), and redacts every secret it handed to cosign from what cosign printed.
 */
export class CosignRunner {
  readonly #options: CosignRunnerOptions;
  readonly #secrets: readonly string[];

  constructor(options: CosignRunnerOptions) {
    if (options.key.kind === 'env') {
      if (RESERVED_VARIABLES.has(options.key.name.toUpperCase())) {
        throw new SigilError(
          'INPUT_INVALID',
          `input \`key\`: env://${options.key.name} names a variable cosign needs for itself`,
          {
            field: 'signing-key',
            hint: 'Put the key PEM in a variable of another name, e.g. env://COSIGN_KEY.',
          },
        );
      }
      if (options.keyText === undefined) {
        throw new SigilError(
          'INTERNAL',
          `the text of env://${options.key.name} was not given to the cosign engine`,
        );
      }
    }
    this.#options = options;
    this.#secrets = [options.password ?? '', ...secretPieces(options.keyText ?? '')];
  }

  get version(): CosignVersion {
    return this.#options.cosign.version;
  }

  get key(): CosignKey {
    return this.#options.key;
  }

  /** The PEM of an `env://` key (read by the engine to tell a public key from a private one). */
  get keyText(): string | undefined {
    return this.#options.keyText;
  }

  get tempDir(): string {
    return this.#options.tempDir;
  }

  /** cosign's `--timeout`, in whole seconds. */
  get timeoutSeconds(): number {
    return Math.max(1, Math.ceil((this.#options.timeoutMs ?? DEFAULT_TIMEOUT_MS) / 1000));
  }

  get logger(): Logger {
    return this.#options.logger ?? silentLogger;
  }

  /**
   * Runs cosign with `args` built for `registries` (whose credentials go into a temporary Docker config);
   * resolves with the result, output redacted, and the secrets to redact from anything derived from it.
   */
  async run(
    args: readonly string[],
    registries: readonly string[],
  ): Promise<{ readonly result: CosignOutput; readonly secrets: readonly string[] }> {
    return withTemporaryDockerConfig(
      this.#options.tempDir,
      registries,
      this.#options.credentials,
      async (config) => {
        const secrets = [...this.#secrets, ...config.secrets];
        const env: Record<string, string> = { ...this.#options.env, DOCKER_CONFIG: config.directory };
        if (this.#options.key.kind !== 'kms') env['COSIGN_PASSWORD'] = this.#options.password ?? '';
        if (this.#options.key.kind === 'env') env[this.#options.key.name] = this.#options.keyText ?? '';
        this.logger.debug(`cosign ${args.join(' ')}`);
        let result: CosignRunResult;
        try {
          result = await this.#options.cosign.exec(args, {
            env,
            timeoutMs: this.timeoutSeconds * 1000 + KILL_GRACE_MS,
          });
        } catch (error) {
          throw runFailure(args, error, secrets);
        }
        return {
          result: {
            exitCode: result.exitCode,
            stdout: redactSecrets(result.stdout.toString('utf8'), secrets),
            stderr: redactSecrets(result.stderr, secrets),
          },
          secrets,
        };
      },
    );
  }

  /** Runs `work` with a private file holding `bytes` (mode 0600), removed afterwards. */
  async withTemporaryFile<T>(
    name: string,
    bytes: Uint8Array | string,
    work: (file: string) => Promise<T>,
  ): Promise<T> {
    const folder = await mkdtemp(path.join(this.#options.tempDir, 'sigil-cosign-'));
    try {
      const file = path.join(folder, name);
      await writeFile(file, bytes, { mode: 0o600 });
      return await work(file);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  }
}

/** A multi-line secret (a PEM key) is also redacted line by line, as a log would show it. */
function secretPieces(text: string): string[] {
  return [
    text.trim(),
    ...text
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter((line) => line !== '' && !/^-----(BEGIN|END) [A-Z0-9 ]+-----$/.test(line)),
  ];
}

/**
 * cosign could not be run, was killed at its deadline or wrote too much: the executor's code (TIMEOUT,
 * COSIGN_FAILED) with everything it said, secrets redacted.
 */
function runFailure(args: readonly string[], error: unknown, secrets: readonly string[]): SigilError {
  const redact = (text: string) => redactSecrets(text, secrets);
  const known = isSigilError(error) ? error : undefined;
  return new SigilError(
    known?.code ?? 'COSIGN_FAILED',
    `cosign ${args[0] ?? ''} did not complete: ${redact(messageOf(error))}`,
    {
      cause: new Error(redact(causeChain(error).join('\n'))),
      hint: known?.hint ?? 'Check that the cosign binary runs on this runner.',
      ...(known?.field === undefined ? {} : { field: known.field }),
      ...(known?.input === undefined ? {} : { input: known.input }),
    },
  );
}
