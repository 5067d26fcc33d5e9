import { describe, expect, it } from '@jest/globals';
import { startRegistry } from '@sigil/testing';
import { existsSync } from 'node:fs';

async function statusOf(url: string, headers: Record<string, string> = {}): Promise<number | string> {
  try {
    return (await fetch(url, { headers })).status;
  } catch (error) {
    return String((error as { cause?: { code?: string } }).cause?.code ?? error);
  }
}

describe('startRegistry', () => {
  it('serves /v2/ anonymously on a loopback port until stopped, then removes its storage', async () => {
    const registry = await startRegistry();
    expect(registry.host).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(registry.url).toBe(`http://${registry.host}`);
    expect(registry.credentials).toBeUndefined();
    expect(await statusOf(`${registry.url}/v2/`)).toBe(200);
    await registry.stop();
    expect(await statusOf(`${registry.url}/v2/`)).toBe('ECONNREFUSED');
    expect(existsSync(registry.storageDir)).toBe(false);
  });

  it('with htpasswd, demands the generated credentials', async () => {
    const registry = await startRegistry({ auth: 'htpasswd' });
    try {
      const { username, password } = registry.credentials ?? { username: '', password: '' };
      expect(username).not.toBe('');
      expect(password.length).toBeGreaterThanOrEqual(12);
      const basic = (user: string, pass: string) =>
        `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;
      expect(await statusOf(`${registry.url}/v2/`)).toBe(401);
      expect(await statusOf(`${registry.url}/v2/`, { authorization: basic(username, 'wrong') })).toBe(401);
      expect(await statusOf(`${registry.url}/v2/`, { authorization: basic(username, password) })).toBe(200);
    } finally {
      await registry.stop();
    }
  });

  it('runs several registries side by side on different ports', async () => {
    const [a, b] = await Promise.all([startRegistry(), startRegistry()]);
    try {
      expect(a.host).not.toBe(b.host);
      expect(await statusOf(`${a.url}/v2/`)).toBe(200);
      expect(await statusOf(`${b.url}/v2/`)).toBe(200);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });

  it('reports the registry’s own error when it cannot start', async () => {
    const token = {
      realm: 'http://127.0.0.1:1/token',
      service: 's',
      issuer: 'i',
      rootCertBundle: '/nonexistent/certs.pem',
    };
    await expect(startRegistry({ auth: { token } })).rejects.toThrow(
      /docker-registry failed to start on 127\.0\.0\.1:\d+:\n.*\/nonexistent\/certs\.pem/s,
    );
  });
});
