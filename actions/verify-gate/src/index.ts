import { createActionRuntime, runAction, runDependencies } from '@sigil/toolkit';
import { readVerifyGateInputs } from './inputs.js';
import { run } from './run.js';

const runtime = createActionRuntime();

await runAction(async () => {
  const inputs = await readVerifyGateInputs(runtime.inputs, runtime.environment, runtime.secrets);
  await run(inputs, runDependencies(runtime, { showSummary: inputs.showSummary }));
}, runtime.boundary);
