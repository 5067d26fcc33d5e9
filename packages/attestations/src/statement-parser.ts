import { STATEMENT_TYPES } from './in-toto-statement.js';
import { parseStrictJsonBytesToPlain, isRecord } from '@sigil/core';

/** An in-toto statement (v0.1 or v1) that passed `parseInTotoStatement`. */
export interface ParsedStatement {
  readonly type: string;
  readonly predicateType: string;
  readonly subjects: readonly ParsedSubject[];
  /** The predicate as parsed (plain JSON values); undefined when the statement has none. */
  readonly predicate: unknown;
  /** The whole statement as parsed (plain JSON values). */
  readonly document: Readonly<Record<string, unknown>>;
}

interface ParsedSubject {
  readonly name: string | undefined;
  /** Algorithm → hex, as written. */
  readonly digest: Readonly<Record<string, string>>;
}

export type StatementParse =
  | { readonly ok: true; readonly statement: ParsedStatement }
  | { readonly ok: false; readonly message: string };

/** SBOMs nest (CycloneDX components within components); the statement adds two levels. */
const MAX_STATEMENT_DEPTH = 128;
const KNOWN_TYPES = Object.values(STATEMENT_TYPES);

/**
 * Parses statement bytes strictly (UTF-8 JSON, no duplicate keys anywhere — a duplicate `predicateType`
 * or `subject` would let two readers see two statements): `_type` is Statement v0.1 or v1; `subject` is
 * a non-empty array of objects with an optional string `name` and a `digest` object of strings;
 * `predicateType` is a non-empty string. Unknown fields are ignored, as the in-toto spec requires.
 */
export function parseInTotoStatement(bytes: Uint8Array): StatementParse {
  const parsed = parseStrictJsonBytesToPlain(bytes, MAX_STATEMENT_DEPTH);
  if (!parsed.ok) return { ok: false, message: `the statement is not valid JSON: ${parsed.message}` };
  const document = parsed.value;
  if (!isRecord(document)) return { ok: false, message: 'the statement is not a JSON object' };
  const type = document['_type'];
  if (typeof type !== 'string' || !KNOWN_TYPES.includes(type)) {
    return {
      ok: false,
      message: `the statement's _type is ${describe(type)}, not ${KNOWN_TYPES.join(' or ')}`,
    };
  }
  const predicateType = document['predicateType'];
  if (typeof predicateType !== 'string' || predicateType === '') {
    return {
      ok: false,
      message: `the statement's predicateType is ${describe(predicateType)}, not a URI string`,
    };
  }
  const subjects = parseSubjects(document['subject']);
  if (typeof subjects === 'string') return { ok: false, message: subjects };
  return {
    ok: true,
    statement: { type, predicateType, subjects, predicate: document['predicate'], document },
  };
}

function parseSubjects(value: unknown): ParsedSubject[] | string {
  if (!Array.isArray(value) || value.length === 0) {
    return 'the statement has no subject (a non-empty "subject" array)';
  }
  const subjects: ParsedSubject[] = [];
  for (const [index, entry] of (value as unknown[]).entries()) {
    if (!isRecord(entry)) return `subject ${index} is not an object`;
    const name = entry['name'];
    if (name !== undefined && typeof name !== 'string') return `subject ${index} has a non-string name`;
    const digest = entry['digest'];
    if (
      digest !== undefined &&
      !(isRecord(digest) && Object.values(digest).every((v) => typeof v === 'string'))
    ) {
      return `subject ${index} has a digest that is not an object of strings`;
    }
    subjects.push({ name, digest: (digest ?? {}) as Record<string, string> });
  }
  return subjects;
}

function describe(value: unknown): string {
  if (value === undefined) return 'missing';
  if (typeof value === 'string') return JSON.stringify(value.length > 64 ? `${value.slice(0, 64)}…` : value);
  if (value === null) return 'null';
  return Array.isArray(value) ? 'an array' : `a ${typeof value}`;
}
