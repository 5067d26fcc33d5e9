import {
  ProcessFailure,
  SigilError,
  runProcess,
  silentLogger,
  type ErrorCode,
  type Logger,
  type ProcessResult,
  type RunProcess,
} from '@sigil/core';
import { SchemePolicy, formatReference, parseReference } from '@sigil/oci';
import { detectSbom } from './sbom.js';

/** How syft ended: the process runner's result (stdout: the SBOM). */
type SyftExecResult = ProcessResult;

/** Runs a program with exactly `env`; rejects (code ENOENT) when it does not exist. */
export type SyftExec = (
  command: string,
  args: readonly string[],
  options: { env: Readonly<Record<string, string>> },
) => Promise<SyftExecResult>;

/** What syft scans: an image in a registry, pinned by digest, or a directory. */
export type SyftSource =
  | {
      /** `registry/repository@sha256:…` — a tag could move between the scan and the attestation. */
      readonly image: string;
      /** `os/arch[/variant]`: which platform of an index to scan (give the platform digest instead when you have it). */
      readonly platform?: string;
      /** Registries (host or host:port) reachable only over plain HTTP besides loopback ones. */
      readonly insecureRegistries?: readonly string[];
    }
  | { readonly directory: string };

type SyftCredentials = { readonly username: string; readonly password: string } | { readonly token: string };

export interface RunSyftOptions {
  readonly source: SyftSource;
  /** Path of the syft binary. */
  readonly syft: string;
  readonly exec: SyftExec;
  /** The environment syft runs with (PATH, HOME, TMPDIR, DOCKER_CONFIG…); nothing else is inherited. */
  readonly env: Readonly<Record<string, string>>;
  /** Registry credentials for the image's registry, passed in syft's environment, never in argv. */
  readonly credentials?: SyftCredentials;
  readonly logger?: Logger;
}

const PLATFORM = /^[a-z0-9]+\/[a-z0-9_]+(\/[a-z0-9]+)?$/;

/**
 * Generates an SPDX 2.x JSON SBOM with syft: `syft scan registry:<image> -o spdx-json` reads the
 * image straight from the registry (no Docker daemon), `dir:<path>` scans a directory. Returns the
 * SBOM bytes as syft wrote them, checked with detectSbom. Plain HTTP only for loopback and listed
 * insecure registries; credentials travel as SYFT_REGISTRY_AUTH_* variables scoped to that registry.
 */
export async function runSyft(options: RunSyftOptions): Promise<Uint8Array> {
  const { source, logger = silentLogger } = options;
  const env: Record<string, string> = { ...options.env, SYFT_CHECK_FOR_APP_UPDATE: 'false' };
  let target: string;
  let described: string;
  const args = ['scan'];
  if ('directory' in source) {
    if (source.directory === '') throw invalidScan('the directory to scan is empty', 'scan');
    target = `dir:${source.directory}`;
    described = `directory ${source.directory}`;
  } else {
    const reference = parseReference(source.image);
    if (reference.digest === undefined) {
      throw invalidScan(`${source.image} has no digest; syft scans an image by digest`, 'images');
    }
    const pinned = formatReference({ ...reference, tag: undefined });
    target = `registry:${pinned}`;
    described = `image ${pinned}${source.platform === undefined ? '' : ` (${source.platform})`}`;
    if (new SchemePolicy(source.insecureRegistries).allowsPlainHttp(reference.registry)) {
      env['SYFT_REGISTRY_INSECURE_USE_HTTP'] = 'true';
    }
    if (source.platform !== undefined) {
      if (!PLATFORM.test(source.platform)) {
        throw invalidScan(`platform "${source.platform}" is not os/arch[/variant]`, 'platforms');
      }
      args.push('--platform', source.platform);
    }
    if (options.credentials !== undefined) {
      env['SYFT_REGISTRY_AUTH_AUTHORITY'] = reference.registry;
      if ('token' in options.credentials) env['SYFT_REGISTRY_AUTH_TOKEN'] = options.credentials.token;
      else {
        env['SYFT_REGISTRY_AUTH_USERNAME'] = options.credentials.username;
        env['SYFT_REGISTRY_AUTH_PASSWORD'] = options.credentials.password;
      }
    }
  }
  // Not --quiet: it silences syft's error messages too. Without a terminal syft prints no progress.
  args.push(target, '--output', 'spdx-json');
  logger.info(`syft: scanning ${described}`);
  let result: SyftExecResult;
  try {
    result = await options.exec(options.syft, args, { env });
  } catch (cause) {
    const missing = (cause as { code?: unknown }).code === 'ENOENT';
    throw new SigilError(
      'SBOM_GENERATION_FAILED',
      missing
        ? `syft is not at ${options.syft}`
        : `syft could not be run for the ${described}: ${(cause as Error).message}`,
      {
        cause,
        field: 'sbom-document',
        hint: 'Put syft on PATH in an earlier step (anchore/sbom-action/download-syft), or give an existing SBOM in `sbom`.',
      },
    );
  }
  if (result.exitCode !== 0) {
    if ('directory' in source && /no source providers were able to resolve/.test(result.stderr)) {
      throw new SigilError('INPUT_INVALID', `syft cannot read the directory ${source.directory}`, {
        field: 'scan-source',
        cause: new Error(result.stderr.trim()),
        hint: 'Give `scan` as `image` or the path of a directory that exists in the workspace.',
      });
    }
    throw syftFailure(described, result);
  }
  const sbom = result.stdout;
  const detected = detectSbom(sbom, `the SBOM syft wrote for the ${described}`);
  if (detected.format !== 'spdx-json') {
    throw new SigilError('SBOM_GENERATION_FAILED', `syft wrote ${detected.format}, not spdx-json`);
  }
  logger.debug(`syft: ${sbom.byteLength} bytes of SPDX ${detected.version} for the ${described}`);
  return sbom;
}

