// `npm run bench`: verify-gate over N signed and attested images in a local registry, side by side in one
// run with (f) the HTTP floor (the gate's registry requests with the same client and concurrency, no
// crypto), (a) the cosign CLI once per image, (b) the same with C images at once, and (a2) cosign v2's loop.
// Two scenarios: `signature` (the gate with `require: signature` against `cosign verify`) and `full` (the
// gate with `require: signature, sbom, provenance` against `cosign verify` + `cosign verify-attestation
// --type spdxjson` + `--type slsaprovenance1` per image). Rounds are interleaved within a scenario (the
// order rotates each round); ratios use the medians. Prints a table per scenario, the request counts of
// the gate and the floor, peak RSS, and exits 1 when a done-when bound is missed in any scenario (or when
// the floor did not send the same requests as the gate). Results go to .tmp/bench.json.
// `--format bundle`: every image is signed and attested as Sigstore bundle referrers instead (cosign v3's
// default), and `full` is measured on two registries one after the other, each with its own table: Docker
// Distribution (no referrers API: the gate lists them through the fallback tag `sha256-<hex>`) and
// go-containerregistry's registry (the OCI 1.1 referrers API). The floor (f) is then what a perfect client
// needs (resolve the image, list its referrers, read each referrer manifest and bundle blob), (f+) the
// gate's own requests (it first reads the legacy `.sig` / `.att` tags, 404 here); the requests per image of
// each discovery path are printed, and the same bounds apply. cosign v2 cannot read bundles: not run.
// `--format keyless`: the same `full` scenario on the same two registries, with every bundle signed KEYLESS
// through a loopback Sigstore (GitHub-shaped OIDC issuer, Fulcio, Rekor v1, TSA: @sigil/testing's
// startSigstoreStack) by ONE KeylessSigner behind the native engine. The gate trusts no key: `trusted-root`
// (the stack's) with `certificate-identity` and `certificate-oidc-issuer`, and verifies each bundle offline
// (chain, SCT, Rekor SET and inclusion proof, TSA timestamp); cosign v3 verifies with the same trusted root and
// identity. Same floors, request checks and bounds. Then the keyless signing scenario: 100 fresh images (or
// --images if fewer) signed with ONE KeylessSigner, timed, against `cosign sign` keyless per image for 10 of
// them, each with the Fulcio, Rekor and TSA requests it made; exits 1 unless sigil asked Fulcio exactly once.
// `--format keyless --rekor 2`: the same with the stack's signing config naming its Rekor v2 log (hashedrekord
// 0.0.2 entries: inclusion proof and checkpoint, no SET; the time from the TSA), for sigil and cosign alike.
// Usage: npm run bench [-- --images 200 --rounds 5 --concurrency 8 --scenario both|full|signature --no-cosign-v2]
//        npm run bench -- --format bundle|keyless [--rekor 1|2] [--images 200 --rounds 5 --concurrency 8]
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import {
  bundleRequestDifferences,
  explainCpu,
  explainRequests,
  measureEcdsaMicros,
  formatRequestsPerImage,
  requestsPerImage,
} from './bench/bundle-requests.mjs';
import {
  BUNDLE_SCENARIOS,
  KEYLESS_SCENARIOS,
  cosignPeakRssKb,
  cosignRequestsPerImage,
  cosignVersion,
  gateRefusesAnotherIdentity,
  SCENARIOS,
  runCosignPerImage,
  runGateBundle,
  runHttpFloor,
} from './bench/contenders.mjs';
import {
  BUNDLE_REGISTRIES,
  prepareBundleFixture,
  prepareFixture,
  prepareKeylessFixture,
} from './bench/fixture.mjs';
import { formatSigning, measureKeylessSigning } from './bench/keyless-signing.mjs';
import {
  BOUNDS,
  formatRequests,
  formatTable,
  median,
  ratio,
  requestDifferences,
  summarise,
  verdict,
} from './bench/report.mjs';
import { startSigstoreStack } from '@sigil/testing/sigstore-stack';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values: args } = parseArgs({
  options: {
    images: { type: 'string', default: '200' },
    rounds: { type: 'string', default: '5' },
    concurrency: { type: 'string', default: '8' },
    scenario: { type: 'string' },
    format: { type: 'string', default: 'legacy' },
    rekor: { type: 'string', default: '1' },
    'no-cosign-v2': { type: 'boolean', default: false },
  },
});
if (!['legacy', 'bundle', 'keyless'].includes(args.format)) {
  throw new Error(`--format must be legacy, bundle or keyless; got ${args.format}`);
}
const format = args.format;
const keylessFormat = format === 'keyless';
if (!['1', '2'].includes(args.rekor) || (args.rekor === '2' && !keylessFormat)) {
  throw new Error(`--rekor takes 1 or 2, with --format keyless only; got --rekor ${args.rekor}`);
}
/** `--format keyless --rekor 2`: the loopback Sigstore's signing config names its Rekor v2 log only. */
const rekorVersion = Number(args.rekor);
/** Sigstore bundle referrers (signed with a key, or keyless) on the two registries of BUNDLE_REGISTRIES. */
const bundleFormat = format === 'bundle' || keylessFormat;
const scenarioNames = Object.keys(
  { legacy: SCENARIOS, bundle: BUNDLE_SCENARIOS, keyless: KEYLESS_SCENARIOS }[format],
);
args.scenario ??= bundleFormat ? 'full' : 'both';
if (![...(bundleFormat ? [] : ['both']), ...scenarioNames].includes(args.scenario)) {
  throw new Error(
    bundleFormat
      ? `--format ${format} measures ${scenarioNames.join(', ')}; got --scenario ${args.scenario}`
      : `--scenario must be both, ${scenarioNames.join(' or ')}; got ${args.scenario}`,
  );
}
const scenarios = args.scenario === 'both' ? ['signature', 'full'] : [args.scenario];
const imageCount = positiveInteger(args.images, '--images');
const rounds = positiveInteger(args.rounds, '--rounds');
const concurrency = positiveInteger(args.concurrency, '--concurrency');
// cosign v2 reads the legacy format only.
const withCosignV2 = !args['no-cosign-v2'] && !bundleFormat;
/** `--format keyless`: the identity the loopback Sigstore's tokens carry, which the gate and cosign pin. */
const KEYLESS_IDENTITY = {
  repository: 'acme/shop',
  workflow: '.github/workflows/release.yml',
  ref: 'refs/heads/main',
  runnerEnvironment: 'github-hosted',
};

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
  const trust = keylessFormat ? 'keyless (trusted-root, certificate-identity + issuer), ' : '';
  return {
    gate: `(g) verify-gate dist, ${trust}require: ${SCENARIOS[scenario].require}, concurrency ${concurrency}`,
    floor: bundleFormat
      ? `(f) HTTP floor: a perfect client's requests, concurrency ${concurrency}`
      : `(f) HTTP floor, concurrency ${concurrency}`,
    'floor-as-gate': `(f+) HTTP floor with the gate's own requests, concurrency ${concurrency}`,
    'cosign-v3-loop': `(a) cosign ${cosignVersion('v3')} ${work} per image`,
    'cosign-v3-parallel': `(b) cosign ${cosignVersion('v3')} ${work}, ${concurrency} images at once`,
    'cosign-v2-loop': `(a2) cosign ${cosignVersion('v2')} ${work} per image`,
  };
}

