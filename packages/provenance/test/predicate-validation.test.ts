import { describe, expect, it } from '@jest/globals';
import { validateSlsaV02Predicate, validateSlsaV1Predicate } from '../src/index.js';

const V1 = {
  buildDefinition: {
    buildType: 'https://actions.github.io/buildtypes/workflow/v1',
    externalParameters: {
      workflow: { ref: 'refs/heads/main', repository: 'https://github.com/o/r', path: 'w.yml' },
    },
    internalParameters: { github: { event_name: 'push' } },
    resolvedDependencies: [
      { uri: 'git+https://github.com/o/r@refs/heads/main', digest: { gitCommit: 'abc' } },
    ],
  },
  runDetails: {
    builder: { id: 'https://github.com/o/r/.github/workflows/w.yml@refs/heads/main' },
    metadata: {
      invocationId: 'https://github.com/o/r/actions/runs/1/attempts/1',
      startedOn: '2025-01-02T03:04:05Z',
    },
  },
};

/** `V1` with the value at `path` replaced (or removed when `value` is undefined). */
function changed(path: string, value: unknown): unknown {
  const copy = structuredClone(V1) as Record<string, unknown>;
  const keys = path.split('.');
  const last = keys.pop() as string;
  let node = copy;
  for (const key of keys) node = node[key] as Record<string, unknown>;
  if (value === undefined) delete node[last];
  else node[last] = value;
  return copy;
}

describe('validateSlsaV1Predicate', () => {
  it('accepts a GitHub-shaped predicate, a minimal one, and unknown extension fields', () => {
    expect(validateSlsaV1Predicate(V1)).toEqual({ ok: true });
    expect(
      validateSlsaV1Predicate({
        buildDefinition: { buildType: 'https://example.com/build/v1', externalParameters: {} },
        runDetails: { builder: { id: 'https://example.com/builder' } },
      }),
    ).toEqual({ ok: true });
    expect(validateSlsaV1Predicate({ ...V1, extension: { anything: 1 } })).toEqual({ ok: true });
  });

  it.each<[string, unknown, string]>([
    ['not an object', [], 'predicate is not a JSON object'],
    ['a string (tag-value style)', 'text', 'predicate is not a JSON object'],
    ['no buildDefinition', changed('buildDefinition', undefined), 'buildDefinition is missing'],
    ['no buildType', changed('buildDefinition.buildType', undefined), 'buildDefinition.buildType is missing'],
    [
      'a buildType that is no URI',
      changed('buildDefinition.buildType', 'workflow v1'),
      'buildDefinition.buildType is not a URI',
    ],
    [
      'no externalParameters',
      changed('buildDefinition.externalParameters', undefined),
      'buildDefinition.externalParameters is missing',
    ],
    [
      'resolvedDependencies not an array',
      changed('buildDefinition.resolvedDependencies', {}),
      'buildDefinition.resolvedDependencies is not a JSON array',
    ],
    [
      'an empty resource descriptor',
      changed('buildDefinition.resolvedDependencies', [{}]),
      'buildDefinition.resolvedDependencies[0] has none of uri, digest, content',
    ],
    [
      'a numeric digest',
      changed('buildDefinition.resolvedDependencies', [{ digest: { sha1: 5 } }]),
      'buildDefinition.resolvedDependencies[0].digest.sha1 is not a string',
    ],
    ['no runDetails', changed('runDetails', undefined), 'runDetails is missing'],
    ['no builder id', changed('runDetails.builder', {}), 'runDetails.builder.id is missing'],
    [
      'a builder id that is no URI',
      changed('runDetails.builder', { id: 'me' }),
      'runDetails.builder.id is not a URI',
    ],
    [
      'a startedOn without time zone',
      changed('runDetails.metadata', { startedOn: '2025-01-02T03:04:05' }),
      'runDetails.metadata.startedOn is not an RFC 3339 timestamp',
    ],
    [
      'a SLSA v0.2 predicate',
      { builder: { id: 'https://b' }, buildType: 'https://t' },
      'buildDefinition is missing',
    ],
  ])('rejects %s, naming the field', (_case, predicate, message) => {
    const check = validateSlsaV1Predicate(predicate);
    expect(check.ok).toBe(false);
    expect(check.ok ? '' : check.message).toContain(message);
  });
});

describe('validateSlsaV02Predicate', () => {
  const V02 = {
    builder: {
      id: 'https://github.com/slsa-framework/slsa-github-generator/.github/workflows/generator.yml@refs/tags/v1',
    },
    buildType: 'https://github.com/slsa-framework/slsa-github-generator/generic@v1',
    invocation: {
      configSource: {
        uri: 'git+https://github.com/o/r@refs/heads/main',
        digest: { sha1: 'abc' },
        entryPoint: 'w.yml',
      },
    },
    metadata: { buildInvocationId: '1-1', buildStartedOn: '2025-01-02T03:04:05+02:00' },
    materials: [{ uri: 'git+https://github.com/o/r@refs/heads/main', digest: { sha1: 'abc' } }],
  };

  it('accepts a v0.2 predicate as cosign attest --type slsaprovenance stores it', () => {
    expect(validateSlsaV02Predicate(V02)).toEqual({ ok: true });
  });

  it.each<[string, unknown, string]>([
    ['no builder', { ...V02, builder: undefined }, 'builder is missing'],
    ['no buildType', { ...V02, buildType: undefined }, 'buildType is missing'],
    [
      'a bad timestamp',
      { ...V02, metadata: { buildStartedOn: 'yesterday' } },
      'metadata.buildStartedOn is not an RFC 3339',
    ],
    ['a SLSA v1 predicate', V1, 'builder is missing'],
  ])('rejects %s', (_case, predicate, message) => {
    const check = validateSlsaV02Predicate(JSON.parse(JSON.stringify(predicate)));
    expect(check.ok ? '' : check.message).toContain(message);
  });
});
