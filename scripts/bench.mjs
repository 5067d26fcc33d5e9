// `npm run bench`: verify-gate over N signed and attested images in a local registry, side by side in one
// run with (f) the HTTP floor (the gate's registry requests with the same client and concurrency, no
// crypto), (a) the cosign CLI once per image, (b) the same with C images at once, and (a2) cosign v2's loop.
// Two scenarios: `signature` (the gate with `require: signature` against `cosign verify`) and `full` (the
// gate with `require: signature, sbom, provenance` against `cosign verify` + `cosign verify-attestation
// --type spdxjson` + `--type slsaprovenance1` per image). Rounds are interleaved within a scenario (the
// order rotates each round); ratios use the medians. Prints a table per scenario, the request counts of
// the gate and the floor, peak RSS, and exits 1 when a done-when bound is missed in any scenario (or when
// the floor did not send the same requests as the gate). Results go to .tmp/bench.json.
// Usage: npm run bench [-- --images 200 --rounds 5 --concurrency 8 --scenario both|full|signature --no-cosign-v2]
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  cosignPeakRssKb,
  cosignRequestsPerImage,
  cosignVersion,
  SCENARIOS,
  runCosignPerImage,
  runGateBundle,
  runHttpFloor,
} from './bench/contenders.mjs';
import { prepareFixture } from './bench/fixture.mjs';
import {
  BOUNDS,
  formatRequests,
  formatTable,
  median,
  requestDifferences,
  summarise,
  verdict,
} from './bench/report.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values: args } = parseArgs({
  options: {
    images: { type: 'string', default: '200' },
    rounds: { type: 'string', default: '5' },
    concurrency: { type: 'string', default: '8' },
    scenario: { type: 'string', default: 'both' },
    'no-cosign-v2': { type: 'boolean', default: false },
  },
});
if (!['both', ...Object.keys(SCENARIOS)].includes(args.scenario)) {
  throw new Error(`--scenario must be both, ${Object.keys(SCENARIOS).join(' or ')}; got ${args.scenario}`);
}
const scenarios = args.scenario === 'both' ? ['signature', 'full'] : [args.scenario];
const imageCount = positiveInteger(args.images, '--images');
const rounds = positiveInteger(args.rounds, '--rounds');
const concurrency = positiveInteger(args.concurrency, '--concurrency');
const withCosignV2 = !args['no-cosign-v2'];

function positiveInteger(text, name) {
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 1)
    throw new Error(`${name} must be a positive integer, got ${text}`);
  return value;
}

/** The newest modification time of any file below `dir`. */
function newestMtime(dir) {
  if (!existsSync(dir)) return 0;
  return Math.max(
    0,
    ...readdirSync(dir, { recursive: true })
      .map((file) => path.join(dir, String(file)))
      .filter((file) => statSync(file).isFile())
      .map((file) => statSync(file).mtimeMs),
  );
}

/** `npm run bench` has run `tsc -b`; rebundle dist/verify-gate when it is missing or older than lib/. */
function ensureGateBundle() {
  const bundle = path.join(root, 'dist', 'verify-gate', 'index.js');
  const sources = readdirSync(path.join(root, 'packages'))
    .filter((name) => name !== 'testing')
    .map((name) => path.join(root, 'packages', name, 'lib'))
    .concat(path.join(root, 'actions', 'verify-gate', 'lib'));
  const newestSource = Math.max(...sources.map(newestMtime));
  if (existsSync(bundle) && statSync(bundle).mtimeMs >= newestSource) return;
  console.log('bench: dist/verify-gate is missing or older than its compiled sources; bundling it');
  const bundled = spawnSync(process.execPath, [path.join(root, 'scripts', 'bundle.mjs'), 'verify-gate'], {
    stdio: 'inherit',
  });
  if (bundled.status !== 0) throw new Error('bundling dist/verify-gate failed');
}

/** What each scenario's cosign contenders run per image. */
const COSIGN_WORK = {
  signature: 'verify',
  full: 'verify + verify-attestation spdxjson + slsaprovenance1',
};

