import { describe, expect, it } from '@jest/globals';
import { limitConcurrency } from '@sigil/sbom';

describe('limitConcurrency', () => {
  it('runs at most `limit` tasks at once, the rest in arrival order, and passes results and failures through', async () => {
    const slot = limitConcurrency(2);
    let running = 0;
    let most = 0;
    const started: number[] = [];
    const task = (n: number) => async () => {
      started.push(n);
      running += 1;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, 5));
      running -= 1;
      if (n === 3) throw new Error('task 3 failed');
      return n;
    };
    const settled = await Promise.allSettled([1, 2, 3, 4, 5].map((n) => slot(task(n))));
    expect(most).toBe(2);
    expect(started).toEqual([1, 2, 3, 4, 5]);
    expect(
      settled.map((result) => (result.status === 'fulfilled' ? result.value : String(result.reason))),
    ).toEqual([1, 2, 'Error: task 3 failed', 4, 5]);
  });
});
