import { createActionRuntime, runAction } from '@sigil/toolkit';
import { actionsToolCache, addToRunnerPath } from '@sigil/toolkit/tool-install';
import { readInstallCosignInputs } from './inputs.js';
import { run } from './run.js';

const runtime = createActionRuntime();

await runAction(async () => {
  const inputs = readInstallCosignInputs(runtime.inputs, runtime.environment);
  await run(inputs, {
    environment: runtime.environment,
    logger: runtime.logger,
    outputs: runtime.outputs,
    addPath: addToRunnerPath,
    toolCache: actionsToolCache,
  });
}, runtime.boundary);
