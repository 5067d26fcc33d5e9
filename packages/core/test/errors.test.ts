import { describe, expect, it } from '@jest/globals';
import { SigilError, asSigilError, causeChain, messageOf } from '@sigil/core';

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

describe('asSigilError and messageOf', () => {
  it('keeps a SigilError and wraps anything else as INTERNAL with it as the cause', () => {
    const known = new SigilError('TIMEOUT', 'took too long');
    expect(asSigilError(known)).toBe(known);
    const foreign = { message: 'socket hang up', code: 'ECONNRESET' };
    const wrapped = asSigilError(foreign);
    expect(wrapped).toMatchObject({ code: 'INTERNAL', message: 'unexpected failure: socket hang up' });
    expect(wrapped.cause).toBe(foreign);
    expect(messageOf('plain text thrown')).toBe('plain text thrown');
  });
});
