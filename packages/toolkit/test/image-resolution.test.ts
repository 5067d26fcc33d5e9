import { describe, expect, it } from '@jest/globals';
import { SigilError, asSigilError } from '@sigil/errors';
import { throwIfAnyImageFailed } from '../src/index.js';

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
    expect((thrown as SigilError).cause).toBe(missing);
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
