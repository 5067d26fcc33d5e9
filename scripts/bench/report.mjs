// Turns the benchmark's timed rounds into the printed table, the ratios, the done-when verdict and the
// JSON record. Ratios and bounds use the median of the rounds; the minimum is printed beside it.

/** The done-when: the gate within 1.3× of the HTTP floor, and ≥ 10× faster than the cosign loop. */
export const BOUNDS = { gateOverFloorAtMost: 1.3, cosignLoopOverGateAtLeast: 10 };

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * `extra`: what was measured beside the wall time, where it could be: `peakRssKb`, and from the probe
 * `cpuMs` (user + system) and `processMs` (the Node process's own lifetime, without the harness around it).
 */
export function summarise(runsMs, imageCount, extra = {}) {
  const medianMs = median(runsMs);
  const measured = Object.fromEntries(Object.entries(extra).filter(([, value]) => value !== undefined));
  return {
    runsMs: runsMs.map((ms) => Math.round(ms)),
    medianMs: Math.round(medianMs),
    minMs: Math.round(Math.min(...runsMs)),
    imagesPerSecond: Math.round((imageCount / medianMs) * 1000 * 10) / 10,
    ...measured,
  };
}

export function ratio(numerator, denominator) {
  return Math.round((numerator / denominator) * 100) / 100;
}

/** Ratios of the medians (and of the minima), and whether the done-when bounds hold. */
export function verdict(contenders) {
  const { gate, floor } = contenders;
  const loop = contenders['cosign-v3-loop'];
  const parallel = contenders['cosign-v3-parallel'];
  const ratios = {
    gateOverFloor: ratio(gate.medianMs, floor.medianMs),
    gateOverFloorOfMinima: ratio(gate.minMs, floor.minMs),
    cosignLoopOverGate: ratio(loop.medianMs, gate.medianMs),
    cosignParallelOverGate: ratio(parallel.medianMs, gate.medianMs),
    ...(contenders['cosign-v2-loop'] === undefined
      ? {}
      : { cosignV2LoopOverGate: ratio(contenders['cosign-v2-loop'].medianMs, gate.medianMs) }),
  };
  const misses = [];
  if (ratios.gateOverFloor > BOUNDS.gateOverFloorAtMost) {
    misses.push(
      `the gate takes ${ratios.gateOverFloor}× the HTTP floor (bound: at most ${BOUNDS.gateOverFloorAtMost}×)`,
    );
  }
  if (ratios.cosignLoopOverGate < BOUNDS.cosignLoopOverGateAtLeast) {
    misses.push(
      `the gate is only ${ratios.cosignLoopOverGate}× faster than the cosign loop (bound: at least ${BOUNDS.cosignLoopOverGateAtLeast}×)`,
    );
  }
  return { ratios, misses };
}

/** Request counts that differ between the gate and the floor, as lines; empty when they match. */
export function requestDifferences(gateRequests, floorRequests) {
  const keys = [...new Set([...Object.keys(gateRequests), ...Object.keys(floorRequests)])].sort();
  return keys
    .filter((key) => gateRequests[key] !== floorRequests[key])
    .map((key) => `${key}: gate ${gateRequests[key] ?? 0}, floor ${floorRequests[key] ?? 0}`);
}

/** Milliseconds as seconds with two decimals, as every bench table prints them. */
export function seconds(ms) {
  return (ms / 1000).toFixed(2);
}

function megabytes(kb) {
  return kb === undefined ? '-' : `${(kb / 1024).toFixed(0)} MiB`;
}

export function formatTable(labels, contenders) {
  const header = ['contender', 'median s', 'min s', 'runs s', 'images/s', 'CPU s', 'peak RSS'];
  const rows = Object.entries(contenders).map(([name, c]) => [
    labels[name] ?? name,
    seconds(c.medianMs),
    seconds(c.minMs),
    c.runsMs.map(seconds).join(' '),
    String(c.imagesPerSecond),
    c.cpuMs === undefined ? '-' : seconds(c.cpuMs),
    megabytes(c.peakRssKb),
  ]);
  const widths = header.map((_, column) => Math.max(...[header, ...rows].map((row) => row[column].length)));
  const line = (row) => row.map((cell, column) => cell.padEnd(widths[column])).join('  ');
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}

export function formatRequests(counts) {
  return Object.entries(counts)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, count]) => `${key}=${count}`)
    .join(', ');
}