function contendersOf(common) {
  const served = (run) => withRegistryCpu(common.registryPid, run);
  return {
    gate: served(() => runGateBundle(common)),
    floor: served(() => runHttpFloor(common)),
    ...(bundleFormat
      ? {
          // The gate's own requests: as many images read legacy tags first as the warm-up gate run did.
          'floor-as-gate': served(() =>
            runHttpFloor({ ...common, gateRequests: true, legacyImages: common.learned.legacyImages }),
          ),
        }
      : {}),
    'cosign-v3-loop': () => runCosignPerImage({ ...common, major: 'v3', parallel: 1 }),
    'cosign-v3-parallel': () => runCosignPerImage({ ...common, major: 'v3', parallel: concurrency }),
    ...(withCosignV2
      ? { 'cosign-v2-loop': () => runCosignPerImage({ ...common, major: 'v2', parallel: 1 }) }
      : {}),
  };
}

/** Clock ticks per second of /proc's CPU times. */
const CLOCK_TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

/** The CPU time, in ms, process `pid` has used so far (user + system, from /proc/<pid>/stat). */
function processCpuMs(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The fields after the command name, which is in parentheses and may hold spaces: utime and stime are the
  // 14th and 15th fields of the line, the 12th and 13th after the name.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
}

/** `run`, with the CPU the registry (process `pid`, serving nobody else) spent while it ran. */
function withRegistryCpu(pid, run) {
  return async () => {
    const before = processCpuMs(pid);
    const result = await run();
    return { ...result, registryCpuMs: Math.round(processCpuMs(pid) - before) };
  };
}

