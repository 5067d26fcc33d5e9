import { describe, expect, it } from '@jest/globals';
import {
  buildProvenance,
  builderIdMatches,
  provenanceBuilderId,
  provenanceSource,
  sourceMatches,
} from '../src/index.js';

const predicate = buildProvenance({
  serverUrl: 'https://github.com',
  repository: 'Octocat/Hello-World',
  repositoryId: '1',
  repositoryOwnerId: '2',
  eventName: 'release',
  ref: 'refs/tags/v1',
  sha: 'c27d339ee6075c1f744c5d4b200f7901aad2c369',
  workflowRef: 'Octocat/Hello-World/.github/workflows/release.yml@refs/tags/v1',
  runId: '3',
  runAttempt: '1',
  runnerEnvironment: 'self-hosted',
});

describe('provenance claims', () => {
  it('reads the source repository and builder of GitHub-shaped provenance', () => {
    expect(provenanceSource(predicate)).toBe('https://github.com/Octocat/Hello-World');
    expect(provenanceBuilderId(predicate)).toBe(
      'https://github.com/Octocat/Hello-World/.github/workflows/release.yml@refs/tags/v1',
    );
  });

  it('falls back to the first resolved dependency of another v1 build type', () => {
    const other = {
      buildDefinition: {
        buildType: 'https://example.com/make/v1',
        externalParameters: {},
        resolvedDependencies: [{ uri: 'git+https://gitlab.example/o/r.git@refs/heads/main' }],
      },
      runDetails: { builder: { id: 'https://ci.example/runner' } },
    };
    expect(provenanceSource(other)).toBe('https://gitlab.example/o/r');
    expect(provenanceBuilderId(other)).toBe('https://ci.example/runner');
  });

  it('reads SLSA v0.2 provenance (configSource, then materials)', () => {
    const v02 = {
      builder: {
        id: 'https://github.com/slsa-framework/slsa-github-generator/.github/workflows/g.yml@refs/tags/v1',
      },
      buildType: 'https://example.com/t',
      invocation: { configSource: { uri: 'git+https://github.com/o/r@refs/heads/main' } },
    };
    expect(provenanceSource(v02)).toBe('https://github.com/o/r');
    expect(provenanceBuilderId(v02)).toBe(v02.builder.id);
    expect(
      provenanceSource({ ...v02, invocation: {}, materials: [{ uri: 'git+https://github.com/m/n@abc' }] }),
    ).toBe('https://github.com/m/n');
  });

  it('answers undefined when the predicate names no source or builder', () => {
    expect(provenanceSource({})).toBeUndefined();
    expect(provenanceBuilderId({ runDetails: {} })).toBeUndefined();
    expect(provenanceSource('text')).toBeUndefined();
  });

  it.each([
    ['https://github.com/octocat/hello-world', true],
    ['https://GitHub.com/Octocat/Hello-World/', true],
    ['https://github.com/octocat/hello-world.git', true],
    ['octocat/hello-world', true],
    ['https://ghes.example.com/octocat/hello-world', false],
    ['octocat/hello-world-fork', false],
    ['octocat/hello', false],
    ['evil/hello-world', false],
  ])('source %s matches: %s', (expected, matches) => {
    expect(sourceMatches(provenanceSource(predicate) ?? '', expected)).toBe(matches);
  });

  it.each([
    ['https://github.com/Octocat/Hello-World/.github/workflows/release.yml@refs/tags/v1', true],
    ['https://github.com/Octocat/Hello-World/.github/workflows/release.yml', true],
    ['https://github.com/Octocat/Hello-World/', true],
    ['https://github.com/Octocat/Hello-World', true],
    ['https://github.com/Octocat/Hello', false],
    ['https://github.com/Octocat/Hello-World/.github/workflows/rel', false],
    ['', false],
  ])('builder prefix %s matches: %s', (prefix, matches) => {
    expect(builderIdMatches(provenanceBuilderId(predicate) ?? '', prefix)).toBe(matches);
  });
});
