import * as core from '@actions/core';
import type { BoundaryIo } from './error-boundary.js';
import { readRunnerEnvironment, type RunnerEnvironment } from './environment.js';
import { InputReader } from './input-reader.js';
import { ActionLogger } from './log.js';
import { ActionOutputs } from './outputs.js';
import { SecretMasker } from './secret-masker.js';

/** Everything an action entry needs from the runner, wired to @actions/core and sharing one secret list. */
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
  const secrets = new SecretMasker((value) => core.setSecret(value));
  return {
    inputs: new InputReader((name) => core.getInput(name, { trimWhitespace: false }), secrets),
    secrets,
    logger: new ActionLogger(undefined, secrets, { debug: core.isDebug() }),
    outputs: new ActionOutputs((name, value) => core.setOutput(name, value), secrets),
    environment: readRunnerEnvironment(),
    boundary: {
      error: (message) => core.error(message),
      debug: (message) => core.debug(message),
      redact: (text) => secrets.redact(text),
      fail: () => {
        process.exitCode = core.ExitCode.Failure;
      },
    },
  };
}
