// The contenders of the verify-gate benchmark, each timed from the moment it is started until its
// process(es) exited: the committed gate bundle as the runner runs it, the HTTP floor, and the real
// cosign CLI per image (one at a time, or a fixed number of images at once). Each runs one scenario:
// `signature` (the gate with `require: signature`; `cosign verify` per image) or `full` (the gate with
// `require: signature, sbom, provenance`; per image `cosign verify`, then `cosign verify-attestation
// --type spdxjson` and `--type slsaprovenance1`).
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

/** What each scenario asks of every image: the gate's `require`, and the same checks as cosign commands. */
export const SCENARIOS = {
  signature: {
    require: 'signature',
    predicateTypes: [],
    cosign: (publicKeyPath, reference) => [cosignVerifyArgs(publicKeyPath, reference)],
  },
  full: {
    require: 'signature, sbom, provenance',
    predicateTypes: ['https://spdx.dev/Document', 'https://slsa.dev/provenance/v1'],
    cosign: (publicKeyPath, reference) => [
      cosignVerifyArgs(publicKeyPath, reference),
      cosignVerifyAttestationArgs(publicKeyPath, reference, 'spdxjson'),
      cosignVerifyAttestationArgs(publicKeyPath, reference, 'slsaprovenance1'),
    ],
  },
};

/** Runs dist/verify-gate over every image; fails unless the gate verified them all. */
export async function runGateBundle({ scenario, images, publicKeyPath, concurrency, workDir }) {
  const probeFile = path.join(workDir, `gate-probe-${Date.now()}-${Math.random()}.json`);
  const started = performance.now();
  const run = await runDistAction('verify-gate', {
    inputs: {
      images: images.map((image) => image.reference).join('\n'),
      'public-keys': publicKeyPath,
      require: SCENARIOS[scenario].require,
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
export async function runHttpFloor({ scenario, images, concurrency, workDir }) {
  const planFile = path.join(workDir, `floor-plan-${scenario}.json`);
  const probeFile = path.join(workDir, `floor-probe-${Date.now()}-${Math.random()}.json`);
  const plan = images.map(({ registry, repository, digest }) => ({ registry, repository, digest }));
  const { predicateTypes } = SCENARIOS[scenario];
  await writeFile(planFile, JSON.stringify({ concurrency, predicateTypes, images: plan }));
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

/**
 * The scenario's cosign commands for each image, one after another (as a shell loop would run them), for
 * `parallel` images at a time; fails if any verification fails.
 */
export async function runCosignPerImage({ scenario, major, images, publicKeyPath, parallel, workDir }) {
  const binary = cosignBinary(major);
  const home = await mkdtemp(path.join(workDir, `cosign-home-${major}-`));
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home };
  let next = 0;
  const worker = async () => {
    while (next < images.length) {
      const image = images[next++];
      for (const args of SCENARIOS[scenario].cosign(publicKeyPath, image.reference)) {
        const run = await spawnProcess(binary, args, { env });
        if (run.code !== 0) {
          throw new Error(`cosign ${major} ${args.join(' ')} failed (exit ${run.code}):\n${run.stderr}`);
        }
      }
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: Math.min(parallel, images.length) }, worker));
  return { ms: performance.now() - started };
}

/**
 * Peak RSS (KiB) of the scenario's cosign commands for one image (the largest), measured by GNU time
 * outside the timed runs; undefined without it.
 */
export async function cosignPeakRssKb({ scenario, major, image, publicKeyPath, workDir }) {
  if (!existsSync('/usr/bin/time')) return undefined;
  const home = await mkdtemp(path.join(workDir, `cosign-home-${major}-`));
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home };
  let peak = 0;
  for (const commandArgs of SCENARIOS[scenario].cosign(publicKeyPath, image.reference)) {
    const args = ['-f', 'maxrss=%M', cosignBinary(major), ...commandArgs];
    const run = await spawnProcess('/usr/bin/time', args, { env });
    const match = /maxrss=(\d+)/.exec(run.stderr);
    if (run.code !== 0 || match === null)
      throw new Error(`cosign ${major} under GNU time failed:\n${run.stderr}`);
    peak = Math.max(peak, Number(match[1]));
  }
  return peak;
}

/**
 * How many HTTP requests the scenario's cosign commands send for one image, counted by a pass-through proxy
 * (the fault proxy with no faults) in front of the registry; cosign does not compare the payload's
 * docker-reference with the host it was given, so the detour does not change its verdict.
 */
export async function cosignRequestsPerImage({ scenario, major, image, publicKeyPath, workDir }) {
  const proxy = await startFaultProxy({ upstream: image.registry, faultRate: 0 });
  try {
    const home = await mkdtemp(path.join(workDir, `cosign-home-${major}-`));
    const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home };
    const viaProxy = image.reference.replace(image.registry, proxy.host);
    for (const args of SCENARIOS[scenario].cosign(publicKeyPath, viaProxy)) {
      const run = await spawnProcess(cosignBinary(major), args, { env });
      if (run.code !== 0)
        throw new Error(`cosign ${major} ${args[0]} through the counting proxy failed:\n${run.stderr}`);
    }
    return proxy.requests;
  } finally {
    await proxy.stop();
  }
}

function cosignVerifyArgs(publicKeyPath, reference) {
  return ['verify', '--key', publicKeyPath, '--insecure-ignore-tlog', '--allow-http-registry', reference];
}

function cosignVerifyAttestationArgs(publicKeyPath, reference, type) {
  return [
    'verify-attestation',
    '--key',
    publicKeyPath,
    '--type',
    type,
    '--insecure-ignore-tlog',
    '--allow-http-registry',
    reference,
  ];
}

/** The cosign CLI that scripts/bootstrap.sh builds at the version pinned in tools/versions.json. */
function cosignBinary(major) {
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
