import { describe, expect, it } from '@jest/globals';
import { parseGithubOutputFile } from '@sigil/testing';

describe('parseGithubOutputFile', () => {
  it('reads heredoc entries as @actions/core writes them, on any line ending', () => {
    const file = [
      'signatures<<ghadelimiter_1b0c',
      '[{"image":"reg/app"}]',
      'ghadelimiter_1b0c',
      'digests<<ghadelimiter_77aa',
      'sha256:aa',
      'sha256:bb',
      'ghadelimiter_77aa',
      'empty<<EOF',
      'EOF',
      '',
    ];
    const expected = { signatures: '[{"image":"reg/app"}]', digests: 'sha256:aa\nsha256:bb', empty: '' };
    expect(parseGithubOutputFile(file.join('\n'))).toEqual(expected);
    expect(parseGithubOutputFile(file.join('\r\n'))).toEqual(expected);
  });

  it('reads name=value lines, where the first = splits and << later on is data', () => {
    expect(parseGithubOutputFile('verified=true\n\nquery=a=b<<c\n')).toEqual({
      verified: 'true',
      query: 'a=b<<c',
    });
  });

  it('keeps a value line that only resembles the delimiter', () => {
    expect(parseGithubOutputFile('x<<END\n END\nEND \nEND\n')).toEqual({ x: ' END\nEND ' });
  });

  it('lets a later entry replace an earlier one, as the runner does', () => {
    expect(parseGithubOutputFile('a=1\na<<D\n2\nD\n')).toEqual({ a: '2' });
  });

  it('treats __proto__ as an ordinary name', () => {
    const outputs = parseGithubOutputFile('__proto__=x\n');
    expect(Object.keys(outputs)).toEqual(['__proto__']);
    expect(outputs['__proto__']).toBe('x');
  });

  it.each([
    ['an unterminated heredoc', 'a<<EOF\nvalue\n', /no closing EOF/],
    ['a line that is neither form', 'just text\n', /line 1 is neither/],
    ['an empty name', '=value\n', /empty name/],
    ['an empty delimiter', 'a<<\nx\n', /empty heredoc delimiter/],
  ])('rejects %s', (_case, text, message) => {
    expect(() => parseGithubOutputFile(text)).toThrow(message);
  });
});
