import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';

/**
 * The Node.js the project declares is the one its actions run on and its tests need (the memory tests
 * measure Node 24's heap): `engines.node` in package.json, each action's `runs.using`, and the Node.js
 * the npm scripts run (the `node` dev dependency) agree.
 */
const root = new URL('../../../', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as {
  engines: { node: string };
  devDependencies: Record<string, string>;
};

describe('the declared Node.js version', () => {
  const actions = readdirSync(new URL('actions/', root));
  const runtimes = actions.map((name) => {
    const action = parse(readFileSync(new URL(`actions/${name}/action.yml`, root), 'utf8')) as {
      runs: { using: string };
    };
    return action.runs.using;
  });

  it('is the major every JavaScript action runs on (a composite action runs the steps it names)', () => {
    expect(actions.length).toBeGreaterThan(0);
    expect(new Set(runtimes.filter((using) => using !== 'composite'))).toEqual(new Set(['node24']));
    expect(manifest.engines.node).toBe('>=24');
  });

  it('is what the npm scripts run: the node dev dependency, and this process', () => {
    expect(manifest.devDependencies['node']).toMatch(/^\^24\./);
    expect(Number(process.versions.node.split('.')[0])).toBeGreaterThanOrEqual(24);
  });
});
