import { createActionRuntime, runAction, writeJobSummary, writeReport } from '@sigil/toolkit';
import { readSignImageInputs } from './inputs.js';
import { run } from './run.js';

const runtime = createActionRuntime();
const { environment, logger, outputs, secrets } = runtime;

await runAction(async () => {
  const inputs = await readSignImageInputs(runtime.inputs, environment, secrets);
  await run(inputs, {
    environment,
    logger,
    outputs,
    mask: secrets.add,
    writeReport: (name, report) => writeReport(environment.runnerTemp, name, report),
    writeSummary: (markdown) => writeJobSummary(markdown, { show: inputs.showSummary, environment, secrets }),
  });
}, runtime.boundary);
