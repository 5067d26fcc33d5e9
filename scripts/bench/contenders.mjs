// The contenders of the verify-gate benchmark, each timed from the moment it is started until its
// process(es) exited: the committed gate bundle as the runner runs it, the HTTP floor, and the real
// cosign CLI per image (one at a time, or a fixed number of images at once). Each runs one scenario:
// `signature` (the gate with `require: signature`; `cosign verify` per image) or `full` (the gate with
// `require: signature, sbom, provenance`; per image `cosign verify`, then `cosign verify-attestation
// --type spdxjson` and `--type slsaprovenance1`). With `format: 'bundle'` (`BUNDLE_SCENARIOS`) the images
// carry Sigstore bundle referrers: the floor sends a perfect client's requests for them (or, with
// `gateRequests`, the gate's own), and cosign v3 verifies them with its defaults and `--trusted-root`.
// With `format: 'keyless'` (`KEYLESS_SCENARIOS`) the bundles are signed keyless through a loopback Sigstore:
// the gate and cosign v3 verify them with its trusted root and the signer's certificate identity and issuer
// (no key); the floor is the bundle floor (the same requests). `runCosignSignKeyless`: `cosign sign`
// keyless, once per image, for the keyless signing scenario.
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
    cosign: ({ publicKeyPath }, reference) => [cosignVerifyArgs(publicKeyPath, reference)],
  },
  full: {
    require: 'signature, sbom, provenance',
    predicateTypes: ['https://spdx.dev/Document', 'https://slsa.dev/provenance/v1'],
    cosign: ({ publicKeyPath }, reference) => [
      cosignVerifyArgs(publicKeyPath, reference),
      cosignVerifyAttestationArgs(publicKeyPath, reference, 'spdxjson'),
      cosignVerifyAttestationArgs(publicKeyPath, reference, 'slsaprovenance1'),
    ],
  },
};

/**
 * `--format bundle`: the same checks of images that carry them as Sigstore bundle referrers; cosign v3
 * needs trust material for bundles (`--trusted-root`: one with nothing in it, the key being the only trust).
 * cosign v2 cannot read bundles and is not run.
 */
export const BUNDLE_SCENARIOS = {
  full: {
    require: SCENARIOS.full.require,
    cosign: (common, reference) =>
      SCENARIOS.full.cosign(common, reference).map((args) => withTrustedRoot(args, common.trustedRootPath)),
  },
};

/**
 * `--format keyless`: the same checks of bundles signed keyless. Nothing is trusted but the loopback
 * Sigstore's trusted root (`trustedRootPath`: its CA, CT log, Rekor and TSA) and the signer's identity
 * (`identity`: the certificate's SAN and OIDC issuer); the gate and cosign v3 both verify the chain, the SCT,
 * the Rekor entry and the timestamp offline, from the bundle.
 */
export const KEYLESS_SCENARIOS = {
  full: {
    require: SCENARIOS.full.require,
    cosign: ({ trustedRootPath, identity }, reference) => {
      const trust = [
        '--trusted-root',
        trustedRootPath,
        '--certificate-identity',
        identity.subjectAlternativeName,
        '--certificate-oidc-issuer',
        identity.issuer,
        '--allow-http-registry',
      ];
      return [
        ['verify', ...trust, reference],
        ['verify-attestation', '--type', 'spdxjson', ...trust, reference],
        ['verify-attestation', '--type', 'slsaprovenance1', ...trust, reference],
      ];
    },
  },
};

/** The scenario's definition for the fixture's format (`legacy` unless given). */
function definitionOf({ scenario, format = 'legacy' }) {
  return { legacy: SCENARIOS, bundle: BUNDLE_SCENARIOS, keyless: KEYLESS_SCENARIOS }[format][scenario];
}

/** The scenario's cosign commands for one image reference. */
function cosignCommands(common, reference) {
  return definitionOf(common).cosign(common, reference);
}

/**
 * cosign's environment: only PATH and a private HOME (no TUF cache or docker config of the machine); keyless,
 * also a TUF_ROOT inside it, as the keyless interop tests run it.
 */
function cosignEnv(home, format) {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    ...(format === 'keyless' ? { TUF_ROOT: path.join(home, 'tuf') } : {}),
  };
}

/** What the gate trusts: the key, or (keyless) the trusted root and the signer's identity. */
function gateTrust({ format, publicKeyPath, trustedRootPath, identity }) {
  if (format !== 'keyless') return { 'public-keys': publicKeyPath };
  return {
    'trusted-root': trustedRootPath,
    'certificate-identity': identity.subjectAlternativeName,
    'certificate-oidc-issuer': identity.issuer,
  };
}

