import { open } from 'node:fs/promises';
import { SigilError, messageOf, parseStrictJsonBytesToPlain } from '@sigil/core';
import { LoadedTrustedRoot, TrustedRootError } from '@sigil/transparency';

/** No trusted root is this large (the public-good one is about 10 KB). */
const MAX_TRUSTED_ROOT_BYTES = 4 * 1024 * 1024;

/**
 * A Sigstore `trusted_root.json` named by an input (e.g. `trusted-root`), read once and checked whole: strict
 * JSON, a trusted-root media type, every key and certificate parsing. Any problem is INPUT_INVALID naming the
 * input and the file.
 */
export async function loadTrustedRootFile(file: string, input: string): Promise<LoadedTrustedRoot> {
  const refused = (problem: string, cause?: unknown) =>
    new SigilError('INPUT_INVALID', `input \`${input}\` (${file}) ${problem}`, {
      ...(cause === undefined ? {} : { cause }),
      input,
      hint:
        `Set \`${input}\` to a Sigstore trusted_root.json (media type ` +
        'application/vnd.dev.sigstore.trustedroot+json;version=0.1), as `cosign trusted-root create` writes it.',
    });
  let bytes: Uint8Array;
  try {
    const handle = await open(file, 'r');
    try {
      const info = await handle.stat();
      if (!info.isFile()) throw refused('is not a file');
      if (info.size > MAX_TRUSTED_ROOT_BYTES) throw refused('is larger than 4 MiB: not a trusted root');
      bytes = await handle.readFile();
    } finally {
      await handle.close();
    }
  } catch (error) {
    if (error instanceof SigilError) throw error;
    throw refused(`cannot be read: ${messageOf(error)}`, error);
  }
  const parsed = parseStrictJsonBytesToPlain(bytes, 16);
  if (!parsed.ok) throw refused(`is not strict JSON: ${parsed.message}`);
  try {
    return LoadedTrustedRoot.load(parsed.value);
  } catch (error) {
    if (error instanceof TrustedRootError) throw refused(`cannot be used: ${error.message}`, error);
    throw error;
  }
}
