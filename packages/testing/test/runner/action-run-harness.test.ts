import { describe, expect, it } from '@jest/globals';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { actionRunHarness } from '../../src/action-run-harness.js';

/** A stand-in for toolkit `writeReport`: the harness decides only the folder. */
async function writeReport(folder: string, name: string, report: unknown): Promise<string> {
  const file = path.join(folder, `${name}.json`);
  writeFileSync(file, JSON.stringify(report));
  return file;
}

describe('actionRunHarness', () => {
  it('records outputs, summaries, masked secrets and log lines by level', async () => {
    const h = actionRunHarness({ writeReport })();
    const { dependencies } = h;
    dependencies.outputs.set('digests', 'sha256:a');
    dependencies.outputs.set('signatures', [{ image: 'x' }]);
    await dependencies.writeSummary('# done');
    dependencies.mask('hunter2');
    dependencies.logger.debug('d');
    dependencies.logger.info('i');
    dependencies.logger.warning('w');
    expect(h.outputs).toEqual({ digests: 'sha256:a', signatures: [{ image: 'x' }] });
    expect(h.summaries).toEqual(['# done']);
    expect(h.masked).toEqual(['hunter2']);
    expect(h.infos).toEqual(['i']);
    expect(h.warnings).toEqual(['w']);
    expect(h.lines).toEqual(['d', 'i', 'w']);
    expect('signingEngine' in dependencies).toBe(false);
  });

  it('gives each run its own home and runner temp under the scratch folder, without a Docker config', async () => {
    const scratch = mkdtempSync(path.join(tmpdir(), 'harness-test-'));
    const runHarness = actionRunHarness({ writeReport, scratch });
    const [one, two] = [runHarness(), runHarness()];
    expect(one.environment.home).not.toBe(two.environment.home);
    expect(one.environment.runnerTemp).not.toBe(two.environment.runnerTemp);
    for (const folder of [one.environment.home, one.environment.runnerTemp]) {
      expect(path.dirname(folder)).toBe(scratch);
    }
    expect(existsSync(one.environment.dockerConfigPath)).toBe(false);
    expect(one.environment.path).toBe(process.env.PATH ?? '');
    expect(one.environment.helperEnvironment).toEqual({
      PATH: one.environment.path,
      HOME: one.environment.home,
    });
    expect(one.environment.variable('COSIGN_PASSWORD')).toBeUndefined();
    const file = await one.dependencies.writeReport('report', { ok: true });
    expect(path.dirname(file)).toBe(one.environment.runnerTemp);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ ok: true });
  });

  it('takes environment overrides, extra dependencies and a signing engine made from the run', () => {
    const runHarness = actionRunHarness({ writeReport, dependencies: { syftExec: 'syft' } });
    const h = runHarness({
      environment: { path: '/opt/cosign/bin', dockerConfigPath: '/etc/docker/config.json' },
      signingEngine: (runner) => runner,
    });
    expect(h.dependencies.syftExec).toBe('syft');
    expect(h.environment.dockerConfigPath).toBe('/etc/docker/config.json');
    expect(h.environment.helperEnvironment['PATH']).toBe('/opt/cosign/bin');
    const runner = h.dependencies.signingEngine;
    expect(runner?.environment).toBe(h.environment);
    runner?.logger.warning('from the engine');
    runner?.mask('engine secret');
    expect(h.warnings).toEqual(['from the engine']);
    expect(h.masked).toEqual(['engine secret']);
    expect(runHarness({ environment: { helperEnvironment: {} } }).environment.helperEnvironment).toEqual({});
  });
});
