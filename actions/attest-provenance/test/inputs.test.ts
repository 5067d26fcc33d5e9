import { describe, expect, it } from '@jest/globals';
import { generateKeyPair } from '@sigil/keys';
import { SigilError } from '@sigil/core';
import { InputReader, SecretMasker } from '@sigil/toolkit';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readAttestProvenanceInputs } from '../src/inputs.js';

const workspace = mkdtempSync(path.join(tmpdir(), 'provenance-inputs-'));
const PASSWORD = 'correct horse';
const pair = await generateKeyPair(PASSWORD, { format: 'legacy' });
writeFileSync(path.join(workspace, 'cosign.key'), pair.privateKeyPem);
const DIGEST = `sha256:${'a'.repeat(64)}`;
const SHA = 'c27d339ee6075c1f744c5d4b200f7901aad2c369';

/** The variables a GitHub-hosted runner sets for a push to main of octocat/hello-world. */
const RUNNER: Record<string, string> = {
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_REPOSITORY: 'octocat/hello-world',
  GITHUB_REPOSITORY_ID: '1296269',
  GITHUB_REPOSITORY_OWNER_ID: '583231',
  GITHUB_EVENT_NAME: 'push',
  GITHUB_REF: 'refs/heads/main',
  GITHUB_SHA: SHA,
  GITHUB_WORKFLOW_REF: 'octocat/hello-world/.github/workflows/release.yml@refs/heads/main',
  GITHUB_RUN_ID: '1536140711',
  GITHUB_RUN_ATTEMPT: '1',
  RUNNER_ENVIRONMENT: 'github-hosted',
};

const GIVEN_PREDICATE = {
  buildDefinition: {
    buildType: 'https://example.com/make/v1',
    externalParameters: { target: 'all' },
    resolvedDependencies: [
      { uri: 'git+https://gitlab.example/o/r@refs/heads/main', digest: { gitCommit: SHA } },
    ],
  },
  runDetails: { builder: { id: 'https://ci.example/runner/7' } },
};
mkdirSync(path.join(workspace, 'build'));
// Written with spaces and a trailing newline: these exact bytes are what gets attested.
const givenText = `${JSON.stringify(GIVEN_PREDICATE, null, 2)}\n`;
writeFileSync(path.join(workspace, 'build', 'provenance.json'), givenText);
writeFileSync(
  path.join(workspace, 'v02.json'),
  JSON.stringify({ builder: { id: 'https://b' }, buildType: 'https://t' }),
);
writeFileSync(path.join(workspace, 'broken.json'), '{"buildDefinition": {');
writeFileSync(
  path.join(workspace, 'statement.json'),
  JSON.stringify({ _type: 'https://in-toto.io/Statement/v1', predicate: GIVEN_PREDICATE }),
);

interface Setup {
  inputs?: Record<string, string>;
  env?: Record<string, string | undefined>;
}

function reading({ inputs = {}, env = {} }: Setup) {
  const masked: string[] = [];
  const secrets = new SecretMasker((value) => masked.push(value));
  const values: Record<string, string> = {
    images: `registry.example/team/app@${DIGEST}`,
    key: 'cosign.key',
    'key-password': PASSWORD,
    ...inputs,
  };
  const variables = { ...RUNNER, ...env };
  const reader = new InputReader((name) => values[name] ?? '', secrets);
  const environment = { workspace, variable: (name: string) => variables[name] };
  return { read: () => readAttestProvenanceInputs(reader, environment, secrets), masked };
}

async function failure(setup: Setup): Promise<SigilError> {
  try {
    await reading(setup).read();
  } catch (error) {
    if (error instanceof SigilError) return error;
    throw error;
  }
  throw new Error('expected the inputs to be refused');
}

