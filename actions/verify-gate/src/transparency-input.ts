import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { SigilError, messageOf, parseStrictJsonBytesToPlain } from '@sigil/core';
import type { LoadedTrustedRoot } from '@sigil/transparency';
import {
  describeTufRepository,
  fetchTufTarget,
  readTufRepositoryInput,
  type InputReader,
  type RunnerEnvironment,
  type TufRepositoryChoice,
} from '@sigil/toolkit';

/** No trusted root is this large (the public-good one is about 10 KB). */
const MAX_TRUSTED_ROOT_BYTES = 4 * 1024 * 1024;

/** `trusted-root` and `require-tlog`, read and checked once. */
export interface TransparencyInputs {
  /** The trusted root and where it came from (`file:<path>`, `tuf:<repository URL>`, several joined by `+`). */
  readonly trustedRoot?: { readonly source: string; readonly root: LoadedTrustedRoot };
  /** `require-tlog`: `auto` requires an entry of keyless evidence only. */
  readonly requireTlog: boolean | 'auto';
}

/** The TUF repositories `trusted-root` names by word. */
const KNOWN_ROOTS = ['public-good', 'github'] as const;

/** Where one trusted root comes from: a file, or a TUF repository. */
type RootSource =
  | { readonly kind: 'file'; readonly file: string }
  | { readonly kind: 'tuf'; readonly repository: TufRepositoryChoice };

/**
 * `trusted-root`: `trusted_root.json` files (relative to the workspace) and/or `public-good` / `github` — the
 * trusted roots of the public-good Sigstore and of GitHub's (private-repository attestations), fetched and verified
 * through their TUF repositories from the roots sigil holds, cached under the runner's tool cache. Several are
 * joined into one root (any of their authorities and logs). `tuf-url` with `tuf-root` (its root.json file) adds
 * the trusted root of another TUF repository (a private Sigstore). Not given, and keyless signers are pinned:
 * `public-good`. Each root is read strictly once per run (JSON without duplicate keys, every key and certificate
 * parses). `require-tlog`: `true` makes every bundle carry a verified entry, which needs a trusted root.
 */
export async function readTransparencyInputs(
  inputs: InputReader,
  environment: Pick<RunnerEnvironment, 'workspace'> &
    Partial<Pick<RunnerEnvironment, 'runnerTemp' | 'runnerToolCache'>>,
  options: { readonly keyless?: boolean } = {},
): Promise<TransparencyInputs> {
  const choice = inputs.enumeration('require-tlog', ['auto', 'true', 'false'], 'auto');
  const requireTlog = choice === 'auto' ? 'auto' : choice === 'true';
  const sources = rootSources(inputs);
  if (sources.length === 0 && options.keyless === true)
    sources.push({ kind: 'tuf', repository: { known: 'public-good' } });
  if (sources.length === 0) {
    if (requireTlog === true) {
      throw new SigilError(
        'INPUT_INVALID',
        'input `require-tlog` is `true` but no `trusted-root` was given to verify transparency-log entries against',
        {
          input: 'require-tlog',
          hint: 'Set `trusted-root` to `public-good` (fetched through TUF) or the trusted_root.json of the Sigstore instance your signatures are logged in, or set `require-tlog: false`.',
        },
      );
    }
    return { requireTlog };
  }
  const documents: unknown[] = [];
  for (const source of sources) documents.push(await readRootSource(source, environment));
  // sigstore-js is loaded only when a trusted root is given.
  const { LoadedTrustedRoot, TrustedRootError } = await import('@sigil/transparency');
  const { mergeTrustedRoots } = await import('@sigil/transparency/tuf');
  const source = sources.map(describeSource).join('+');
  try {
    return {
      trustedRoot: { source, root: LoadedTrustedRoot.load(mergeTrustedRoots(documents)) },
      requireTlog,
    };
  } catch (error) {
    if (error instanceof TrustedRootError) {
      const named = sources.map((entry) => (entry.kind === 'file' ? entry.file : describeSource(entry)));
      throw rootInvalid(named.join(' + '), `cannot be used: ${error.message}`);
    }
    throw error;
  }
}

function rootSources(inputs: InputReader): RootSource[] {
  const sources: RootSource[] = [];
  for (const entry of inputs.list('trusted-root')) {
    const known = KNOWN_ROOTS.find((name) => name === entry.toLowerCase());
    const source: RootSource =
      known === undefined ? { kind: 'file', file: entry } : { kind: 'tuf', repository: { known } };
    if (sources.some((seen) => describeSource(seen) === describeSource(source)))
      throw rootInvalid(entry, 'is listed twice');
    sources.push(source);
  }
  const repository = readTufRepositoryInput(inputs);
  if (repository !== undefined) sources.push({ kind: 'tuf', repository });
  return sources;
}

function describeSource(source: RootSource): string {
  return source.kind === 'file' ? `file:${source.file}` : describeTufRepository(source.repository);
}

/** One trusted root document, parsed strictly: read from its file, or fetched and verified through TUF. */
async function readRootSource(
  source: RootSource,
  environment: Pick<RunnerEnvironment, 'workspace'> &
    Partial<Pick<RunnerEnvironment, 'runnerTemp' | 'runnerToolCache'>>,
): Promise<unknown> {
  const bytes =
    source.kind === 'file'
      ? await readTrustedRootFile(path.resolve(environment.workspace, source.file), source.file)
      : new TextEncoder().encode(await fetchTufTarget('trusted root', source.repository, environment));
  const parsed = parseStrictJsonBytesToPlain(bytes, 16);
  if (!parsed.ok)
    throw rootInvalid(
      source.kind === 'file' ? source.file : describeSource(source),
      `is not strict JSON: ${parsed.message}`,
    );
  return parsed.value;
}

async function readTrustedRootFile(resolved: string, file: string): Promise<Uint8Array> {
  try {
    const info = await stat(resolved);
    if (!info.isFile()) throw rootInvalid(file, 'is not a file');
    if (info.size > MAX_TRUSTED_ROOT_BYTES)
      throw rootInvalid(file, 'is larger than 4 MiB: not a trusted root');
    return await readFile(resolved);
  } catch (error) {
    if (error instanceof SigilError) throw error;
    throw rootInvalid(file, `cannot be read: ${messageOf(error)}`);
  }
}

function rootInvalid(file: string, problem: string): SigilError {
  return new SigilError('INPUT_INVALID', `input \`trusted-root\` (${file}) ${problem}`, {
    input: 'trusted-root',
    hint: 'Give the path, relative to the workspace, of a trusted_root.json (media type application/vnd.dev.sigstore.trustedroot+json;version=0.1), as `cosign trusted-root create` writes it.',
  });
}
