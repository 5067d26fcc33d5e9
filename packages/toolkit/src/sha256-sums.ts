/** A line of sha256sum's output: 64 lower-case hex, a space, a space or `*` (binary mode), the file name. */
const LINE = /^([0-9a-f]{64}) [ *](\S(?:.*\S)?)$/;

export type Sha256SumsResult =
  | { readonly ok: true; readonly sums: ReadonlyMap<string, string> }
  | { readonly ok: false; readonly problem: string };

/**
 * Reads a checksums file as `sha256sum` and goreleaser write it (`<sha256>  <name>` per line) into name →
 * sha256. Strict: every non-empty line must be such a line and each name appear once, so that a file
 * which does not parse whole is not trusted in part.
 */
export function parseSha256Sums(text: string): Sha256SumsResult {
  const sums = new Map<string, string>();
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  for (const [index, line] of lines.entries()) {
    const match = LINE.exec(line);
    if (match === null) {
      return {
        ok: false,
        problem: `line ${index + 1} is not \`<sha256>  <name>\`: ${JSON.stringify(line.slice(0, 120))}`,
      };
    }
    const [, sha256, name] = match as unknown as [string, string, string];
    if (sums.has(name)) return { ok: false, problem: `line ${index + 1} names ${name} a second time` };
    sums.set(name, sha256);
  }
  if (sums.size === 0) return { ok: false, problem: 'it lists no file' };
  return { ok: true, sums };
}
