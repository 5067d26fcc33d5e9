import { processSyftExec } from '@sigil/sbom';
import { createActionRuntime, runAction, runDependencies } from '@sigil/toolkit';
import { readAttestSbomInputs } from './inputs.js';
import { run } from './run.js';

const runtime = createActionRuntime();

await runAction(async () => {
  const inputs = await readAttestSbomInputs(runtime.inputs, runtime.environment, runtime.secrets);
  await run(inputs, {
    ...runDependencies(runtime, { showSummary: inputs.showSummary }),
    environment: runtime.environment,
    syftExec: processSyftExec({ timeoutMs: inputs.registry.timeoutSeconds * 1000 }),
  });
}, runtime.boundary);
