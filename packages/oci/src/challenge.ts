/** One `WWW-Authenticate` challenge: a lower-case scheme and its parameters (lower-case names). */
export interface Challenge {
  readonly scheme: string;
  readonly params: Readonly<Record<string, string>>;
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+/;

/**
 * Parses `WWW-Authenticate` header values (RFC 7235): several challenges may share one value,
 * separated by commas, and parameter values may be quoted strings with backslash escapes.
 */
export function parseChallenges(values: readonly string[]): Challenge[] {
  return values.flatMap(parseValue);
}

function parseValue(value: string): Challenge[] {
  const challenges: { scheme: string; params: Record<string, string> }[] = [];
  let rest = value;
  while (rest.length > 0) {
    rest = rest.replace(/^[\s,]+/, '');
    const token = TOKEN.exec(rest)?.[0];
    if (token === undefined) {
      rest = rest.slice(1);
      continue;
    }
    rest = rest.slice(token.length);
    const current = challenges.at(-1);
    const assignment = /^\s*=\s*/.exec(rest);
    if (assignment !== null && current !== undefined) {
      rest = rest.slice(assignment[0].length);
      const [param, remaining] = readParamValue(rest);
      current.params[token.toLowerCase()] = param;
      rest = remaining;
    } else {
      challenges.push({ scheme: token.toLowerCase(), params: {} });
    }
  }
  return challenges;
}

function readParamValue(text: string): [string, string] {
  if (!text.startsWith('"')) {
    const token = TOKEN.exec(text)?.[0] ?? '';
    return [token, text.slice(token.length)];
  }
  let value = '';
  let i = 1;
  for (; i < text.length && text[i] !== '"'; i++) {
    if (text[i] === '\\' && i + 1 < text.length) i++;
    value += text[i];
  }
  return [value, text.slice(i + 1)];
}
