import { describe, expect, it } from '@jest/globals';
import { SecretMasker } from '@sigil/toolkit';
import { ActionLogger, type AnnotationOptions, type LogSink } from '../src/log.js';

describe('ActionLogger', () => {
  it('sends each level to the runner, warnings as annotations, with secrets redacted', () => {
    const calls: [string, string, AnnotationOptions?][] = [];
    const sink: LogSink = {
      debug: (m) => calls.push(['debug', m]),
      info: (m) => calls.push(['info', m]),
      warning: (m, p) => calls.push(['warning', m, p]),
      error: (m, p) => calls.push(['error', m, p]),
    };
    const secrets = new SecretMasker(() => undefined);
    secrets.add('s3cr3t');
    const logger = new ActionLogger(sink, secrets);
    logger.debug('token s3cr3t');
    logger.info('pushing');
    logger.warning('tag :latest resolved to sha256:abc; the digest is what was signed');
    logger.warningAnnotation('deprecated input', { title: 'sigil' });
    logger.error('failed with s3cr3t');
    expect(calls).toEqual([
      ['debug', 'token ***'],
      ['info', 'pushing'],
      ['warning', 'tag :latest resolved to sha256:abc; the digest is what was signed', undefined],
      ['warning', 'deprecated input', { title: 'sigil' }],
      ['error', 'failed with ***', undefined],
    ]);
  });

  it('writes debug lines only when step debug logging is on', () => {
    const lines: string[] = [];
    const sink: LogSink = {
      debug: (m) => lines.push(`debug ${m}`),
      info: (m) => lines.push(`info ${m}`),
      warning: (m) => lines.push(`warning ${m}`),
      error: (m) => lines.push(`error ${m}`),
    };
    const quiet = new ActionLogger(sink, undefined, { debug: false });
    quiet.debug('GET /v2/ → 200');
    quiet.info('verified 3 images');
    new ActionLogger(sink, undefined, { debug: true }).debug('HEAD /v2/a/manifests/sha256:… → 200');
    expect(lines).toEqual(['info verified 3 images', 'debug HEAD /v2/a/manifests/sha256:… → 200']);
  });
});
