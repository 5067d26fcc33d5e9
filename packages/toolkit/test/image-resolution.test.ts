import { describe, expect, it } from '@jest/globals';
import { SigilError, asSigilError } from '@sigil/core';
import { throwIfAnyImageFailed } from '../src/index.js';
import { describeFailure } from '../src/error-boundary.js';

describe('throwIfAnyImageFailed', () => {
  it('does nothing when every image succeeded', () => {
    expect(() => throwIfAnyImageFailed([{ image: 'a', ok: true }], 'attested')).not.toThrow();
  });

  it('lists every failed image in one error with the first failure’s code, input and hint', () => {
    const missing = new SigilError('MANIFEST_NOT_FOUND', 'r/a:v1 does not exist', {
      input: 'images',
      hint: 'Push it first.',
    });
    const denied = new SigilError('REGISTRY_DENIED', 'push to r/c refused');
    let thrown: unknown;
    try {
      throwIfAnyImageFailed(
        [
          { image: 'r/a:v1', ok: false, error: missing },
          { image: 'r/b', ok: true },
          { image: 'r/c', ok: false, error: denied },
        ],
        'attested',
      );
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ code: 'MANIFEST_NOT_FOUND', input: 'images', hint: 'Push it first.' });
    expect((thrown as SigilError).message).toBe(
      '2 of 3 image(s) could not be attested: r/a:v1: [MANIFEST_NOT_FOUND] r/a:v1 does not exist; ' +
        'r/c: [REGISTRY_DENIED] push to r/c refused',
    );
    // The list already quotes the first failure: the chain goes on below it, printed once.
    expect((thrown as SigilError).cause).toBeUndefined();
    expect(describeFailure(thrown).filter((line) => line.includes('r/a:v1 does not exist'))).toHaveLength(1);
  });

  it("prints a failure's cause once, below the list", () => {
    const reset = new Error('connect ECONNREFUSED 127.0.0.1:1');
    const unreachable = new SigilError('REGISTRY_UNREACHABLE', 'cannot reach 127.0.0.1:1', { cause: reset });
    let thrown: unknown;
    try {
      throwIfAnyImageFailed([{ image: '127.0.0.1:1/a:v1', ok: false, error: unreachable }], 'signed');
    } catch (error) {
      thrown = error;
    }
    const lines = describeFailure(thrown);
    expect(lines.filter((line) => line.includes('cannot reach 127.0.0.1:1'))).toHaveLength(1);
    expect(lines.filter((line) => line.includes('ECONNREFUSED'))).toEqual([
      'Caused by: connect ECONNREFUSED 127.0.0.1:1',
    ]);
  });

  it.each([
    ['REGISTRY_UNREACHABLE', 'images'],
    ['MANIFEST_INVALID', 'images'],
    ['CONTENT_DIGEST_MISMATCH', 'images'],
    ['REGISTRY_AUTH', 'registry-password'],
    ['REGISTRY_DENIED', 'registry-username'],
    ['REGISTRY_INSECURE', 'insecure-registries'],
    ['TIMEOUT', 'timeout-seconds'],
  ] as const)('a registry failure %s without an input names `%s` and prints a Fix line', (code, input) => {
    let thrown: unknown;
    try {
      throwIfAnyImageFailed([{ image: 'r/a', ok: false, error: new SigilError(code, 'failed') }], 'signed');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ code, input });
    const fix = describeFailure(thrown).find((line) => line.startsWith('Fix: '));
    expect(fix).toContain(`\`${input}\``);
  });
});

describe('asSigilError', () => {
  it('keeps a SigilError and turns anything else into INTERNAL with the original as cause', () => {
    const sigil = new SigilError('TIMEOUT', 'late');
    expect(asSigilError(sigil)).toBe(sigil);
    const bug = new TypeError('x is undefined');
    expect(asSigilError(bug)).toMatchObject({
      code: 'INTERNAL',
      message: 'unexpected failure: x is undefined',
      cause: bug,
    });
    expect(asSigilError('text').message).toBe('unexpected failure: text');
  });
});
