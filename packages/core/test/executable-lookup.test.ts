import { describe, expect, it } from '@jest/globals';
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findOnPath } from '@sigil/core';

const root = mkdtempSync(path.join(tmpdir(), 'find-on-path-'));
const [empty, notExecutable, folder, tools] = ['empty', 'plain', 'folder', 'tools'].map((name) => {
  const dir = path.join(root, name);
  mkdirSync(dir);
  return dir;
}) as [string, string, string, string];
writeFileSync(path.join(notExecutable, 'syft'), '#!/bin/sh\n');
chmodSync(path.join(notExecutable, 'syft'), 0o644);
mkdirSync(path.join(folder, 'syft'));
writeFileSync(path.join(tools, 'syft'), '#!/bin/sh\n');
chmodSync(path.join(tools, 'syft'), 0o755);

const on = (folders: string[]) => ({
  path: folders.join(':'),
  platform: 'linux' as const,
  variable: () => undefined,
});

describe('findOnPath', () => {
  it('finds the first executable file, passing over non-executable files and folders of that name', async () => {
    expect(await findOnPath('syft', on([empty, notExecutable, folder, '', tools]))).toBe(
      path.join(tools, 'syft'),
    );
  });

  it('answers undefined when no folder has it', async () => {
    expect(await findOnPath('syft', on([empty, notExecutable, folder]))).toBeUndefined();
    expect(await findOnPath('syft', on([]))).toBeUndefined();
  });
});
