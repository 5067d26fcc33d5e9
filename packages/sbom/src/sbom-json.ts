import { SigilError } from '@sigil/core';
import { JsonTextError, Utf8Error, parseUtf8Json } from './utf8-json.js';

const HEAD_BYTES = 4096;
const SBOM_HINT =
  'Give an SPDX 2.x JSON (syft -o spdx-json) or CycloneDX JSON (syft -o cyclonedx-json) file as `sbom`, or leave `sbom` empty to generate one with syft.';

/**
 * Decodes SBOM bytes as UTF-8 JSON, with a message that says what the file is when it is not JSON
 * (tag-value SPDX, SPDX RDF/XML, CycloneDX XML, SPDX YAML, gzip) and where it broke when the JSON is
 * invalid or truncated. Memory: the bytes stay as they are; the text JSON.parse reads (one byte per
 * byte of the file, see parseUtf8Json) lives only until it returns.
 */
export function parseSbomJson(bytes: Uint8Array, source: string): unknown {
  if (bytes.byteLength === 0) throw invalidSbom(`${source} is empty`);
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    throw invalidSbom(`${source} is gzip-compressed; decompress it first (gunzip)`);
  }
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    throw invalidSbom(
      `${source} starts with a UTF-8 byte order mark, which would make the signed statement invalid JSON; remove it (sed -i '1s/^\\xEF\\xBB\\xBF//' <file>)`,
    );
  }
  const notJson = notJsonDescription(bytes);
  if (notJson !== undefined) throw invalidSbom(`${source} ${notJson}`);
  try {
    return parseUtf8Json(bytes);
  } catch (error) {
    if (error instanceof Utf8Error) throw invalidSbom(`${source} is not UTF-8 text`, error);
    if (error instanceof JsonTextError) {
      throw invalidSbom(`${source} ${jsonFailure(error, bytes.byteLength)}`, error.cause);
    }
    throw error;
  }
}

/** What the file is when its first bytes show it is not JSON; undefined when it may be JSON. */
function notJsonDescription(bytes: Uint8Array): string | undefined {
  const head = new TextDecoder('utf-8').decode(bytes.subarray(0, HEAD_BYTES));
  const first = head.trimStart().charAt(0);
  if (first === '{' || first === '[') return undefined;
  if (first === '<') {
    if (/cyclonedx\.org\/schema\/bom/i.test(head)) {
      return 'is CycloneDX XML; sigil attests CycloneDX JSON (syft -o cyclonedx-json, or cyclonedx-cli convert --output-format json)';
    }
    if (/spdx\.org\/rdf|<spdx:/i.test(head)) {
      return 'is SPDX RDF/XML; sigil attests SPDX JSON (syft -o spdx-json, or convert with the SPDX tools)';
    }
    return 'is XML, not an SPDX or CycloneDX JSON document';
  }
  if (/(^|\n)\s*SPDXVersion\s*:/.test(head)) {
    return 'is tag-value SPDX (SPDXVersion: …); sigil attests SPDX JSON (syft -o spdx-json, or convert with the SPDX tools)';
  }
  if (/(^|\n)\s*spdxVersion\s*:/.test(head)) {
    return 'is SPDX YAML; sigil attests SPDX JSON (syft -o spdx-json)';
  }
  const start = JSON.stringify(head.trimStart().slice(0, 24));
  return `is not JSON (it starts with ${start}), so neither SPDX JSON nor CycloneDX JSON`;
}

/** Where JSON.parse stopped, as line and column, and whether the text simply ran out (a truncated file). */
function jsonFailure(error: JsonTextError, byteLength: number): string {
  const { text, message } = error;
  const reason = message.replace(/\s*in JSON at position \d+.*$/, '');
  const positionMatch = /at position (\d+)/.exec(message);
  const end = lastNonWhitespace(text) + 1;
  const ranOut = /end of JSON input|^Unterminated string/.test(message);
  if (ranOut || (positionMatch !== null && Number(positionMatch[1]) >= end)) {
    const last = lineAndColumn(text, end);
    return `is truncated: its ${byteLength} bytes end at line ${last.line}, column ${last.column} before the JSON document is closed (${reason}); write the file again or download it completely`;
  }
  // V8 gives no position for an unexpected token; its message quotes the text around it instead.
  if (positionMatch === null) return `is not valid JSON: ${reason}`;
  const position = Number(positionMatch[1]);
  const { line, column } = lineAndColumn(text, position);
  const near = JSON.stringify(error.excerpt(position - 20, position + 20));
  return `is not valid JSON: ${reason} at line ${line}, column ${column} (near ${near})`;
}

function lastNonWhitespace(text: string): number {
  let index = text.length - 1;
  while (index >= 0 && /\s/.test(text.charAt(index))) index -= 1;
  return index;
}

function lineAndColumn(text: string, position: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let next = text.indexOf('\n'); next !== -1 && next < position; next = text.indexOf('\n', next + 1)) {
    line += 1;
    lineStart = next + 1;
  }
  return { line, column: position - lineStart + 1 };
}

export function invalidSbom(message: string, cause?: unknown): SigilError {
  return new SigilError('INPUT_INVALID', message, {
    field: 'sbom-document',
    hint: SBOM_HINT,
    ...(cause === undefined ? {} : { cause }),
  });
}
