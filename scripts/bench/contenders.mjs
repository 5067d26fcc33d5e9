// The contenders of the verify-gate benchmark, each timed from the moment it is started until its
// process(es) exited: the committed gate bundle as the runner runs it, the HTTP floor, and the real
// cosign CLI per image (one at a time, or a fixed number of processes at once).
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { runDistAction, startFaultProxy } from '@sigil/testing';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
const PROBE = pathToFileURL(path.join(here, 'process-probe.mjs')).href;
const FLOOR = path.join(here, 'http-floor.mjs');

/** Runs dist/verify-gate over every image; fails unless the gate verified them all. */
export async function runGateBundle({ images, publicKeyPath, concurrency, workDir }) {
  const probeFile = path.join(workDir, `gate-probe-${Date.now()}-${Math.random()}.json`);
  const started = performance.now();
  const run = await runDistAction('verify-gate', {
    inputs: {
      images: images.map((image) => image.reference).join('\n'),
      'public-keys': publicKeyPath,
      concurrency,
      'show-summary': true,
    },
    env: { NODE_OPTIONS: `--import=${PROBE}`, SIGIL_BENCH_PROBE_FILE: probeFile },
    timeoutMs: 600_000,
  });
  const ms = performance.now() - started;
  try {
    if (run.exitCode !== 0 || run.outputs.verified !== 'true') {
      throw new Error(
        `verify-gate did not verify the ${images.length} signed images (exit ${run.exitCode}, verified=` +
          `${run.outputs.verified}):\n${run.stdout.slice(-2000)}\n${run.stderr.slice(-2000)}`,
      );
    }
    return { ms, probe: JSON.parse(await readFile(probeFile, 'utf8')) };
  } finally {
    await run.cleanup();
  }
}

/** Runs scripts/bench/http-floor.mjs: the gate's registry requests, nothing else. */
export async function runHttpFloor({ images, concurrency, workDir }) {
  const planFile = path.join(workDir, 'floor-plan.json');
  const probeFile = path.join(workDir, `floor-probe-${Date.now()}-${Math.random()}.json`);
  const plan = images.map(({ registry, repository, digest }) => ({ registry, repository, digest }));
  await writeFile(planFile, JSON.stringify({ concurrency, images: plan }));
  const env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    NODE_OPTIONS: `--import=${PROBE}`,
    SIGIL_BENCH_PROBE_FILE: probeFile,
  };
  const started = performance.now();
  const run = await spawnProcess(process.execPath, [FLOOR, planFile], { env, cwd: root });
  const ms = performance.now() - started;
  if (run.code !== 0)
    throw new Error(`the HTTP floor failed (exit ${run.code}):\n${run.stderr.slice(-2000)}`);
  return { ms, probe: JSON.parse(await readFile(probeFile, 'utf8')) };
}

/** `cosign verify` once per image, `parallel` processes at a time; fails if any verification fails. */
export async function runCosignPerImage({ major, images, publicKeyPath, parallel, workDir }) {
  const binary = cosignBinary(major);
  const home = await mkdtemp(path.join(workDir, `cosign-home-${major}-`));
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home };
  let next = 0;
  const worker = async () => {
    while (next < images.length) {
      const image = images[next++];
      const run = await spawnProcess(binary, cosignVerifyArgs(publicKeyPath, image.reference), { env });
      if (run.code !== 0) {
        throw new Error(
          `cosign ${major} verify ${image.reference} failed (exit ${run.code}):\n${run.stderr}`,
        );
      }
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: Math.min(parallel, images.length) }, worker));
  return { ms: performance.now() - started };
}

/** Peak RSS (KiB) of one `cosign verify`, measured by GNU time outside the timed runs; undefined without it. */
export async function cosignPeakRssKb({ major, image, publicKeyPath, workDir }) {
  if (!existsSync('/usr/bin/time')) return undefined;
  const home = await mkdtemp(path.join(workDir, `cosign-home-${major}-`));
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home };
  const args = ['-f', 'maxrss=%M', cosignBinary(major), ...cosignVerifyArgs(publicKeyPath, image.reference)];
  const run = await spawnProcess('/usr/bin/time', args, { env });
  const match = /maxrss=(\d+)/.exec(run.stderr);
  if (run.code !== 0 || match === null)
    throw new Error(`cosign ${major} under GNU time failed:\n${run.stderr}`);
  return Number(match[1]);
}

/**
 * How many HTTP requests one `cosign verify` sends, counted by a pass-through proxy (the fault proxy with
 * no faults) in front of the registry; cosign does not compare the payload's docker-reference with the
 * host it was given, so the detour does not change its verdict.
 */
export async function cosignRequestsPerImage({ major, image, publicKeyPath, workDir }) {
  const proxy = await startFaultProxy({ upstream: image.registry, faultRate: 0 });
  try {
    const home = await mkdtemp(path.join(workDir, `cosign-home-${major}-`));
    const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home };
    const viaProxy = image.reference.replace(image.registry, proxy.host);
    const run = await spawnProcess(cosignBinary(major), cosignVerifyArgs(publicKeyPath, viaProxy), { env });
    if (run.code !== 0)
      throw new Error(`cosign ${major} verify through the counting proxy failed:\n${run.stderr}`);
    return proxy.requests;
  } finally {
    await proxy.stop();
  }
}

function cosignVerifyArgs(publicKeyPath, reference) {
  return ['verify', '--key', publicKeyPath, '--insecure-ignore-tlog', '--allow-http-registry', reference];
}

/** The cosign CLI that scripts/bootstrap.sh builds at the version pinned in tools/versions.json. */
export function cosignBinary(major) {
  const versions = JSON.parse(readFileSync(path.join(root, 'tools', 'versions.json'), 'utf8')).cosign;
  const toolsDir = process.env.SIGIL_TOOLS_DIR ?? path.join(homedir(), '.cache', 'sigil-tools');
  const binary = path.join(toolsDir, `cosign-${versions[major]}`, 'cosign');
  if (!existsSync(binary))
    throw new Error(`cosign ${versions[major]} is not at ${binary}: run ./scripts/bootstrap.sh`);
  return binary;
}

export function cosignVersion(major) {
  return JSON.parse(readFileSync(path.join(root, 'tools', 'versions.json'), 'utf8')).cosign[major];
}

function spawnProcess(file, args, options) {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { ...options, stdio: ['ignore', 'ignore', 'pipe'] });
    const stderr = [];
    child.stderr.on('data', (chunk) => stderr.push(chunk));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stderr: Buffer.concat(stderr).toString('utf8') }));
  });
}
