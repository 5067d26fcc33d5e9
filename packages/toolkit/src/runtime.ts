import type { BoundaryIo } from './error-boundary.js';
import { readRunnerEnvironment, type RunnerEnvironment } from './environment.js';
import { InputReader } from './input-reader.js';
import { ActionLogger } from './log.js';
import { ActionOutputs } from './outputs.js';
import * as runner from './runner-commands.js';
import { SecretMasker } from './secret-masker.js';

/** Everything an action entry needs from the runner, wired to its commands and sharing one secret list. */
export interface ActionRuntime {
  readonly inputs: InputReader;
  readonly secrets: SecretMasker;
  readonly logger: ActionLogger;
  readonly outputs: ActionOutputs;
  readonly environment: RunnerEnvironment;
  /** Pass to `runAction`. */
  readonly boundary: BoundaryIo;
}

export function createActionRuntime(): ActionRuntime {
  const secrets = new SecretMasker((value) => runner.setSecret(value));
  return {
    inputs: new InputReader((name) => runner.getInput(name), secrets),
    secrets,
    logger: new ActionLogger(undefined, secrets, { debug: runner.isDebug() }),
    outputs: new ActionOutputs((name, value) => runner.setOutput(name, value), secrets),
    environment: readRunnerEnvironment(),
    boundary: {
      error: (message) => runner.error(message),
      debug: (message) => runner.debug(message),
      redact: (text) => secrets.redact(text),
      fail: () => {
        process.exitCode = runner.FAILURE_EXIT_CODE;
      },
    },
  };
}