function labelsOf(scenario) {
  const work = COSIGN_WORK[scenario];
  return {
    gate: `(g) verify-gate dist, require: ${SCENARIOS[scenario].require}, concurrency ${concurrency}`,
    floor: `(f) HTTP floor, concurrency ${concurrency}`,
    'cosign-v3-loop': `(a) cosign ${cosignVersion('v3')} ${work} per image`,
    'cosign-v3-parallel': `(b) cosign ${cosignVersion('v3')} ${work}, ${concurrency} images at once`,
    'cosign-v2-loop': `(a2) cosign ${cosignVersion('v2')} ${work} per image`,
  };
}

function contendersOf(common) {
  return {
    gate: () => runGateBundle(common),
    floor: () => runHttpFloor(common),
    'cosign-v3-loop': () => runCosignPerImage({ ...common, major: 'v3', parallel: 1 }),
    'cosign-v3-parallel': () => runCosignPerImage({ ...common, major: 'v3', parallel: concurrency }),
    ...(withCosignV2
      ? { 'cosign-v2-loop': () => runCosignPerImage({ ...common, major: 'v2', parallel: 1 }) }
      : {}),
  };
}

/** Untimed: warms the page cache and the registry, and measures what the timed runs must not pay for. */
async function warmUp(contenders, common) {
  console.log(`bench: ${common.scenario}: warm-up (untimed): gate, floor, cosign peak RSS and request count`);
  const gate = await contenders.gate();
  const floor = await contenders.floor();
  const majors = withCosignV2 ? ['v3', 'v2'] : ['v3'];
  const cosign = {};
  for (const major of majors) {
    const options = { ...common, major, image: common.images[0] };
    cosign[major] = {
      peakRssKb: await cosignPeakRssKb(options),
      requestsPerImage: await cosignRequestsPerImage(options),
    };
  }
  return { gate, floor, cosign };
}

async function timedRounds(contenders, scenario) {
  const names = Object.keys(contenders);
  const results = Object.fromEntries(names.map((name) => [name, []]));
  for (let round = 0; round < rounds; round++) {
    for (const name of names.map((_, i) => names[(i + round) % names.length])) {
      const result = await contenders[name]();
      results[name].push(result);
      console.log(
        `bench: ${scenario}: round ${round + 1}/${rounds} ${name}: ${(result.ms / 1000).toFixed(2)} s`,
      );
    }
  }
  return results;
}

function summariseAll(results, warm, count) {
  const probed = (name) => ({
    peakRssKb: Math.max(...results[name].map((result) => result.probe.maxRssKb)),
    cpuMs: Math.round(median(results[name].map((result) => result.probe.cpuMs))),
    processMs: Math.round(median(results[name].map((result) => result.probe.uptimeMs))),
  });
  const extra = {
    gate: probed('gate'),
    floor: probed('floor'),
    'cosign-v3-loop': { peakRssKb: warm.cosign.v3.peakRssKb },
    'cosign-v3-parallel': { peakRssKb: warm.cosign.v3.peakRssKb },
    'cosign-v2-loop': { peakRssKb: warm.cosign.v2?.peakRssKb },
  };
  return Object.fromEntries(
    Object.entries(results).map(([name, runs]) => [
      name,
      summarise(
        runs.map((run) => run.ms),
        count,
        extra[name],
      ),
    ]),
  );
}

/** Every gate and floor run must have sent exactly the requests of the warm-up gate run. */
function requestMismatches(results, warm) {
  const expected = warm.gate.probe.requests;
  return [warm.floor, ...results.gate, ...results.floor].flatMap((run) =>
    requestDifferences(expected, run.probe.requests),
  );
}

function total(counts) {
  return Object.values(counts).reduce((sum, count) => sum + count, 0);
}

