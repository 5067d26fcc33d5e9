// Script injection: a `${{ … }}` expression inside a `run:` script is pasted into the script before the shell
// parses it, so a value that someone else controls (a pull request's title, a branch name, a workflow input,
// a step output derived from either) becomes code. Such values go through `env:` and are read as "$NAME".
// The expressions are found in the script as the runner sees it (the YAML parser has unfolded block scalars
// and dropped what only looks like a comment), then located in the source for the line number.
import { scalar } from './yaml-source.mjs';

const EXPRESSION = /\$\{\{([\s\S]*?)\}\}/g;
// GitHub's contexts are case-insensitive, and `github['event']` is `github.event`.
const UNTRUSTED = [
  /\bgithub\s*(?:\.\s*event\b|\[\s*'event'\s*\])/i,
  /\bgithub\s*(?:\.\s*head_ref\b|\[\s*'head_ref'\s*\])/i,
  /(?<![\w.-])inputs\b/i,
  /(?<![\w.-])steps\s*(?:\.\s*[\w-]+|\[[^\]]*\])\s*(?:\.\s*outputs\b|\[\s*'outputs'\s*\])/i,
];

/**
 * One problem per expression in the `run:` node that reads `github.event`, `github.head_ref`, `inputs` or a
 * step's outputs.
 * @param {unknown} runNode
 * @param {import('./yaml-source.mjs').YamlSource} source
 * @returns {import('./yaml-source.mjs').Problem[]}
 */
export function runExpressionProblems(runNode, source) {
  const script = scalar(runNode);
  if (typeof script !== 'string') return [];
  const [start = 0, end = start] = /** @type {{ range?: number[] }} */ (runNode).range ?? [];
  const raw = source.text.slice(start, end);
  const problems = [];
  let searchFrom = 0;
  for (const [expression, body = ''] of script.matchAll(EXPRESSION)) {
    if (!UNTRUSTED.some((pattern) => pattern.test(body))) continue;
    const index = raw.indexOf(expression, searchFrom);
    if (index !== -1) searchFrom = index + expression.length;
    problems.push({
      ...source.where(runNode, index === -1 ? undefined : start + index),
      message: `\`${expression}\` is expanded into a \`run:\` script (script injection): pass it through \`env:\` and use "$NAME"`,
    });
  }
  return problems;
}
