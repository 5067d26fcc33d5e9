import { SigilError } from '@sigil/core';

/** What a refusal says to the user: its code, the input to fix, the message and the hint. */
export interface Refusal {
  readonly code: string;
  readonly input?: string;
  readonly message: string;
  readonly hint?: string;
}

function refusal(error: unknown): Refusal {
  if (!(error instanceof SigilError)) throw error;
  return {
    code: error.code,
    ...(error.input === undefined ? {} : { input: error.input }),
    message: error.message,
    ...(error.hint === undefined ? {} : { hint: error.hint }),
  };
}

/** The SigilError `run` throws, as a `Refusal`; anything else thrown, or nothing, fails the test. */
export function refusalOf(run: () => unknown): Refusal {
  try {
    run();
  } catch (error) {
    return refusal(error);
  }
  throw new Error('expected a refusal (a SigilError)');
}

/** As `refusalOf`, for a promise. */
export async function refusalOfAsync(promise: Promise<unknown>): Promise<Refusal> {
  try {
    await promise;
  } catch (error) {
    return refusal(error);
  }
  throw new Error('expected a refusal (a SigilError)');
}
