import { describe, expect, it } from '@jest/globals';
import { parseSha256Sums } from '../src/sha256-sums.js';

const A = 'a'.repeat(64);
const B = '0123456789abcdef'.repeat(4);

describe('parseSha256Sums', () => {
  it('reads `<sha256>  <name>` lines, as goreleaser writes a checksums file', () => {
    const parsed = parseSha256Sums(
      `${A}  syft_1.57.0_darwin_amd64.tar.gz\n${B}  syft_1.57.0_linux_amd64.tar.gz\n`,
    );
    expect(parsed).toEqual({
      ok: true,
      sums: new Map([
        ['syft_1.57.0_darwin_amd64.tar.gz', A],
        ['syft_1.57.0_linux_amd64.tar.gz', B],
      ]),
    });
  });

  it("reads sha256sum's binary-mode marker and a last line without a newline", () => {
    expect(parseSha256Sums(`${A} *syft.zip\n${B}  name with spaces.txt`)).toEqual({
      ok: true,
      sums: new Map([
        ['syft.zip', A],
        ['name with spaces.txt', B],
      ]),
    });
  });

  it.each([
    ['upper-case hex', `${A.toUpperCase()}  syft.tar.gz\n`, /line 1 is not/],
    ['a short sha256', `${A.slice(1)}  syft.tar.gz\n`, /line 1 is not/],
    ['one space', `${A} syft.tar.gz\n`, /line 1 is not/],
    ['a tab', `${A}\tsyft.tar.gz\n`, /line 1 is not/],
    ['CRLF line ends', `${A}  syft.tar.gz\r\n`, /line 1 is not/],
    ['a blank line', `${A}  a.tar.gz\n\n${B}  b.tar.gz\n`, /line 2 is not/],
    ['a name with trailing space', `${A}  syft.tar.gz \n`, /line 1 is not/],
    ['no name', `${A}  \n`, /line 1 is not/],
    [
      'some other text',
      `# checksums\n${A}  syft.tar.gz\n`,
      /line 1 is not `<sha256> {2}<name>`: "# checksums"/,
    ],
    [
      'a name listed twice',
      `${A}  syft.tar.gz\n${B}  syft.tar.gz\n`,
      /^line 2 names syft\.tar\.gz a second time$/,
    ],
    ['nothing', '', /^it lists no file$/],
  ])('refuses a file with %s', (_name, text, problem) => {
    const parsed = parseSha256Sums(text);
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? '' : parsed.problem).toMatch(problem);
  });
});
