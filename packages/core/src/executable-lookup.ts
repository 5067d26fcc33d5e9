import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import path from 'node:path';

/** Where programs are looked for: the PATH value, the platform, and other variables (PATHEXT). */
export interface ProgramSearch {
  readonly path: string;
  readonly platform: string;
  variable(name: string): string | undefined;
}

/**
 * The first executable file named `name` in the folders of `PATH`, as a shell would find it (on
 * Windows with each `PATHEXT` extension); undefined when there is none.
 */
export async function findOnPath(name: string, environment: ProgramSearch): Promise<string | undefined> {
  const windows = environment.platform === 'win32';
  const pathApi = windows ? path.win32 : path.posix;
  const extensions = windows
    ? ['', ...(environment.variable('PATHEXT') ?? '.COM;.EXE;.BAT;.CMD').split(';').filter(Boolean)]
    : [''];
  for (const folder of environment.path.split(windows ? ';' : ':')) {
    if (folder === '') continue;
    for (const extension of extensions) {
      const candidate = pathApi.join(folder, `${name}${extension}`);
      if (await isExecutableFile(candidate, windows)) return candidate;
    }
  }
  return undefined;
}

async function isExecutableFile(file: string, windows: boolean): Promise<boolean> {
  try {
    if (!(await stat(file)).isFile()) return false;
    if (!windows) await access(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
