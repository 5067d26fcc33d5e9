import { createActionRuntime, runAction } from '@sigil/toolkit';
import { runnerToolInstallDependencies } from '@sigil/toolkit/tool-install';
import { readInstallCosignInputs } from './inputs.js';
import { run } from './run.js';

const runtime = createActionRuntime();

await runAction(async () => {
  const inputs = readInstallCosignInputs(runtime.inputs, runtime.environment);
  await run(inputs, runnerToolInstallDependencies(runtime));
}, runtime.boundary);
