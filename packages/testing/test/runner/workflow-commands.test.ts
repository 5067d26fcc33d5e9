import { describe, expect, it } from '@jest/globals';
import { parseWorkflowCommands } from '@sigil/testing';

describe('parseWorkflowCommands', () => {
  it('decodes annotations, masks and debug lines and ignores ordinary output', () => {
    const stdout = [
      '::add-mask::p%25ss%0Aword',
      'Signing 2 images',
      '::warning::tag localhost:5000/app:1 resolved to sha256:ab; the digest was signed',
      '::error title=sigil,file=action.yml,line=3::[INPUT_INVALID] bad%0AFix: set `recursive` to 100%25',
      '::notice::done',
      '::debug::stack%0A    at main',
      '  not ::error:: at the start',
      '',
    ].join('\r\n');
    expect(parseWorkflowCommands(stdout)).toEqual({
      masks: ['p%ss\nword'],
      debug: ['stack\n    at main'],
      annotations: [
        {
          level: 'warning',
          message: 'tag localhost:5000/app:1 resolved to sha256:ab; the digest was signed',
          properties: {},
        },
        {
          level: 'error',
          message: '[INPUT_INVALID] bad\nFix: set `recursive` to 100%',
          properties: { title: 'sigil', file: 'action.yml', line: '3' },
        },
        { level: 'notice', message: 'done', properties: {} },
      ],
    });
  });

  it('decodes escaped property values', () => {
    const [annotation] = parseWorkflowCommands('::error title=a%3Ab%2Cc::m\n').annotations;
    expect(annotation?.properties).toEqual({ title: 'a:b,c' });
  });
});
