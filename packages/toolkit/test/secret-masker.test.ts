import { describe, expect, it } from '@jest/globals';
import { SecretMasker } from '@sigil/toolkit';

describe('SecretMasker', () => {
  it('announces each new value once and redacts all of them', () => {
    const announced: string[] = [];
    const secrets = new SecretMasker((value) => announced.push(value));
    secrets.add('hunter2');
    secrets.add('hunter2');
    secrets.add(' token-abc \n');
    expect(announced).toEqual(['hunter2', 'token-abc']);
    expect(secrets.redact('password hunter2, token token-abc, hunter2 again')).toBe(
      'password ***, token ***, *** again',
    );
  });
  it('redacts the longer of two overlapping secrets whole', () => {
    const secrets = new SecretMasker(() => undefined);
    secrets.add('abc');
    secrets.add('abcdef');
    expect(secrets.redact('xabcdefx')).toBe('x***x');
  });
  it('can be passed around as a bare function', () => {
    const announced: string[] = [];
    const { add } = new SecretMasker((value) => announced.push(value));
    add('s3cret');
    expect(announced).toEqual(['s3cret']);
  });
});
