import * as core from '@actions/core';

/** Puts `directory` first on PATH for this step and every later step of the job (`GITHUB_PATH`). */
export function addToRunnerPath(directory: string): void {
  core.addPath(directory);
}
