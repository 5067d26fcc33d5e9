import * as core from '@actions/core';
import type { Logger } from '@sigil/core';
import type { SecretMasker } from './secret-masker.js';

export interface AnnotationOptions {
  title?: string;
  file?: string;
  startLine?: number;
}

/** The runner's log commands; @actions/core by default, a recorder in tests. */
export interface LogSink {
  debug(message: string): void;
  info(message: string): void;
  warning(message: string, properties?: AnnotationOptions): void;
  error(message: string, properties?: AnnotationOptions): void;
}

export const coreLogSink: LogSink = {
  debug: (message) => core.debug(message),
  info: (message) => core.info(message),
  warning: (message, properties) => core.warning(message, properties),
  error: (message, properties) => core.error(message, properties),
};

export interface ActionLoggerOptions {
  /**
   * Whether `debug` lines are written. The runner shows them only with step debug logging
   * (`RUNNER_DEBUG=1`, `core.isDebug()`); otherwise they would only bloat the raw log, one line per
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
