// `--format bundle`: the requests of the gate and of the two floors per image, by discovery path, and the
// check that each floor sent what it should. The floor (f) is what a perfect client needs; (f+) sends the
// gate's own requests. Until it has learned that a registry's images carry bundles only, the gate reads the
// legacy `.sig` and `.att` tags (404 on a bundle-only image) and the image before it lists referrers, and on
// a registry without the referrers API each image in flight before the first answer asks the API too; a
// perfect client does none of these. Those, and only those, may differ.
import { generateKeyPairSync, sign, verify } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { seconds } from './report.mjs';

/** What the gate reads for one bundle-only image, by probe request kind (see process-probe.mjs). */
const PATHS = [
  ['legacy', 'legacy .sig+.att (404)', ['GET sig-manifest', 'GET att-manifest']],
  ['resolve', 'image (HEAD)', ['HEAD manifest']],
  ['api', 'referrers API', ['GET referrers']],
  ['tag', 'fallback tag', ['GET referrers-tag']],
  ['manifests', 'referrer manifests', ['GET manifest']],
  ['blobs', 'bundle blobs', ['GET blob']],
];
const LEGACY_KINDS = PATHS[0][2];
const API = 'GET referrers';
const RESOLVE = 'HEAD manifest';

/** Per image, the requests of each path and in all (to three decimals). */
export function requestsPerImage(requests, imageCount) {
  const perImage = (count) => Math.round((count / imageCount) * 1000) / 1000;
  const paths = Object.fromEntries(
    PATHS.map(([key, , kinds]) => [
      key,
      perImage(kinds.reduce((sum, kind) => sum + (requests[kind] ?? 0), 0)),
    ]),
  );
  const total = perImage(Object.values(requests).reduce((sum, count) => sum + count, 0));
  return { ...paths, total };
}

/** `rows`: label → requests per image (from `requestsPerImage`); a table with a column per path. */
export function formatRequestsPerImage(rows) {
  const header = ['requests per image', ...PATHS.map(([, title]) => title), 'total'];
  const body = Object.entries(rows).map(([label, perImage]) => [
    label,
    ...PATHS.map(([key]) => String(perImage[key])),
    String(perImage.total),
  ]);
  const widths = header.map((_, column) => Math.max(...[header, ...body].map((row) => row[column].length)));
  const line = (row) => row.map((cell, column) => cell.padEnd(widths[column])).join('  ');
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...body.map(line)].join('\n');
}

/**
 * The differences between what a run sent and what it should have, as lines (empty: as it should).
 * `expected`: the warm-up gate run's requests and responses; `variant`: `gate` or `floor-as-gate` (the
 * gate's requests), or `floor` (a perfect client's: without the legacy reads, one API probe per registry
 * without the API). Without the API, the gate's probes race: 1 to `concurrency` of them is its count.
 */
export function bundleRequestDifferences(expected, sent, { variant, withoutReferrersApi, concurrency }) {
  const racing = `1-${concurrency}`;
  const raced = (requests) => {
    const count = requests[API] ?? 0;
    return withoutReferrersApi && count >= 1 && count <= concurrency
      ? { ...requests, [API]: racing }
      : requests;
  };
  let want = raced(expected.requests);
  let got = variant === 'floor' ? sent.requests : raced(sent.requests);
  if (variant === 'floor') {
    // A perfect client reads neither the legacy tags nor the image: a verified signature answers for it.
    want = Object.fromEntries(
      Object.entries(want).filter(([kind]) => !LEGACY_KINDS.includes(kind) && kind !== RESOLVE),
    );
    if (withoutReferrersApi) want[API] = 1;
  }
  const keys = [...new Set([...Object.keys(want), ...Object.keys(got)])].sort();
  const problems = keys
    .filter((key) => want[key] !== got[key])
    .map((key) => `${variant}: ${key}: expected ${want[key] ?? 0}, sent ${got[key] ?? 0}`);
  // The legacy reads that a perfect client leaves out must be absences, or the floor would leave out work.
  for (const kind of LEGACY_KINDS) {
    if (variant !== 'floor' && (sent.responses[`${kind} 404`] ?? 0) !== (sent.requests[kind] ?? 0))
      problems.push(`${variant}: ${kind}: not every answer was a 404 (the images carry legacy evidence)`);
  }
  if (withoutReferrersApi && (sent.responses[`${API} 404`] ?? 0) !== (sent.requests[API] ?? 0))
    problems.push(`${variant}: ${API}: answered other than 404 by a registry without the referrers API`);
  return problems;
}

/**
 * Why the gate sends more than the floor, in words, from the warm-up runs: the legacy reads and the racing
 * API probes per image, and how the gate's time splits into its extra requests (f+ / f) and its own work
 * (gate / f+).
 */
