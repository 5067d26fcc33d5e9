/**
 * Parses a `GITHUB_OUTPUT` (or `GITHUB_ENV`) file as the runner does: `name=value` lines, and
 * `name<<DELIMITER` heredocs whose value is every line up to a line that is exactly the delimiter.
 * Blank lines between entries are skipped; a heredoc without its closing delimiter is an error,
 * because the runner fails the step for it.
 */
export function parseGithubOutputFile(text: string): Record<string, string> {
  const lines = text.split('\n').map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
  if (lines.at(-1) === '') lines.pop();
  const outputs: Record<string, string> = Object.create(null) as Record<string, string>;
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] ?? '';
    if (line === '') continue;
    const equals = line.indexOf('=');
    const heredoc = line.indexOf('<<');
    if (equals !== -1 && (heredoc === -1 || equals < heredoc)) {
      outputs[nameOf(line.slice(0, equals), index)] = line.slice(equals + 1);
      continue;
    }
    if (heredoc === -1)
      throw new Error(`GITHUB_OUTPUT line ${index + 1} is neither name=value nor name<<DELIMITER`);
    const name = nameOf(line.slice(0, heredoc), index);
    const delimiter = line.slice(heredoc + 2);
    if (delimiter === '') throw new Error(`GITHUB_OUTPUT line ${index + 1} has an empty heredoc delimiter`);
    const value: string[] = [];
    for (index++; ; index++) {
      if (index >= lines.length)
        throw new Error(`GITHUB_OUTPUT heredoc for ${name} has no closing ${delimiter}`);
      const valueLine = lines[index] ?? '';
      if (valueLine === delimiter) break;
      value.push(valueLine);
    }
    outputs[name] = value.join('\n');
  }
  return { ...outputs };
}

function nameOf(name: string, index: number): string {
  if (name === '') throw new Error(`GITHUB_OUTPUT line ${index + 1} has an empty name`);
  return name;
}
