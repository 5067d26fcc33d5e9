import { SigilError } from '@sigil/core';
import { isManifestDigest } from '@sigil/oci';
import { goJsonString } from '@sigil/core';

/** The DSSE payload type of an in-toto statement; cosign refuses any other on `.att` layers. */
export const IN_TOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json';

/** v0.1 is what `cosign attest` writes into `.att` layers; v1 is what bundles carry. */
export type StatementVersion = 'v0.1' | 'v1';

export const STATEMENT_TYPES: Readonly<Record<StatementVersion, string>> = {
  'v0.1': 'https://in-toto.io/Statement/v0.1',
  v1: 'https://in-toto.io/Statement/v1',
};

interface StatementSubject {
  /** `registry/repository`, as cosign names the subject. */
  readonly name: string;
  /** `sha256:<hex>` (or sha384/sha512): written as `{"sha256":"<hex>"}`. */
  readonly digest: string;
}

export interface StatementInput {
  readonly predicateType: string;
  readonly subjects: readonly StatementSubject[];
  /** The predicate as raw JSON bytes of one object (the caller has parsed it); embedded verbatim. */
  readonly predicate: Uint8Array;
  /** Default `v0.1`, as `cosign attest` writes it. */
  readonly version?: StatementVersion;
}

const encoder = new TextEncoder();

/**
 * An in-toto statement with `predicate` embedded verbatim, as three parts whose concatenation is the
 * statement: the head (up to `"predicate":`), a view of the caller's predicate bytes (not a copy), and the
 * closing `}`. Signing and the DSSE envelope consume the parts, so attesting never holds the statement as
 * one buffer and never re-serialises the predicate (a 50 MB SBOM). Field order follows the writers: v0.1 as in-toto-golang (`_type`, `predicateType`, `subject`, `predicate`, as
 * `cosign attest` writes it), v1 as protojson (`_type`, `subject`, `predicateType`, `predicate`). The
 * predicate is trimmed of surrounding whitespace; it must begin with `{` and end with `}` — the caller
 * guarantees that it parses as one JSON object.
 */
export function inTotoStatementParts(input: StatementInput): readonly Uint8Array[] {
  const version = input.version ?? 'v0.1';
  const predicate = trimmedObject(input.predicate);
  if (input.predicateType === '') {
    throw new SigilError('INPUT_INVALID', 'the predicate type of an in-toto statement is empty');
  }
  if (input.subjects.length === 0) {
    throw new SigilError('INPUT_INVALID', 'an in-toto statement needs at least one subject');
  }
  const subjects = `[${input.subjects.map(subjectJson).join(',')}]`;
  const type = goJsonString(STATEMENT_TYPES[version]);
  const predicateType = goJsonString(input.predicateType);
  const head =
    version === 'v0.1'
      ? `{"_type":${type},"predicateType":${predicateType},"subject":${subjects},"predicate":`
      : `{"_type":${type},"subject":${subjects},"predicateType":${predicateType},"predicate":`;
  return [encoder.encode(head), predicate, CLOSE_BRACE];
}

export function byteLength(parts: readonly Uint8Array[]): number {
  return parts.reduce((total, part) => total + part.length, 0);
}

const CLOSE_BRACE = new Uint8Array([0x7d]);

function subjectJson(subject: StatementSubject): string {
  if (subject.name === '') throw new SigilError('INPUT_INVALID', 'an in-toto subject name is empty');
  if (!isManifestDigest(subject.digest)) {
    throw new SigilError('INPUT_INVALID', `not a manifest digest: ${JSON.stringify(subject.digest)}`, {
      hint: 'Attest a digest of the form sha256:<64 lowercase hex>.',
    });
  }
  const [algorithm, hex] = subject.digest.split(':') as [string, string];
  return `{"name":${goJsonString(subject.name)},"digest":{${goJsonString(algorithm)}:${goJsonString(hex)}}}`;
}

/** JSON's four whitespace bytes. */
function isJsonSpace(byte: number | undefined): boolean {
  return byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d;
}

/** `bytes` without surrounding JSON whitespace (a view, not a copy), checked to be delimited by `{…}`. */
function trimmedObject(bytes: Uint8Array): Uint8Array {
  let start = 0;
  let end = bytes.length;
  while (start < end && isJsonSpace(bytes[start])) start++;
  while (end > start && isJsonSpace(bytes[end - 1])) end--;
  if (end - start < 2 || bytes[start] !== 0x7b || bytes[end - 1] !== 0x7d) {
    throw new SigilError('INPUT_INVALID', 'the predicate is not a JSON object (it must be {…})', {
      hint: 'Pass the predicate document itself, a JSON object, as UTF-8 bytes.',
    });
  }
  return bytes.subarray(start, end);
}
