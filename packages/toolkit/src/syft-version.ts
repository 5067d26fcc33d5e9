import { SigilError, messageOf, runProcess } from '@sigil/core';

/** What `syft version -o json` prints, as far as the install checks it. */
const VERSION = /^(?:0|[1-9]\d*)\.(?:0|[1-9]\d*)\.(?:0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?$/;

/**
 * The release an installed syft reports, as a tag (`1.57.0` → `v1.57.0`), from `syft version -o json`; run
 * only on a verified binary, without its update check. A binary that cannot be run, fails, or prints no
 * syft version is TOOL_UNUSABLE.
 */
export async function reportedSyftVersion(
  syft: string,
  env: Readonly<Record<string, string>>,
): Promise<string> {
  const unusable = (detail: string, cause?: unknown) =>
    new SigilError('TOOL_UNUSABLE', `\`${syft} version -o json\` ${detail}`, {
      ...(cause === undefined ? {} : { cause }),
      hint: 'The installed file is not a syft this runner can run; check `syft-version` and `download-url`.',
    });
  const result = await runProcess(syft, ['version', '-o', 'json'], {
    env: { ...env, SYFT_CHECK_FOR_APP_UPDATE: 'false' },
    timeoutMs: 30_000,
    maxOutputBytes: 64 * 1024,
  }).catch((cause: unknown) => {
    throw unusable(`could not be run: ${messageOf(cause)}`, cause);
  });
  if (result.exitCode !== 0) {
    throw unusable(`exited with ${result.exitCode}`, new Error(result.stderr.trim().slice(-2000)));
  }
  let printed: unknown;
  try {
    printed = JSON.parse(result.stdout.toString('utf8'));
  } catch (cause) {
    throw unusable('printed no JSON', cause);
  }
  const { application, version } = (printed ?? {}) as { application?: unknown; version?: unknown };
  if (application !== 'syft' || typeof version !== 'string' || !VERSION.test(version)) {
    throw unusable(
      `printed no syft release (application ${JSON.stringify(application ?? null)}, version ${JSON.stringify(version ?? null)})`,
    );
  }
  return `v${version}`;
}
