import { describe, expect, it } from '@jest/globals';
import { isAllowedDownloadUrl, parseDownloadBase } from '../src/download-url.js';

describe('isAllowedDownloadUrl', () => {
  it.each([
    ['https://github.com/sigstore/cosign/releases/download/v3.1.3/cosign-linux-amd64', true],
    ['https://objects.githubusercontent.com/github-production-release-asset/1', true],
    ['http://127.0.0.1:8080/v3.1.3/cosign-linux-amd64', true],
    ['http://localhost/x', true],
    ['http://[::1]:9000/x', true],
    ['http://mirror.example.com/x', false],
    ['http://127.0.0.1.example.com/x', false],
    ['ftp://127.0.0.1/x', false],
    ['file:///etc/passwd', false],
  ])('%s → %s', (url, allowed) => {
    expect(isAllowedDownloadUrl(new URL(url))).toBe(allowed);
  });
});

describe('parseDownloadBase', () => {
  it('keeps an https base without its trailing slashes', () => {
    expect(parseDownloadBase('https://mirror.example.com/cosign/releases/download//', 'download-url')).toBe(
      'https://mirror.example.com/cosign/releases/download',
    );
  });

  it.each([
    ['not a url', /is not an absolute URL/],
    ['mirror.example.com/cosign', /is not an absolute URL/],
    ['http://mirror.example.com/cosign', /must use https \(plain http only to a loopback host\)/],
    ['https://user:secret@mirror.example.com/cosign', /must not carry credentials/],
    ['https://mirror.example.com/cosign?token=1', /must not have a query or fragment/],
    ['https://mirror.example.com/cosign#x', /must not have a query or fragment/],
  ])('refuses %s naming `download-url`', (text, message) => {
    expect(() => parseDownloadBase(text, 'download-url')).toThrow(
      expect.objectContaining({
        code: 'INPUT_INVALID',
        input: 'download-url',
        message: expect.stringMatching(message),
      }),
    );
  });

  it('does not repeat credentials it refuses', () => {
    expect(() => parseDownloadBase('https://user:secret@mirror.example.com/', 'download-url')).toThrow(
      expect.not.objectContaining({ message: expect.stringContaining('secret') }),
    );
  });
});
