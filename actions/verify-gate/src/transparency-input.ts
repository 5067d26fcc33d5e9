import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { SigilError, messageOf, parseStrictJsonBytesToPlain } from '@sigil/core';
import type { LoadedTrustedRoot } from '@sigil/transparency';
import type { InputReader, RunnerEnvironment } from '@sigil/toolkit';

/** No trusted root is this large (the public-good one is about 10 KB). */
const MAX_TRUSTED_ROOT_BYTES = 4 * 1024 * 1024;

/** `trusted-root` and `require-tlog`, read and checked once. */
export interface TransparencyInputs {
  /** The trusted root and where it was read (`file:<path>`). */
  readonly trustedRoot?: { readonly source: string; readonly root: LoadedTrustedRoot };
  /** `require-tlog`: `auto` requires an entry of keyless evidence only. */
  readonly requireTlog: boolean | 'auto';
}

/**
 * `trusted-root`: a `trusted_root.json` file (relative to the workspace) whose transparency logs and
 * timestamp authorities verify the log entries and timestamps Sigstore bundles carry; read strictly (JSON
 * without duplicate keys, every key and certificate parses). `require-tlog`: `true` makes every bundle carry
 * a verified entry, which needs a trusted root to verify it against.
 */
export async function readTransparencyInputs(
  inputs: InputReader,
  environment: Pick<RunnerEnvironment, 'workspace'>,
): Promise<TransparencyInputs> {
  const choice = inputs.enumeration('require-tlog', ['auto', 'true', 'false'], 'auto');
  const requireTlog = choice === 'auto' ? 'auto' : choice === 'true';
  const file = inputs.string('trusted-root');
  if (file === undefined) {
    if (requireTlog === true) {
      throw new SigilError(
        'INPUT_INVALID',
        'input `require-tlog` is `true` but no `trusted-root` was given to verify transparency-log entries against',
        {
          input: 'require-tlog',
          hint: "Set `trusted-root` to the trusted_root.json of the Sigstore instance your signatures are logged in (`cosign trusted-root create`, or the public-good root from Sigstore's TUF repository), or set `require-tlog: false`.",
        },
      );
    }
    return { requireTlog };
  }
  const resolved = path.resolve(environment.workspace, file);
  const bytes = await readTrustedRootFile(resolved, file);
  const parsed = parseStrictJsonBytesToPlain(bytes, 16);
  if (!parsed.ok) {
    throw rootInvalid(file, `is not strict JSON: ${parsed.message}`);
  }
  // sigstore-js is loaded only when a trusted root is given.
  const { LoadedTrustedRoot, TrustedRootError } = await import('@sigil/transparency');
  try {
    return {
      trustedRoot: { source: `file:${file}`, root: LoadedTrustedRoot.load(parsed.value) },
      requireTlog,
    };
  } catch (error) {
    if (error instanceof TrustedRootError) throw rootInvalid(file, `cannot be used: ${error.message}`);
    throw error;
  }
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
