import type { Logger } from '@sigil/core';
import * as runner from './runner-commands.js';
import type { SecretMasker } from './secret-masker.js';

export interface AnnotationOptions {
  title?: string;
  file?: string;
  startLine?: number;
}

/** The runner's log commands (runner-commands.ts) by default, a recorder in tests. */
export interface LogSink {
  debug(message: string): void;
  info(message: string): void;
  warning(message: string, properties?: AnnotationOptions): void;
  error(message: string, properties?: AnnotationOptions): void;
}

const coreLogSink: LogSink = {
  debug: (message) => runner.debug(message),
  info: (message) => runner.info(message),
  warning: (message, properties) => runner.warning(message, properties),
  error: (message, properties) => runner.error(message, properties),
};

export interface ActionLoggerOptions {
  /**
   * Whether `debug` lines are written. The runner shows them only with step debug logging
   * (`RUNNER_DEBUG=1`); otherwise they would only bloat the raw log, one line per
   * registry request.
   */
  readonly debug?: boolean;
}

/**
 * The `Logger` libraries receive, over the runner's log. `warning` is a `::warning::` annotation;
 * every message is redacted of known secrets first.
 */
export class ActionLogger implements Logger {
  readonly #sink: LogSink;
  readonly #secrets: SecretMasker | undefined;
  readonly #debug: boolean;

  constructor(sink: LogSink = coreLogSink, secrets?: SecretMasker, options: ActionLoggerOptions = {}) {
    this.#sink = sink;
    this.#secrets = secrets;
    this.#debug = options.debug ?? true;
  }

  debug(message: string): void {
    if (this.#debug) this.#sink.debug(this.#redact(message));
  }

  info(message: string): void {
    this.#sink.info(this.#redact(message));
  }

  warning(message: string): void {
    this.#sink.warning(this.#redact(message));
  }

  /** A warning annotation with a title or file position. */
  warningAnnotation(message: string, options: AnnotationOptions = {}): void {
    this.#sink.warning(this.#redact(message), options);
  }

  error(message: string, options?: AnnotationOptions): void {
    this.#sink.error(this.#redact(message), options);
  }

  #redact(message: string): string {
    return this.#secrets === undefined ? message : this.#secrets.redact(message);
  }
}
