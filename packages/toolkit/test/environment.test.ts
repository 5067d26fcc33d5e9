import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { readRunnerEnvironment, type SystemFacts } from '../src/environment.js';

const linux: SystemFacts = {
  homedir: '/home/fallback',
  tmpdir: '/tmp',
  cwd: '/src',
  platform: 'linux',
  arch: 'x64',
};

describe('readRunnerEnvironment', () => {
  it('reads the runner variables', () => {
    const environment = readRunnerEnvironment(
      {
        RUNNER_TEMP: '/runner/_temp',
        RUNNER_TOOL_CACHE: '/opt/hostedtoolcache',
        GITHUB_STEP_SUMMARY: '/runner/_temp/_runner_file_commands/step_summary_1',
        GITHUB_WORKSPACE: '/work/repo',
        HOME: '/home/runner',
        PATH: '/usr/bin:/bin',
        COSIGN_PASSWORD: 'pw',
      },
      linux,
    );
    expect(environment).toMatchObject({
      runnerTemp: '/runner/_temp',
      runnerToolCache: '/opt/hostedtoolcache',
      stepSummaryPath: '/runner/_temp/_runner_file_commands/step_summary_1',
      workspace: '/work/repo',
      dockerConfigPath: '/home/runner/.docker/config.json',
      home: '/home/runner',
      path: '/usr/bin:/bin',
      platform: 'linux',
    });
    expect(environment.variable('COSIGN_PASSWORD')).toBe('pw');
    expect(environment.variable('cosign_password')).toBeUndefined();
  });

  it('prefers DOCKER_CONFIG and falls back sensibly outside Actions', () => {
    const environment = readRunnerEnvironment({ DOCKER_CONFIG: '/etc/docker-ci', RUNNER_TEMP: '' }, linux);
    expect(environment.dockerConfigPath).toBe('/etc/docker-ci/config.json');
    expect(environment.runnerTemp).toBe('/tmp');
    expect(environment.runnerToolCache).toBeUndefined();
    expect(environment.stepSummaryPath).toBeUndefined();
    expect(environment.workspace).toBe('/src');
    expect(environment.home).toBe('/home/fallback');
  });

  it('does not change when the environment changes later', () => {
    const env: Record<string, string> = { PATH: '/a' };
    const environment = readRunnerEnvironment(env, linux);
    env['PATH'] = '/b';
    expect(environment.path).toBe('/a');
  });

  it('looks names up without regard to case on Windows', () => {
    const environment = readRunnerEnvironment(
      { Path: 'C:\\Windows', USERPROFILE: 'C:\\Users\\runneradmin' },
      { ...linux, platform: 'win32', homedir: 'C:\\Users\\other' },
    );
    expect(environment.path).toBe('C:\\Windows');
    expect(environment.home).toBe('C:\\Users\\runneradmin');
    expect(environment.dockerConfigPath).toBe(
      path.win32.join('C:\\Users\\runneradmin', '.docker', 'config.json'),
    );
  });

  it('hands helper programs the environment minus inputs, key passwords and runner tokens', () => {
    const environment = readRunnerEnvironment(
      {
        PATH: '/usr/bin',
        HOME: '/home/runner',
        AWS_REGION: 'eu-west-1',
        AWS_ACCESS_KEY_ID: 'AKIA',
        CLOUDSDK_CONFIG: '/home/runner/.gcloud',
        'INPUT_KEY-PASSWORD': 'pw',
        INPUT_REGISTRY_PASSWORD: 'pw2',
        COSIGN_PASSWORD: 'pw3',
        COSIGN_PRIVATE_KEY: '-----BEGIN',
        SIGSTORE_ID_TOKEN: 'jwt',
        ACTIONS_RUNTIME_TOKEN: 't1',
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: 't2',
        ACTIONS_ID_TOKEN_REQUEST_URL: 'https://token',
        GITHUB_TOKEN: 't3',
      },
      linux,
    );
    expect(environment.helperEnvironment).toEqual({
      PATH: '/usr/bin',
      HOME: '/home/runner',
      AWS_REGION: 'eu-west-1',
      AWS_ACCESS_KEY_ID: 'AKIA',
      CLOUDSDK_CONFIG: '/home/runner/.gcloud',
    });
  });
});
