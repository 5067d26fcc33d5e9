import { createHash } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { parsePublicKey, verifyWithPublicKey } from '@sigil/keys';
import { simpleSigningPayload } from '../src/payload.js';

// The consistent example set of cosign-formats.md §10 (§2.4 key, §3.2 layer signature, §3.6 payload).
const SPEC_PUBLIC_KEY = `-----BEGIN PUBLIC KEY-----
MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEo9oGPt7WprlPCBxC2h6NSIKsswRL
aUVWpq+G4XGzAZEpMbqILQk6s7dirQ4aJZheKQNuTmsmCfYcbq8c9Zf5hw==
-----END PUBLIC KEY-----
`;
const SPEC_PAYLOAD =
  '{"critical":{"identity":{"docker-reference":"127.0.0.1:5055/demo/backend"},"image":{"docker-manifest-digest":' +
  '"sha256:0cd1711fb791f3e00b8aa5923e50e47d7ec7dedbf03faa32347cb293b98ae874"},"type":"cosign container image signature"},' +
  '"optional":null}';
const SPEC_SIGNATURE =
  'MEUCIQDDSpuQX28zxVjiW/2GkOOqvg7qMx13W+hvejNdJzfFogIgXnJp0twy5UTu3UB+G655YX44/QxJizk4UmaBZ9v0SWk=';

describe('the consistent example set of the spec (§10)', () => {
  const payload = simpleSigningPayload(
    '127.0.0.1:5055/demo/backend',
    'sha256:0cd1711fb791f3e00b8aa5923e50e47d7ec7dedbf03faa32347cb293b98ae874',
  );

  it('reproduces the §3.6 payload byte for byte: 243 bytes, sha256 ecdcf7da…675f', () => {
    expect(new TextDecoder().decode(payload)).toBe(SPEC_PAYLOAD);
    expect(payload).toHaveLength(243);
    expect(createHash('sha256').update(payload).digest('hex')).toBe(
      'ecdcf7da56cfd420ed14713fca91f780d92a3555e76867a808bd0fdb9667675f',
    );
  });

  it('gives the §2.4 key its documented hint', () => {
    expect(parsePublicKey(SPEC_PUBLIC_KEY).hint).toBe('lNfreb8P6/5CZnuVpDdz4DsN4nXHmVrcqgCsr4njFY0=');
  });

  it('verifies the §3.2 signature over our payload with the §2.4 key, and not over other bytes', () => {
    const key = parsePublicKey(SPEC_PUBLIC_KEY);
    const signature = Buffer.from(SPEC_SIGNATURE, 'base64');
    expect(verifyWithPublicKey(key, payload, signature)).toBe(true);
    expect(verifyWithPublicKey(key, payload.subarray(1), signature)).toBe(false);
  });
});
