import { inspect } from 'node:util';
import { causeChain, isSigilError } from '@sigil/core';
import { inputOf } from './error-inputs.js';

/** Where the boundary reports; `createActionRuntime` wires it to the runner's commands, tests record it. */
export interface BoundaryIo {
  /** An error annotation (`::error::`); may contain newlines. */
  error(message: string): void;
  /** Only visible with step debug logging on. */
  debug(message: string): void;
  /** Removes every known secret from text before it is printed. */
  redact(text: string): string;
  /** Marks the step failed (exit code 1). */
  fail(): void;
}

const REPORT_BUG =
  'This is a bug in sigil, not in your workflow: please report it with this log ' +
  '(re-run with debug logging for the stack trace).';

/**
 * The one failure boundary of an action. Whatever `main` throws (a SigilError, any other Error, or a
 * non-Error value) becomes one error annotation: `[CODE] message`, the cause chain one per line, and a
 * `Fix:` line naming the input to change. Stack traces only go to the debug log. Secrets are redacted.
 */
export async function runAction(main: () => Promise<void>, io: BoundaryIo): Promise<void> {
  try {
    await main();
  } catch (thrown: unknown) {
    io.error(io.redact(describeFailure(thrown).join('\n')));
    const stack = thrown instanceof Error ? thrown.stack : undefined;
    if (stack !== undefined) io.debug(io.redact(stack));
    io.fail();
  }
}

/** The lines the boundary prints for `thrown`: headline, causes, then the fix. */
export function describeFailure(thrown: unknown): string[] {
  if (isSigilError(thrown)) {
    const causes = causeChain(thrown)
      .slice(1)
      .map((cause) => `Caused by: ${cause}`);
    return [`[${thrown.code}] ${thrown.message}`, ...causes, ...fixLine(inputOf(thrown), thrown.hint)];
  }
  const causes = causeChain(thrown)
    .slice(1)
    .map((cause) => `Caused by: ${cause}`);
  return [`[INTERNAL] unexpected ${summarise(thrown)}`, ...causes, REPORT_BUG];
}

function fixLine(input: string | undefined, hint: string | undefined): string[] {
  const named = input === undefined || input === '' ? undefined : `\`${input}\``;
  if (hint !== undefined && hint !== '') {
    return [named === undefined || hint.includes(named) ? `Fix: ${hint}` : `Fix: ${hint} (input ${named})`];
  }
  return named === undefined ? [] : [`Fix: check the ${named} input of this step.`];
}

function summarise(thrown: unknown): string {
  if (thrown instanceof Error) return `${thrown.name}: ${thrown.message}`;
  if (typeof thrown === 'string') return `failure: ${thrown}`;
  return `failure: ${inspect(thrown, { depth: 2, breakLength: Number.POSITIVE_INFINITY })}`;
}
