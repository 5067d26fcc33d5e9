import { SigilError } from '@sigil/core';

const GO_HTML_ESCAPED = /[<>&\u2028\u2029]/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * A string as Go's `json.Marshal` writes it: JSON.stringify plus the HTML-safe escapes of `<`, `>`, `&`,
 * U+2028 and U+2029. A lone surrogate is not valid Unicode and is refused (Go would write U+FFFD).
 */
export function goJsonString(value: string): string {
  if (LONE_SURROGATE.test(value)) {
    throw new SigilError('INPUT_INVALID', 'a payload string is not valid Unicode (lone surrogate)');
  }
  return JSON.stringify(value).replace(
    GO_HTML_ESCAPED,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
