// Child process of sbom-memory.int.test.ts: runs one SBOM path over a file and prints, as one JSON
// line, the resident set size before it started and at its peak (getrusage maxRSS), so Jest's own
// heap does not blur the figures. Usage: node … sbom-memory-probe.ts <attest|detect|validate> <file>
import { parseSbom, readSbomFile, SPDX_PREDICATE_TYPE, validateSbomPredicate } from '@sigil/sbom';
import { detectSbom } from '../../src/sbom.js';
import { parseUtf8Json } from '../../src/utf8-json.js';

const [scenario, path] = process.argv.slice(2);
if (path === undefined) throw new Error('usage: sbom-memory-probe.ts <attest|detect|validate> <file>');

(globalThis as { gc?: () => void }).gc?.();
const baselineRss = process.memoryUsage().rss;
const started = performance.now();
const file = await readSbomFile(path);
const readMs = performance.now() - started;
let packages: number | undefined;
let verdict: string;
if (scenario === 'attest') {
  const parsed = parseSbom(file.bytes, path);
  packages = parsed.packages.length;
  verdict = `${parsed.format} ${parsed.specVersion}`;
} else if (scenario === 'detect') {
  const detected = detectSbom(file.bytes, path);
  verdict = `${detected.format} ${detected.version}`;
} else if (scenario === 'validate') {
  const predicate = parseUtf8Json(file.bytes);
  const result = validateSbomPredicate(predicate, SPDX_PREDICATE_TYPE);
  verdict = result.ok ? 'ok' : result.message;
} else {
  throw new Error(`unknown scenario ${scenario}`);
}
const totalMs = performance.now() - started;
const peakRss = process.resourceUsage().maxRSS * 1024;
process.stdout.write(
  `${JSON.stringify({
    scenario,
    fileBytes: file.size,
    sha256: file.sha256,
    verdict,
    packages,
    baselineRss,
    peakRss,
    peakGrowth: peakRss - baselineRss,
    heapUsedAfter: process.memoryUsage().heapUsed,
    readMs: Math.round(readMs),
    totalMs: Math.round(totalMs),
  })}\n`,
);
