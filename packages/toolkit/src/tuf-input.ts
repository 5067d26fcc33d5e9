import { stat } from 'node:fs/promises';
import path from 'node:path';
import { SigilError } from '@sigil/core';
import type { RunnerEnvironment } from './environment.js';
import type { InputReader } from './input-reader.js';

/** A TUF repository an action reads: one sigil holds the root of, or `tuf-url` trusted from `tuf-root`. */
export type TufRepositoryChoice =
  { readonly known: 'public-good' | 'github' } | { readonly url: string; readonly root: string };

/** Where TUF targets come from, and where verified metadata is cached between runs. */
type TufEnvironment = Pick<RunnerEnvironment, 'workspace'> &
  Partial<Pick<RunnerEnvironment, 'runnerTemp' | 'runnerToolCache'>>;

/**
 * `tuf-url` and `tuf-root`: a private TUF repository and the root.json (a file) it is trusted from, both or neither
 * (the missing one named). Undefined when neither is given.
 */
export function readTufRepositoryInput(
  inputs: InputReader,
): { readonly url: string; readonly root: string } | undefined {
  const url = inputs.string('tuf-url');
  const root = inputs.string('tuf-root');
  if ((url === undefined) !== (root === undefined)) {
    const missing = url === undefined ? 'tuf-url' : 'tuf-root';
    throw new SigilError(
      'INPUT_INVALID',
      `input \`${missing}\` is needed with \`${missing === 'tuf-url' ? 'tuf-root' : 'tuf-url'}\``,
      {
        input: missing,
        hint: 'A private TUF repository needs both its URL (`tuf-url`) and the root.json you trust it from (`tuf-root`).',
      },
    );
  }
  return url === undefined || root === undefined ? undefined : { url, root };
}

/** How a TUF repository is named in logs and reports: `tuf:public-good`, `tuf:<url>`. */
export function describeTufRepository(choice: TufRepositoryChoice): string {
  return 'known' in choice ? `tuf:${choice.known}` : `tuf:${choice.url}`;
}

/**
 * The `trusted_root.json` or `signing_config.v0.2.json` target of a repository, fetched and verified through TUF
 * (`@sigil/transparency/tuf`, loaded only here), cached under the runner's tool cache (else RUNNER_TEMP). A
 * `tuf-root` that is not a file and a `tuf-url` that is not a usable URL are INPUT_INVALID naming the input.
 */
export async function fetchTufTarget(
  target: 'trusted root' | 'signing config',
  choice: TufRepositoryChoice,
  environment: TufEnvironment,
): Promise<string> {
  const { KNOWN_TUF_REPOSITORIES, fetchSigningConfigFromTuf, fetchTrustedRootFromTuf } =
    await import('@sigil/transparency/tuf');
  const cachePath = path.join(
    environment.runnerToolCache ?? environment.runnerTemp ?? environment.workspace,
    'sigil-tuf',
  );
  let repository: { readonly mirrorURL: string; readonly rootPath?: string; readonly root?: unknown };
  if ('known' in choice) repository = KNOWN_TUF_REPOSITORIES[choice.known];
  else {
    const rootPath = path.resolve(environment.workspace, choice.root);
    const isFile = await stat(rootPath).then(
      (info) => info.isFile(),
      () => false,
    );
    if (!isFile)
      throw new SigilError('INPUT_INVALID', `input \`tuf-root\` (${choice.root}) is not a file`, {
        input: 'tuf-root',
        hint: "Give the path, relative to the workspace, of the TUF repository's root.json you trust it from.",
      });
    repository = { mirrorURL: choice.url, rootPath };
  }
  const fetch = target === 'trusted root' ? fetchTrustedRootFromTuf : fetchSigningConfigFromTuf;
  try {
    return await fetch({ ...repository, cachePath });
  } catch (error) {
    if (error instanceof SigilError && error.code === 'INPUT_INVALID')
      throw new SigilError('INPUT_INVALID', `input \`tuf-url\`: ${error.message}`, {
        cause: error,
        input: 'tuf-url',
      });
    throw error;
  }
}
