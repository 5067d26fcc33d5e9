import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTokenServer, type StartedTokenServer } from '@sigil/testing';
import { X509Certificate, verify } from 'node:crypto';

let server: StartedTokenServer;
beforeAll(async () => {
  server = await startTokenServer({ users: [{ username: 'u', password: 'p' }] });
});
afterAll(() => server.stop());

const basic = (user: string, pass: string) => `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;

function decode(token: string) {
  const [header = '', claims = '', signature = ''] = token.split('.');
  return {
    header: JSON.parse(Buffer.from(header, 'base64url').toString()),
    claims: JSON.parse(Buffer.from(claims, 'base64url').toString()),
    signingInput: `${header}.${claims}`,
    signature: Buffer.from(signature, 'base64url'),
  };
}

describe('startTokenServer', () => {
  it('issues an ES256 JWT with x5c, the service audience and the requested access', async () => {
    const url = `${server.config.realm}?service=${server.config.service}&scope=repository:demo/app:pull,push`;
    const response = await fetch(url, { headers: { authorization: basic('u', 'p') } });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { token: string; expires_in: number };
    const { header, claims, signingInput, signature } = decode(body.token);
    expect(header.alg).toBe('ES256');
    const cert = new X509Certificate(Buffer.from(header.x5c[0], 'base64'));
    const valid = verify(
      'sha256',
      Buffer.from(signingInput),
      { key: cert.publicKey, dsaEncoding: 'ieee-p1363' },
      signature,
    );
    expect(valid).toBe(true);
    expect(claims).toMatchObject({
      iss: server.config.issuer,
      aud: server.config.service,
      sub: 'u',
      access: [{ type: 'repository', name: 'demo/app', actions: ['pull', 'push'] }],
    });
    expect(claims.exp - claims.iat).toBe(body.expires_in);
  });

  it('refuses a wrong password and anonymous requests, and counts them', async () => {
    const before = server.stats.rejected;
    expect((await fetch(server.config.realm, { headers: { authorization: basic('u', 'x') } })).status).toBe(
      401,
    );
    expect((await fetch(server.config.realm)).status).toBe(401);
    expect(server.stats.rejected - before).toBe(2);
  });

  it('exchanges the identity token, and nothing else, with a refresh_token POST', async () => {
    const post = (refresh: string) =>
      fetch(server.config.realm, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'refresh_token',
          refresh_token: refresh,
          scope: 'repository:a:pull',
        }),
      });
    const ok = await post(server.identityToken);
    expect(ok.status).toBe(200);
    const { access_token } = (await ok.json()) as { access_token: string };
    expect(decode(access_token).claims.access).toEqual([
      { type: 'repository', name: 'a', actions: ['pull'] },
    ]);
    expect((await post('not-the-token')).status).toBe(401);
  });
});
