import * as runner from './runner-commands.js';

/** Puts `directory` first on PATH for this step and every later step of the job (`GITHUB_PATH`). */
export function addToRunnerPath(directory: string): void {
  runner.addPath(directory);
}