export function explainRequests({ gate, floor, imageCount, withoutReferrersApi, ratios, keyless = false }) {
  const g = requestsPerImage(gate, imageCount);
  const f = requestsPerImage(floor, imageCount);
  const apiProbes = gate[API] ?? 0;
  const extraProbes = withoutReferrersApi ? apiProbes - 1 : 0;
  const lines = [
    `the gate sends ${g.total} requests per image, a perfect client ${f.total}: ` +
      `${g.legacy} legacy-tag reads and ${g.resolve} image reads (HEAD) per image (.sig and .att, 404 on a bundle-only image: the gate reads ` +
      `cosign's legacy tags first until the first three images of a registry show none and pass on bundles, ` +
      `then the bundles first, and then no image HEAD either: a verified signature of the digest answers it)` +
      (withoutReferrersApi && extraProbes > 0
        ? `, and ${extraProbes} referrers-API probe(s) more than the one per registry a perfect client sends ` +
          `(the ${apiProbes} images in flight before the first 404 came back each asked the API)`
        : ''),
    `the gate's requests without any verification (f+) take ${ratios.floorAsGateOverFloor}× the floor; the ` +
      `gate takes ${ratios.gateOverFloorAsGate}× that: its own work (starting the action, strict parsing, ` +
      (keyless
        ? "verifying each keyless bundle: the certificate's chain to the trusted root, its SCT, the Rekor " +
          "entry's SET and inclusion proof, the TSA timestamp, the signer's identity and the DSSE signature; "
        : "verifying the bundles' ECDSA signatures (node:crypto), ") +
      'the predicates, the report)',
  ];
  return lines.join('\n');
}

/**
 * The P-256 ECDSA verifications a gate makes per bundle: key-based, its DSSE signature; keyless, also the log
 * entry's checkpoint and the TSA's timestamp, and with Rekor v1 the entry's SET (the certificate's chain and SCT
 * are verified once per certificate).
 */
function ecdsaPerBundle(keyless, rekorVersion) {
  if (!keyless) return { count: 1, what: 'the DSSE signature' };
  return rekorVersion === 2
    ? { count: 3, what: 'signature, checkpoint, TSA' }
    : { count: 4, what: 'signature, SET, checkpoint, TSA' };
}

/**
 * What one P-256 ECDSA verification (node:crypto, SHA-256 over 2 KB: a statement, a SET, a checkpoint) costs on this
 * machine, in µs: the median of a few runs of 300, measured in the bench process between rounds.
 */
export function measureEcdsaMicros() {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const data = Buffer.alloc(2 * 1024, 0x61);
  const signature = sign('sha256', data, privateKey);
  const runs = [];
  for (let run = 0; run < 5; run++) {
    const started = performance.now();
    for (let i = 0; i < 300; i++) if (!verify('sha256', data, publicKey, signature)) throw new Error('ECDSA');
    runs.push(((performance.now() - started) * 1000) / 300);
  }
  return Math.round(runs.sort((a, b) => a - b)[2]);
}

/**
 * Where the gate's time goes against this floor, from the medians of the timed rounds: how busy each process was
 * (CPU over wall time: near 1, a process waits for nothing but the CPU, and the registry has the other cores), the
 * CPU the gate spends beyond the floor's (its own work), what the bound leaves for it when the gate is CPU-bound,
 * and the part of it no gate can do without: the ECDSA verifications of the bundles, at this machine's cost.
 * Then the machine: the registry runs on the same cores, so the client's CPU and the registry's together, spread
 * over every core, are a time no run can beat; and the CPU the gate could use at most for the bound to be
 * reachable at all, with the registry spending what it spent serving the gate.
 */
export function explainCpu({
  gate,
  floor,
  imageCount,
  bundlesPerImage,
  keyless,
  rekorVersion,
  ecdsaMicros,
  bound,
  cores,
}) {
  const busy = (entry) => (entry.cpuMs / entry.medianMs).toFixed(2);
  const own = gate.cpuMs - floor.cpuMs;
  const allowance = Math.round(floor.medianMs * (bound - 1));
  const perBundle = ecdsaPerBundle(keyless, rekorVersion);
  const ecdsa = perBundle.count * bundlesPerImage * imageCount;
  const ecdsaMs = Math.round((ecdsa * ecdsaMicros) / 1000);
  return [
    `CPU over wall time: the floor ${seconds(floor.cpuMs)} of ${seconds(floor.medianMs)} s (${busy(floor)}), the gate ` +
      `${seconds(gate.cpuMs)} of ${seconds(gate.medianMs)} s (${busy(gate)}); the gate's own work is ${seconds(own)} s of CPU ` +
      `(${(own / imageCount).toFixed(2)} ms per image), and ${bound}× this floor leaves it ${seconds(allowance)} s ` +
      `when it is CPU-bound`,
    `  of which no gate does without: ${ecdsa} P-256 ECDSA verifications (${perBundle.count} per bundle: ` +
      `${perBundle.what}) at ${ecdsaMicros} µs each ` +
      `here: ${seconds(ecdsaMs)} s, and a SHA-256 of every response`,
    ...machineAccount({ gate, floor, bound, cores }),
  ].join('\n');
}

function machineAccount({ gate, floor, bound, cores }) {
  const use = (entry) =>
    `${Math.round(((entry.cpuMs + entry.registryCpuMs) / (entry.medianMs * cores)) * 100)}%`;
  const soonestGateMs = (gate.cpuMs + gate.registryCpuMs) / cores;
  const mostGateCpuMs = bound * floor.medianMs * cores - gate.registryCpuMs;
  return [
    `the registry shares the machine's ${cores} cores: it spent ${seconds(floor.registryCpuMs)} s of CPU serving the ` +
      `floor (floor and registry used ${use(floor)} of the machine) and ${seconds(gate.registryCpuMs)} s serving the ` +
      `gate (${use(gate)})`,
    `  with every core busy, the gate and its registry could finish no sooner than ${seconds(soonestGateMs)} s ` +
      `(${(soonestGateMs / floor.medianMs).toFixed(2)}× this floor); ${bound}× is in reach only while the gate ` +
      `spends at most ${seconds(mostGateCpuMs)} s of CPU (it spent ${seconds(gate.cpuMs)} s)`,
  ];
}
