import { stat } from 'node:fs/promises';
import path from 'node:path';
import { SigilError } from '@sigil/core';
import { findOnPath } from '@sigil/core';
import type { InputReader, RunnerEnvironment } from '@sigil/toolkit';

/** Where the SBOM comes from: a given file, or syft scanning each image or one directory. */
export type SbomSource =
  | { readonly kind: 'file'; readonly path: string; readonly given: string }
  | { readonly kind: 'image-scan'; readonly syft: string }
  | {
      readonly kind: 'directory-scan';
      readonly directory: string;
      readonly given: string;
      readonly syft: string;
    };

const INSTALL_SYFT =
  'Install syft before this step (https://github.com/anchore/syft#installation, e.g. anchore/sbom-action/download-syft), ' +
  'or give an existing SBOM in `sbom`.';

/**
 * Reads `sbom` and `scan`: a given SBOM file, else a scan (`image`, the default, or a directory) with
 * syft from PATH. Paths resolve against the workspace and must exist; both inputs at once is an error.
 */
export async function readSbomSource(
  inputs: InputReader,
  environment: Pick<RunnerEnvironment, 'workspace' | 'path' | 'platform' | 'variable'>,
): Promise<SbomSource> {
  const sbom = inputs.string('sbom');
  const scan = inputs.string('scan');
  if (sbom !== undefined) {
    if (scan !== undefined) {
      throw new SigilError('INPUT_INVALID', 'inputs `sbom` and `scan` are both set; give one', {
        input: 'scan',
        hint: 'Set `sbom` to attest an existing SBOM file, or `scan` to generate one with syft, not both.',
      });
    }
    const file = path.resolve(environment.workspace, sbom);
    await requireEntry(file, 'file', 'sbom');
    return { kind: 'file', path: file, given: sbom };
  }
  const syft = await findOnPath('syft', environment);
  if (syft === undefined) {
    throw new SigilError(
      'INPUT_INVALID',
      `generating the SBOM (${scan === undefined ? 'no `sbom` given' : `\`scan: ${scan}\``}) needs syft, which is not on PATH`,
      { input: 'sbom', hint: INSTALL_SYFT },
    );
  }
  if (scan === undefined || scan.toLowerCase() === 'image') return { kind: 'image-scan', syft };
  const directory = path.resolve(environment.workspace, scan);
  await requireEntry(directory, 'directory', 'scan');
  return { kind: 'directory-scan', directory, given: scan, syft };
}

async function requireEntry(resolved: string, kind: 'file' | 'directory', input: string): Promise<void> {
  const hint =
    input === 'sbom'
      ? 'Give the path of an SPDX or CycloneDX JSON file, relative to the workspace, or leave `sbom` empty to generate one.'
      : 'Give `image` to scan each image, or the path of a directory relative to the workspace.';
  let problem: string | undefined;
  try {
    const info = await stat(resolved);
    const right = kind === 'file' ? info.isFile() : info.isDirectory();
    if (!right) problem = `is not a ${kind}`;
  } catch (error) {
    problem = (error as { code?: unknown }).code === 'ENOENT' ? 'does not exist' : 'cannot be read';
  }
  if (problem !== undefined) {
    throw new SigilError('INPUT_INVALID', `input \`${input}\`: ${resolved} ${problem}`, { input, hint });
  }
}