function printReport({ scenario, summary, ratios, warm, count, load }) {
  console.log(
    `\n${scenario}: ${count} signed and attested images, require: ${SCENARIOS[scenario].require}, ${rounds} interleaved rounds, ` +
      `Node ${process.version}, ${os.cpus().length} CPUs, load average ${load.before} before / ${load.after} after\n`,
  );
  console.log(formatTable(labelsOf(scenario), summary));
  console.log(
    `\nratios of medians: gate/floor ${ratios.gateOverFloor} (of minima: ${ratios.gateOverFloorOfMinima})`,
  );
  console.log(
    `  cosign-loop/gate ${ratios.cosignLoopOverGate}, cosign-${concurrency}/gate ${ratios.cosignParallelOverGate}` +
      (ratios.cosignV2LoopOverGate === undefined
        ? ''
        : `, cosign-v2-loop/gate ${ratios.cosignV2LoopOverGate}`),
  );
  const gateRequests = warm.gate.probe.requests;
  const floorRequests = warm.floor.probe.requests;
  console.log(`requests, gate  (${total(gateRequests)}): ${formatRequests(gateRequests)}`);
  console.log(`requests, floor (${total(floorRequests)}): ${formatRequests(floorRequests)}`);
  console.log(`responses, gate: ${formatRequests(warm.gate.probe.responses)}`);
  for (const [major, cosign] of Object.entries(warm.cosign)) {
    console.log(`requests, cosign ${cosignVersion(major)}: ${cosign.requestsPerImage} per image`);
  }
}

/** One scenario: warm-up, interleaved rounds, report; returns its record and whether it held. */
async function measure(scenario, { images, publicKeyPath, workDir }) {
  const common = { scenario, images, publicKeyPath, concurrency, workDir };
  const contenders = contendersOf(common);
  const labels = labelsOf(scenario);
  const load = { before: os.loadavg()[0].toFixed(2) };
  const warm = await warmUp(contenders, common);
  const results = await timedRounds(contenders, scenario);
  load.after = os.loadavg()[0].toFixed(2);

  const summary = summariseAll(results, warm, images.length);
  const { ratios, misses } = verdict(summary);
  const mismatches = requestMismatches(results, warm);
  printReport({ scenario, summary, ratios, warm, count: images.length, load });

  const record = {
    require: SCENARIOS[scenario].require,
    loadAverage: load,
    contenders: Object.fromEntries(
      Object.entries(summary).map(([name, value]) => [name, { label: labels[name], ...value }]),
    ),
    ratios,
    requests: {
      gate: warm.gate.probe.requests,
      floor: warm.floor.probe.requests,
      cosignPerImage: Object.fromEntries(
        Object.entries(warm.cosign).map(([major, cosign]) => [cosignVersion(major), cosign.requestsPerImage]),
      ),
    },
    responses: { gate: warm.gate.probe.responses, floor: warm.floor.probe.responses },
    requestMismatches: mismatches,
    misses,
  };
  if (mismatches.length > 0) {
    console.log(
      `\n${scenario}: INVALID: the floor did not send the gate's requests:\n  ${mismatches.join('\n  ')}`,
    );
  }
  for (const miss of misses) console.log(`\n${scenario}: MISSED: ${miss}`);
  const ok = mismatches.length === 0 && misses.length === 0;
  if (ok) {
    console.log(
      `\n${scenario}: OK: the gate is within ${BOUNDS.gateOverFloorAtMost}× of the HTTP floor and at least ` +
        `${BOUNDS.cosignLoopOverGateAtLeast}× faster than the cosign loop`,
    );
  }
  return { ok, record };
}

async function writeRecord(images, records) {
  await mkdir(path.join(root, '.tmp'), { recursive: true });
  const record = {
    when: new Date().toISOString(),
    node: process.version,
    cpus: os.cpus().length,
    images: images.length,
    repositories: [...new Set(images.map((image) => image.repository))],
    rounds,
    concurrency,
    bounds: BOUNDS,
    scenarios: records,
  };
  await writeFile(path.join(root, '.tmp', 'bench.json'), JSON.stringify(record, null, 2) + '\n');
  console.log('\nresults: .tmp/bench.json');
}

async function main() {
  ensureGateBundle();
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'sigil-bench-'));
  try {
    console.log(`bench: pushing, signing and attesting ${imageCount} images (untimed)…`);
    const fixture = await prepareFixture({ count: imageCount, workDir });
    try {
      const records = {};
      let ok = true;
      for (const scenario of scenarios) {
        const measured = await measure(scenario, { ...fixture, workDir });
        records[scenario] = measured.record;
        ok &&= measured.ok;
      }
      await writeRecord(fixture.images, records);
      return ok ? 0 : 1;
    } finally {
      await fixture.registry.stop();
    }
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

process.exitCode = await main();
