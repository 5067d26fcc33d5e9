// Preloaded into a benchmarked Node process with NODE_OPTIONS=--import=<this file's URL>. It counts the
// HTTP requests the process sends (by method, kind of registry path and status) and, at exit, writes them
// with the process's peak RSS, CPU time and lifetime to the file named by SIGIL_BENCH_PROBE_FILE. It observes through
// node:diagnostics_channel only, so the process runs its own code unchanged.
import { subscribe } from 'node:diagnostics_channel';
import { writeFileSync } from 'node:fs';

const file = process.env.SIGIL_BENCH_PROBE_FILE;
const started = {};
const finished = {};

/**
 * The kind of a Distribution API path: what the gate and the floor must request equally often. The OCI 1.1
 * referrers API (`/v2/<name>/referrers/<digest>`) is `referrers`, the fallback tag of the referrers tag
 * schema (`sha256-<hex>`) `referrers-tag`.
 */
function requestKind(path) {
  if (/^\/v2\/.+\/referrers\/sha256:[0-9a-f]{64}(\?|$)/.test(path ?? '')) return 'referrers';
  const route = /^\/v2\/.+\/(manifests|blobs)\/([^/?]+)/.exec(path ?? '');
  if (route === null) return path === '/v2/' ? 'ping' : 'other';
  const [, area, reference] = route;
  if (area === 'blobs') return reference.startsWith('uploads') ? 'upload' : 'blob';
  if (reference.endsWith('.sig')) return 'sig-manifest';
  if (reference.endsWith('.att')) return 'att-manifest';
  if (/^sha256-[0-9a-f]{64}$/.test(reference)) return 'referrers-tag';
  return reference.startsWith('sha256:') ? 'manifest' : 'tagged-manifest';
}

function add(counts, key) {
  counts[key] = (counts[key] ?? 0) + 1;
}

if (file !== undefined) {
  subscribe('http.client.request.start', ({ request }) => {
    add(started, `${request.method} ${requestKind(request.path)}`);
  });
  subscribe('http.client.response.finish', ({ request, response }) => {
    add(finished, `${request.method} ${requestKind(request.path)} ${response.statusCode}`);
  });
  process.on('exit', () => {
    const usage = process.resourceUsage();
    const cpuMs = Math.round((usage.userCPUTime + usage.systemCPUTime) / 1000);
    const uptimeMs = Math.round(process.uptime() * 1000);
    const report = { maxRssKb: usage.maxRSS, cpuMs, uptimeMs, requests: started, responses: finished };
    writeFileSync(file, JSON.stringify(report));
  });
}
