import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { SigilError } from '@sigil/core';
import {
  buildProvenance,
  provenanceBuilderId,
  provenanceSource,
  validateSlsaV1Predicate,
  type BuildContext,
} from '@sigil/provenance';

/** The provenance predicate a run attests, as bytes, with what it claims (for the report and summary). */
export interface ProvenancePredicate {
  /** The predicate JSON embedded in the statement verbatim. */
  readonly bytes: Uint8Array;
  /** The predicate, parsed, for the report. */
  readonly predicate: unknown;
  /** `workflow run` (generated) or `file:<path as given>`. */
  readonly origin: string;
  readonly source: string | undefined;
  readonly builderId: string | undefined;
}

/** A provenance predicate is a few KB; a file this large is not one. */
const MAX_PREDICATE_BYTES = 4 * 1024 * 1024;

export function generatedPredicate(context: BuildContext): ProvenancePredicate {
  const predicate = buildProvenance(context);
  return described(new TextEncoder().encode(JSON.stringify(predicate)), predicate, 'workflow run');
}

/**
 * Reads `predicate-path`: a JSON object that is a valid SLSA Provenance v1 predicate, whose bytes are
 * attested unchanged. Anything else is refused naming the input, before any registry work.
 */
export async function predicateFromFile(file: string, workspace: string): Promise<ProvenancePredicate> {
  const resolved = path.resolve(workspace, file);
  const refuse = (problem: string, cause?: unknown): SigilError =>
    new SigilError('INPUT_INVALID', `input \`predicate-path\`: ${resolved} ${problem}`, {
      input: 'predicate-path',
      hint: 'Give the path of a SLSA Provenance v1 predicate (the `predicate` object of a statement, as JSON), relative to the workspace, or leave it empty to generate one.',
      ...(cause === undefined ? {} : { cause }),
    });
  let bytes: Uint8Array;
  try {
    const info = await stat(resolved);
    if (!info.isFile()) throw refuse('is not a file');
    if (info.size > MAX_PREDICATE_BYTES)
      throw refuse(`is ${info.size} bytes, more than a provenance predicate can be`);
    bytes = await readFile(resolved);
  } catch (error) {
    if (error instanceof SigilError) throw error;
    const code = (error as { code?: unknown }).code;
    throw refuse(code === 'ENOENT' ? 'does not exist' : 'cannot be read', error);
  }
  let predicate: unknown;
  try {
    predicate = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (error) {
    throw refuse('is not JSON', error);
  }
  const check = validateSlsaV1Predicate(predicate);
  if (!check.ok) throw refuse(`is not a SLSA Provenance v1 predicate: ${check.message}`);
  return described(bytes, predicate, `file:${file}`);
}

function described(bytes: Uint8Array, predicate: unknown, origin: string): ProvenancePredicate {
  return {
    bytes,
    predicate,
    origin,
    source: provenanceSource(predicate),
    builderId: provenanceBuilderId(predicate),
  };
}
