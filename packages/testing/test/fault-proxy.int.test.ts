import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startFaultProxy, startRegistry, type FaultKind, type StartedRegistry } from '@sigil/testing';

let registry: StartedRegistry;
beforeAll(async () => {
  registry = await startRegistry();
});
afterAll(() => registry.stop());

async function outcome(url: string, init?: RequestInit): Promise<number | 'reset'> {
  try {
    const response = await fetch(url, init);
    await response.arrayBuffer();
    return response.status;
  } catch {
    return 'reset';
  }
}

describe('startFaultProxy', () => {
  it('points the registry’s Location headers back at the proxy', async () => {
    const proxy = await startFaultProxy({ upstream: registry.host, faultRate: 0 });
    try {
      const response = await fetch(`${proxy.url}/v2/demo/app/blobs/uploads/`, { method: 'POST' });
      expect(response.status).toBe(202);
      expect(new URL(response.headers.get('location') ?? '', proxy.url).host).toBe(proxy.host);
    } finally {
      await proxy.stop();
    }
  });

  it('injects the same faults for the same seed, at about the requested rate, and counts them', async () => {
    const run = async (seed: number) => {
      const proxy = await startFaultProxy({ upstream: registry.host, faultRate: 0.3, seed, slowMs: 1 });
      const outcomes: (number | 'reset')[] = [];
      for (let i = 0; i < 60; i++) outcomes.push(await outcome(`${proxy.url}/v2/`, { keepalive: false }));
      const faults = { ...proxy.faults };
      await proxy.stop();
      return { outcomes, faults };
    };
    const a = await run(42);
    const b = await run(42);
    expect(b).toEqual(a);
    const total = Object.values(a.faults).reduce((sum, n) => sum + n, 0);
    expect(total).toBeGreaterThanOrEqual(8);
    expect(total).toBeLessThanOrEqual(30);
    const count = (kinds: FaultKind[]) => kinds.reduce((sum, k) => sum + a.faults[k], 0);
    expect(a.outcomes.filter((o) => o === 503)).toHaveLength(count(['status503']));
    expect(a.outcomes.filter((o) => o === 429)).toHaveLength(count(['status429']));
    expect(a.outcomes.filter((o) => o === 'reset')).toHaveLength(count(['resetBefore', 'resetAfter']));
  });

  it('forwards exempt requests untouched', async () => {
    const proxy = await startFaultProxy({
      upstream: registry.host,
      faultRate: 1,
      exempt: ({ method }) => method === 'GET',
    });
    try {
      expect(await outcome(`${proxy.url}/v2/`)).toBe(200);
      expect(await outcome(`${proxy.url}/v2/`, { method: 'HEAD' })).not.toBe(200);
      expect(proxy.requests).toBe(2);
    } finally {
      await proxy.stop();
    }
  });
});
