import { describe, expect, it } from '@jest/globals';
import { SigilError, causeChain } from '@sigil/errors';

describe('causeChain', () => {
  it('lists the code and message of each cause, outermost first', () => {
    const inner = new Error('connect ECONNREFUSED 127.0.0.1:1');
    const outer = new SigilError('REGISTRY_UNREACHABLE', 'registry 127.0.0.1:1 is unreachable', {
      cause: inner,
    });
    expect(causeChain(outer)).toEqual([
      '[REGISTRY_UNREACHABLE] registry 127.0.0.1:1 is unreachable',
      'connect ECONNREFUSED 127.0.0.1:1',
    ]);
  });
  it('stops on a cycle', () => {
    const a = new Error('a');
    const b = new Error('b', { cause: a });
    (a as { cause?: unknown }).cause = b;
    expect(causeChain(b)).toEqual(['b', 'a']);
  });
});
