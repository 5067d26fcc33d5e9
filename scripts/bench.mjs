// `npm run bench`: verify-gate over N signed images in a local registry, side by side in one run with
// (f) the HTTP floor (the gate's registry requests with the same client and concurrency, no crypto),
// (a) `cosign verify` once per image, (b) the same with C processes at once, and (a2) cosign v2's loop.
// Rounds are interleaved (the order rotates each round); ratios use the medians. Prints a table, the
// request counts of the gate and the floor, peak RSS, and exits 1 when the done-when bounds are missed
// (or when the floor did not send the same requests as the gate). Results go to .tmp/bench.json.
// Usage: npm run bench [-- --images 200 --rounds 5 --concurrency 8 --no-cosign-v2]
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
    'no-cosign-v2': { type: 'boolean', default: false },
  },
});
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
  const sources = ['errors', 'oci', 'cosign', 'gate', 'toolkit']
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

const labels = {
  gate: `(g) verify-gate dist, concurrency ${concurrency}`,
  floor: `(f) HTTP floor, concurrency ${concurrency}`,
  'cosign-v3-loop': `(a) cosign ${cosignVersion('v3')} verify per image`,
  'cosign-v3-parallel': `(b) cosign ${cosignVersion('v3')} verify, ${concurrency} processes`,
  'cosign-v2-loop': `(a2) cosign ${cosignVersion('v2')} verify per image`,
};

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
  console.log('bench: warm-up (untimed): gate, floor, cosign peak RSS and request count');
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

async function timedRounds(contenders) {
  const names = Object.keys(contenders);
  const results = Object.fromEntries(names.map((name) => [name, []]));
  for (let round = 0; round < rounds; round++) {
    for (const name of names.map((_, i) => names[(i + round) % names.length])) {
      const result = await contenders[name]();
      results[name].push(result);
      console.log(`bench: round ${round + 1}/${rounds} ${name}: ${(result.ms / 1000).toFixed(2)} s`);
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

function printReport({ summary, ratios, warm, count, load }) {
  console.log(
    `\n${count} signed images, ${rounds} interleaved rounds, Node ${process.version}, ${os.cpus().length} CPUs, ` +
      `load average ${load.before} before / ${load.after} after\n`,
  );
  console.log(formatTable(labels, summary));
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

async function measure({ images, publicKeyPath, workDir }) {
  const common = { images, publicKeyPath, concurrency, workDir };
  const contenders = contendersOf(common);
  const load = { before: os.loadavg()[0].toFixed(2) };
  const warm = await warmUp(contenders, common);
  const results = await timedRounds(contenders);
  load.after = os.loadavg()[0].toFixed(2);

  const summary = summariseAll(results, warm, images.length);
  const { ratios, misses } = verdict(summary);
  const mismatches = requestMismatches(results, warm);
  printReport({ summary, ratios, warm, count: images.length, load });

  await mkdir(path.join(root, '.tmp'), { recursive: true });
  const record = {
    when: new Date().toISOString(),
    node: process.version,
    cpus: os.cpus().length,
    loadAverage: load,
    images: images.length,
    repositories: [...new Set(images.map((image) => image.repository))],
    rounds,
    concurrency,
    contenders: Object.fromEntries(
      Object.entries(summary).map(([name, value]) => [name, { label: labels[name], ...value }]),
    ),
    ratios,
    bounds: BOUNDS,
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
  await writeFile(path.join(root, '.tmp', 'bench.json'), JSON.stringify(record, null, 2) + '\n');
  console.log('results: .tmp/bench.json');

  if (mismatches.length > 0) {
    console.log(`\nINVALID: the floor did not send the gate's requests:\n  ${mismatches.join('\n  ')}`);
  }
  for (const miss of misses) console.log(`\nMISSED: ${miss}`);
  const ok = mismatches.length === 0 && misses.length === 0;
  if (ok) {
    console.log(
      `\nOK: the gate is within ${BOUNDS.gateOverFloorAtMost}× of the HTTP floor and at least ` +
        `${BOUNDS.cosignLoopOverGateAtLeast}× faster than the cosign loop`,
    );
  }
  return ok ? 0 : 1;
}

async function main() {
  ensureGateBundle();
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'sigil-bench-'));
  try {
    console.log(`bench: pushing and signing ${imageCount} images (untimed)…`);
    const fixture = await prepareFixture({ count: imageCount, workDir });
    try {
      return await measure({ ...fixture, workDir });
    } finally {
      await fixture.registry.stop();
    }
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

process.exitCode = await main();
