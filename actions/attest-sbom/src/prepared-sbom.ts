import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { SigilError } from '@sigil/core';
import {
  parseSbom,
  preflightSbomSize,
  readSbomFile,
  sbomFormatOfPredicateType,
  sbomPredicateType,
  type SbomFormat,
} from '@sigil/sbom';

/** What the summary and report say about one SBOM; its bytes are held only while they are attested. */
export interface SbomFacts {
  /** Where the SBOM file is (the given file, or the one written into RUNNER_TEMP). */
  readonly path: string;
  /** `sha256:<hex>` of the file. */
  readonly digest: string;
  readonly size: number;
  readonly format: SbomFormat;
  readonly specVersion: string;
  readonly name: string | undefined;
  readonly packageCount: number;
  /** The predicate type it is attested under. */
  readonly predicateType: string;
  /** What it describes: `file`, `directory <path>`, or the image (and platform) syft scanned. */
  readonly describes: string;
}

export interface PreparedSbom {
  readonly facts: SbomFacts;
  readonly bytes: Uint8Array;
}

/** A given SBOM file: size pre-flight before reading, then format, packages and predicate type checked. */
export async function prepareSbomFile(
  file: string,
  options: { maxBytes: number; predicateType: string | undefined },
): Promise<PreparedSbom> {
  const read = await readSbomFile(file, { maxBytes: options.maxBytes });
  return prepared(read.bytes, { path: file, digest: read.sha256, describes: 'file' }, options.predicateType);
}

/** SBOM bytes syft wrote: kept as a file for later upload steps, then checked like a given one. */
export async function prepareGeneratedSbom(
  bytes: Uint8Array,
  file: string,
  describes: string,
  options: { maxBytes: number; predicateType: string | undefined },
): Promise<PreparedSbom> {
  await writeFile(file, bytes, { flag: 'wx' });
  preflightSbomSize(
    bytes.byteLength,
    options.maxBytes,
    `The SBOM of the ${describes} (${path.basename(file)})`,
  );
  const digest = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
  return prepared(bytes, { path: file, digest, describes }, options.predicateType);
}

function prepared(
  bytes: Uint8Array,
  where: { path: string; digest: string; describes: string },
  requestedType: string | undefined,
): PreparedSbom {
  const sbom = parseSbom(bytes, `The SBOM ${where.path}`);
  const predicateType = requestedType ?? sbomPredicateType(sbom.format);
  const typeFormat = sbomFormatOfPredicateType(predicateType);
  if (typeFormat !== undefined && typeFormat !== sbom.format) {
    throw new SigilError(
      'INPUT_INVALID',
      `input \`predicate-type\` ${predicateType} stands for ${typeFormat}, but the SBOM ${where.path} is ${sbom.format}`,
      {
        input: 'predicate-type',
        hint: 'Leave `predicate-type` empty to take it from the SBOM format; a verifier refuses an SBOM labelled as the other format.',
      },
    );
  }
  return {
    bytes,
    facts: {
      ...where,
      size: bytes.byteLength,
      format: sbom.format,
      specVersion: sbom.specVersion,
      name: sbom.name,
      packageCount: sbom.packages.length,
      predicateType,
    },
  };
}