/** Untimed: warms the page cache and the registry, and measures what the timed runs must not pay for. */
async function warmUp(contenders, common, title) {
  console.log(`bench: ${title}: warm-up (untimed): gate, floor, cosign peak RSS and request count`);
  const gate = await contenders.gate();
  common.learned.legacyImages = gate.probe.requests['GET sig-manifest'] ?? 0;
  const floor = await contenders.floor();
  const floorAsGate = bundleFormat ? await contenders['floor-as-gate']() : undefined;
  const majors = withCosignV2 ? ['v3', 'v2'] : ['v3'];
  const cosign = {};
  for (const major of majors) {
    const options = { ...common, major, image: common.images[0] };
    cosign[major] = {
      peakRssKb: await cosignPeakRssKb(options),
      requestsPerImage: await cosignRequestsPerImage(options),
    };
  }
  // Keyless: the gate pinned to another workflow's identity must fail every image, or its pass proves nothing.
  const refusal = keylessFormat ? await gateRefusesAnotherIdentity(common) : undefined;
  if (refusal !== undefined) {
    console.log(
      `bench: ${title}: control: the gate pinned to ${refusal.identity} failed every image ` +
        `(${refusal.reasons.join(', ')})`,
    );
  }
  return {
    gate,
    floor,
    ...(floorAsGate === undefined ? {} : { floorAsGate }),
    cosign,
    ...(refusal === undefined ? {} : { refusal }),
  };
}

async function timedRounds(contenders, title) {
  const names = Object.keys(contenders);
  const results = Object.fromEntries(names.map((name) => [name, []]));
  for (let round = 0; round < rounds; round++) {
    for (const name of names.map((_, i) => names[(i + round) % names.length])) {
      const result = await contenders[name]();
      results[name].push(result);
      console.log(
        `bench: ${title}: round ${round + 1}/${rounds} ${name}: ${(result.ms / 1000).toFixed(2)} s`,
      );
    }
  }
  return results;
}

/** The Node contenders, whose process the probe measured. */
const PROBED = ['gate', 'floor', 'floor-as-gate'];