/** Runs dist/verify-gate over every image; fails unless the gate verified them all. */
export async function runGateBundle(common) {
  const { scenario, format, images, concurrency, workDir } = common;
  const probeFile = path.join(workDir, `gate-probe-${Date.now()}-${Math.random()}.json`);
  const started = performance.now();
  const run = await runDistAction('verify-gate', {
    inputs: {
      images: images.map((image) => image.reference).join('\n'),
      ...gateTrust(common),
      require: definitionOf({ scenario, format }).require,
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

/**
 * Keyless, untimed: the control that the gate's pass means something. The same gate run, pinned to another
 * workflow's identity (same issuer, same trusted root), must fail every image; returns the reasons it gave.
 */
export async function gateRefusesAnotherIdentity(common) {
  const { images } = common;
  const other = common.identity.subjectAlternativeName.replace(/\/[^/@]+@/, '/not-the-signer.yml@');
  if (other === common.identity.subjectAlternativeName)
    throw new Error(`cannot derive another identity from ${other}`);
  const run = await runDistAction('verify-gate', {
    inputs: {
      images: images.map((image) => image.reference).join('\n'),
      ...gateTrust({ ...common, identity: { ...common.identity, subjectAlternativeName: other } }),
      require: definitionOf(common).require,
      concurrency: common.concurrency,
      'show-summary': false,
    },
    timeoutMs: 600_000,
  });
  try {
    const failed = JSON.parse(run.outputs.failed ?? '[]');
    const refused = new Set(failed.map((entry) => entry.image));
    if (run.exitCode !== 1 || run.outputs.verified !== 'false' || refused.size !== images.length) {
      throw new Error(
        `verify-gate pinned to ${other} should have failed all ${images.length} images (exit ` +
          `${run.exitCode}, verified=${run.outputs.verified}, ${refused.size} failed):\n${run.stdout.slice(-2000)}`,
      );
    }
    return { identity: other, reasons: [...new Set(failed.map((entry) => entry.reason))].sort() };
  } finally {
    await run.cleanup();
  }
}

/**
 * Runs scripts/bench/http-floor.mjs: the gate's registry requests, nothing else. For bundles: a perfect
 * client's requests, or with `gateRequests` the gate's own (its legacy `.sig` / `.att` reads included).
 */
export async function runHttpFloor({
  scenario,
  format,
  images,
  concurrency,
  workDir,
  gateRequests,
  legacyImages,
}) {
  // Keyless bundles are read with the same requests as key-based ones: the bundle floor.
  const bundles = format === 'bundle' || format === 'keyless';
  const planFile = path.join(
    workDir,
    bundles
      ? `floor-plan-bundle-${images[0]?.registry.replace(':', '-')}-${gateRequests ? 'gate' : 'perfect'}.json`
      : `floor-plan-${scenario}.json`,
  );
  const probeFile = path.join(workDir, `floor-probe-${Date.now()}-${Math.random()}.json`);
  const plan = images.map(({ registry, repository, digest }) => ({ registry, repository, digest }));
  const contents = bundles
    ? {
        concurrency,
        format: 'bundle',
        gateRequests: gateRequests === true,
        ...(gateRequests === true ? { legacyImages: legacyImages ?? images.length } : {}),
        images: plan,
      }
    : { concurrency, predicateTypes: SCENARIOS[scenario].predicateTypes, images: plan };
  await writeFile(planFile, JSON.stringify(contents));
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
export async function runCosignPerImage(common) {
  const { major, images, parallel, workDir } = common;
  const binary = cosignBinary(major);
  const home = await mkdtemp(path.join(workDir, `cosign-home-${major}-`));
  const env = cosignEnv(home, common.format);
  let next = 0;
  const worker = async () => {
    while (next < images.length) {
      const image = images[next++];
      for (const args of cosignCommands(common, image.reference)) {
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
export async function cosignPeakRssKb(common) {
  const { major, image, workDir } = common;
  if (!existsSync('/usr/bin/time')) return undefined;
  const home = await mkdtemp(path.join(workDir, `cosign-home-${major}-`));
  const env = cosignEnv(home, common.format);
  let peak = 0;
  for (const commandArgs of cosignCommands(common, image.reference)) {
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
export async function cosignRequestsPerImage(common) {
  const { major, image, workDir } = common;
  const proxy = await startFaultProxy({ upstream: image.registry, faultRate: 0 });
  try {
    const home = await mkdtemp(path.join(workDir, `cosign-home-${major}-`));
    const env = cosignEnv(home, common.format);
    const viaProxy = image.reference.replace(image.registry, proxy.host);
    for (const args of cosignCommands(common, viaProxy)) {
      const run = await spawnProcess(cosignBinary(major), args, { env });
      if (run.code !== 0)
        throw new Error(`cosign ${major} ${args[0]} through the counting proxy failed:\n${run.stderr}`);
    }
    return proxy.requests;
  } finally {
    await proxy.stop();
  }
}

/**
 * The keyless signing scenario's cosign: `cosign sign` keyless (cosign v3's defaults: a Sigstore bundle
 * referrer, logged in Rekor and timestamped, as the signing config says) once per image, one after another,
 * each with a fresh token from the stack's issuer; fails if any signing fails. Timed from the first start
 * to the last exit.
 */
export async function runCosignSignKeyless({ images, stack, files, workDir }) {
  const binary = cosignBinary('v3');
  const home = await mkdtemp(path.join(workDir, 'cosign-home-sign-'));
  const env = cosignEnv(home, 'keyless');
  const started = performance.now();
  for (const image of images) {
    const args = [
      'sign',
      '--identity-token',
      stack.token(),
      '--signing-config',
      files.signingConfig,
      '--trusted-root',
      files.trustedRoot,
      '--yes',
      '--allow-http-registry',
      image.reference,
    ];
    const run = await spawnProcess(binary, args, { env });
    // The token is a credential of the loopback issuer only; it is still left out of the message.
    if (run.code !== 0)
      throw new Error(
        `cosign v3 sign (keyless) ${image.reference} failed (exit ${run.code}):\n${run.stderr}`,
      );
  }
  return { ms: performance.now() - started };
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

/** `--trusted-root <file>` after the key, as the bundle scenario's cosign v3 commands take it. */
function withTrustedRoot(args, trustedRootPath) {
  const afterKey = args.indexOf('--key') + 2;
  return [...args.slice(0, afterKey), '--trusted-root', trustedRootPath, ...args.slice(afterKey)];
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
