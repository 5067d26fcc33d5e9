// A YAML file parsed into nodes that remember where they start, so that a rule reads the values the
// runner sees (block scalars unfolded, comments dropped) and still names the line it is about.
import { isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';

/**
 * @typedef {{ line?: number, column?: number, message: string }} Problem
 * @typedef {{ text: string, root: unknown, where: (node: unknown, offset?: number) => { line?: number, column?: number } }} YamlSource
 */

/**
 * Parses `text`; `root` is null when the YAML does not parse (the schema check reports why).
 * @param {string} text
 * @returns {YamlSource}
 */
export function parseSource(text) {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter });
  return {
    text,
    root: document.errors.length === 0 ? document.contents : null,
    where(node, offset) {
      const start = offset ?? /** @type {{ range?: number[] }} */ (node)?.range?.[0];
      if (start === undefined) return {};
      const { line, col } = lineCounter.linePos(start);
      return { line, column: col };
    },
  };
}

/** The value node under `key` of a mapping node, or undefined. */
export function entry(node, key) {
  return isMap(node) ? node.get(key, true) : undefined;
}

/** A mapping node's entries as `{ key, keyNode, value }`, in source order. */
export function entries(node) {
  if (!isMap(node)) return [];
  return node.items.map((pair) => ({
    key: String(isScalar(pair.key) ? pair.key.value : pair.key),
    keyNode: pair.key,
    value: pair.value,
  }));
}

/** A sequence node's items. */
export function items(node) {
  return isSeq(node) ? node.items : [];
}

/** A scalar node's value (a string, number, boolean or null), or undefined for anything else. */
export function scalar(node) {
  return isScalar(node) ? node.value : undefined;
}

/** The plain JavaScript value of any node. */
export function plain(node) {
  if (node === undefined || node === null) return undefined;
  return isScalar(node) ? node.value : /** @type {{ toJSON: () => unknown }} */ (node).toJSON();
}

/** The comment that follows a scalar node on its own line (`uses: x@sha # v1.2.3` gives `v1.2.3`). */
export function trailingComment(source, node) {
  const end = /** @type {{ range?: number[] }} */ (node)?.range?.[1];
  if (end === undefined) return '';
  const lineEnd = source.text.indexOf('\n', end);
  const rest = source.text.slice(end, lineEnd === -1 ? undefined : lineEnd);
  return /^\s*#\s*(.*?)\s*$/.exec(rest)?.[1] ?? '';
}