function summariseAll(results, warm, count) {
  const probed = (name) => ({
    peakRssKb: Math.max(...results[name].map((result) => result.probe.maxRssKb)),
    cpuMs: Math.round(median(results[name].map((result) => result.probe.cpuMs))),
    processMs: Math.round(median(results[name].map((result) => result.probe.uptimeMs))),
    registryCpuMs: Math.round(median(results[name].map((result) => result.registryCpuMs))),
  });
  const extra = {
    ...Object.fromEntries(PROBED.filter((name) => name in results).map((name) => [name, probed(name)])),
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

/**
 * Bundles: every gate and (f+) run must have sent the warm-up gate run's requests, every (f) run those a
 * perfect client needs of them (see bundle-requests.mjs).
 */
function bundleRequestMismatches(results, warm, withoutReferrersApi) {
  const expected = warm.gate.probe;
  const check = (variant, runs) =>
    runs.flatMap((run) =>
      bundleRequestDifferences(expected, run.probe, { variant, withoutReferrersApi, concurrency }),
    );
  return [
    ...check('gate', [warm.gate, ...results.gate]),
    ...check('floor', [warm.floor, ...results.floor]),
    ...check('floor-as-gate', [warm.floorAsGate, ...results['floor-as-gate']]),
  ];
}

function total(counts) {
  return Object.values(counts).reduce((sum, count) => sum + count, 0);
}

function printReport({ scenario, title, summary, ratios, warm, count, load, registry, certificates }) {
  const what =
    registry === undefined
      ? 'signed and attested images'
      : keylessFormat
        ? `images signed and attested keyless as Sigstore bundles (${certificates} Fulcio certificate(s))`
        : 'images signed and attested as Sigstore bundles';
  console.log(
    `\n${title}: ${count} ${what}, require: ${SCENARIOS[scenario].require}, ${rounds} interleaved rounds, ` +
      `Node ${process.version}, ${os.cpus().length} CPUs, load average ${load.before} before / ${load.after} after\n`,
  );
  console.log(formatTable(labelsOf(scenario), summary));
  if (registry !== undefined) {
    console.log(
      `cosign ${cosignVersion('v2')} is not run: it cannot read Sigstore bundles. cosign v3 verifies with ` +
        (keylessFormat
          ? "--trusted-root (the loopback Sigstore's) --certificate-identity --certificate-oidc-issuer: the " +
            'chain, the SCT, the Rekor entry and the timestamp of each bundle, as the gate does.'
          : '--trusted-root (a trusted root with nothing in it: the key is the only trust), --insecure-ignore-tlog.'),
    );
  }
  console.log(
    `\nratios of medians: gate/floor ${ratios.gateOverFloor} (of minima: ${ratios.gateOverFloorOfMinima})`,
  );
  if (registry !== undefined) {
    console.log(
      `  floor-as-gate/floor ${ratios.floorAsGateOverFloor}, gate/floor-as-gate ${ratios.gateOverFloorAsGate}`,
    );
  }
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
  if (registry !== undefined) {
    const asGate = warm.floorAsGate.probe.requests;
    console.log(`requests, floor-as-gate (${total(asGate)}): ${formatRequests(asGate)}`);
  }
  console.log(`responses, gate: ${formatRequests(warm.gate.probe.responses)}`);
  for (const [major, cosign] of Object.entries(warm.cosign)) {
    console.log(`requests, cosign ${cosignVersion(major)}: ${cosign.requestsPerImage} per image`);
  }
  if (registry === undefined) return;
  console.log(`\ndiscovery path: ${registry.discovery}`);
  const floorPerImage = requestsPerImage(floorRequests, count);
  console.log(
    formatRequestsPerImage({
      '(g) gate': requestsPerImage(gateRequests, count),
      '(f) floor, a perfect client': floorPerImage,
      "(f+) floor, the gate's requests": requestsPerImage(warm.floorAsGate.probe.requests, count),
    }),
  );
  console.log(
    `  (cosign ${cosignVersion('v3')}: ${warm.cosign.v3.requestsPerImage} requests per image for its three ` +
      'commands, each a process that discovers the registry and the referrers afresh)',
  );
  console.log(
    explainRequests({
      gate: gateRequests,
      floor: floorRequests,
      imageCount: count,
      withoutReferrersApi: registry.listedThrough === 'referrers-tag',
      ratios,
      keyless: keylessFormat,
    }),
  );
  console.log(
    explainCpu({
      gate: summary.gate,
      floor: summary.floor,
      imageCount: count,
      // A perfect client reads each bundle's blob once (the request check above holds it to that).
      bundlesPerImage: floorPerImage.blobs,
      keyless: keylessFormat,
      rekorVersion,
      ecdsaMicros: measureEcdsaMicros(),
      bound: BOUNDS.gateOverFloorAtMost,
      cores: os.availableParallelism(),
    }),
  );
}

/** One scenario: warm-up, interleaved rounds, report; returns its record and whether it held. */
async function measure(
  scenario,
  { images, publicKeyPath, trustedRootPath, identity, certificates, workDir, kind, registry: started },
) {
  const registry = kind === undefined ? undefined : BUNDLE_REGISTRIES[kind];
  const title =
    registry === undefined
      ? scenario
      : `${scenario}, ${keylessFormat ? 'keyless bundles' : 'bundles'} on ${registry.name}`;
  const common = {
    scenario,
    images,
    publicKeyPath,
    concurrency,
    workDir,
    registryPid: started.pid,
    ...(registry === undefined ? {} : { format, trustedRootPath }),
    ...(keylessFormat ? { identity } : {}),
    /** What the warm-up gate run showed: how many images it read the legacy tags of. */
    learned: { legacyImages: 0 },
  };
  const contenders = contendersOf(common);
  const labels = labelsOf(scenario);
  const load = { before: os.loadavg()[0].toFixed(2) };
  const warm = await warmUp(contenders, common, title);
  const results = await timedRounds(contenders, title);
  load.after = os.loadavg()[0].toFixed(2);

  const summary = summariseAll(results, warm, images.length);
  const { ratios, misses } = verdict(summary);
  if (registry !== undefined) {
    ratios.floorAsGateOverFloor = ratio(summary['floor-as-gate'].medianMs, summary.floor.medianMs);
    ratios.gateOverFloorAsGate = ratio(summary.gate.medianMs, summary['floor-as-gate'].medianMs);
  }
  const mismatches =
    registry === undefined
      ? requestMismatches(results, warm)
      : bundleRequestMismatches(results, warm, registry.listedThrough === 'referrers-tag');
  if (keylessFormat && certificates !== 1) {
    misses.push(
      `the fixture's ONE KeylessSigner asked Fulcio ${certificates} times for ${images.length} images ` +
        '(bound: exactly one certificate)',
    );
  }
  printReport({ scenario, title, summary, ratios, warm, count: images.length, load, registry, certificates });

  const record = {
    ...(registry === undefined ? {} : { format, registry: registry.name, discovery: registry.discovery }),
    ...(keylessFormat ? { identity, fulcioCertificates: certificates, control: warm.refusal } : {}),
    require: SCENARIOS[scenario].require,
    loadAverage: load,
    contenders: Object.fromEntries(
      Object.entries(summary).map(([name, value]) => [name, { label: labels[name], ...value }]),
    ),
    ratios,
    requests: {
      gate: warm.gate.probe.requests,
      floor: warm.floor.probe.requests,
      ...(registry === undefined ? {} : { floorAsGate: warm.floorAsGate.probe.requests }),
      cosignPerImage: Object.fromEntries(
        Object.entries(warm.cosign).map(([major, cosign]) => [cosignVersion(major), cosign.requestsPerImage]),
      ),
    },
    ...(registry === undefined
      ? {}
      : {
          requestsPerImage: {
            gate: requestsPerImage(warm.gate.probe.requests, images.length),
            floor: requestsPerImage(warm.floor.probe.requests, images.length),
            floorAsGate: requestsPerImage(warm.floorAsGate.probe.requests, images.length),
          },
        }),
    responses: {
      gate: warm.gate.probe.responses,
      floor: warm.floor.probe.responses,
      ...(registry === undefined ? {} : { floorAsGate: warm.floorAsGate.probe.responses }),
    },
    requestMismatches: mismatches,
    misses,
  };
  if (mismatches.length > 0) {
    const what =
      registry === undefined
        ? "the floor did not send the gate's requests"
        : 'a run did not send the requests it should (see bundle-requests.mjs)';
    console.log(`\n${title}: INVALID: ${what}:\n  ${mismatches.join('\n  ')}`);
  }
  for (const miss of misses) console.log(`\n${title}: MISSED: ${miss}`);
  const ok = mismatches.length === 0 && misses.length === 0;
  if (ok) {
    console.log(
      `\n${title}: OK: the gate is within ${BOUNDS.gateOverFloorAtMost}× of the HTTP floor and at least ` +
        `${BOUNDS.cosignLoopOverGateAtLeast}× faster than the cosign loop`,
    );
  }
  return { ok, record };
}

async function writeRecord(images, records, extra = {}) {
  await mkdir(path.join(root, '.tmp'), { recursive: true });
  const record = {
    when: new Date().toISOString(),
    node: process.version,
    cpus: os.cpus().length,
    ...(bundleFormat ? { format } : {}),
    images: bundleFormat ? imageCount : images.length,
    repositories: [...new Set(images.map((image) => image.repository))],
    rounds,
    concurrency,
    bounds: BOUNDS,
    scenarios: records,
    ...extra,
  };
  await writeFile(path.join(root, '.tmp', 'bench.json'), JSON.stringify(record, null, 2) + '\n');
  console.log('\nresults: .tmp/bench.json');
}

/**
 * `--format bundle` and `--format keyless`: the scenario on each registry in turn, each with its own fixture
 * (keyless: all through one loopback Sigstore, one KeylessSigner per fixture); keyless, then the signing
 * scenario.
 */
async function measureBundles(workDir) {
  const records = {};
  const images = [];
  let ok = true;
  const stack = keylessFormat
    ? await startSigstoreStack({
        issuer: 'github',
        identity: KEYLESS_IDENTITY,
        rekorVersions: [rekorVersion],
      })
    : undefined;
  try {
    const files = stack === undefined ? undefined : await stack.writeFiles(path.join(workDir, 'sigstore'));
    for (const [kind, registry] of Object.entries(BUNDLE_REGISTRIES)) {
      console.log(
        `bench: ${registry.name}: pushing ${imageCount} images, signing and attesting them as Sigstore bundles` +
          `${keylessFormat ? ' keyless with one KeylessSigner' : ''} (untimed)…`,
      );
      const preparing = performance.now();
      const fixture = keylessFormat
        ? {
            ...(await prepareKeylessFixture({ count: imageCount, kind, stack })),
            trustedRootPath: files.trustedRoot,
            identity: stack.identity,
          }
        : await prepareBundleFixture({ count: imageCount, workDir, kind });
      if (keylessFormat) {
        console.log(
          `bench: ${registry.name}: ${imageCount} images signed and attested keyless in ` +
            `${((performance.now() - preparing) / 1000).toFixed(1)} s (set-up, untimed), ` +
            `${fixture.certificates} Fulcio certificate(s)`,
        );
      }
      try {
        for (const scenario of scenarios) {
          const measured = await measure(scenario, { ...fixture, workDir, kind });
          records[`${scenario}@${kind}`] = measured.record;
          ok &&= measured.ok;
        }
        images.push(...fixture.images);
      } finally {
        await fixture.registry.stop();
      }
    }
    const signing = keylessFormat
      ? await measureKeylessSigning({ stack, files, imageCount, concurrency, workDir })
      : undefined;
    if (signing !== undefined) {
      printSigning(signing);
      ok &&= signing.misses.length === 0;
    }
    await writeRecord(images, records, signing === undefined ? {} : { signing });
  } finally {
    await stack?.stop();
  }
  return ok;
}

/** The keyless signing scenario's table and verdict. */
function printSigning(signing) {
  console.log(
    `\nkeyless signing on ${signing.registry}, through the loopback Sigstore (served by the bench process), ` +
      `Node ${process.version}, ${os.cpus().length} CPUs\n`,
  );
  console.log(formatSigning(signing));
  console.log(
    `\nper image: cosign ${signing.cosign.msPerImage} ms, sigil ${signing.sigil.msPerImage} ms ` +
      `(${signing.cosignOverSigilPerImage}×); certificates: sigil ${signing.sigil.requests.fulcio} for ` +
      `${signing.sigil.images} images, cosign ${signing.cosign.requests.fulcio} for ${signing.cosign.images}`,
  );
  for (const miss of signing.misses) console.log(`\nkeyless signing: MISSED: ${miss}`);
  if (signing.misses.length === 0) {
    console.log(
      `\nkeyless signing: OK: one Fulcio certificate for ${signing.sigil.images} images signed with one KeylessSigner`,
    );
  }
}

async function main() {
  ensureGateBundle();
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'sigil-bench-'));
  try {
    if (bundleFormat) return (await measureBundles(workDir)) ? 0 : 1;
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