/** Maps syft's failure to the registry error it reports, else SBOM_GENERATION_FAILED; stderr is the cause. */
function syftFailure(described: string, result: SyftExecResult): SigilError {
  const stderr = result.stderr.trim();
  const lines = stderr
    .split('\n')
    .map((line) => line.trim().replace(/^- /, ''))
    .filter(Boolean);
  const cause = new Error(stderr.slice(-4000) || `syft exited with ${result.exitCode}`);
  const mapped: [RegExp, ErrorCode, string | undefined, string][] = [
    [
      /UNAUTHORIZED|401 Unauthorized|authentication required/i,
      'REGISTRY_AUTH',
      'registry-username',
      'Give registry credentials that may pull the image.',
    ],
    [/DENIED|403 Forbidden/i, 'REGISTRY_DENIED', 'registry-username', 'Give credentials allowed to pull it.'],
    [
      /MANIFEST_UNKNOWN|NAME_UNKNOWN|manifest unknown|404 Not Found/i,
      'MANIFEST_NOT_FOUND',
      'images',
      'Check the image reference and digest.',
    ],
    [
      /server gave HTTP response to HTTPS client/i,
      'REGISTRY_INSECURE',
      'insecure-registries',
      'List the registry in insecure-registries if it only serves plain HTTP on a trusted network.',
    ],
    [
      /connection refused|no such host|i\/o timeout|network is unreachable|TLS handshake timeout/i,
      'REGISTRY_UNREACHABLE',
      undefined,
      'Check that the registry is reachable from the runner.',
    ],
    [
      /no child with platform|mismatched platform/i,
      'SBOM_GENERATION_FAILED',
      'platforms',
      'Scan a platform the image index lists.',
    ],
  ];
  for (const [pattern, code, input, hint] of mapped) {
    const line = lines.find((candidate) => pattern.test(candidate));
    if (line !== undefined) {
      return new SigilError(code, `syft could not scan the ${described}: ${clip(line)}`, {
        cause,
        hint,
        ...(input === undefined ? {} : { input }),
      });
    }
  }
  return new SigilError(
    'SBOM_GENERATION_FAILED',
    `syft failed (exit ${result.exitCode}) scanning the ${described}: ${clip(lines.at(-1) ?? '(no output)')}`,
    { cause, hint: 'Run the same syft scan locally to see why, or give an existing SBOM as `sbom`.' },
  );
}

function clip(line: string): string {
  return line.length > 400 ? `${line.slice(0, 400)}…` : line;
}

function invalidScan(message: string, input: string): SigilError {
  return new SigilError('INPUT_INVALID', message, { input });
}

/**
 * A SyftExec over the one process runner: stdout collected as bytes (one copy when syft exits), the end of
 * stderr as text, syft killed at the deadline or past the output ceiling (SBOM_GENERATION_FAILED). A
 * program that cannot be started rejects with the system's error (ENOENT…), which `runSyft` names.
 */
export function processSyftExec(
  options: { timeoutMs?: number; maxOutputBytes?: number; run?: RunProcess } = {},
): SyftExec {
  const timeoutMs = options.timeoutMs ?? 15 * 60_000;
  const maxOutputBytes = options.maxOutputBytes ?? 1024 ** 3;
  const run = options.run ?? runProcess;
  return async (command, args, { env }) => {
    try {
      return await run(command, args, { env, timeoutMs, maxOutputBytes });
    } catch (error) {
      if (!(error instanceof ProcessFailure)) throw error;
      if (error.kind === 'not-started') throw error.cause ?? error;
      const killedFor =
        error.kind === 'timeout'
          ? `syft did not finish within ${Math.round(timeoutMs / 1000)} s`
          : `syft wrote more than ${maxOutputBytes} bytes`;
      throw new SigilError('SBOM_GENERATION_FAILED', killedFor, { cause: new Error(error.stderr) });
    }
  };
}
