import { describe, expect, it } from '@jest/globals';
import { mapConcurrently } from '../src/index.js';

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
