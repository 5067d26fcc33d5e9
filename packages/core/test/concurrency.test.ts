import { describe, expect, it } from '@jest/globals';
import { ConcurrencyLimit, mapConcurrently } from '../src/index.js';

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('mapConcurrently', () => {
  it('keeps input order and never runs more than the limit at once', async () => {
    let running = 0;
    let peak = 0;
    const results = await mapConcurrently([30, 5, 20, 1, 10, 2], 2, async (ms, index) => {
      running++;
      peak = Math.max(peak, running);
      await tick(ms);
      running--;
      return `${index}:${ms}`;
    });
    expect(results).toEqual(['0:30', '1:5', '2:20', '3:1', '4:10', '5:2']);
    expect(peak).toBe(2);
  });

  it('rejects with the first failure and starts no new item after it', async () => {
    const started: number[] = [];
    const failing = mapConcurrently([0, 1, 2, 3, 4], 1, async (item) => {
      started.push(item);
      if (item === 1) throw new Error('boom');
      return item;
    });
    await expect(failing).rejects.toThrow('boom');
    expect(started).toEqual([0, 1]);
  });
});

describe('ConcurrencyLimit', () => {
  it('runs at most `limit` tasks at once, the rest in arrival order, and passes results and errors through', async () => {
    const limit = new ConcurrencyLimit(2);
    const started: number[] = [];
    let peak = 0;
    const releases: (() => void)[] = [];
    const task = (n: number) => () =>
      new Promise<number>((resolve) => {
        started.push(n);
        peak = Math.max(peak, limit.active);
        releases.push(() => resolve(n * 10));
      });
    const results = [1, 2, 3, 4].map((n) => limit.run(task(n)));
    const failing = limit
      .run(async () => {
        throw new Error('boom');
      })
      .catch((error: unknown) => error);
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual([1, 2]);
    while (releases.length > 0) {
      releases.shift()?.();
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(await Promise.all(results)).toEqual([10, 20, 30, 40]);
    expect(await failing).toMatchObject({ message: 'boom' });
    expect(started).toEqual([1, 2, 3, 4]);
    expect(peak).toBe(2);
    expect(limit.active).toBe(0);
  });

  it('refuses a limit below 1', () => {
    expect(() => new ConcurrencyLimit(0)).toThrow(RangeError);
  });
});