describe('attest-provenance inputs', () => {
  it('generates GitHub-shaped provenance from the runner variables, with defaults', async () => {
    const { read, masked } = reading({});
    const inputs = await read();
    expect(inputs.images.map((entry) => entry.image)).toEqual([`registry.example/team/app@${DIGEST}`]);
    expect(inputs.predicate.origin).toBe('workflow run');
    expect(inputs.predicate.source).toBe('https://github.com/octocat/hello-world');
    expect(inputs.predicate.builderId).toBe(
      'https://github.com/octocat/hello-world/.github/workflows/release.yml@refs/heads/main',
    );
    const attested = JSON.parse(new TextDecoder().decode(inputs.predicate.bytes));
    expect(attested).toEqual(inputs.predicate.predicate);
    expect(attested.buildDefinition.resolvedDependencies).toEqual([
      { uri: 'git+https://github.com/octocat/hello-world@refs/heads/main', digest: { gitCommit: SHA } },
    ]);
    expect(attested.runDetails.metadata.invocationId).toBe(
      'https://github.com/octocat/hello-world/actions/runs/1536140711/attempts/1',
    );
    expect([inputs.recursive, inputs.replace, inputs.showSummary, inputs.key.source]).toEqual([
      false,
      true,
      true,
      'file:cosign.key',
    ]);
    expect(inputs.registry).toEqual({
      credentials: undefined,
      insecureRegistries: [],
      concurrency: 8,
      timeoutSeconds: 600,
    });
    expect(Object.isFrozen(inputs)).toBe(true);
    expect(masked).toContain(PASSWORD);
  });

  it('attests a given predicate file byte for byte, and reads its claims', async () => {
    const inputs = await reading({
      inputs: { 'predicate-path': 'build/provenance.json', replace: 'false' },
      env: { GITHUB_SHA: undefined },
    }).read();
    expect(new TextDecoder().decode(inputs.predicate.bytes)).toBe(givenText);
    expect(inputs.predicate).toMatchObject({
      origin: 'file:build/provenance.json',
      source: 'https://gitlab.example/o/r',
      builderId: 'https://ci.example/runner/7',
    });
    expect(inputs.replace).toBe(false);
  });

  it('names every missing runner variable and the way out', async () => {
    const refused = await failure({ env: { GITHUB_SHA: undefined, RUNNER_ENVIRONMENT: '' } });
    expect(refused).toMatchObject({ code: 'INPUT_INVALID', input: 'predicate-path' });
    expect(refused.message).toContain('GITHUB_SHA, RUNNER_ENVIRONMENT are not set');
    expect(refused.hint).toContain('predicate-path');
  });

  it('names a malformed runner variable and its value', async () => {
    const refused = await failure({
      env: { GITHUB_WORKFLOW_REF: 'other/repo/.github/workflows/x.yml@refs/heads/main' },
    });
    expect(refused).toMatchObject({ code: 'INPUT_INVALID', input: 'predicate-path' });
    expect(refused.message).toContain(
      'GITHUB_WORKFLOW_REF="other/repo/.github/workflows/x.yml@refs/heads/main"',
    );
  });

  it.each([
    ['a file that does not exist', 'missing.json', 'does not exist'],
    ['a folder', 'build', 'is not a file'],
    ['a file that is not JSON', 'broken.json', 'is not JSON'],
    [
      'a SLSA v0.2 predicate',
      'v02.json',
      'is not a SLSA Provenance v1 predicate: buildDefinition is missing',
    ],
    ['a whole statement instead of its predicate', 'statement.json', 'is not a SLSA Provenance v1 predicate'],
  ])('refuses %s as predicate-path', async (_case, file, problem) => {
    const refused = await failure({ inputs: { 'predicate-path': file } });
    expect(refused).toMatchObject({ code: 'INPUT_INVALID', input: 'predicate-path' });
    expect(refused.message).toContain(problem);
  });

  it.each([
    ['replace that is not a boolean', { replace: 'yes' }, 'INPUT_INVALID', 'replace'],
    ['recursive that is not a boolean', { recursive: 'all' }, 'INPUT_INVALID', 'recursive'],
    ['an empty image list', { images: '' }, 'INPUT_INVALID', 'images'],
    ['a malformed AWS KMS key URI', { key: 'awskms://alias/release' }, 'INPUT_INVALID', 'key'],
    ['an unknown engine', { engine: 'sigstore' }, 'INPUT_INVALID', 'engine'],
    [
      'the legacy .att keyless without a transparency log',
      {
        key: '',
        'key-password': '',
        'signature-format': 'legacy',
        'tlog-upload': 'false',
        'tsa-url': 'https://tsa.example/api/v1/timestamp',
      },
      'INPUT_INVALID',
      'signature-format',
    ],
    ['the wrong password', { 'key-password': 'wrong' }, 'KEY_PASSWORD', 'key-password'],
    ['concurrency 0', { concurrency: '0' }, 'INPUT_INVALID', 'concurrency'],
  ])('refuses %s, naming the input', async (_case, inputs, code, input) => {
    expect(await failure({ inputs })).toMatchObject({ code, input });
  });

  it('hands a KMS key to the cosign engine', async () => {
    const { read } = reading({ inputs: { key: 'awskms:///alias/release' } });
    expect((await read()).key).toEqual({
      engine: 'cosign',
      key: { kind: 'kms', scheme: 'awskms', uri: 'awskms:///alias/release' },
      source: 'awskms:///alias/release',
      chosenBy: { kms: 'awskms' },
    });
  });
});
